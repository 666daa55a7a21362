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

from common import SOURCE, Checker, read_csv, run

c = Checker()
ws = os.path.join(SOURCE, "data", "example")
tmp = tempfile.mkdtemp(prefix="pp_capacity_")
out = os.path.join(tmp, "out")
mps = os.path.join(tmp, "capacity.mps")
TOL = 0.01  # the files carry 3 decimals

code, so, se = run("capacity", ws, "-o", out, "--write-model", mps)
c.check(code == 0, f"capacity on the example exits 0: {se.strip()[-300:]}")
if code != 0:
    c.done()
c.check(all(os.path.isfile(os.path.join(out, f)) for f in ("report.html", "plan.xlsx")),
        "capacity writes report.html and plan.xlsx beside its CSVs (checked in test_report*.py)")

rows = read_csv(os.path.join(out, "capacity.csv"))
qrows = read_csv(os.path.join(out, "capacity_queues.csv"))
hiring = read_csv(os.path.join(out, "hiring_plan.csv"))
summary = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, "capacity_summary.csv"))}
staff = {r["vendor"]: r for r in read_csv(os.path.join(ws, "staff.csv"))}
queues = {r["queue"]: r for r in read_csv(os.path.join(ws, "queues.csv"))}
vendors = {r["vendor"]: r for r in read_csv(os.path.join(ws, "vendors.csv"))}
ini = open(os.path.join(ws, "capacity.ini"), encoding="utf-8").read()
HPF = float(re.search(r"(?m)^hours_per_fte\s*=\s*(\S+)", ini).group(1))
OCC = float(re.search(r"(?m)^occupancy_pct\s*=\s*(\S+)", ini).group(1)) / 100
PEN = float(re.search(r"(?m)^understaffing_penalty_per_fte_week\s*=\s*(\S+)", ini).group(1))
W = int(summary["weeks"])


def num(r, k):
    return float(r[k]) if r[k] != "" else 0.0


by = {}  # (vendor, week) -> row
for r in rows:
    by[(r["vendor"], int(r["week"]))] = r
c.check(len(rows) == W * (len(staff) + 1), f"{W} weeks x ({len(staff)} vendors + total) rows")

