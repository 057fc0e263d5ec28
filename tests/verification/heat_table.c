/* SPDX-License-Identifier: BSD-2-Clause
   heat_table.c: DioHeatMaterialFromTable() on the embedded data/materials.csv, one layer per way of reading it.

   Requirement: every value equals the table's row or the formula that DioHeatMaterialFromTable() documents, to
   1e-12 relative (the formulas are a few products of table values: round-off only); a layer without thermal rows is
   an error naming the layer. Reference: data/materials.csv rows quoted next to each check.
   seabed_sediment (power law): k 2.1 / 3.3, C 2.8e6 / 2.0e6, L 1.17e8, T_f -1.8, a = alpha / w = 0.02 / 0.2, b -0.5
   granite: k 3.0 / 3.05, C = volumetric_heat_capacity 2.1e6 for both, L 3.3e6, T_f -1.8 (under the seabed), s 3e-6,
            width 0.5 K (default)
   weathered_rock: C from density 2550, specific_heat_solids 800, porosity 0.03 and pore water/ice:
                   C_u = (2550 - 0.03 * 1000) 800 + 0.03 * 1000 * 4180, C_f = (2550 - 30) 800 + 0.03 * 917 * 2100
   lining_concrete: k 1.6 both, C = 2500 * 900, L 0 (no porosity row).
   DioHeatMaterialSetOnshore(): freezing_point_onshore 0 for granite, weathered_rock and metasedimentary_rock (fresh
   pore water under land, saline -1.8 under the seabed); coastal_sediment_onshore has no such row and keeps -0.2. */
#include "dio_heat.h"

extern const char dio_embedded_materials_csv[];

static PetscErrorCode Expect(MPI_Comm comm, const char layer[], const char what[], PetscReal value, PetscReal expected,
                             PetscBool *pass)
{
  const PetscBool ok = (PetscBool)(PetscAbsReal(value - expected) <= 1e-12 * PetscMax(PetscAbsReal(expected), 1e-300));

  PetscFunctionBegin;
  if (!ok)
    PetscCall(PetscPrintf(comm, "%s %s = %.15g, expected %.15g\n", layer, what, (double)value, (double)expected));
  *pass = (PetscBool)(*pass && ok);
  PetscFunctionReturn(0);
}

