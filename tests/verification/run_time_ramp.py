#!/usr/bin/env python3
"""Time functions on the boundaries of an imported mesh, through case files (issue 17).
- time_ramp.yaml: a traction (2e5, 0, 0) Pa on x = 2 of the tetrahedral box times the inline table 0,0 / 10,1 / 20,0.5,
  four load steps up to 20 s;
- the same with a prescribed displacement (1e-4, 0, 0) m on x = 2 and nu = 0 (the uniaxial strain is then homogeneous);
- time_ramp_pressure.yaml: a pressure from the CSV table pressure_ramp.csv (0 Pa at 0 s, -2e5 at 40 s, -5e5 at 100 s),
  two steps at 50 and 100 s;
- tet_patch.yaml with the traction's table and two stages of 10 s (the stage engine: values at each stage's end).
Requirement: each step is written at its time and is the homogeneous uniaxial state of the table's value at that time
(linear between the table's times): sigma_xx = 2e5 f(t), E 1e-4 f(t) / 2 and -p(t), every other component 0, within
1e-8 relative in every cell (solver tolerance 1e-12 on a well-conditioned system; P1 is exact for this state).
Reference: linear elasticity, a homogeneous uniaxial state (as run_tet_patch.py).
Heat (heat_time_function.yaml, the stage engine, steady state at each stage's end): a temperature table from a CSV file
on x = 0 (or an inline heat-flux table), 0 degC on x = 2: the linear profile of the table's value at 50 and 100 s, to
1e-8 (P1 is exact for it).
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
# staged (the stage engine): the traction's time function read at each stage's end (10 and 20 s: factors 1, 0.5)
runs.append(("staged", "tet_patch.yaml", ["-boundaries_right_time_function", "0,0,10,1,20,0.5", "-stages_order", "a,b", "-stages_a_duration", "10",
                                          "-stages_b_duration", "10", "-progress", "quiet"], [10, 20], lambda t: 2e5 * ramp(t)))
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
# heat (stage engine, steady per stage at its end time): T(x) = T0(t) (1 - x / 2) with T0 from temperature_ramp.csv
# (4.5 degC at 50 s, 7 at 100 s), or with an inline flux table q(t) on x = 0: T(x) = q(t) (2 - x) / k
heat_runs = [
    ("temperature_csv", [], lambda t, x: np.interp(t, [0, 40, 100], [0, 4, 7]) * (1 - x / 2)),
    ("heat_flux_inline", ["-boundaries_left_heat_flux", "10", "-boundaries_left_heat_flux_time_function", "0,0,100,2"],
     lambda t, x: 10 * np.interp(t, [0, 100], [0, 2]) * (2 - x) / 2.5),
]
for name, extra, exact in heat_runs:
    if extra:
        case = os.path.join(outdir, "heat_flux.yaml")  # the case above with the flux instead of the temperature table
        with open(diorun.source("tests", "verification", "heat_time_function.yaml")) as f:
            text = f.read().replace("left: {temperature_time_function_file: tests/verification/data/temperature_ramp.csv}", "left: {type: free}")
        with open(case, "w") as f:
            f.write(text)
    else:
        case = "tests/verification/heat_time_function.yaml"
    diorun.run(["run", case, "-output_dir", outdir, "-output_name", name, "-output_overwrite"] + extra)
    with h5py.File(os.path.join(outdir, name + ".h5"), "r") as f:
        X, times = f["mesh/vertices"][:], f["steps/time"][:]
        steps = sorted(k for k in f["fields"] if k.startswith("step_"))
        for k, t in zip(range(len(steps) - 2, len(steps)), (50.0, 100.0)):
            T = f["fields"][steps[k]]["temperature"][:]
            deviation = np.abs(T - exact(t, X[:, 0])).max()
            scale = np.abs(exact(t, X[:, 0])).max()
            diorun.expect(abs(times[k] - t) < 1e-9 and deviation <= 1e-8 * scale, "%s: t = %g s: T(0) = %.6f degC (expected %.6f), max deviation %.2e degC"
                          % (name, times[k], T[np.argmin(X[:, 0])], exact(t, 0.0), deviation))
sys.exit(1 if diorun.failures else 0)