# ---- in-house: flows, classes, training, ramp-up
for v, s in staff.items():
    if vendors[v]["kind"] != "inhouse":
        continue
    a = float(s["attrition_pct_week"] or 0) / 100
    T = int(s["training_weeks"] or 0)
    ramp = [float(x) / 100 for x in s["ramp_pct"].split(";")] if s["ramp_pct"] else []
    every = int(s["class_every_weeks"]) if s["class_every_weeks"] else None
    allowed = ({1 + k * every for k in range(W)} if every else
               {int(x) for x in s["class_weeks"].split(";")} if s["class_weeks"] else set())
    cmin, cmax = float(s["class_min"] or 0), float(s["class_max"] or 0)
    flow_bad, cls_bad, prod_bad, train_bad = [], [], [], []
    hires = {w: num(by[(v, w)], "hires_starting") for w in range(1, W + 1)}
    for w in range(1, W + 1):
        r = by[(v, w)]
        prev = float(s["headcount"]) if w == 1 else num(by[(v, w - 1)], "headcount")
        left = 0 if w == 1 else num(by[(v, w - 1)], "leavers")
        if abs(num(r, "headcount") - (prev - left + hires[w])) > TOL:
            flow_bad.append(w)
        if abs(num(r, "leavers") - a * num(r, "headcount")) > TOL:
            flow_bad.append(w)
        if hires[w] and (w not in allowed or not cmin <= hires[w] <= cmax):
            cls_bad.append(w)
        # cohorts: survivors, their phase, their productivity
        training = ramping = lost = 0.0
        for cw in range(1, w + 1):
            t = w - cw
            alive = hires[cw] * (1 - a) ** t
            if t < T:
                training += alive
                lost += alive
            elif t < T + len(ramp):
                ramping += alive
                lost += alive * (1 - ramp[t - T])
        if abs(num(r, "in_training") - training) > TOL or abs(num(r, "ramping") - ramping) > TOL:
            train_bad.append(w)
        if abs(num(r, "productive_fte") - (num(r, "headcount") - lost)) > 0.05:
            prod_bad.append(w)
        ot = num(r, "overtime_hours") / HPF
        if ot > float(s["overtime_max_pct"] or 0) / 100 * num(r, "productive_fte") + TOL:
            prod_bad.append(w)
    c.check(not flow_bad, f"{v}: headcount(w+1) = headcount(w) - leavers(w) + hires(w+1), "
                          f"leavers = {a:.4f} x headcount, every week (bad: {flow_bad})")
    c.check(not cls_bad, f"{v}: classes start only in allowed weeks, {cmin:g}..{cmax:g} hires "
                         f"(bad: {cls_bad})")
    c.check(not train_bad, f"{v}: in_training / ramping are the classes' survivors in their "
                           f"first {T} / next {len(ramp)} weeks (bad: {train_bad})")
    c.check(not prod_bad, f"{v}: productive FTE = heads - trainees - ramp-up shortfall; "
                          f"overtime within its cap (bad: {prod_bad})")
    plan = [(int(h["class_start_week"]), float(h["hires"]), int(h["productive_from_week"]))
            for h in hiring if h["vendor"] == v]
    c.check(plan == [(w, hires[w], w + T) for w in range(1, W + 1) if hires[w]],
            f"{v}: hiring_plan.csv lists each class, productive from start + {T} weeks: {plan}")
    c.check(all(num(by[(v, w)], "productive_fte") <= num(by[(v, w)], "headcount") - num(
        by[(v, w)], "in_training") + TOL for w in range(1, W + 1)),
            f"{v}: nobody in training counts as productive")

# ---- BPO: notice, change per week, min/max
for v, s in staff.items():
    if vendors[v]["kind"] != "bpo":
        continue
    notice = int(s["notice_weeks"] or 0)
    chg = float(s["max_change_fte_week"]) if s["max_change_fte_week"] else float("inf")
    lo, hi = float(s["bpo_min_fte"] or 0), float(s["bpo_max_fte"] or "inf")
    f = [float(s["headcount"])] + [num(by[(v, w)], "bpo_fte") for w in range(1, W + 1)]
    c.check(all(abs(f[w] - f[0]) <= TOL for w in range(1, notice + 1)),
            f"{v}: contract unchanged through the {notice} notice weeks ({f[1:notice + 1]})")
    c.check(all(abs(f[w] - f[w - 1]) <= chg + TOL for w in range(1, W + 1)),
            f"{v}: changes at most {chg:g} FTE a week")
    c.check(all(lo - TOL <= x <= hi + TOL for x in f), f"{v}: within {lo:g}..{hi:g} FTE")
    c.check(any(abs(f[w] - f[0]) > 1 for w in range(notice + 1, W + 1)),
            f"{v}: the contract does move after the notice")

# ---- demand: engines' figure, met or the gap explained
req_bad, sheet_bad = [], []
for q in qrows:
    s = float(q["shrinkage_pct"]) / 100
    qs = float(queues[q["queue"]]["shrinkage_pct"] or 0) / 100
    if abs(float(q["required_fte"]) - float(q["agent_hours"]) / (HPF * (1 - s) * (1 - qs))) > TOL:
        req_bad.append((q["week"], q["queue"]))
    if abs(float(q["spreadsheet_fte"]) - float(q["workload_hours"]) / (HPF * (1 - s) * OCC)) > TOL:
        sheet_bad.append((q["week"], q["queue"]))
c.check(not req_bad, f"required_fte = agent_hours / (hours_per_fte (1 - shrinkage)(1 - queue "
                     f"shrinkage)) (bad: {req_bad[:3]})")
