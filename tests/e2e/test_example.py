"""`peakplan run` on data/example succeeds, and its outputs agree with its own roster:
cost and paid hours are recomputed from roster.csv and the input prices, every shift
and break lies inside its family's windows, seats and hour limits hold, and the coverage
in coverage.csv is what the rostered agents (net of shrinkage) can give. It runs on a
copy of the example whose time limit never binds (common.example_copy), so the result
does not depend on the machine's speed or load."""
import configparser
import os
import shutil
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta

from common import Checker, break_pay, example_copy, read_csv, roster_breaks, run

c = Checker()
tmp = tempfile.mkdtemp(prefix="pp_example_")
ws = example_copy(os.path.join(tmp, "example"))
out = os.path.join(tmp, "out")
code, so, se = run("run", ws, "-o", out)
c.check(code == 0, f"peakplan run on a copy of data/example exits 0 ({se.strip()[-300:]})")
if code != 0:
    c.done()
print("# " + so.replace("\n", "\n# "))

CONTRACT = {
    "forecast.csv": ["queue", "interval_start", "offered", "offered_p10", "offered_p50", "offered_p90", "aht_seconds"],
    "requirements.csv": ["queue", "interval_start", "offered", "aht_seconds", "agents_needed", "service_level_pct",
                         "asa_seconds", "abandon_pct", "occupancy_pct"],
    "roster.csv": ["vendor", "date", "shift", "start", "end", "break_start", "break_end", "agents", "paid_hours"],
    "coverage.csv": ["queue", "interval_start", "agents_needed", "agents_planned", "service_level_pct", "asa_seconds",
                     "abandon_pct", "backlog"],
    "summary.csv": ["metric", "value"],
}
for name, cols in CONTRACT.items():
    path = os.path.join(out, name)
    ok = os.path.exists(path)
    if ok:
        with open(path, encoding="utf-8") as f:
            header = f.readline().strip().split(",")
        ok = all(col in header for col in cols)
    c.check(ok, f"{name} has the contract's columns")

T = lambda s: datetime.strptime(s, "%Y-%m-%d %H:%M")
vendors = {v["vendor"]: v for v in read_csv(os.path.join(ws, "vendors.csv"))}
families = {f["shift"]: f for f in read_csv(os.path.join(ws, "shifts.csv"))}
roster = read_csv(os.path.join(out, "roster.csv"))
summary = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, "summary.csv"))}
coverage = read_csv(os.path.join(out, "coverage.csv"))
ini = configparser.ConfigParser(inline_comment_prefixes=(";", "#"))
ini.read(os.path.join(ws, "plan.ini"))
step = int(ini["plan"]["interval_minutes"])

for m in ["total_cost", "paid_hours", "service_level_pct", "understaffed_agent_hours", "solver_status",
          "mip_gap_pct", "solve_seconds"]:
    c.check(m in summary, f"summary.csv has {m}")
c.check(summary.get("solver_status") in ("optimal", "feasible"), f"solver status {summary.get('solver_status')}")
c.check(len(roster) > 0, f"roster has {len(roster)} rows")

def num(s, default=None):
    return float(s) if s not in (None, "") else default

def family_breaks(f):
    """(length, earliest, latest, paid) of each break of a shifts.csv row, in order."""
    pay = break_pay(f)
    cell = (f.get("breaks") or "").strip()
    if not cell:
        n = int(f.get("break_minutes") or 0)
        return [(n, int(f["break_earliest_offset_minutes"]), int(f["break_latest_offset_minutes"]),
                 pay[0])] if n > 0 else []
    out = []
    for item, paid in zip(filter(None, (i.strip() for i in cell.split(";"))), pay):
        n, window = item.split("@")
        e, l = window.split("-")
        out.append((int(n), int(e), int("".join(ch for ch in l if ch.isdigit())), paid))
    return out


cost = hours = 0.0
bad_cost = bad_window = bad_break = 0
on_duty = defaultdict(float)     # (vendor, interval start) -> agents working, not on break
day_agents = defaultdict(int)
row_cost = defaultdict(float)
for r in roster:
    v, f = vendors[r["vendor"]], families[r["shift"]]
    a = int(r["agents"])
    start, end = T(r["start"]), T(r["end"])
    length = int(f["length_minutes"])
    fb = family_breaks(f)
    paid = (length - sum(n for n, _, _, p in fb if not p)) / 60 * a
    salaried = (v.get("cost_basis") or "hour").strip() == "head"  # its cost: below
    row_cost[r["vendor"]] += float(r.get("cost") or 0)
    if abs(paid - float(r["paid_hours"])) > 0.011 or (not salaried and abs(paid * float(v["hourly_cost"]) - float(r.get("cost", paid * float(v["hourly_cost"])))) > 0.02):
        bad_cost += 1
    if not salaried:
        cost += paid * float(v["hourly_cost"])
    hours += paid
    tod = start.hour * 60 + start.minute
    e0 = int(f["earliest_start"][:2]) * 60 + int(f["earliest_start"][3:])
    l0 = int(f["latest_start"][:2]) * 60 + int(f["latest_start"][3:])
    if not (e0 <= tod <= l0 and (tod - e0) % int(f["start_step_minutes"]) == 0 and end - start == timedelta(minutes=length)):
        bad_window += 1
    rb = roster_breaks(r)
    if len(rb) != len(fb) or any(not (e <= (bs - start).total_seconds() / 60 <= l and be - bs == timedelta(minutes=n))
                                 for (bs, be), (n, e, l, _) in zip(rb, fb)):
        bad_break += 1
    day_agents[(r["vendor"], r["date"])] += a
    t = start
    while t < end:
        slot_end = t + timedelta(minutes=step)
        work = (min(slot_end, end) - t).total_seconds() / 60
        for bs, be in rb:
            work -= max(0.0, (min(slot_end, be) - max(t, bs)).total_seconds() / 60)
        on_duty[(r["vendor"], t)] += a * work / step
        t = slot_end

