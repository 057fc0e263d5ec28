#!/usr/bin/env python3
"""Checkpoint/restart of a Biot consolidation (issue 14): the checkpoint holds the pressure state.

Requirement: (1) a consolidation killed in the middle of a step's output (the test hook DIO_TEST_KILL_IN_STEP, on 2
ranks) and restarted from its last checkpoint (-restart latest, on 3 ranks) leaves ONE time series equal, step by step
and field by field, to the uninterrupted run's (1 rank): same steps and times, every field within 1e-6 relative to its
largest value in the step (the coupled solves stop at -biot_ksp_rtol 1e-12; the partitions differ, so rows are
matched by coordinates; run_biot_state.py measured 1 vs 2 ranks to that level), and the same summary (settlement and
excess pore pressure, undrained and final, to 1e-6). The checkpoint is after step 2 of 6, in the middle of the
consolidation (excess pressure still ~40 % of the load); the water is made compressible (2e-8 1/Pa, a gassy pore
fluid) so that the storage term carries the old pressure: a restart that dropped the pressure state (mutation,
measured) differed by 8.8e-2 (step 6 Darcy velocity) and in the final excess pressure by 9 %; with the table's water
(4.6e-10 1/Pa) the state is carried almost wholly by the displacement and the same mutation differed by 2.2e-3. The sea
level varies (-flow_sea_level, 3 m up by t = 1e6 s, then down to 1 m): the restart takes the seabed's pressure of the
checkpoint's step as its state. (2) A restart with another hydraulic conductivity, Biot coefficient or water compressibility is
refused with exit code 1 and one line naming the key with both values (the model's fingerprint).
usage: check_consolidation_restart.py OUTDIR"""
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import compare_series, expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
case = ["run", diorun.source("tests/verification/terzaghi.yaml"), "-column_cells_horizontal", "2", "-consolidation_steps", "6",
        "-consolidation_time_step_growth", "2", "-biot_ksp_rtol", "1e-12",
        "-materials_pore_water_compressibility", "2e-8", "-flow_sea_level", "0,0,1e6,3,4e6,1", "-progress", "quiet", "-output_name", "column"]
full, cut = os.path.join(out, "full"), os.path.join(out, "cut")


def summary(outdir):
    with open(os.path.join(outdir, "column_summary.json")) as f:
        return json.load(f)


diorun.run(case + ["-output_dir", full], np=1)
env = dict(os.environ, DIO_TEST_KILL_IN_STEP="3")
cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", "2", "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + case + ["-output_dir", cut]
killed = subprocess.run(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
expect(killed.returncode != 0 and os.path.exists(os.path.join(cut, "column.checkpoint.h5")),
       "killed in step 3's output (exit %d), a checkpoint left" % killed.returncode)
rc, log = diorun.run(case + ["-output_dir", cut, "-restart", "latest"], np=3, check=False)
expect(rc == 0 and "[restart]   from" in log and "after stage 2" in log, "restart on 3 ranks after step 2: exit %d" % rc)
fa, fb, same_steps, same_times, worst, where, fields = compare_series(os.path.join(full, "column.h5"), os.path.join(cut, "column.h5"))
p3 = fa["fields"]["step_000003"]["excess_pore_pressure"][:]
expect(p3.max() > 0.3 * 1e5, "step 3 still consolidating: excess pore pressure up to %.3g Pa of the 1e5 Pa load" % p3.max())
expect(same_steps and same_times and fields > 0 and worst < 1e-6,
       "one series, steps %s, times equal %s, %d fields compared, largest difference %.1e (%s) relative to the uninterrupted run (tol 1e-6)" %
       ([int(k) for k in fb["steps/step"][:]], same_times, fields, worst, where))
sa, sb = summary(full), summary(cut)
keys = ["settlement_undrained_m", "settlement_final_m", "excess_pore_pressure_undrained_max_pa", "excess_pore_pressure_final_max_pa"]
expect(all(abs(sb[k] - sa[k]) <= 1e-6 * abs(sa[k]) for k in keys) and sb["restarts"] == 1 and sb["solves"] == sa["solves"],
       "same summary: %s against %s, %d restart, %d solves (uninterrupted %d)" %
       ({k: sb[k] for k in keys}, {k: sa[k] for k in keys}, sb["restarts"], sb["solves"], sa["solves"]))

# another model: refused before anything is built
checkpoint = os.path.join(cut, "column.checkpoint.h5")
others = [
    ("conductivity", ["-materials_seabed_sediment_hydraulic_conductivity", "2e-7"],
     r"is of another model: -materials_seabed_sediment_hydraulic_conductivity = 1(\.0)?e-0?7 in the checkpoint's run, 2e-0?7 in this one"),
    ("Biot coefficient", ["-materials_seabed_sediment_biot_coefficient", "0.9"],
     r"is of another model: -materials_seabed_sediment_biot_coefficient = 1 in the checkpoint's run, 0.9 in this one"),
    ("water compressibility", ["-materials_pore_water_compressibility", "5e-10"],
     r"is of another model: -materials_pore_water_compressibility = 2e-0?8 in the checkpoint's run, 5e-10 in this one"),
]
for what, extra, pattern in others:
    rc, log = diorun.run(case + ["-output_dir", os.path.join(out, "other"), "-restart", checkpoint] + extra, check=False)
    errors = [line for line in log.splitlines() if "error:" in line]
    expect(rc == 1 and len(errors) == 1 and re.search(pattern, errors[0]) is not None and "PETSC ERROR" not in log,
           "another %s refused: exit %d: %s" % (what, rc, errors[0] if errors else log[-300:]))
sys.exit(1 if failures else 0)