c.check(not sheet_bad, f"spreadsheet_fte = workload_hours / (hours_per_fte (1 - shrinkage) "
                       f"occupancy) (bad: {sheet_bad[:3]})")
unmet, unexplained, alloc_bad = [], [], []
for w in range(1, W + 1):
    tot = by[("total", w)]
    qs = [q for q in qrows if int(q["week"]) == w]
    req = sum(float(q["required_fte"]) for q in qs)
    gap = sum(float(q["gap_fte"]) for q in qs)
    if abs(num(tot, "required_fte") - req) > 0.05 or abs(num(tot, "gap_fte") - gap) > 0.05:
        unmet.append(w)
    if num(tot, "allocated_fte") + gap < req - 0.05:
        unmet.append(w)
    for q in qs:
        if float(q["gap_fte"]) > TOL and not q["binding"]:
            unexplained.append((w, q["queue"]))
        if float(q["gap_fte"]) <= 0 and q["binding"]:
            unexplained.append((w, q["queue"]))
    for v in staff:
        r = by[(v, w)]
        if num(r, "allocated_fte") > num(r, "productive_fte") + num(r, "overtime_hours") / HPF + TOL:
            alloc_bad.append((w, v))
c.check(not unmet, f"each week the work given to vendors plus the gap covers the required FTE "
                   f"(bad weeks: {unmet})")
c.check(not unexplained, f"every gap names its binding limits, no other row does "
                         f"(bad: {unexplained[:3]})")
c.check(not alloc_bad, f"no vendor is given more work than its productive FTE + overtime "
                       f"(bad: {alloc_bad[:3]})")
peak = max(range(1, W + 1), key=lambda w: num(by[("total", w)], "required_fte"))
c.check(by[("total", peak)]["week_start"] == "2026-11-09",
        f"the peak week is 11.11's (week {peak}, {by[('total', peak)]['week_start']})")
gaps = {q["binding"] for q in qrows if float(q["gap_fte"]) > TOL}
c.check(all(re.fullmatch(r"(\S+:[a-z_;]+ ?)+|no_vendor", b) for b in gaps),
        f"binding names vendor:limit pairs: {sorted(gaps)[:3]}")

# ---- cost, recomputed from the rows and the prices
cost = 0.0
for v, s in staff.items():
    for w in range(1, W + 1):
        r = by[(v, w)]
        if vendors[v]["kind"] == "bpo":
            cost += float(s["price_per_fte_week"]) * num(r, "bpo_fte")
        else:
            wc = float(s["weekly_cost"])
            cost += (wc * num(r, "headcount") + float(s["hire_cost"] or 0) * num(r, "hires_starting")
                     + wc * (1 + float(s["overtime_premium_pct"] or 50) / 100)
                     * num(r, "overtime_hours") / HPF)
paid = float(summary["total_cost"])
c.check(abs(cost - paid) <= 1e-4 * paid,
        f"total_cost {paid:.2f} = salaries + hires + overtime + BPO {cost:.2f}")
cost += PEN * sum(float(q["gap_fte"]) for q in qrows)
total = float(summary["objective"])
c.check(abs(cost - total) <= 1e-4 * total,
        f"objective {total:.2f} = total_cost + penalty x gap FTE-weeks {cost:.2f}")
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
d = os.path.join(tmp, "nostaff")
shutil.copytree(ws, d)
os.remove(os.path.join(d, "staff.csv"))
code, _, se = run("capacity", d, "-o", os.path.join(d, "out"))
c.check(code == 2 and "staff.csv" in se, f"no staff.csv -> exit 2: {se.strip()}")
code, _, se = run("capacity", ws, "--weeks", "0")
c.check(code == 2 and "--weeks" in se, f"--weeks 0 is a usage error: {se.strip()}")

shutil.rmtree(tmp)
c.done()
