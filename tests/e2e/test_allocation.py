"""allocation.csv (vendor x queue split of the planned agents), recomputed from the
other CSVs of the same folder, for `run`, `plan` and each folder of `whatif`:
- per queue and interval, the vendors' agents add up to coverage.csv's agents_planned
  (within 0.01: both files round to 3 decimals);
- a vendor appears only on queues vendors.csv lets it serve;
- per vendor and interval, its agents on all queues fit within its productive agents
  worked out from roster.csv alone (agents on shift minus those on break, times
  1 - shrinkage_pct; the queues' own shrinkage only lowers the split further)."""
import os
import shutil
import tempfile
from collections import defaultdict
from datetime import datetime

from common import Checker, TESTS, read_csv, roster_breaks, run

c = Checker()
ws = os.path.join(TESTS, "golden", "small", "workspace")
tmp = tempfile.mkdtemp(prefix="pp_alloc_")


def minutes(ts):
    return datetime.strptime(ts.replace("T", " "), "%Y-%m-%d %H:%M").timestamp() / 60


def overlap(a0, a1, b0, b1):
    return max(0.0, min(a1, b1) - max(a0, b0))


vendors = {r["vendor"]: r for r in read_csv(os.path.join(ws, "vendors.csv"))}
queues = [r["queue"] for r in read_csv(os.path.join(ws, "queues.csv"))]


def serves(v, q):
    qs = vendors[v]["queues"].strip()
    return qs == "*" or q in qs.split(";")


def check_folder(out, what):
    path = os.path.join(out, "allocation.csv")
    if not c.check(os.path.isfile(path), f"{what}: allocation.csv written"):
        return
    alloc = read_csv(path)
    cov = read_csv(os.path.join(out, "coverage.csv"))
    roster = read_csv(os.path.join(out, "roster.csv"))
    c.check(list(alloc[0].keys()) == ["vendor", "queue", "interval_start", "agents"],
            f"{what}: header vendor,queue,interval_start,agents")
    bad = [r for r in alloc if not serves(r["vendor"], r["queue"])]
    c.check(not bad, f"{what}: no ineligible vendor x queue row ({bad[:1]})")
    total = defaultdict(float)
    per_vendor = defaultdict(float)
    for r in alloc:
        a = float(r["agents"])
        total[(r["queue"], r["interval_start"])] += a
        per_vendor[(r["vendor"], r["interval_start"])] += a
    c.check(min(float(r["agents"]) for r in alloc) >= 0, f"{what}: agents >= 0")
    worst = max(abs(total[(r["queue"], r["interval_start"])] - float(r["agents_planned"]))
                for r in cov)
    c.check(worst <= 0.01, f"{what}: per queue and interval the vendors add up to "
                           f"agents_planned (worst difference {worst:.4f})")
    c.check(sum(float(r["agents_planned"]) for r in cov) > 1,
            f"{what}: the plan puts agents somewhere")
    # every eligible pair has every interval: the file's shape does not depend on the plan
    starts = sorted({r["interval_start"] for r in cov}, key=minutes)
    pairs = sum(serves(v, q) for v in vendors for q in queues)
    c.check(len(alloc) == pairs * len(starts),
            f"{what}: {len(alloc)} rows = {pairs} eligible pairs x {len(starts)} intervals")
    step = minutes(starts[1]) - minutes(starts[0])
    over = 0.0
    for v, V in vendors.items():
        keep = 1 - float(V.get("shrinkage_pct") or 0) / 100
        for s in starts:
            t0 = minutes(s)
            on = 0.0
            for r in roster:
                if r["vendor"] != v:
                    continue
                frac = overlap(minutes(r["start"]), minutes(r["end"]), t0, t0 + step)
                for bs, be in roster_breaks(r):  # every break (the breaks column when there)
                    frac -= overlap(bs.timestamp() / 60, be.timestamp() / 60, t0, t0 + step)
                on += int(r["agents"]) * frac / step
            over = max(over, per_vendor[(v, s)] - on * keep)
    c.check(over <= 0.01, f"{what}: each vendor's split fits in its productive agents from "
                          f"roster.csv (largest excess {over:.4f})")


out = os.path.join(tmp, "run")
code, _, se = run("run", ws, "-o", out, "--quiet", "--no-report", "--no-xlsx")
if c.check(code == 0, f"run: exit 0 {se.strip()[:300]}"):
    check_folder(out, "run")
    # plan: the same requirements through the plan command
    pout = os.path.join(tmp, "plan")
    code, _, se = run("plan", "--requirements", os.path.join(out, "requirements.csv"),
                      "--shifts", os.path.join(ws, "shifts.csv"),
                      "--vendors", os.path.join(ws, "vendors.csv"), "-o", pout,
                      # every deferred queue planned live leaves a 6-7 % gap that a minute of
                      # branch and bound does not close; any plan serves this test
                      "--time-limit", "5")
    if c.check(code == 0, f"plan: exit 0 {se.strip()[:300]}"):
        check_folder(pout, "plan")

sc = os.path.join(tmp, "scenarios.csv")
with open(sc, "w") as f:
    f.write("scenario,parameter,value,vendor\ncheap_bpo,vendor_hourly_cost,9.5,bpo_a\n"
            "more,volume_pct,30,\n")
wout = os.path.join(tmp, "whatif")
code, _, se = run("whatif", ws, "--scenarios", sc, "-o", wout, "--quiet", "--no-report", "--no-xlsx")
if c.check(code == 0, f"whatif: exit 0 {se.strip()[:300]}"):
    for name in ("base", "cheap_bpo", "more"):
        check_folder(os.path.join(wout, name), f"whatif {name}")
shutil.rmtree(tmp)
c.done()
