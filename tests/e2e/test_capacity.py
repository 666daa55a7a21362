"""`peakplan capacity data/example`: every rule of the weekly plan recomputed from the
CSVs it writes and the inputs it read (flows, classes, training and ramp-up, notice and
change limits, demand met or the gap explained, the cost), bad inputs refused with
file:line:column and exit 2, and the exported model solved by another solver (glpsol or
cbc, when installed) to the same optimum within 0.1 %."""
import os
import re
import shutil
import subprocess
import tempfile

from capacity_checks import TOL, check_plan, load_inputs, num
from common import SOURCE, Checker, read_csv, run

c = Checker()
ws = os.path.join(SOURCE, "data", "example")
tmp = tempfile.mkdtemp(prefix="pp_capacity_")
out = os.path.join(tmp, "out")
mps = os.path.join(tmp, "capacity.mps")

code, so, se = run("capacity", ws, "-o", out, "--write-model", mps)
c.check(code == 0, f"capacity on the example exits 0: {se.strip()[-300:]}")
if code != 0:
    c.done()
c.check(all(os.path.isfile(os.path.join(out, f)) for f in ("report.html", "plan.xlsx")),
        "capacity writes report.html and plan.xlsx beside its CSVs (checked in test_report*.py)")

inp = load_inputs(ws)
staff, vendors = inp["staff"], inp["vendors"]
# every rule of the plan, recomputed (capacity_checks.py: flows, classes, training and
# ramp-up, BPO notice/change/limits, demand met or explained, the cost)
by, qrows, hiring, summary = check_plan(c, out, inp, "example")
W = int(summary["weeks"])
total = float(summary["objective"])
for v, s in staff.items():
    if vendors[v]["kind"] != "bpo":
        continue
    notice = int(s["notice_weeks"] or 0)
    f = [float(s["headcount"])] + [num(by[(v, w)], "bpo_fte") for w in range(1, W + 1)]
    c.check(any(abs(f[w] - f[0]) > 1 for w in range(notice + 1, W + 1)),
            f"{v}: the contract does move after the notice")
peak = max(range(1, W + 1), key=lambda w: num(by[("total", w)], "required_fte"))
c.check(by[("total", peak)]["week_start"] == "2026-11-09",
        f"the peak week is 11.11's (week {peak}, {by[('total', peak)]['week_start']})")
gaps = {q["binding"] for q in qrows if float(q["gap_fte"]) > TOL}
c.check(all(re.fullmatch(r"(\S+:[a-z_;]+ ?)+|no_vendor", b) for b in gaps),
        f"binding names vendor:limit pairs: {sorted(gaps)[:3]}")
c.check(summary["solver_status"] == "optimal", f"solver_status {summary['solver_status']}")

# ---- another solver on the exported model
ref = None
if shutil.which("glpsol"):
    sol = os.path.join(tmp, "glpsol.txt")
    p = subprocess.run(["glpsol", "--freemps", mps, "--mipgap", "0", "--tmlim", "120", "-o", sol],
                       capture_output=True, text=True, timeout=300)
    m = re.search(r"Objective:\s+\S+\s+=\s+(\S+)", open(sol).read()) if p.returncode == 0 else None
    ref = ("glpsol", float(m.group(1))) if m else None
elif shutil.which("cbc"):
    p = subprocess.run(["cbc", mps, "ratio", "0", "solve", "quit"], capture_output=True,
                       text=True, timeout=300)
    m = re.search(r"Objective value:\s+(\S+)", p.stdout)
    ref = ("cbc", float(m.group(1))) if m else None
if ref is None:
    print("# neither glpsol nor cbc installed (or no answer): solver comparison skipped")
else:
    c.check(abs(ref[1] - total) <= 1e-3 * total,
            f"{ref[0]} on the exported MPS: {ref[1]:.2f} vs {total:.2f} (within 0.1 %)")

# ---- bad inputs: exit 2 with file:line:column
def refused(name, old, new, where):
    d = os.path.join(tmp, f"bad_{len(os.listdir(tmp))}")
    shutil.copytree(ws, d)
    path = os.path.join(d, name)
    text = open(path, encoding="utf-8").read()
    assert old in text, old
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
    code, _, se = run("capacity", d, "-o", os.path.join(d, "out"))
    c.check(code == 2 and where in se, f"{name}: {new!r} -> exit 2 at {where}: {se.strip()}")
    c.check(not os.path.exists(os.path.join(d, "out")), f"{name}: nothing written")


