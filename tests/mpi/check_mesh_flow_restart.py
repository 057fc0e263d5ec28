#!/usr/bin/env python3
"""Checkpoint/restart of staged runs on imported meshes with groundwater (issue 14 on issue 17's stage engine).

Requirement: (1) consolidation, tests/verification/terzaghi_mesh.yaml on its column meshed with n = 4 (stages geostatic,
load, t1..t6 of 20 consolidation steps; coupled steps by LU, the geostatic solve to -mech_ksp_rtol 1e-12): killed on 2
ranks while writing output step 3 (stage t2; the test hook DIO_TEST_KILL_IN_STEP) with -checkpoint_consolidation_every
15, the checkpoint left is within t2's consolidation (after its step 15); restarted from it on 1 rank it leaves ONE time
series equal to the uninterrupted run's (1 rank): same steps and times, every field of every step within 1e-9 of the
field's largest value over the run (ranks differ by round-off; the excess pressure of the geostatic step is solver
noise, hence the run's scale), and the same summary (settlement, largest excess pore pressure to 1e-9 relative; as
many solves, 1 restart; the restarts write no checkpoints, -checkpoint_every 0, a run-control key). The same from the checkpoint after stage t1 (-checkpoint_consolidation_every 0). The pressure
state matters: the mid-consolidation checkpoint with its excess pore pressure zeroed, restarted into a new output,
differs from the uninterrupted run at step 3 by more than 1e-3 of a field's largest value. A restart with another
conductivity, flow boundary or drainage type is refused with one line naming the key (the model's fingerprint).
(2) undrained, tests/verification/biot_sample_mesh.yaml (box meshed with n = 2; stages initial, load, unload,
reload; under gravity with 0.5 MPa on the east face and a roller on the north one throughout, so that no field is
round-off at any step, the vertical and horizontal stresses and their ratio included): killed on 2 ranks in output step 2, restarted on 1 rank from the checkpoint after stage 2: the uninterrupted
run's series (1e-9 of the run's scale) and summary; the checkpoint with the undrained cells' volumetric strain zeroed
gives another excess pore pressure at step 2 (the unloading's: -alpha M eps_v returns to 0 only from the true strain).
A restart from the checkpoint after the last stage (nothing left to compute) writes the same summary (1e-12: the same
restored state; the settlement read 0 before).
The stage engine writes no probe CSV files for these runs (only the series and the summary are compared).
usage: check_mesh_flow_restart.py OUTDIR"""
import json
import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
from diorun import expect, failures  # noqa: E402

out = os.path.abspath(sys.argv[1])
shutil.rmtree(out, ignore_errors=True)
os.makedirs(out)
gmsh = diorun.gmsh_or_skip()
meshes = {"terzaghi": ("-2", "terzaghi_column.geo", 4), "box": ("-3", "biot_box.geo", 2)}
for name, (dim, geo, n) in meshes.items():
    subprocess.run([gmsh, dim, "-setnumber", "n", str(n), diorun.source("tests", "verification", "meshes", geo), "-o", os.path.join(out, name + ".msh")],
                   check=True, stdout=subprocess.DEVNULL)
flow = ["run", diorun.source("tests", "verification", "terzaghi_mesh.yaml"), "-mesh_file", os.path.join(out, "terzaghi.msh"), "-biot_solver", "direct",
        "-mech_ksp_rtol", "1e-12", "-progress", "quiet", "-output_name", "column"]
undrained = ["run", diorun.source("tests", "verification", "biot_sample_mesh.yaml"), "-mesh_file", os.path.join(out, "box.msh"), "-stages_order",
             "initial,load,unload,reload", "-stages_unload_remove", "top", "-stages_reload_apply", "top", "-loads_gravity", "9.81", "-boundaries_east_type",
             "pressure", "-boundaries_east_value", "5e5", "-boundaries_north_type", "roller", "-progress", "quiet", "-output_name", "box"]


def summary(outdir, name):
    with open(os.path.join(outdir, name + "_summary.json")) as f:
        return json.load(f)


