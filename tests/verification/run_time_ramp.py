#!/usr/bin/env python3
"""Time functions on the boundaries of an imported mesh, through case files (issue 17).
- time_ramp.yaml: a traction (2e5, 0, 0) Pa on x = 2 of the tetrahedral box times the inline table 0,0 / 10,1 / 20,0.5,
  four load steps up to 20 s;
- the same with a prescribed displacement (1e-4, 0, 0) m on x = 2 and nu = 0 (the uniaxial strain is then homogeneous);
- time_ramp_pressure.yaml: a pressure from the CSV table pressure_ramp.csv (0 Pa at 0 s, -2e5 at 40 s, -5e5 at 100 s),
  two steps at 50 and 100 s.
Requirement: each step is written at its time and is the homogeneous uniaxial state of the table's value at that time
(linear between the table's times): sigma_xx = 2e5 f(t), E 1e-4 f(t) / 2 and -p(t), every other component 0, within
1e-8 relative in every cell (solver tolerance 1e-12 on a well-conditioned system; P1 is exact for this state).
Reference: linear elasticity, a homogeneous uniaxial state (as run_tet_patch.py).
usage: run_time_ramp.py OUTDIR"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402
import h5py  # noqa: E402
import numpy as np  # noqa: E402

outdir = sys.argv[1]
E = 1e9
ramp = lambda t: np.interp(t, [0, 10, 20], [0, 1, 0.5])  # noqa: E731
runs = [
    ("traction", "time_ramp.yaml", [], [5, 10, 15, 20], lambda t: 2e5 * ramp(t)),
    ("displacement", "time_ramp.yaml", ["-boundaries_right_type", "displacement", "-boundaries_right_value", "1e-4,0,0",
                                        "-materials_rock_poissons_ratio", "0"], [5, 10, 15, 20], lambda t: E * 1e-4 * ramp(t) / 2),
    ("pressure_csv", "time_ramp_pressure.yaml", [], [50, 100], lambda t: -np.interp(t, [0, 40, 100], [0, -2e5, -5e5])),
]
for name, case, extra, times, sigma in runs:
    diorun.run(["run", "tests/verification/" + case, "-output_dir", outdir, "-output_name", name, "-output_overwrite"] + extra)
    with h5py.File(os.path.join(outdir, name + ".h5"), "r") as f:
        written = f["steps/time"][:]
        diorun.expect(np.allclose(written, times, rtol=0, atol=1e-12), "%s: steps written at t = %s s (expected %s)" % (name, list(written), times))
        for k, t in enumerate(times):
            s = f["fields/step_%06d" % k]["effective_stress"][:]
            expected = np.zeros(6)
            expected[0] = sigma(t)
            scale = max(abs(sigma(tt)) for tt in times)
            deviation = np.abs(s - expected).max()
            diorun.expect(deviation <= 1e-8 * scale, "%s: t = %g s: sigma_xx = %.6e Pa (expected %.6e) in %d cells, max deviation %.2e Pa"
                          % (name, t, s[:, 0].mean(), sigma(t), len(s), deviation))
sys.exit(1 if diorun.failures else 0)
