/* SPDX-License-Identifier: BSD-2-Clause
   dio_kernel_types.h: the few types and limits shared by diomede's pure element kernels.
   Kernels include only this header and <math.h>: no PETSc, no MPI, no allocation, no I/O. */
#pragma once

/* Largest element handled: 3D quadratic (Q2) has 27 nodes; Gauss rules up to 4 points per direction. */
#define DIO_MAX_DIM 3
#define DIO_MAX_NODES 27
#define DIO_MAX_QUAD_POINTS 64
#define DIO_MAX_ELEMENT_DOFS (DIO_MAX_DIM * DIO_MAX_NODES)

/* Status returned by kernels; the caller turns a non-zero status into an error naming the global cell. */
typedef enum {
  DIO_KERNEL_OK             = 0,
  DIO_KERNEL_INVERTED_CELL  = 1, /* Jacobian determinant changes sign inside the cell or vanishes */
  DIO_KERNEL_BAD_ARGUMENT   = 2, /* unsupported dimension, order or quadrature */
  DIO_KERNEL_RETURN_MAP_FAILED = 3  /* plastic return map found no admissible stress */
} DioKernelStatus;
