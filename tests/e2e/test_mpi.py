"""peakplan whatif under MPI (docs/scaling.md): `mpirun -np 3 peakplan whatif` on the small
golden workspace with a 12-scenario sweep declared in 2 rows (plus one plain scenario)
writes the same scenarios_summary.csv and the same folder files as `--threads 1` on one
machine (solve_seconds aside); a rank that fails is reported by rank 0 (its scenario
not_run, named on stderr) and `whatif --resume` completes the set; so it does after a
rank is killed, and after rank 0 itself dies (from OUTDIR.partial).
Skipped (TAP SKIP) without an MPI build, without mpirun, or under a sanitizer."""
import os
import shutil
import subprocess
import sys
import tempfile

from common import EXE, SANITIZED, TESTS, Checker, first_difference, read_csv, run

if os.environ.get("PP_HAVE_MPI") != "1":
    print("1..0 # SKIP peakplan was built without MPI (meson -Dmpi, libopenmpi-dev)")
    sys.exit(0)
mpirun = shutil.which("mpirun")
if not mpirun:
    print("1..0 # SKIP no mpirun on PATH (openmpi-bin)")
    sys.exit(0)
if SANITIZED:
    print("1..0 # SKIP under a sanitizer (Open MPI's own allocations are reported as leaks)")
    sys.exit(0)

c = Checker()
ws = os.path.join(TESTS, "golden", "small", "workspace")
tmp = tempfile.mkdtemp(prefix="pp_mpi_")
scen = os.path.join(tmp, "scenarios.csv")
with open(scen, "w") as f:
    f.write("scenario,parameter,value,queue,vendor,from,to\n")
    f.write("grid,volume_pct,-10;0;10;20,,,,\n")
    f.write("grid,vendor_seats,8;12;16,,inhouse,,\n")
    f.write("outage,vendor_available,0,,bpo_a,,\n")
common_args = ["--scenarios", scen, "--threads", "1", "--quiet", "--no-report", "--no-xlsx"]


def mpi(np_, out, *extra, env=None):
    args = [mpirun, "--oversubscribe", "-np", str(np_)]
    if os.geteuid() == 0:
        args.append("--allow-run-as-root")
    for k, v in (env or {}).items():
        args += ["-x", f"{k}={v}"]
    p = subprocess.run(args + [EXE, "whatif", ws, "-o", out, *common_args, *extra],
                       capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


ref = os.path.join(tmp, "ref")
code, _, se = run("whatif", ws, "-o", ref, *common_args)
c.check(code == 0, f"whatif --threads 1 exits 0 ({se.strip()[-300:]})")
ref_rows = read_csv(os.path.join(ref, "scenarios_summary.csv"))
c.check(len(ref_rows) == 14, f"base + 12 sweep scenarios + 1: {len(ref_rows)} rows")


def same(out, what):
    diff = first_difference(ref, out) or first_difference(out, ref)
    c.check(diff is None, f"{what}: the same files as --threads 1 (first difference: {diff})")
    c.check(not os.path.exists(out + ".partial"), f"{what}: no OUTDIR.partial left")


# 1. three ranks: rank 0 plans the base, two ranks the scenarios
out = os.path.join(tmp, "mpi3")
code, _, se = mpi(3, out)
c.check(code == 0, f"mpirun -np 3 whatif exits 0 ({se.strip()[-300:]})")
same(out, "mpirun -np 3")
c.check("lost" not in se, "mpirun -np 3: nothing lost")

# 2. one rank: exactly the single-machine run
out = os.path.join(tmp, "mpi1")
code, _, se = mpi(1, out)
c.check(code == 0, f"mpirun -np 1 whatif exits 0 ({se.strip()[-300:]})")
same(out, "mpirun -np 1")

# 3. a rank fails on grid_0_12: reported, not_run, and --resume plans it
out = os.path.join(tmp, "fail")
code, _, se = mpi(3, out, env={"PEAKPLAN_TEST_RANK_FAIL": "grid_0_12"})
c.check(code == 0, f"a failing rank: the batch still exits 0 ({se.strip()[-300:]})")
c.check("lost grid_0_12" in se, f"rank 0 names the lost scenario on stderr ({se.strip()[-300:]})")
rows = {r["scenario"]: r for r in read_csv(os.path.join(out, "scenarios_summary.csv"))}
c.check(rows.get("grid_0_12", {}).get("status") == "not_run"
        and "rank" in rows.get("grid_0_12", {}).get("error", ""),
        f"grid_0_12: status not_run, the rank's message in error ({rows.get('grid_0_12')})")
c.check(sum(r["status"] == "done" for r in rows.values()) == 13, "the 13 other rows are done")
code, _, se = run("whatif", ws, "--resume", out, *common_args)
c.check(code == 0 and "12 of 13 scenarios complete, 1 planned" in se,
        f"--resume plans the lost one only ({se.strip()[-300:]})")
same(out, "failed rank, then --resume")

# 4. a rank is killed: Open MPI ends the job; rank 0 writes what came back; --resume finishes
out = os.path.join(tmp, "kill")
code, _, se = mpi(3, out, env={"PEAKPLAN_TEST_RANK_KILL": "grid_10_8"})
c.check(code != 0, f"a killed rank: the job exits non-zero ({code})")
c.check(os.path.isdir(out) or os.path.isdir(out + ".partial"),
        "a killed rank: OUTDIR or OUTDIR.partial holds what came back")
code, _, se = run("whatif", ws, "--resume", out, *common_args)
c.check(code == 0, f"--resume after a killed rank exits 0 ({se.strip()[-300:]})")
same(out, "killed rank, then --resume")

# 5. rank 0 dies before writing the set: OUTDIR.partial keeps the scenarios back so far
out = os.path.join(tmp, "kill0")
code, _, se = mpi(3, out, env={"PEAKPLAN_TEST_RANK0_KILL_AFTER": "4"})
c.check(code != 0 and not os.path.exists(out), f"rank 0 killed: no OUTDIR ({code})")
kept = sorted(d for d in os.listdir(out + ".partial") if not d.startswith(".")) \
    if os.path.isdir(out + ".partial") else []
c.check(len(kept) >= 4, f"OUTDIR.partial keeps the scenarios back ({kept})")
code, _, se = run("whatif", ws, "--resume", out, *common_args)
c.check(code == 0 and f"{len(kept)} of 13 scenarios complete" in se,
        f"--resume takes them from OUTDIR.partial ({se.strip()[-300:]})")
same(out, "rank 0 killed, then --resume")

shutil.rmtree(tmp, ignore_errors=True)
c.done()
