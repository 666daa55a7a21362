"""tours.csv and the headcount metrics, recomputed from the output CSVs alone, on a
9-day synthetic plan (`peakplan plan`, hourly, two vendors: one with its own work rules,
one with the defaults) and on the small golden workspace (`run`, 2 days):
- every tour obeys its vendor's rules: its days on (a shift or `spare`) repeat every
  7 days (weekly-repeating tours), and the week read cyclically has at most
  max_days_per_week days on, runs of days off at least min_consecutive_days_off, runs of
  days on at most max_consecutive_days;
- the people working shift s at time t on day d add up to roster.csv's agents there;
- headcount = the sum of tour people, per vendor and in all;
- headcount is at least what any single day and any week's shift starts force
  (independent lower bounds)."""
import itertools
import math
import os
import shutil
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta

from common import Checker, TESTS, read_csv, run

c = Checker()
tmp = tempfile.mkdtemp(prefix="pp_tours_")
DEFAULTS = {"max_days_per_week": 5, "min_consecutive_days_off": 2, "max_consecutive_days": 6}


def rules_of(vendors_csv):
    out = {}
    for r in read_csv(vendors_csv):
        out[r["vendor"]] = {k: int(r.get(k) or d) for k, d in DEFAULTS.items()}
    return out


def allowed(bits, R):
    """bits: 7 booleans (days on), the week read cyclically."""
    on = sum(bits)
    if on == 0 or on > R["max_days_per_week"]:
        return False
    if on == 7:
        return R["max_consecutive_days"] >= 7
    for k in range(7):
        if bits[k] == bits[k - 1]:
            continue
        run_len = 1
        while run_len < 7 and bits[(k + run_len) % 7] == bits[k]:
            run_len += 1
        if bits[k] and run_len > R["max_consecutive_days"]:
            return False
        if not bits[k] and run_len < R["min_consecutive_days_off"]:
            return False
    return True


