"""`peakplan risk`: the cost of staffing to forecast quantiles, and the `quantile`
what-if parameter, on the small golden workspace (two days, hourly, three queues).

Checked from the files, not from peakplan's own arithmetic:
- each quantile's plan staffs that quantile: requirements.csv's offered is the
  forecast's offered_p50 in p50/ and offered_p90 in p90/, and lies between them in p80/;
- risk.csv's cost and service figures are the plan's summary.csv and its
  simulation.csv horizon rows; delta_cost_pct is recomputed; the `all` row is the
  offered-weighted mean of the queues;
- more staffing costs more and simulates better (cost and simulated service rise
  with the quantile; p90 meets voice's 80/20 on at least 80 % of simulated days);
- the simulation is `peakplan simulate --arrivals risk` of the same plan (same seed:
  same file) and does not depend on --threads;
- a what-if scenario `quantile,0.9` plans to the same cost as risk's p90 (another
  code path: the scenario restaffs a copy of the base);
- bad options and a quantile given per queue are exit 2 with a clear message."""
import math
import os
import shutil
import tempfile

from common import Checker, TESTS, read_csv, run

c = Checker()
tmp = tempfile.mkdtemp(prefix="pp_risk_")
ws = os.path.join(TESTS, "golden", "small", "workspace")
out = os.path.join(tmp, "risk")

rc, so, se = run("risk", ws, "-o", out)
c.check(rc == 0, f"risk on the small workspace: exit 0 (got {rc}: {se[-300:]})")
c.check("p50" in so and "p90" in so and "simulated" in so, "risk prints its table")
folders = ["p50", "p80", "p90"]
for f in folders:
    for fn in ("forecast.csv", "requirements.csv", "roster.csv", "coverage.csv",
               "summary.csv", "simulation.csv"):
        c.check(os.path.isfile(os.path.join(out, f, fn)), f"risk wrote {f}/{fn}")
rows = read_csv(os.path.join(out, "risk.csv"))
queues = [r["queue"] for r in read_csv(os.path.join(ws, "queues.csv"))]
c.check(len(rows) == 3 * (1 + len(queues)), f"risk.csv: a row for all and one per queue, per "
        f"quantile ({len(rows)} rows)")


def offered_by_key(path, col):
    return {(r["queue"], r["interval_start"]): float(r[col]) for r in read_csv(path)}


# each plan staffs its quantile
fc = os.path.join(out, "p50", "forecast.csv")
p50 = offered_by_key(fc, "offered_p50")
p90 = offered_by_key(fc, "offered_p90")
for f, lo, hi in (("p50", p50, p50), ("p80", p50, p90), ("p90", p90, p90)):
    req = offered_by_key(os.path.join(out, f, "requirements.csv"), "offered")
    bad = [k for k, v in req.items()
           if not (min(lo[k], hi[k]) - 0.0015 <= v <= max(lo[k], hi[k]) + 0.0015)]
    c.check(not bad and len(req) == len(p50),
            f"{f}/requirements.csv offered is the forecast's {f} ({len(bad)} cells off: {bad[:3]})")
req80 = offered_by_key(os.path.join(out, "p80", "requirements.csv"), "offered")
c.check(any(p50[k] + 0.01 < v < p90[k] - 0.01 for k, v in req80.items()),
        "p80 lies strictly between p50 and p90 where they differ")

# risk.csv against the folders' own files
by = {(r["quantile"], r["queue"]): r for r in rows}
cost = {}
for q, f in (("0.50", "p50"), ("0.80", "p80"), ("0.90", "p90")):
    summ = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, f, "summary.csv"))}
    cost[f] = float(summ["total_cost"])
    sim = {r["queue"]: r for r in read_csv(os.path.join(out, f, "simulation.csv"))
           if r["level"] == "horizon"}
    allrow = by.get((q, "all"))
    c.check(allrow is not None and abs(float(allrow["total_cost"]) - cost[f]) < 0.006,
            f"risk.csv {f}: total_cost is {f}/summary.csv's ({allrow and allrow['total_cost']})")
    c.check(allrow is not None and abs(float(allrow["paid_hours"]) - float(summ["paid_hours"])) < 0.006,
            f"risk.csv {f}: paid_hours is summary.csv's")
    num = den = 0.0
    for qn in queues:
        r = by.get((q, qn))
        s = sim[qn]
        ok = r is not None and r["simulated_service_level"] == s["service_level_pct"] and \
            r["simulated_service_level_ci"] == s["service_level_ci"] and \
            r["planned_service_level"] == s["planned_service_level_pct"] and \
            abs(float(r["days_met_pct"]) - float(s["days_met_pct"])) < 0.051
        c.check(ok, f"risk.csv {f} {qn}: the figures of {f}/simulation.csv's horizon row")
        num += float(s["service_level_pct"]) * float(s["offered"])
        den += float(s["offered"])
    c.check(abs(float(allrow["simulated_service_level"]) - num / den) < 0.006,
            f"risk.csv {f} all: offered-weighted simulated service ({allrow['simulated_service_level']} vs {num / den:.3f})")
for q, f in (("0.80", "p80"), ("0.90", "p90")):
    want = 100 * (cost[f] / cost["p50"] - 1)
    c.check(abs(float(by[(q, "all")]["delta_cost_pct"]) - want) < 0.006,
            f"delta_cost_pct of {f} is its cost over p50's ({want:.2f} %)")