# a salaried vendor (cost_basis head) costs its people x weekly_cost_per_head x weeks on top
days = int(ini["plan"]["days"])
for name, v in vendors.items():
    if (v.get("cost_basis") or "hour").strip() == "head":
        heads = float(summary.get(f"headcount:{name}", "nan"))
        c.check(heads > 0, f"summary.csv has the salaried vendor's headcount:{name} ({heads})")
        own = heads * float(v["weekly_cost_per_head"]) * days / 7 + sum(
            float(r["paid_hours"]) * float(v["hourly_cost"]) for r in roster if r["vendor"] == name)
        cost += own
        c.check(abs(row_cost[name] - own) < 0.01 * max(1, len(roster)),
                f"{name}'s roster rows share its salaried cost {own:.2f} ({row_cost[name]:.2f})")

c.check(bad_cost == 0, f"every roster row's paid hours and cost follow from its shift and vendor ({bad_cost} bad)")
c.check(abs(cost - float(summary["total_cost"])) < 0.01 * max(1, len(roster)), f"total cost {cost:.2f} recomputed = summary {summary['total_cost']}")
c.check(abs(hours - float(summary["paid_hours"])) < 0.01 * max(1, len(roster)), f"paid hours {hours:.2f} recomputed = summary {summary['paid_hours']}")
c.check(bad_window == 0, f"every shift starts inside its family's window on its step ({bad_window} bad)")
c.check(bad_break == 0, f"every row has its family's breaks, each inside its window and as long as it should be ({bad_break} bad)")

seat_viol = [(k, n) for k, n in on_duty.items() if n > num(vendors[k[0]].get("seats"), float("inf")) + 1e-6]
c.check(not seat_viol, f"seats never exceeded ({seat_viol[:3]})")
agents_viol = [(k, n) for k, n in day_agents.items() if n > num(vendors[k[0]].get("max_agents"), float("inf")) + 1e-6]
c.check(not agents_viol, f"max_agents per day never exceeded ({agents_viol[:3]})")

# Coverage: per interval, the agents planned on all queues never exceed what the
# rostered agents give net of vendor shrinkage, and per queue never exceed what its
# eligible vendors give.
queues = [q["queue"] for q in read_csv(os.path.join(ws, "queues.csv"))]
elig = {v: (set(queues) if vv["queues"].strip() == "*" else set(x.strip() for x in vv["queues"].split(";")))
        for v, vv in vendors.items()}
net = defaultdict(float)
net_q = defaultdict(float)
for (v, t), n in on_duty.items():
    g = n * (1 - num(vendors[v].get("shrinkage_pct"), 0) / 100)
    net[t] += g
    for q in elig[v]:
        net_q[(q, t)] += g
planned_t = defaultdict(float)
over_q = []
short_bad = 0
under = 0.0
for r in coverage:
    t = T(r["interval_start"])
    p = float(r["agents_planned"])
    planned_t[t] += p
    if p > net_q[(r["queue"], t)] + 1e-3:
        over_q.append((r["queue"], r["interval_start"], p, net_q[(r["queue"], t)]))
    sf = num(r.get("understaffed_agents"), 0.0)
    under += sf * step / 60
# coverage.csv prints 3 decimals: each queue's value is within 0.0005 of the model's
over_t = [(t, p, net[t]) for t, p in planned_t.items() if p > net[t] + 0.0005 * len(queues) + 1e-6]
c.check(not over_t, f"planned agents over all queues never exceed the roster net of shrinkage ({over_t[:2]})")
c.check(not over_q, f"a queue is covered only by its eligible vendors ({over_q[:2]})")
c.check(abs(under - float(summary["understaffed_agent_hours"])) < 0.01 + 1e-3 * len(coverage),
        f"understaffed agent-hours {under:.3f} = summary {summary['understaffed_agent_hours']}")
sl = float(summary["service_level_pct"]) if summary.get("service_level_pct") else -1
c.check(0 <= sl <= 100, f"planned service level {sl}% is a percentage")
shutil.rmtree(tmp)
c.done()
