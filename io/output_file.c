/* SPDX-License-Identifier: BSD-2-Clause
   output_file.c: what creating a run's output (output.c) and reopening it after a restart (output_append.c) share:
   the names checked, the paths built, the output allocated, and the MPI-IO file access every open uses. */
#include "dio_io.h"
#include "output_impl.h"

/* Names that end up in HDF5 paths and in the XDMF index (file name, field names): 1 to max - 1 characters from
   [A-Za-z0-9_.-], so that neither needs escaping. */
PetscErrorCode DioOutputCheckName_Internal(MPI_Comm comm, PetscErrorCode code, const char what[], const char name[],
                                           size_t max)
{
  size_t length;

  PetscFunctionBegin;
  PetscCall(PetscStrlen(name, &length));
  PetscCheck(length > 0 && length < max, comm, code, "%s '%s': must have 1 to %zu characters", what, name, max - 1);
  for (size_t i = 0; i < length; i++) {
    const char c = name[i];
    PetscBool  valid =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';

    PetscCheck(valid, comm, code, "%s '%s': use only letters, digits, '_', '-' and '.'", what, name);
  }
  PetscFunctionReturn(0);
}

/*
  DioOutputNew_Internal: checks run_name, builds the paths <directory>/<run_name>.h5 and .xmf and allocates the output
  (no file yet). Collective.
*/
PetscErrorCode DioOutputNew_Internal(MPI_Comm comm, const char directory[], const char run_name[], DioOutput *output)
{
  size_t      length, name_length;
  PetscMPIInt rank;
  DioOutput   out;

  PetscFunctionBegin;
  PetscCall(DioOutputCheckName_Internal(comm, PETSC_ERR_USER_INPUT, "output name", run_name, PETSC_MAX_PATH_LEN / 4));
  PetscCall(PetscNew(&out));
  PetscCall(PetscStrncpy(out->dir, directory[0] ? directory : ".", sizeof(out->dir)));
  PetscCall(PetscStrlen(out->dir, &length));
  PetscCall(PetscStrlen(run_name, &name_length));
  if (length + name_length + 6 >= sizeof(out->h5_path)) PetscCall(PetscFree(out));
  PetscCheck(length + name_length + 6 < sizeof(out->h5_path), comm, PETSC_ERR_USER_INPUT,
             "output '%s/%s.xmf': longer than %d characters", directory, run_name, (int)sizeof(out->h5_path) - 1);
  while (length > 1 && out->dir[length - 1] == '/') out->dir[--length] = '\0';
  PetscCall(PetscSNPrintf(out->h5_name, sizeof(out->h5_name), "%s.h5", run_name));
  PetscCall(PetscSNPrintf(out->h5_path, sizeof(out->h5_path), "%s/%s.h5", out->dir, run_name));
  PetscCall(PetscSNPrintf(out->xdmf_path, sizeof(out->xdmf_path), "%s/%s.xmf", out->dir, run_name));
  PetscCall(PetscStrncpy(out->run_name, run_name, sizeof(out->run_name)));
  PetscCallMPI(MPI_Comm_rank(comm, &rank));
  PetscCall(PetscCommDuplicate(comm, &out->comm, NULL));
  out->rank = rank;
  *output   = out;
  PetscFunctionReturn(0);
}

/*
  DioOutputFileAccess_Internal: the file access list every open of the output uses (MPI-IO on the output's
  communicator, HDF5 1.8 format); also creates the collective transfer list out->dxpl. The caller closes *fapl.
*/
static PetscErrorCode FileAccessList(DioOutput out, hid_t *fapl)
{
  herr_t status;

  PetscFunctionBegin;
  *fapl = H5Pcreate(H5P_FILE_ACCESS);
  DioCheckHDF5(out, *fapl, "create file access list for", "/");
  status = H5Pset_fapl_mpio(*fapl, out->comm, MPI_INFO_NULL);
  DioCheckHDF5(out, status, "select MPI-IO for", "/");
  /* The HDF5 1.8 file format: run metadata (the options, the command line) may exceed 64 KiB, which only its dense
     attribute storage holds; readers from HDF5 1.8 on (ParaView, h5py) open it */
  status = H5Pset_libver_bounds(*fapl, H5F_LIBVER_V18, H5F_LIBVER_V18);
  DioCheckHDF5(out, status, "select the HDF5 1.8 format for", "/");
  PetscFunctionReturn(0);
}

PetscErrorCode DioOutputFileAccess_Internal(DioOutput out, hid_t *fapl)
{
  herr_t status;

  PetscFunctionBegin;
  PetscCall(FileAccessList(out, fapl));
  out->dxpl = H5Pcreate(H5P_DATASET_XFER);
  DioCheckHDF5(out, out->dxpl, "create transfer list for", "/");
  status = H5Pset_dxpl_mpio(out->dxpl, H5FD_MPIO_COLLECTIVE);
  DioCheckHDF5(out, status, "select collective transfers for", "/");
  PetscFunctionReturn(0);
}

/*
  DioOutputCommit_Internal: makes everything written so far readable by another process (ParaView, h5py, a restart)
  and safe from a kill of the run: closes the file, which writes HDF5's metadata, and opens it again. Not H5Fflush():
  with MPI-IO it ends in MPI_File_sync(), an fsync() that waits until the disk holds the step (0.85 s of a 217 MB
  step of the full-size drive on a 250 MB/s disk, nearly all of the output's time; issue 16). A closed file is as
  complete for every reader; the kernel writes it to the disk while the run goes on. Only a crash of the machine
  itself may lose the steps of the last seconds, as for any file closed without fsync(). Collective.
*/
PetscErrorCode DioOutputCommit_Internal(DioOutput out)
{
  hid_t  fapl;
  herr_t status;

  PetscFunctionBegin;
  status = H5Fclose(out->file);
  DioCheckHDF5(out, status, "close file", out->h5_path);
  PetscCall(FileAccessList(out, &fapl));
  out->file = H5Fopen(out->h5_path, H5F_ACC_RDWR, fapl);
  DioCheckHDF5(out, out->file, "open file (again, after a step)", out->h5_path);
  status = H5Pclose(fapl);
  DioCheckHDF5(out, status, "close file access list for", "/");
  PetscFunctionReturn(0);
}
