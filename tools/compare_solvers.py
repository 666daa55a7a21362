#!/usr/bin/env python3
"""Side-by-side benchmark of peakplan's optimizer against CBC and HiGHS (issue 5).

usage: tools/compare_solvers.py BUILD_DIR [--instances small,medium,large]
                                [--limit 60] [--ref-limit 120] [--workdir DIR] [--no-ref]
                                [--lock FILE]

The month-long instances of issue 17 go the same way, with their own limits:
  tools/compare_solvers.py BUILD_DIR --instances month --limit 300 --ref-limit 300
--lock FILE runs every timed command under `flock FILE` (machines shared with other
benchmarks: the timed runs of all of them take turns).

For each named instance of tests/bench/bench_plan.c (configure the build with
-Dbenchmarks=true):
  1. exports the exact model peakplan solves (`bench_plan NAME 3 DIR/NAME.mps`, free MPS
     with readable names, written before the solve starts);
  2. runs `bench_plan NAME LIMIT` under /usr/bin/time -v (objective, bound, gap, seconds, RSS);
  3. runs CBC (`cbc NAME.mps sec REF_LIMIT solve`, Debian coinor-cbc, one thread) and HiGHS
     through scipy.optimize.milp (Debian python3-scipy, /usr/bin/python3; the MPS file is parsed
     here, time_limit REF_LIMIT) on the same file.
Prints one Markdown table.  CBC and HiGHS are benchmark references only, never dependencies.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

SYS_PY = "/usr/bin/python3"  # Debian's python with python3-scipy (HiGHS)


LOCK = []  # ["flock", FILE] with --lock


def time_v(cmd, timeout):
    """Runs cmd under /usr/bin/time -v: (stdout, stderr, wall seconds, max RSS MiB, rc).
    With --lock the wait for the lock is not timed: flock runs time, not the other way round."""
    p = subprocess.run([*LOCK, "/usr/bin/time", "-v", *cmd], capture_output=True, text=True,
                       timeout=None if LOCK else timeout)
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)",
                  p.stderr)
    wall = (int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))) if m else math.nan
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr)
    rss = int(m.group(1)) / 1024 if m else float("nan")
    return p.stdout, p.stderr, wall, rss, p.returncode


# --------------------------------------------------------------------------------------------
# HiGHS through scipy: a small reader for GLPK's free MPS (ROWS, COLUMNS with INTORG/INTEND
# markers, RHS, RANGES, BOUNDS).

def read_mps(path):
    rows, row_idx, obj_row = [], {}, None
    cols, col_idx = [], {}
    cost, integ, lb, ub = [], [], [], []
    ai, aj, av = [], [], []
    rhs, rng = {}, {}
    section, in_int, offset = None, False, 0.0
    with open(path) as f:
        for line in f:
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():
                section = line.split()[0]
                continue
            tok = line.split()
            if section == "ROWS":
                kind, name = tok
                if kind == "N":
                    if obj_row is None:
                        obj_row = name
                    continue
                row_idx[name] = len(rows)
                rows.append(kind)
            elif section == "COLUMNS":
                if len(tok) >= 3 and tok[1].strip("'") == "MARKER":
                    in_int = tok[2].strip("'") == "INTORG"
                    continue
                name = tok[0]
                j = col_idx.get(name)
                if j is None:
                    j = col_idx[name] = len(cols)
                    cols.append(name)
                    cost.append(0.0)
                    integ.append(1 if in_int else 0)
                    lb.append(0.0)
                    ub.append(math.inf)
                for r, v in zip(tok[1::2], tok[2::2]):
                    if r == obj_row:
                        cost[j] += float(v)
                    else:
                        ai.append(row_idx[r])
                        aj.append(j)
                        av.append(float(v))
            elif section == "RHS":
                for r, v in zip(tok[1::2], tok[2::2]):
                    if r == obj_row:
                        offset = -float(v)
                    else:
                        rhs[row_idx[r]] = float(v)
            elif section == "RANGES":
                for r, v in zip(tok[1::2], tok[2::2]):
                    rng[row_idx[r]] = float(v)
            elif section == "BOUNDS":
                kind, name = tok[0], tok[2]
                j = col_idx[name]
                v = float(tok[3]) if len(tok) > 3 else 0.0
                if kind == "UP":
                    ub[j] = v
                elif kind in ("LO", "LI"):
                    lb[j] = v
                elif kind in ("UP", "UI"):
                    ub[j] = v
                elif kind == "FX":
                    lb[j] = ub[j] = v
                elif kind == "FR":
                    lb[j], ub[j] = -math.inf, math.inf
                elif kind == "MI":
                    lb[j] = -math.inf
                elif kind == "PL":
                    ub[j] = math.inf
                elif kind == "BV":
                    lb[j], ub[j] = 0.0, 1.0
    rlo, rhi = [], []
    for i, kind in enumerate(rows):
        b = rhs.get(i, 0.0)
        if kind == "E":
            lo = hi = b
            r = rng.get(i)
            if r is not None:
                lo, hi = (b, b + r) if r > 0 else (b + r, b)
        elif kind == "L":
            lo, hi = -math.inf, b
            if i in rng:
                lo = b - abs(rng[i])
        else:  # G
            lo, hi = b, math.inf
            if i in rng:
                hi = b + abs(rng[i])
        rlo.append(lo)
        rhi.append(hi)
    return dict(ncols=len(cols), nrows=len(rows), cost=cost, integ=integ, lb=lb, ub=ub,
                ai=ai, aj=aj, av=av, rlo=rlo, rhi=rhi, offset=offset)


def highs_child(path, limit):
    """Runs inside /usr/bin/python3: solves the MPS with scipy.optimize.milp (HiGHS)."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix
    m = read_mps(path)
    A = coo_matrix((m["av"], (m["ai"], m["aj"])), shape=(m["nrows"], m["ncols"])).tocsr()
    t0 = time.monotonic()
    res = milp(c=np.array(m["cost"]), integrality=np.array(m["integ"]),
               bounds=Bounds(np.array(m["lb"]), np.array(m["ub"])),
               constraints=LinearConstraint(A, np.array(m["rlo"]), np.array(m["rhi"])),
               options={"time_limit": float(limit), "disp": False})
    secs = time.monotonic() - t0
    obj = res.fun + m["offset"] if res.x is not None else float("nan")
    bound = getattr(res, "mip_dual_bound", None)
    bound = bound + m["offset"] if bound is not None else float("nan")
    print(f"HIGHS,{res.status},{obj:.4f},{bound:.4f},{secs:.2f}")