refused("staff.csv", "inhouse,150,", "inhose,150,", "staff.csv:2:1:")
refused("staff.csv", ",2,8,24,", ",2,8,2x4,", "staff.csv:2:7:")
refused("staff.csv", ",10,70,4,10,", ",10,70,four,10,", "staff.csv:3:16:")
refused("staff.csv", "bpo_a,40,", "bpo_a,90,", "staff.csv:3:2:")
refused("capacity.ini", "weeks = 32", "weeks = 32.5", "capacity.ini:6:9:")
refused("capacity.ini", "2026-08 = 35", "2026-08 = 0.35", "capacity.ini:22:11:")
refused("capacity.ini", "hours_per_fte", "hours_per_ftee", "capacity.ini:7:1:")
# ---- attrition by tenure band: the example with today's heads and the rates by tenure
tws = os.path.join(tmp, "tenure")
shutil.copytree(ws, tws)
TENURE_STAFF = (
    "vendor,headcount,attrition_pct_week,tenure_bands,attrition_pct_week_by_tenure,class_weeks,"
    "class_every_weeks,class_min,class_max,hire_cost,training_weeks,ramp_pct,weekly_cost,"
    "overtime_max_pct,overtime_premium_pct,bpo_min_fte,bpo_max_fte,notice_weeks,"
    "max_change_fte_week,price_per_fte_week\n"
    "inhouse,150,,20@0-12;130@12+,2.0@0-12;0.5@12+,,2,8,24,2500,3,50;75;90,1280,10,50,,,,,\n"
    "bpo_a,40,,,,,,,,,,,,,,10,70,4,10,1700\n"
    "bpo_b,25,,,,,,,,,,,,,,5,50,3,6,1600\n")
open(os.path.join(tws, "staff.csv"), "w", encoding="utf-8").write(TENURE_STAFF)
tout = os.path.join(tmp, "tenure_out")
code, _, se = run("capacity", tws, "-o", tout, "--no-report", "--no-xlsx")
c.check(code == 0, f"capacity with tenure bands exits 0: {se.strip()[-300:]}")
if code == 0:
    tby, _, _, tsum = check_plan(c, tout, load_inputs(tws), "tenure")
    # week 1 by hand: 20 heads of 0-12 weeks at 2 %, 130 at 0.5 %, the week's class at 2 %
    h1 = num(tby[("inhouse", 1)], "hires_starting")
    c.check(abs(num(tby[("inhouse", 1)], "leavers") - (0.4 + 0.65 + 0.02 * h1)) <= TOL,
            f"tenure: week 1 leavers = 20 x 2 % + 130 x 0.5 % + {h1:g} hires x 2 %")
    leavers = sum(num(tby[("inhouse", w)], "leavers") for w in range(1, W + 1))
    flat = sum(num(by[("inhouse", w)], "leavers") for w in range(1, W + 1))
    c.check(abs(leavers - flat) > 1, f"tenure: the leavers differ from the single rate's "
                                     f"({leavers:.1f} vs {flat:.1f})")
    # the cohort model with one rate everywhere is the single-rate model: what-if
    # attrition_pct_week 0.6 on the tenure workspace gives the example's optimum
    scn = os.path.join(tmp, "tenure_scn.csv")
    open(scn, "w", encoding="utf-8").write(
        "scenario,parameter,value,queue,vendor,from,to\n"
        "flat,attrition_pct_week,0.6,,inhouse,,\nmore,attrition_points_year,5,,inhouse,,\n")
    sout = os.path.join(tmp, "tenure_scn_out")
    code, _, se = run("capacity", tws, "--scenarios", scn, "-o", sout, "--no-report",
                      "--no-xlsx")
    srows = {r["scenario"]: r for r in read_csv(os.path.join(sout, "scenarios_summary.csv"))} \
        if code == 0 else {}
    c.check(code == 0 and abs(float(srows["flat"]["objective"]) - total) <= 1e-6 * total,
            f"tenure what-if: one rate 0.6 % in every band = the single-rate plan "
            f"({srows.get('flat', {}).get('objective')} vs {total:.2f}): {se.strip()[-200:]}")
    c.check(code == 0 and float(srows["more"]["leavers"]) > float(srows["base"]["leavers"]) + 1,
            "tenure what-if: attrition_points_year +5 raises every band's rate: more leavers")
# capacity -v: the stages and the solver's reports on standard error
code, _, se = run("capacity", ws, "-v", "-o", os.path.join(tmp, "verbose_out"), "--no-report",
                  "--no-xlsx")
