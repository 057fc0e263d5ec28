"""Shared helpers for the script tests: run the diomede executable (under mpiexec) the way a user does.

Environment (set by tests/CMakeLists.txt): DIO_EXE, DIO_MPIEXEC, DIO_SOURCE_DIR."""
import os
import shutil
import subprocess
import sys


def run(args, np=1, check=True, cwd=None):
    """Run `mpiexec -n np diomede args...`; return (returncode, stdout+stderr)."""
    exe = os.environ["DIO_EXE"]
    cmd = [os.environ.get("DIO_MPIEXEC", "mpiexec"), "-n", str(np), "--oversubscribe", "--bind-to", "none", exe] + list(args)
    # A rank's non-zero exit (every error row) makes Open MPI's daemon wait odls_base_sigkill_timeout (1 s) twice
    # before it reports, though the ranks have ended: 2 s of each failing run's 2.8.
    env = dict(os.environ)
    env.setdefault("OMPI_MCA_odls_base_sigkill_timeout", "0")
    proc = subprocess.run(cmd, cwd=cwd or os.environ.get("DIO_SOURCE_DIR"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=env)
    if check and proc.returncode != 0:
        sys.stdout.write(proc.stdout)
        raise SystemExit("diomede failed (exit %d): %s" % (proc.returncode, " ".join(cmd)))
    return proc.returncode, proc.stdout


def source(*parts):
    return os.path.join(os.environ["DIO_SOURCE_DIR"], *parts)



def gmsh_or_skip():
    """The gmsh executable; without one, print "skipped" and exit 77 (ctest's SKIP_RETURN_CODE)."""
    gmsh = shutil.which("gmsh")
    if gmsh is None:
        print("gmsh not found: skipped")
        sys.exit(77)
    return gmsh


def run_on_gmsh_mesh(gmsh, geo, n, mesh, case, outdir, name, np=1, gmsh_args=(), args=()):
    """Mesh tests/verification/meshes/<geo> with `gmsh -2 -setnumber n <n> <gmsh_args>` into the file mesh, run the
    case tests/verification/<case> on it (-mesh_file, more diomede arguments args) into outdir/name; return the path of
    the .h5 output."""
    geo_path = source("tests", "verification", "meshes", geo)
    subprocess.run([gmsh, "-2", "-setnumber", "n", str(n)] + list(gmsh_args) + [geo_path, "-o", mesh], check=True,
                   stdout=subprocess.DEVNULL)
    run(["run", source("tests", "verification", case), "-mesh_file", mesh, "-output_dir", outdir, "-output_name", name] + list(args),
        np=np)
    return os.path.join(outdir, name + ".h5")


failures = []


def expect(cond, what):
    """Print one ok/FAIL line; a failure is kept in `failures` (exit with 1 if it is not empty)."""
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)


def open_series(path):
    """An output file (h5py), its step groups, and the orders that sort its vertices and cells by coordinates
    (to compare runs on different partitions)."""
    import h5py
    import numpy as np
    f = h5py.File(path, "r")
    v, c = f["mesh/vertices"][:], f["mesh/cells"][:]
    steps = sorted(k for k in f["fields"] if k.startswith("step_"))
    return f, steps, np.lexsort(np.round(v, 6).T[::-1]), np.lexsort(np.round(v[c].mean(1), 6).T[::-1])


def compare_series(path_a, path_b, run_scale=False):
    """Two runs' outputs step by step, rows matched by coordinates: (fa, fb, same steps, same times, largest
    difference relative to a field's largest value in a (in the step; with run_scale over every step: a field that is
    solver noise in one step, such as the excess pore pressure of the initial state, is not compared with itself),
    where, fields compared); fields that differ in name or shape count as an infinite difference."""
    import numpy as np
    fa, steps_a, va, ca = open_series(path_a)
    fb, steps_b, vb, cb = open_series(path_b)
    same_steps = steps_a == steps_b and list(fa["steps/step"][:]) == list(fb["steps/step"][:])
    same_times = np.array_equal(fa["steps/time"][:], fb["steps/time"][:])
    worst, where, fields = 0.0, "", 0
    for s in steps_a if same_steps else []:
        names_a, names_b = sorted(fa["fields"][s]), sorted(fb["fields"][s])
        if names_a != names_b:
            worst, where = np.inf, "%s: fields %s vs %s" % (s, names_a, names_b)
            break
        for field in names_a:
            a, b = fa["fields"][s][field], fb["fields"][s][field]
            center = a.attrs["center"]
            center = center.decode() if isinstance(center, bytes) else center
            oa, ob = (va, vb) if center == "vertex" else (ca, cb)
            x, y = a[:][oa].astype(float), b[:][ob].astype(float)
            scale = max(np.abs(fa["fields"][k][field][:]).max() for k in steps_a) if run_scale else np.abs(x).max()
            d = np.abs(x - y).max() / max(scale, 1e-300) if x.shape == y.shape else np.inf
            fields += 1
            if d > worst:
                worst, where = d, "%s/%s" % (s, field)
    return fa, fb, same_steps, same_times, worst, where, fields