# --------------------------------------------------------------------------------------------

def run_cbc(mps, limit):
    out, err, wall, rss, _ = time_v(["cbc", str(mps), "sec", str(limit), "solve", "quit"],
                                    timeout=limit * 3 + 120)
    obj = float("nan")
    m = re.search(r"Objective value:\s+([-0-9.e+]+)", out)
    if m and "No feasible solution" not in out:
        obj = float(m.group(1))
    status = "optimal" if "Optimal solution found" in out else (
        "feasible" if not math.isnan(obj) else "no plan")
    m = re.search(r"Lower bound:\s+([-0-9.e+]+)", out)
    bound = float(m.group(1)) if m else float("nan")
    return dict(obj=obj, bound=bound, status=status, secs=wall, rss=rss)


def run_highs(mps, limit):
    here = Path(__file__).resolve()
    out, err, wall, rss, rc = time_v([SYS_PY, str(here), "--highs-child", str(mps), str(limit)],
                                     timeout=limit * 3 + 300)
    m = re.search(r"^HIGHS,(\d+),([^,]+),([^,]+),([^,\s]+)", out, re.M)
    if not m:
        sys.stderr.write(err[-2000:])
        return dict(obj=float("nan"), bound=float("nan"), status="error", secs=wall, rss=rss)
    status = {0: "optimal", 1: "feasible"}.get(int(m.group(1)), "status " + m.group(1))
    obj = float(m.group(2))
    if math.isnan(obj):
        status = "no plan"
    return dict(obj=obj, bound=float(m.group(3)), status=status, secs=float(m.group(4)), rss=rss)