def killed_run(case, outdir, step, extra):
    """The case on 2 ranks, killed while writing output step `step`; the checkpoint it leaves."""
    env = dict(os.environ, DIO_TEST_KILL_IN_STEP=str(step))
    cmd = [env.get("DIO_MPIEXEC", "mpiexec"), "-n", "2", "--oversubscribe", "--bind-to", "none", env["DIO_EXE"]] + case + ["-output_dir", outdir] + extra
    proc = subprocess.run(cmd, cwd=env["DIO_SOURCE_DIR"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    checkpoint = os.path.join(outdir, case[case.index("-output_name") + 1] + ".checkpoint.h5")
    expect(proc.returncode != 0 and os.path.exists(checkpoint), "%s: killed in output step %d on 2 ranks (exit %d), a checkpoint left" %
           (os.path.basename(outdir), step, proc.returncode))
    if not os.path.exists(checkpoint):
        print(proc.stdout[-2000:])
        sys.exit(1)
    return checkpoint


def same_run(case, full, outdir, name, checkpoint_text):
    """Restart outdir's run on 1 rank: its series and summary equal the uninterrupted run's."""
    rc, log = diorun.run(case + ["-output_dir", outdir, "-restart", "latest", "-checkpoint_every", "0"], np=1, check=False)
    expect(rc == 0 and checkpoint_text in log, "%s: restart on 1 rank (exit %d), log says '%s'" % (os.path.basename(outdir), rc, checkpoint_text))
    if rc != 0:
        print(log[-2000:])
        return
    _, fb, same_steps, same_times, worst, where, fields = diorun.compare_series(os.path.join(full, name + ".h5"), os.path.join(outdir, name + ".h5"),
                                                                                run_scale=True)
    expect(same_steps and same_times and fields > 0 and worst < 1e-9,
           "%s: one series, steps %s, times equal %s, %d fields, largest difference %.1e (%s) of the field's largest (tol 1e-9)" %
           (os.path.basename(outdir), [int(k) for k in fb["steps/step"][:]], same_times, fields, worst, where))
    sa, sb = summary(full, name), summary(outdir, name)
    keys = ["displacement_vertical_min_m", "excess_pore_pressure_max_Pa"]
    rel = max(abs(sb.get(k, np.inf) - sa[k]) / abs(sa[k]) for k in keys)
    expect(rel < 1e-9 and sb["restarts"] == 1 and sb["solves"] == sa["solves"],
           "%s: same summary (%s to %.1e, tol 1e-9), %d restart, %d solves (uninterrupted %d)" %
           (os.path.basename(outdir), ", ".join(keys), rel, sb["restarts"], sb["solves"], sa["solves"]))


def control(case, full, checkpoint, array, outdir, name, step, least):
    """The checkpoint with `array` zeroed, restarted into a new output: its step `step` differs from the uninterrupted
    run's by more than `least` of a field's largest value over the run (the comparison can fail)."""
    os.makedirs(outdir)
    zeroed = os.path.join(outdir, "zeroed.h5")
    shutil.copy(checkpoint, zeroed)
    with h5py.File(zeroed, "r+") as f:
        f[array][...] = 0
    rc, log = diorun.run(case + ["-output_dir", outdir, "-restart", zeroed, "-checkpoint_every", "0"], np=1, check=False)
    fa, steps_a, va, ca = diorun.open_series(os.path.join(full, name + ".h5"))
    fc, steps_c, vc, cc = diorun.open_series(os.path.join(outdir, name + ".h5")) if rc == 0 else (None, [], None, None)
    key, worst = "step_%06d" % step, 0.0
    for field in sorted(fa["fields"][key]) if key in steps_c else []:
        center = fa["fields"][key][field].attrs["center"]
        oa, oc = (va, vc) if (center.decode() if isinstance(center, bytes) else center) == "vertex" else (ca, cc)
        x, y = fa["fields"][key][field][:][oa].astype(float), fc["fields"][key][field][:][oc].astype(float)
        scale = max(np.abs(fa["fields"][k][field][:]).max() for k in steps_a)
        worst = max(worst, np.abs(x - y).max() / max(scale, 1e-300))
    expect(rc == 0 and worst > least, "%s: a restart with %s zeroed differs at step %d by %.1e (> %.0e)" % (os.path.basename(outdir), array, step, worst, least))


# (1) consolidation
full = os.path.join(out, "flow_full")
diorun.run(flow + ["-output_dir", full, "-checkpoint_every", "0"], np=1)
mid = os.path.join(out, "flow_mid")
checkpoint = killed_run(flow, mid, 3, ["-checkpoint_consolidation_every", "15"])
kept = os.path.join(out, "flow_mid.h5")
shutil.copy(checkpoint, kept)
same_run(flow, full, mid, "column", "within the consolidation of stage t2, after 15 of its steps")
after = os.path.join(out, "flow_after_stage")
killed_run(flow, after, 3, ["-checkpoint_consolidation_every", "0"])
same_run(flow, full, after, "column", "after stage 3")
control(flow, full, kept, "excess_pore_pressure", os.path.join(out, "flow_zeroed"), "column", 3, 1e-3)
for name, args, pattern in [("another conductivity", ["-materials_soil_hydraulic_conductivity", "2e-7"], r"-materials_soil_hydraulic_conductivity = 1\.0e-7 in the checkpoint's run, 2e-7 in this one"),
                            ("another flow boundary", ["-boundaries_top_flow", "impermeable"], r"-boundaries_top_flow = drained in the checkpoint's run, impermeable in this one"),
                            ("another drainage", ["-materials_soil_drainage", "undrained"], r"-materials_soil_drainage = consolidation in the checkpoint's run, undrained in this one")]:
    rc, log = diorun.run(flow + ["-output_dir", os.path.join(out, "refused"), "-restart", kept] + args, np=1, check=False)
    errors = [line for line in log.splitlines() if line.startswith("diomede: error:")]
    expect(rc == 1 and len(errors) == 1 and "is of another model" in errors[0] and re.search(pattern, errors[0]) is not None,
           "%s refused (exit %d): %s" % (name, rc, errors[0] if errors else log[-300:]))

# (2) undrained
full = os.path.join(out, "undrained_full")
diorun.run(undrained + ["-output_dir", full], np=1)
done = summary(full, "box")
rc, log = diorun.run(undrained + ["-output_dir", full, "-restart", "latest"], np=1, check=False)
again = summary(full, "box")
rel = max(abs(again[k] - done[k]) / abs(done[k]) for k in ("displacement_vertical_min_m", "excess_pore_pressure_max_Pa"))
expect(rc == 0 and "after stage 4" in log and rel < 1e-12 and again["restarts"] == 1,
       "a restart after the last stage (nothing left) writes the run's summary: settlement %.6e m, excess %.6e Pa, to %.1e" %
       (again["displacement_vertical_min_m"], again["excess_pore_pressure_max_Pa"], rel))
cut = os.path.join(out, "undrained_cut")
checkpoint = killed_run(undrained, cut, 2, [])
kept = os.path.join(out, "undrained_after2.h5")
shutil.copy(checkpoint, kept)
same_run(undrained, full, cut, "box", "after stage 2")
control(undrained, full, kept, "undrained_volumetric_strain", os.path.join(out, "undrained_zeroed"), "box", 2, 1e-1)
sys.exit(1 if failures else 0)
