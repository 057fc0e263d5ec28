/* SPDX-License-Identifier: BSD-2-Clause
   named_flow_boundaries.h: the groundwater conditions of an imported mesh's named boundaries (private to
   solver/problems; named_flow_boundaries.c), read from the case file and handed to the flow (physics/flow/dio_flow.h)
   for the state of a stage at a time. */
#pragma once
#include "section.h"
#include "dio_flow.h"

typedef enum { DIO_FACE_FLOW_IMPERMEABLE, DIO_FACE_FLOW_DRAINED, DIO_FACE_FLOW_LEAKY } DioFaceFlow;
PETSC_EXTERN const char *const DioFaceFlows[];

/* One named boundary's condition (-boundaries_<name>_flow, _pore_pressure or _head, a time function, the leaky lining).
 */
typedef struct {
  DioFaceFlow     kind;
  PetscBool       held;           /* a total pore pressure is given: held there (drained), or beyond a leaky boundary */
  PetscReal       total;          /* Pa: the total pore pressure (times the time function) */
  PetscBool       has_head;       /* the pore pressure is a head's: rho_w g max(head - z, 0) */
  PetscReal       head;           /* m: the total head (elevation datum z = 0) */
  DioTimeFunction time_function;  /* NULL: constant; else a factor on the pressure total or on the head */
  PetscReal       leakage;        /* leaky: K_l / (t_l rho_w g), m/(Pa s) */
  PetscReal       gamma_w, level; /* Pa/m, m: the hydrostatic pressure rho_w g (level - z) the excess is taken over */
  PetscReal       time;           /* s: where the time function is read */
} DioNamedFlowBoundary;

PetscErrorCode DioNamedFlowBoundariesRead(DioSection *section, DioNamedFlowBoundary **boundaries);
PetscErrorCode DioNamedFlowWallRead(DioSection *section, const char stage[], DioNamedFlowBoundary *wall,
                                    PetscBool *given);
PetscErrorCode DioNamedFlowBoundariesSet(DioFlow flow, PetscInt num_boundaries, DioNamedFlowBoundary boundaries[],
                                         const PetscBool on[], PetscReal time);
PetscErrorCode DioNamedFlowWallSet(DioFlow flow, DioNamedFlowBoundary *wall, PetscBool on, PetscReal time);
PetscErrorCode DioNamedFlowBoundariesDestroy(PetscInt num_boundaries, DioNamedFlowBoundary **boundaries);