int main(int argc, char **argv)
{
  DioHeatMaterial m;
  PetscBool       pass = PETSC_TRUE;
  MPI_Comm        comm;

  PetscFunctionBeginUser;
  PetscCall(PetscInitialize(&argc, &argv, NULL, "thermal parameters from the material table\n"));
  comm = PETSC_COMM_WORLD;
  PetscCall(DioHeatMaterialFromDefaultTable(comm, "seabed_sediment", DIO_HEAT_CURVE_POWER, &m));
  PetscCall(Expect(comm, "seabed_sediment", "k_u", m.conductivity_unfrozen, 2.1, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "k_f", m.conductivity_frozen, 3.3, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "C_u", m.capacity_unfrozen, 2.8e6, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "C_f", m.capacity_frozen, 2.0e6, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "L", m.latent_heat, 1.17e8, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "T_f", m.freezing_point, -1.8, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "a", m.power_coefficient, 0.02 / 0.2, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "b", m.power_exponent, -0.5, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "curve", m.curve, DIO_HEAT_CURVE_POWER, &pass));
  PetscCall(DioHeatMaterialFromDefaultTable(comm, "seabed_sediment", DIO_HEAT_CURVE_EXPONENTIAL, &m));
  PetscCall(Expect(comm, "seabed_sediment", "w", m.curve_width, 0.3, &pass));
  PetscCall(Expect(comm, "seabed_sediment", "S_res", m.residual_saturation, 0.0, &pass));

  PetscCall(DioHeatMaterialFromDefaultTable(comm, "granite", DIO_HEAT_CURVE_EXPONENTIAL, &m));
  PetscCall(Expect(comm, "granite", "k_u", m.conductivity_unfrozen, 3.0, &pass));
  PetscCall(Expect(comm, "granite", "k_f", m.conductivity_frozen, 3.05, &pass));
  PetscCall(Expect(comm, "granite", "C_u", m.capacity_unfrozen, 2.1e6, &pass));
  PetscCall(Expect(comm, "granite", "C_f", m.capacity_frozen, 2.1e6, &pass));
  PetscCall(Expect(comm, "granite", "L", m.latent_heat, 3.3e6, &pass));
  PetscCall(Expect(comm, "granite", "T_f", m.freezing_point, -1.8, &pass));
  PetscCall(Expect(comm, "granite", "s", m.heat_production, 3e-6, &pass));
  PetscCall(Expect(comm, "granite", "w", m.curve_width, 0.5, &pass));

  PetscCall(DioHeatMaterialFromDefaultTable(comm, "weathered_rock", DIO_HEAT_CURVE_EXPONENTIAL, &m));
  PetscCall(Expect(comm, "weathered_rock", "C_u", m.capacity_unfrozen, (2550 - 0.03 * 1000) * 800 + 0.03 * 1000 * 4180,
                   &pass));
  PetscCall(
      Expect(comm, "weathered_rock", "C_f", m.capacity_frozen, (2550 - 0.03 * 1000) * 800 + 0.03 * 917 * 2100, &pass));
  PetscCall(Expect(comm, "weathered_rock", "L", m.latent_heat, 1e7, &pass));
  PetscCall(Expect(comm, "weathered_rock", "T_f", m.freezing_point, -1.8, &pass));

  PetscCall(DioHeatMaterialFromDefaultTable(comm, "lining_concrete", DIO_HEAT_CURVE_NONE, &m));
  PetscCall(Expect(comm, "lining_concrete", "k_u", m.conductivity_unfrozen, 1.6, &pass));
  PetscCall(Expect(comm, "lining_concrete", "k_f", m.conductivity_frozen, 1.6, &pass));
  PetscCall(Expect(comm, "lining_concrete", "C_u", m.capacity_unfrozen, 2500.0 * 900.0, &pass));
  PetscCall(Expect(comm, "lining_concrete", "L", m.latent_heat, 0.0, &pass));

  {
    const char *const layers[]  = {"granite", "weathered_rock", "metasedimentary_rock", "coastal_sediment_onshore"};
    const PetscReal   saline[]  = {-1.8, -1.8, -1.8, -0.2};
    const PetscReal   onshore[] = {0.0, 0.0, 0.0, -0.2};
    DioTable          table;
    PetscCall(DioTableCreateFromString(comm, "embedded:materials.csv", dio_embedded_materials_csv, &table));
    for (PetscInt i = 0; i < 4; i++) {
      PetscCall(DioHeatMaterialFromTable(table, layers[i], DIO_HEAT_CURVE_EXPONENTIAL, &m));
      PetscCall(Expect(comm, layers[i], "T_f (seabed)", m.freezing_point, saline[i], &pass));
      PetscCall(DioHeatMaterialSetOnshore(table, layers[i], &m));
      PetscCall(Expect(comm, layers[i], "T_f (onshore)", m.freezing_point, onshore[i], &pass));
    }
    PetscCall(DioTableDestroy(&table));
  }

  PetscCall(PetscPrintf(comm, "thermal parameters from materials.csv: %s\n", pass ? "PASS" : "FAIL"));
  PetscCheck(pass, comm, PETSC_ERR_PLIB, "thermal parameters differ from the table (see above)");
  /* a layer without thermal rows: the error must name it (checked by ctest's PASS_REGULAR_EXPRESSION) */
  {
    PetscBool missing = PETSC_FALSE;
    PetscCall(PetscOptionsGetBool(NULL, NULL, "-missing_layer", &missing, NULL));
    if (missing) PetscCall(DioHeatMaterialFromDefaultTable(comm, "no_such_layer", DIO_HEAT_CURVE_EXPONENTIAL, &m));
  }
  PetscCall(PetscFinalize());
  return 0;
}