c.check(cost["p50"] < cost["p80"] < cost["p90"], f"cost rises with the quantile {cost}")
sl = [float(by[(q, "all")]["simulated_service_level"]) for q in ("0.50", "0.80", "0.90")]
c.check(sl[0] < sl[1] < sl[2], f"simulated service rises with the quantile {sl}")
c.check(float(by[("0.90", "voice")]["days_met_pct"]) >= 80,
        f"p90 meets voice's target on >= 80 % of simulated days ({by[('0.90', 'voice')]['days_met_pct']})")

# the same simulation as `simulate --arrivals risk`, whatever the threads
sim_again = os.path.join(tmp, "sim80.csv")
rc, so, se = run("simulate", ws, "--plan", os.path.join(out, "p80"), "--arrivals", "risk",
                 "-o", sim_again, "-q")
with open(sim_again, encoding="utf-8") as fa, \
        open(os.path.join(out, "p80", "simulation.csv"), encoding="utf-8") as fb:
    c.check(rc == 0 and fa.read() == fb.read(),
            "p80/simulation.csv is `simulate --arrivals risk` of p80 (same seed, same bytes)")
out2 = os.path.join(tmp, "risk2")
rc, so, se = run("risk", ws, "-o", out2, "--threads", "2", "-q")
with open(os.path.join(out, "risk.csv"), encoding="utf-8") as fa, \
        open(os.path.join(out2, "risk.csv"), encoding="utf-8") as fb:
    c.check(rc == 0 and so == "" and fa.read() == fb.read(),
            "risk.csv is the same with --threads 2 (and -q prints nothing)")

# other quantiles, named by their percent
out3 = os.path.join(tmp, "risk3")
rc, so, se = run("risk", ws, "-o", out3, "--quantiles", "0.6,0.95", "--reps", "4", "-q")
c.check(rc == 0 and sorted(os.listdir(out3)) == [".peakplan", "p60", "p95", "risk.csv"],
        f"--quantiles 0.6,0.95: folders p60 and p95 ({rc}, {os.path.exists(out3) and sorted(os.listdir(out3))})")

# the what-if parameter
scn = os.path.join(tmp, "scenarios.csv")
with open(scn, "w", encoding="utf-8") as f:
    f.write("scenario,parameter,value,queue,vendor\nhigh,quantile,0.9,,\n")
wout = os.path.join(tmp, "whatif")
rc, so, se = run("whatif", ws, "--scenarios", scn, "-o", wout, "--no-report", "--no-xlsx", "-q")
wrow = {r["scenario"]: r for r in read_csv(os.path.join(wout, "scenarios_summary.csv"))} if rc == 0 else {}
c.check(rc == 0 and abs(float(wrow["high"]["total_cost"]) - cost["p90"]) < 0.006,
        f"whatif quantile 0.9 costs what risk's p90 costs ({wrow.get('high', {}).get('total_cost')} vs {cost['p90']})")
with open(os.path.join(wout, "high", "requirements.csv"), encoding="utf-8") as fa, \
        open(os.path.join(out, "p90", "requirements.csv"), encoding="utf-8") as fb:
    c.check(fa.read() == fb.read(), "whatif quantile 0.9 staffs as risk's p90 (requirements.csv)")
with open(scn, "w", encoding="utf-8") as f:
    f.write("scenario,parameter,value,queue,vendor\nhigh,quantile,0.9,voice,\n")
rc, so, se = run("whatif", ws, "--scenarios", scn, "-o", os.path.join(tmp, "w2"), "-q")
c.check(rc == 2 and "scenarios.csv:2:4" in se and "every queue" in se,
        f"quantile for one queue: exit 2 naming file:line:column ({rc}: {se.strip()[:200]})")
with open(scn, "w", encoding="utf-8") as f:
    f.write("scenario,parameter,value,queue,vendor,from\nhigh,quantile,0.9,,,2026-03-16\n")
rc, so, se = run("whatif", ws, "--scenarios", scn, "-o", os.path.join(tmp, "w3"), "-q")
c.check(rc == 2 and "no date range" in se, f"quantile with dates: exit 2 ({rc}: {se.strip()[:200]})")
with open(scn, "w", encoding="utf-8") as f:
    f.write("scenario,parameter,value\nhigh,quantile,1\n")
rc, so, se = run("whatif", ws, "--scenarios", scn, "-o", os.path.join(tmp, "w4"), "-q")
c.check(rc == 2 and "at most 0.99" in se, f"quantile 1: exit 2 ({rc}: {se.strip()[:200]})")

# bad command lines
for args, what in ((["--quantiles", "0.9,0.5"], "descending quantiles"),
                   (["--quantiles", "1.5"], "a quantile above 0.99"),
                   (["--quantiles", "0.5,"], "a trailing comma"),
                   (["--quantiles", "abc"], "not a number"),
                   (["--reps", "1"], "one replication"),
                   (["-o", "-"], "-o -")):
    rc, so, se = run("risk", ws, "-o", os.path.join(tmp, "bad"), *args)
    c.check(rc == 2 and "peakplan risk" in se and not os.path.exists(os.path.join(tmp, "bad")),
            f"risk with {what}: exit 2, nothing written ({rc}: {se.strip()[:160]})")
rc, so, se = run("risk", os.path.join(tmp, "nowhere"), "-o", os.path.join(tmp, "bad"))
c.check(rc == 2 and "nowhere" in se, f"risk on a missing workspace: exit 2 ({rc})")
rc, so, se = run("risk", "--help")
c.check(rc == 0 and "usage: peakplan risk" in so, "risk --help")

shutil.rmtree(tmp)
c.done()
