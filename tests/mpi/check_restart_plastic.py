#!/usr/bin/env python3
"""Checkpoint/restart of an elastoplastic run (Mohr-Coulomb ground), on another number of ranks.

Requirement: a checkpoint holds the committed plastic state (per quadrature point the stress, plastic strain and
yield indicator, and the committed displacement), so that a run interrupted after a stage and restarted from its
checkpoint on another number of ranks leaves the same time series as the uninterrupted run: same steps and times,
every field of every step within 1e-6 relative to its largest value (the solves stop at -mech_snes_rtol 1e-10 and
-mech_ksp_rtol 1e-10; the partitions differ, so rows are matched by coordinates; measured 2e-10). The case is the 2D
longitudinal drive of a small section (as in check_restart.py), the rock cohesions lowered to 30 kPa so that the
ground yields before the checkpoint and keeps yielding after it (checked: the state carried is not trivial).
Mutations, measured: a restart that does not read the plastic strain differs by 0.99 (step 3 plastic_strain), one
that does not read the committed displacement by 1.0 (step 4 displacement). A checkpoint of an elastic run given to
an elastoplastic restart, or the reverse, is a clear error (exit 1) naming -materials_constitutive with both values
(the model's fingerprint, checked before anything is built).
usage: check_restart_plastic.py OUTDIR"""
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import compare_series, expect, failures  # noqa: E402

out = sys.argv[1]
shutil.rmtree(out, ignore_errors=True)
drive = ["run", "-problem", "longitudinal_drive", "-mesh_x_min", "30000", "-mesh_x_max", "34000", "-mesh_cell_size_x", "500",
         "-mesh_cell_size_coarse", "100", "-mesh_cell_size_fine", "20", "-mesh_cells_above_band", "2", "-tunnel_x_start", "30000",
         "-tunnel_x_end", "34000", "-tunnel_stage_length", "1000", "-mech_ksp_rtol", "1e-10", "-mech_snes_rtol", "1e-10",
         "-materials_constitutive", "mohr_coulomb", "-materials_weathered_rock_cohesion", "3e4", "-materials_granite_cohesion", "3e4",
         "-materials_metasedimentary_rock_cohesion", "3e4", "-progress", "quiet"]


def compare(full, restarted, what):
    fa, fb, same_steps, same_times, worst, where, fields = compare_series(full, restarted)
    expect(same_steps and same_times and worst < 1e-6,
           "%s: steps %s, times equal %s, %d fields compared, largest difference %.1e (%s) relative to the uninterrupted run (tol 1e-6)" %
           (what, [int(k) for k in fb["steps/step"][:]], same_times, fields, worst, where))
    return fa


# the uninterrupted run (1 rank)
diorun.run(drive + ["-output_dir", os.path.join(out, "full")], np=1)
fa = h5py.File(os.path.join(out, "full", "bering.h5"), "r")
peq = [fa["fields"]["step_%06d" % k]["plastic_strain"][:] for k in range(5)]
yields = [int((fa["fields"]["step_%06d" % k]["yield_fraction"][:] > 0).sum()) for k in range(5)]
fa.close()
change = np.abs(peq[4] - peq[2]).max() / peq[2].max()
expect(peq[2].max() > 0 and change > 1e-3 and min(yields[3:]) > 0,
       "the ground yields before the checkpoint (largest plastic strain after stage 2: %.3g) and after it (cells yielding in stages 3, 4: %d, %d; "
       "the plastic strain changes by %.1f %% of its largest value from stage 2 to 4)" % (peq[2].max(), yields[3], yields[4], 100 * change))

# interrupted on 2 ranks in the middle of step 3's output (the checkpoint is after stage 2), restarted on 1 and on 3
for first, second in ((2, 1), (2, 3)):
    d = os.path.join(out, "kill_%d_%d" % (first, second))
    env = dict(os.environ, DIO_TEST_KILL_IN_STEP="3")
    cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", str(first), "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + drive + ["-output_dir", d]
    proc = subprocess.run(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with h5py.File(os.path.join(d, "bering.checkpoint.h5"), "r") as f:
        stage, names = int(f.attrs["stage"]), sorted(f.keys())
    expect(proc.returncode != 0 and stage == 2 and {"plastic_stress", "plastic_strain", "plastic_yield", "plastic_displacement"} <= set(names),
           "killed during step 3's output on %d ranks: checkpoint after stage 2 with the plastic state (%s)" % (first, ", ".join(names)))
    diorun.run(drive + ["-output_dir", d, "-restart", "latest"], np=second)
    compare(os.path.join(out, "full", "bering.h5"), os.path.join(d, "bering.h5"), "restart %d -> %d ranks" % (first, second))

# an elastic run's checkpoint is refused by an elastoplastic restart, and the reverse
elastic = [a for a in drive if a not in ("-materials_constitutive", "mohr_coulomb")]
e_dir = os.path.join(out, "elastic")
env = dict(os.environ, DIO_TEST_KILL_IN_STEP="2")
subprocess.run([env["DIO_EXE"]] + elastic + ["-output_dir", e_dir], cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
rc, log = diorun.run(drive + ["-output_dir", e_dir, "-restart", "latest"], check=False)
expect(rc == 1 and "-materials_constitutive = not set (default) in the checkpoint's run, mohr_coulomb in this one" in log and "Segmentation" not in log,
       "elastic checkpoint, elastoplastic restart: clear error (exit %d): %s" % (rc, [l for l in log.splitlines() if "checkpoint" in l][:1]))
rc, log = diorun.run(elastic + ["-output_dir", os.path.join(out, "kill_2_1"), "-restart", "latest"], check=False)
expect(rc == 1 and "-materials_constitutive = mohr_coulomb in the checkpoint's run, not set (default) in this one" in log,
       "elastoplastic checkpoint, elastic restart: clear error (exit %d)" % rc)
sys.exit(1 if failures else 0)