def fmt(x, d=0):
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{d}f}"


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--highs-child":
        highs_child(sys.argv[2], sys.argv[3])
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("build")
    ap.add_argument("--instances", default="small,medium,large")
    ap.add_argument("--limit", type=float, default=60)
    ap.add_argument("--ref-limit", type=float, default=120)
    ap.add_argument("--workdir", default="/tmp/peakplan-compare")
    ap.add_argument("--no-ref", action="store_true", help="peakplan only")
    ap.add_argument("--lock", help="run each timed command under flock LOCK")
    a = ap.parse_args()
    if a.lock:
        LOCK[:] = ["flock", a.lock]
    b = Path(a.build)
    exe = b if b.is_file() else b / "tests" / "bench" / "bench_plan"
    wd = Path(a.workdir)
    wd.mkdir(parents=True, exist_ok=True)
    lines = []
    for name in a.instances.split(","):
        mps = wd / f"{name}.mps"
        # 3 s, not less: the MPS file is written when the model is built, and a shorter
        # limit can end the process before the export is complete on a loaded machine
        subprocess.run([*LOCK, str(exe), name, "3", str(mps)], capture_output=True)
        out, err, wall, rss, rc = time_v([str(exe), name, str(a.limit)], timeout=a.limit * 3 + 60)
        sys.stderr.write(err)
        f = out.strip().split(",")
        if rc != 0 or len(f) < 13:
            pp = dict(rows="?", cols="?", ints="?", obj=float("nan"), bound=float("nan"),
                      gap=float("nan"), secs=wall, status="no plan")
        else:
            pp = dict(rows=int(f[4]), cols=int(f[5]), ints=int(f[6]), status=f[7],
                      obj=float(f[9]), bound=float(f[10]), gap=float(f[11]), secs=float(f[12]))
        cbc = hig = dict(obj=float("nan"), bound=float("nan"), status="not run", secs=float("nan"),
                         rss=float("nan"))
        if not a.no_ref:
            cbc = run_cbc(mps, int(a.ref_limit))
            hig = run_highs(mps, int(a.ref_limit))
        best_ref = min([x["obj"] for x in (cbc, hig) if not math.isnan(x["obj"])], default=math.nan)
        vs = (pp["obj"] - best_ref) / best_ref * 100 if not math.isnan(best_ref) else float("nan")
        lines.append(
            f"| {name} | {fmt(pp['rows'])} | {fmt(pp['cols'])} | {fmt(pp['ints'])} "
            f"| {fmt(pp['bound'])} | {fmt(pp['obj'])} | {fmt(pp['gap'], 2)} % | {fmt(pp['secs'], 1)} s "
            f"| {fmt(rss)} MiB "
            f"| {fmt(cbc['obj'])} ({cbc['status']}, {fmt(cbc['secs'], 0)} s) "
            f"| {fmt(hig['obj'])} ({hig['status']}, {fmt(hig['secs'], 0)} s) "
            f"| {fmt(hig['bound'])} | {fmt(vs, 2)} % |")
        sys.stderr.write(lines[-1] + "\n")
    rl = f"{a.ref_limit:g} s"
    print("| instance | rows | cols | integers | peakplan bound | peakplan objective | gap vs bound "
          f"| time | peak RSS | CBC ({rl}) | HiGHS ({rl}) | HiGHS bound | peakplan vs best ref |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for ln in lines:
        print(ln)
    return 0


if __name__ == "__main__":
    sys.exit(main())