def check(out, vendors_csv, what):
    rules = rules_of(vendors_csv)
    tours = read_csv(os.path.join(out, "tours.csv"))
    roster = read_csv(os.path.join(out, "roster.csv"))
    summary = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, "summary.csv"))}
    with open(os.path.join(out, "tours.csv"), encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    dates = header[3:]
    c.check(header[:3] == ["vendor", "tour", "people"] and len(dates) > 0,
            f"{what}: header vendor,tour,people then {len(dates)} dates")
    d0 = datetime.strptime(dates[0], "%Y-%m-%d")
    c.check(dates == [(d0 + timedelta(days=i)).strftime("%Y-%m-%d") for i in range(len(dates))],
            f"{what}: one column per horizon day, in order")
    bad = []
    for t in tours:
        R = rules[t["vendor"]]
        on = [t[d] != "off" for d in dates]
        week = [None] * 7
        for i, b in enumerate(on):
            if week[i % 7] is None:
                week[i % 7] = b
            elif week[i % 7] != b:
                bad.append((t["vendor"], t["tour"], "not weekly-repeating"))
        if len(dates) >= 7 and not allowed(week, R):
            bad.append((t["vendor"], t["tour"], "breaks the rules", week))
        if len(dates) < 7:  # what the horizon shows must fit some allowed week
            fits = any(allowed(list(w), R) for w in itertools.product([False, True], repeat=7)
                       if all(w[i] == on[i] for i in range(len(on))))
            if not fits:
                bad.append((t["vendor"], t["tour"], "fits no allowed week"))
        for d in dates:
            cell = t[d]
            if cell not in ("off", "spare") and len(cell.split(" ")) != 2:
                bad.append((t["vendor"], t["tour"], "bad cell", cell))
    c.check(not bad, f"{what}: {len(tours)} tours, every one obeys its vendor's rules {bad[:2]}")
    # people per (vendor, date, family, start) vs roster agents
    from_tours, from_roster = defaultdict(int), defaultdict(int)
    for t in tours:
        for d in dates:
            if t[d] not in ("off", "spare"):
                fam, clock = t[d].split(" ")
                from_tours[(t["vendor"], d, fam, clock)] += int(t["people"])
    for r in roster:
        if r["date"] in dates:
            from_roster[(r["vendor"], r["date"], r["shift"], r["start"][11:16])] += int(r["agents"])
    diff = {k: (from_tours.get(k), from_roster.get(k)) for k in set(from_tours) | set(from_roster)
            if from_tours.get(k) != from_roster.get(k)}
    c.check(not diff and from_roster, f"{what}: people on each shift = roster.csv's agents "
                                      f"({len(from_roster)} shift-days) {list(diff.items())[:2]}")
    heads = defaultdict(int)
    for t in tours:
        heads[t["vendor"]] += int(t["people"])
    c.check(int(summary["headcount"]) == sum(heads.values()),
            f"{what}: headcount {summary['headcount']} = sum of tour people {sum(heads.values())}")
    for v in rules:
        c.check(int(summary[f"headcount:{v}"]) == heads[v],
                f"{what}: headcount:{v} {summary[f'headcount:{v}']} = its tours' people {heads[v]}")
        daily = defaultdict(int)
        for r in roster:
            if r["vendor"] == v:
                daily[r["date"]] += int(r["agents"])
        per_day = [daily.get(d, 0) for d in dates]
        lb = max(per_day + [0])
        for i in range(0, max(1, len(per_day) - 6)):
            lb = max(lb, math.ceil(sum(per_day[i:i + 7]) / rules[v]["max_days_per_week"]))
        c.check(heads[v] >= lb, f"{what}: {v}: {heads[v]} people >= lower bound {lb}")
        if len(dates) >= 7:
            # weekly-repeating: the same people on day i and i+7, so the week's
            # worst day-by-day need must be covered by at most max_days days each
            need = [max(per_day[i::7]) for i in range(7)]
            lbw = max(max(need), math.ceil(sum(need) / rules[v]["max_days_per_week"]))
            c.check(heads[v] >= lbw, f"{what}: {v}: {heads[v]} people >= weekly bound {lbw} "
                                     f"(daily needs {need})")
    fte = float(summary["fte"])
    c.check(abs(fte - float(summary["paid_hours"]) / (40 * len(dates) / 7)) < 0.01,
            f"{what}: fte {fte} = paid hours / (40 h x {len(dates)}/7 weeks)")


# 9 days, hourly: two vendors, one with its own rules
d = os.path.join(tmp, "syn")
os.makedirs(d)
t0 = datetime(2026, 3, 16)
with open(os.path.join(d, "req.csv"), "w") as f:
    f.write("queue,interval_start,agents_needed\n")
    for q, scale in (("voice", 0.7), ("chat", 0.4)):
        for h in range(9 * 24):
            t = t0 + timedelta(hours=h)
            base = 0 if t.hour < 7 or t.hour >= 22 else 3 + 2.5 * math.sin((t.hour - 7) / 15 * math.pi)
            if t.weekday() >= 5:
                base *= 0.5
            f.write(f"{q},{t:%Y-%m-%d %H:%M},{base * scale:.3f}\n")
with open(os.path.join(d, "vendors.csv"), "w") as f:
    f.write("vendor,kind,queues,hourly_cost,max_days_per_week,min_consecutive_days_off,"
            "max_consecutive_days\nhome,inhouse,*,30,4,2,3\nbpo,bpo,chat,22,,,\n")
with open(os.path.join(d, "shifts.csv"), "w") as f:
    f.write("shift,vendors,days,earliest_start,latest_start,start_step_minutes,length_minutes,"
            "break_minutes,break_earliest_offset_minutes,break_latest_offset_minutes,break_paid\n"
            "day8,*,*,07:00,14:00,60,480,60,180,300,0\npart4,*,*,07:00,18:00,60,240,,,,\n")
out = os.path.join(tmp, "syn_out")
code, _, se = run("plan", "--requirements", os.path.join(d, "req.csv"), "--shifts",
                  os.path.join(d, "shifts.csv"), "--vendors", os.path.join(d, "vendors.csv"),
                  "-o", out, "--time-limit", "10", "--gap", "2")
if c.check(code == 0, f"plan, 9 days: exit 0 {se.strip()[-300:]}"):
    check(out, os.path.join(d, "vendors.csv"), "9-day plan")

# the golden workspace: 2 days, default rules
ws = os.path.join(TESTS, "golden", "small", "workspace")
out = os.path.join(tmp, "small_out")
code, _, se = run("run", ws, "-o", out, "--quiet", "--no-report", "--no-xlsx")
if c.check(code == 0, f"run small: exit 0 {se.strip()[-300:]}"):
    check(out, os.path.join(ws, "vendors.csv"), "small run")

# a bad rule: file:line:column, exit 2
with open(os.path.join(d, "vendors.csv"), "w") as f:
    f.write("vendor,kind,queues,hourly_cost,max_days_per_week\nhome,inhouse,*,30,4.5\n")
code, _, se = run("plan", "--requirements", os.path.join(d, "req.csv"), "--shifts",
                  os.path.join(d, "shifts.csv"), "--vendors", os.path.join(d, "vendors.csv"),
                  "-o", os.path.join(tmp, "bad"))
c.check(code == 2 and "vendors.csv:2:5" in se, f"max_days_per_week 4.5: exit 2 at vendors.csv:2:5 ({se.strip()[:200]})")
shutil.rmtree(tmp)
c.done()
