/* SPDX-License-Identifier: BSD-2-Clause
   library.c: settings of the libraries io/ uses, made once at start-up. */
#include <hdf5.h>
#include "dio_io.h"

/*
  DioIOInitialize - HDF5 prints its whole error stack (a dozen lines per failed call) to stderr by default; diomede
  reports a failed HDF5 call itself in one line naming the file and dataset, so the stack printing is turned off.
  Not collective; call after PetscInitialize().
*/
PetscErrorCode DioIOInitialize(void)
{
  PetscFunctionBegin;
  PetscCheck(H5Eset_auto2(H5E_DEFAULT, NULL, NULL) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB,
             "HDF5: cannot turn off its error printing");
  PetscFunctionReturn(0);
}

/*
  DioIOOpenHDF5Files - the names of the HDF5 files open in this process, as "'a', 'b'" in names (empty when none):
  what an HDF5 call that failed without naming its file was writing. Not collective; safe in an error handler.
*/
void DioIOOpenHDF5Files(char names[], size_t size)
{
  hid_t   ids[8];
  ssize_t count;

  names[0] = '\0';
  count    = H5Fget_obj_ids(H5F_OBJ_ALL, H5F_OBJ_FILE, 8, ids);
  for (ssize_t i = 0; i < count; i++) {
    char name[PETSC_MAX_PATH_LEN];

    if (H5Fget_name(ids[i], name, sizeof(name)) <= 0) continue;
    if (names[0]) (void)PetscStrlcat(names, ", ", size);
    (void)PetscStrlcat(names, "'", size);
    (void)PetscStrlcat(names, name, size);
    (void)PetscStrlcat(names, "'", size);
  }
}