def step_difference(series_a, series_b, step):
    """The largest difference of any field at output step `step` (e.g. "step_000004") between two open_series()
    results, relative to that field's largest value in a at the step, rows matched by coordinates; 0 if b lacks the
    step (the caller checks b's steps)."""
    import numpy as np
    fa, _, va, ca = series_a
    fb, steps_b, vb, cb = series_b
    worst = 0.0
    for field in sorted(fa["fields"][step]) if step in steps_b else []:
        center = fa["fields"][step][field].attrs["center"]
        oa, ob = (va, vb) if (center.decode() if isinstance(center, bytes) else center) == "vertex" else (ca, cb)
        x, y = fa["fields"][step][field][:][oa].astype(float), fb["fields"][step][field][:][ob].astype(float)
        worst = max(worst, np.abs(x - y).max() / max(np.abs(x).max(), 1e-300))
    return worst


def restart_after(base, stage, np=1):
    """A staged run `base` (diomede arguments with -output_dir and -output_name) uninterrupted with a checkpoint after
    stage `stage` (-checkpoint_every stage, fewer stages than 2 stage), its output kept as <name>_uninterrupted; then
    the same run again and a restart from that checkpoint, continuing its output. Returns the paths of the
    uninterrupted and the restarted .h5 and the restart's log."""
    outdir, name = base[base.index("-output_dir") + 1], base[base.index("-output_name") + 1]
    h5 = os.path.join(outdir, name + ".h5")
    kept = os.path.join(outdir, name + "_uninterrupted")
    run(base + ["-checkpoint_every", str(stage)], np=np)
    os.replace(h5, kept + ".h5")
    os.replace(os.path.join(outdir, name + ".xmf"), kept + ".xmf")
    run(base + ["-checkpoint_every", str(stage)], np=np)
    checkpoint = os.path.join(outdir, "%s_after%d.h5" % (name, stage))
    os.replace(os.path.join(outdir, name + ".checkpoint.h5"), checkpoint)
    code, out = run(base + ["-restart", checkpoint], np=np)
    return kept + ".h5", h5, out


def restart_and_compare(case, full, cut, name, after, what, tol):
    """Restart the run `case` (diomede arguments) in the folder cut from its own checkpoint (-restart latest) on one
    rank, its log naming `after` ("after stage <k>"; `what` says which, for the ok/FAIL line; on failure the log's end
    is printed and the script exits 1), then its output <cut>/<name>.h5 against the uninterrupted <full>/<name>.h5:
    the same steps and times and every field within tol of its largest value over the run. Returns (fa, fb) open."""
    rc, log = run(case + ["-output_dir", cut, "-restart", "latest"], np=1, check=False)
    expect(rc == 0 and "[restart]   from" in log and after in log, "restart on 1 rank %s: exit %d" % (what, rc))
    if rc != 0:
        print(log[-2000:])
        sys.exit(1)
    fa, fb, same_steps, same_times, worst, where, fields = compare_series(os.path.join(full, name + ".h5"),
                                                                          os.path.join(cut, name + ".h5"), run_scale=True)
    expect(same_steps and same_times and fields > 0 and worst < tol,
           "one series, steps %s, times equal %s, %d fields compared, largest difference %.1e (%s) of the field's largest"
           " value (tol %.0e)" % ([int(k) for k in fb["steps/step"][:]], same_times, fields, worst, where, tol))
    return fa, fb


def restart_zeroed(case, checkpoint, outdir, array, name):
    """A restart's control: the checkpoint (a copy) with its array zeroed, restarted on one rank into a new output
    <outdir>/<name>.h5; returns open_series() of that output, or (None, [], None, None) if the run failed."""
    import h5py
    with h5py.File(checkpoint, "r+") as f:
        f[array][...] = 0
    rc, _ = run(case + ["-output_dir", outdir, "-restart", checkpoint], np=1, check=False)
    return open_series(os.path.join(outdir, name + ".h5")) if rc == 0 else (None, [], None, None)