c.check(code == 0 and "capacity: staffing engine" in se and "weekly program" in se
        and "LP relaxation" in se, f"capacity -v prints its progress: {se.strip()[-400:]}")
for old, new, col in (("20@0-12;130@12+", "20@1-12;130@12+", 4),
                      ("20@0-12;130@12+", "20@0-12;131@12+", 4),
                      ("20@0-12;130@12+", "20@0-12;130@12-20", 4),
                      ("2.0@0-12;0.5@12+", "2.0@0-12;150@12+", 5),
                      ("inhouse,150,,", "inhouse,150,0.6,", 5)):
    d = os.path.join(tmp, f"bad_tenure_{col}_{len(os.listdir(tmp))}")
    shutil.copytree(tws, d)
    open(os.path.join(d, "staff.csv"), "w", encoding="utf-8").write(
        TENURE_STAFF.replace(old, new, 1))
    code, _, se = run("capacity", d, "-o", os.path.join(d, "out"))
    c.check(code == 2 and f"staff.csv:2:{col}:" in se,
            f"tenure: {new!r} -> exit 2 at staff.csv:2:{col}: {se.strip()}")
# ---- run's summary: with capacity.ini a "capacity" block (the capacity plan's heads and
# productive FTE in the weeks of the run's days beside its tours' people); without, none;
# the run's files the same either way
rws = os.path.join(tmp, "run_ws")
shutil.copytree(ws, rws)
ini = open(os.path.join(rws, "plan.ini"), encoding="utf-8").read()
ini = re.sub(r"(?m)^days\s*=.*$", "days = 2", ini)
ini = re.sub(r"(?m)^time_limit_seconds\s*=.*$", "time_limit_seconds = 60", ini)
open(os.path.join(rws, "plan.ini"), "w", encoding="utf-8").write(ini)
outs = []
for with_ini in (True, False):
    if not with_ini:
        os.remove(os.path.join(rws, "capacity.ini"))
    rout = os.path.join(tmp, f"run_out_{with_ini}")
    code, so, se = run("run", rws, "-o", rout, "--no-report", "--no-xlsx")
    c.check(code == 0, f"run (capacity.ini: {with_ini}) exits 0: {se.strip()[-300:]}")
    outs.append(rout)
    lines = so.splitlines()
    block = [ln for ln in lines if re.match(r"\s+\S+\s+2026-11-02\s", ln)]
    if not with_ini:
        c.check(not any(ln.lstrip().startswith("capacity ") for ln in lines) and not block,
                "run without capacity.ini prints no capacity block")
        continue
    c.check(any(ln.lstrip().startswith("capacity ") for ln in lines),
            "run with capacity.ini prints a capacity block")
    rsum = {r["metric"]: r["value"] for r in read_csv(os.path.join(rout, "summary.csv"))}
    seen = {}
    for ln in block:
        v, _, heads, prod, people, margin = ln.split()
        seen[v] = (float(heads), float(prod), int(people), float(margin))
    c.check(set(seen) == set(staff), f"run: one row per staff.csv vendor for the week of "
                                     f"2026-11-02 (the plan's 2 days): {sorted(seen)}")
    wk = next(w for w in range(1, W + 1) if by[("total", w)]["week_start"] == "2026-11-02")
    for v, (heads, prod, people, margin) in seen.items():
        r = by[(v, wk)]
        c.check(abs(heads - num(r, "headcount")) <= 0.051 and
                abs(prod - num(r, "productive_fte")) <= 0.051 and
                people == int(float(rsum[f"headcount:{v}"])) and
                abs(margin - (heads - people)) <= 0.051,
                f"run: {v}: heads {heads}, productive {prod} = capacity.csv week {wk}; people "
                f"{people} = summary.csv headcount:{v}")
if len(outs) == 2:
    same = all(open(os.path.join(outs[0], f), "rb").read() == open(os.path.join(outs[1], f), "rb").read()
               for f in ("forecast.csv", "requirements.csv", "roster.csv", "coverage.csv"))
    c.check(same, "run's files do not depend on capacity.ini (only standard output does)")

d = os.path.join(tmp, "nostaff")
shutil.copytree(ws, d)
os.remove(os.path.join(d, "staff.csv"))
code, _, se = run("capacity", d, "-o", os.path.join(d, "out"))
c.check(code == 2 and "staff.csv" in se, f"no staff.csv -> exit 2: {se.strip()}")
code, _, se = run("capacity", ws, "--weeks", "0")
c.check(code == 2 and "--weeks" in se, f"--weeks 0 is a usage error: {se.strip()}")

shutil.rmtree(tmp)
c.done()
