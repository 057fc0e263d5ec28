#!/usr/bin/env python3
"""Fuzzed inputs: mutations of every example case file (examples/**/*.yaml) and of the profile and material tables
(data/*.csv) never crash diomede.

Requirement: for each mutation (a line deleted or duplicated, two lines or two columns swapped, a number replaced by
nan, inf, 0, -1, 1e300, 1e400 or text, a unit after a number, a byte-order mark), `diomede check` (and, for a few,
`diomede run` on a tiny mesh) ends within its time limit with an exit code the README lists for it (0 ok, 1 bad
input with one `diomede: error:` line, 2 not converged for `run`; 3, an internal error, is a bug), no signal, no
PETSc traceback, no Python traceback; and an existing output of another run is never changed (its bytes are
compared before and after; the fuzzed runs name it without -output_overwrite).

The mutations come from a fixed seed, so a failure reproduces: the mutated file is kept in OUTDIR/fuzz and its
command printed. COUNT mutations (default 60, about 60 s on 2 shared cores, 2 at a time); as a guard on a slow
machine, none is started after BOUND seconds (default 150; at least 20 must have run).
usage: fuzz_inputs.py OUTDIR [COUNT [BOUND]]"""
import concurrent.futures
import glob
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
import diorun  # noqa: E402

outdir = os.path.abspath(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
bound_s = float(sys.argv[3]) if len(sys.argv) > 3 else 150.0
per_run_timeout_s = 120
shutil.rmtree(outdir, ignore_errors=True)
fuzzdir, rundir, cwd = (os.path.join(outdir, d) for d in ("fuzz", "runs", "cwd"))
for d in (fuzzdir, rundir, cwd):
    os.makedirs(d)
exe = os.environ["DIO_EXE"]
source_dir = os.environ["DIO_SOURCE_DIR"]
tiny = ["-mesh_x_min", "30000", "-mesh_x_max", "33000", "-mesh_cell_size_x", "500", "-mesh_cell_size_coarse", "100",
        "-mesh_cell_size_fine", "20", "-mesh_cells_above_band", "2"]
bad_numbers = ["nan", "inf", "-inf", "0", "-1", "1e300", "1e400", "1e-400", "abc", "12 m", "99999999999999"]
number = re.compile(r"(?<![\w.])[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?(?![\w.])")

rng = random.Random(15)  # the number: the same mutations on every machine


def mutate_lines(lines, is_csv):
    """One mutation of a text file given as lines (comments kept as they are); returns (new lines, description)."""
    body = [i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    kind = rng.choice(["delete", "duplicate", "swap lines", "number", "number", "number", "unit", "bom"] + (["swap columns"] * 2 if is_csv else []))
    lines = list(lines)
    if kind == "delete":
        i = rng.choice(body)
        return lines[:i] + lines[i + 1:], "line %d deleted" % (i + 1)
    if kind == "duplicate":
        i = rng.choice(body)
        return lines[:i + 1] + [lines[i]] + lines[i + 1:], "line %d duplicated" % (i + 1)
    if kind == "swap lines":
        i, j = sorted(rng.sample(body, 2))
        lines[i], lines[j] = lines[j], lines[i]
        return lines, "lines %d and %d swapped" % (i + 1, j + 1)
    if kind == "bom":
        return ["\ufeff" + lines[0]] + lines[1:], "byte-order mark"
    if kind == "swap columns":
        a, b = sorted(rng.sample(range(3), 2))
        everywhere = rng.random() < 0.5  # every row (a consistent table) or the data rows only (values under the wrong name)
        first = body[0]
        for i in body if everywhere else body[1:]:
            fields = lines[i].rstrip("\n").split(",")
            if len(fields) > b:
                fields[a], fields[b] = fields[b], fields[a]
                lines[i] = ",".join(fields) + "\n"
        return lines, "columns %d and %d swapped in %s" % (a + 1, b + 1, "every row" if everywhere else "the rows after line %d" % (first + 1))
    candidates = [i for i in body if number.search(lines[i].split("#")[0])]
    i = rng.choice(candidates)
    code, comment = (lines[i].split("#", 1) + [""])[:2] if not is_csv else (lines[i], "")
    matches = list(number.finditer(code))
    m = rng.choice(matches)
    replacement = m.group(0) + " kPa" if kind == "unit" else rng.choice(bad_numbers)
    code = code[:m.start()] + replacement + code[m.end():]
    lines[i] = code + ("#" + comment if comment else ("" if code.endswith("\n") else "\n"))
    return lines, "line %d: %s -> %s" % (i + 1, m.group(0), replacement)


def run(args, timeout=per_run_timeout_s):
    """(exit code or 'timeout', output) of diomede with args, in the scratch working directory."""
    try:
        proc = subprocess.run([exe] + args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
        return proc.returncode, proc.stdout
    except subprocess.TimeoutExpired as e:
        return "timeout", (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")


def verdict(rc, out, allowed):
    """None when the outcome is one the README lists, else what is wrong."""
    if rc == "timeout":
        return "no answer within %d s (a hang?)" % per_run_timeout_s
    if rc < 0:
        return "killed by signal %d" % -rc
    if rc not in allowed:
        return "exit %d, not one of %s" % (rc, sorted(allowed))
    if "PETSC ERROR: #" in out or "Traceback" in out:
        return "a traceback"
    if rc == 1 and len([line for line in out.splitlines() if line.startswith("diomede: error:")]) != 1:
        return "exit 1 without exactly one 'diomede: error:' line"
    return None


def digest(paths):
    return {p: hashlib.sha256(open(p, "rb").read()).hexdigest() for p in paths}


# An existing output, which no fuzzed run may change
rc, out = run(["run", os.path.join(source_dir, "examples", "bering", "geostatic.yaml"), "-output_dir", rundir, "-output_name", "existing"] + tiny)
if rc != 0:
    print(out)
    sys.exit("the reference run failed (exit %s)" % rc)
existing = sorted(glob.glob(os.path.join(rundir, "existing*")))
before = digest(existing)
print("reference output: %s" % ", ".join(os.path.basename(p) for p in existing))

# The jobs: (file to mutate, how diomede takes it)
examples = sorted(glob.glob(os.path.join(source_dir, "examples", "**", "*.yaml"), recursive=True))
tables = [(os.path.join(source_dir, "data", "bering_profile.csv"), "-mesh_profile"), (os.path.join(source_dir, "data", "materials.csv"), "-materials_file")]
jobs = []
for n in range(count):
    if n % 3 < 2:
        path = examples[n % len(examples)]
        flag = None
    else:
        path, flag = tables[(n // 3) % len(tables)]
    lines = open(path, encoding="utf-8").readlines()
    mutated, what = mutate_lines(lines, flag is not None)
    name = "%03d_%s" % (n, os.path.basename(path))
    target = os.path.join(fuzzdir, name)
    with open(target, "w", encoding="utf-8") as f:
        f.writelines(mutated)
    if flag is None:
        args = ["check", target]
    else:
        # the tables under the problem that reads every column of them: the permafrost section (thermal rows too)
        args = ["check", "-problem", "permafrost_thaw", flag, target] if n % 2 else ["check", flag, target]
    allowed = {0, 1}
    if flag is None and os.path.basename(path) == "geostatic.yaml" and n % 2 == 0:
        # now and then a run on a tiny mesh, onto the existing output (must be refused) or a new one
        overwrite_existing = n % 4 == 0
        args = ["run", target] + tiny + ["-output_dir", rundir, "-output_name", "existing" if overwrite_existing else "fuzz_%03d" % n]
        allowed = {1} if overwrite_existing else {0, 1, 2}
    jobs.append((name, what, args, allowed))

start = time.time()
done, failures = 0, []


def work(job):
    if time.time() - start > bound_s:
        return job, None, None
    rc, out = run(job[2])
    return job, rc, out


with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for (name, what, args, allowed), rc, out in pool.map(work, jobs):
        if rc is None:
            continue
        done += 1
        problem = verdict(rc, out, allowed)
        errors = [line for line in out.splitlines() if "error:" in line]
        print("%-32s %-46s exit %-7s %s %s" % (name, what[:46], rc, "ok  " if problem is None else "FAIL", errors[0][:150] if errors else ""))
        if problem is not None:
            failures.append((name, problem))
            print("    %s: diomede %s\n%s" % (problem, " ".join(args), out[-2000:]))

after = digest(existing)
if after != before or sorted(glob.glob(os.path.join(rundir, "existing*"))) != existing:
    failures.append(("existing output", "changed by a fuzzed run"))
stray = [p for p in glob.glob(os.path.join(cwd, "**"), recursive=True) if os.path.isfile(p)]
if stray:
    failures.append(("check", "wrote files: %s" % stray[:5]))
print("%d mutations in %.0f s, %d failed" % (done, time.time() - start, len(failures)))
for name, problem in failures:
    print("FAIL %s: %s" % (name, problem))
sys.exit(1 if failures or done < 20 else 0)
