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
  (independent lower bounds);
- schedule.csv (one row per person and working day): positions 1..headcount per vendor,
  dealt to tours by their people; each row's start is its tour's shift that day, and the
  people per (start, end, break) add up to roster.csv's agents; segments cover the shift
  exactly, in time order, the break as `meal` (unpaid) or `break` (paid) in the roster's
  window; per vendor, queue and interval the people on a queue are within one person of
  the allocation's share of the people at work (allocation.csv)."""
import itertools
import math
import os
import shutil
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta

from common import Checker, TESTS, break_pay, read_csv, roster_breaks, run

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
def minutes(hhmm):
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def stamp(ts):
    return datetime.strptime(ts, "%Y-%m-%d %H:%M")


def check_schedule(out, shifts_csv, what):
    sched = read_csv(os.path.join(out, "schedule.csv"))
    tours = read_csv(os.path.join(out, "tours.csv"))
    roster = read_csv(os.path.join(out, "roster.csv"))
    alloc = read_csv(os.path.join(out, "allocation.csv"))
    paid = {r["shift"]: break_pay(r) for r in read_csv(shifts_csv)}
    with open(os.path.join(out, "tours.csv"), encoding="utf-8") as f:
        dates = f.readline().strip().split(",")[3:]
    # positions: 1..people of tour 1, then tour 2's, ...
    want_tour, heads = {}, defaultdict(int)
    for t in tours:
        for _ in range(int(t["people"])):
            heads[t["vendor"]] += 1
            want_tour[(t["vendor"], heads[t["vendor"]])] = t
    seen = defaultdict(set)
    bad_tour, bad_day, bad_seg = [], [], []
    per_shift = defaultdict(int)
    for r in sched:
        pos = int(r["position"])
        seen[r["vendor"]].add(pos)
        t = want_tour.get((r["vendor"], pos))
        if t is None or t["tour"] != r["tour"]:
            bad_tour.append((r["vendor"], pos))
            continue
        cell = t.get(r["date"], "off")
        if cell == "off" or (cell == "spare") != (r["segments"] == "spare"):
            bad_day.append((r["vendor"], pos, r["date"], cell, r["segments"]))
            continue
        if cell == "spare":
            continue
        fam, clock = cell.split(" ")
        if r["start"] != f"{r['date']} {clock}":
            bad_day.append((r["vendor"], pos, r["date"], cell, r["start"]))
        s0, e0 = stamp(r["start"]), stamp(r["end"])
        segs = []
        for item in r["segments"].split(";"):
            span, act = item.split(" ", 1)
            a, b = span.split("-")
            segs.append((minutes(a), minutes(b), act))
        # contiguous cover of [start, end), in time order (clock times may pass midnight)
        m0 = s0.hour * 60 + s0.minute
        length = int((e0 - s0).total_seconds() // 60)
        at, ok, brk = 0, True, []
        for a, b, act in segs:
            da, db = (a - m0) % 1440, (b - m0) % 1440 or 1440
            if da != at or db <= da:
                ok = False
            if act in ("break", "meal"):  # the family's breaks in order, labelled by pay
                pays = paid.get(fam, [])
                ok = ok and len(brk) < len(pays) and act == ("break" if pays[len(brk)] else "meal")
                brk.append((s0 + timedelta(minutes=da), s0 + timedelta(minutes=db)))
            at = db
        if not ok or at != length:
            bad_seg.append((r["vendor"], pos, r["date"], r["segments"]))
        key = (r["vendor"], r["start"], r["end"],
               tuple((a.strftime("%Y-%m-%d %H:%M"), b.strftime("%Y-%m-%d %H:%M")) for a, b in brk))
        per_shift[key] += 1
    c.check(all(seen[v] == set(range(1, heads[v] + 1)) for v in heads) and set(seen) <= set(heads),
            f"{what}: schedule.csv has positions 1..headcount per vendor {dict(heads)}")
    c.check(not bad_tour, f"{what}: every position belongs to its tour {bad_tour[:3]}")
    c.check(not bad_day, f"{what}: a row per working day of the tour, at its shift's start {bad_day[:3]}")
    c.check(not bad_seg, f"{what}: segments cover each shift in order, breaks labelled by pay {bad_seg[:2]}")
    from_roster = defaultdict(int)
    for r in roster:
        brk = tuple((a.strftime("%Y-%m-%d %H:%M"), b.strftime("%Y-%m-%d %H:%M"))
                    for a, b in roster_breaks(r))
        from_roster[(r["vendor"], r["start"], r["end"], brk)] += int(r["agents"])
    diff = {k: (per_shift.get(k), from_roster.get(k)) for k in set(per_shift) | set(from_roster)
            if per_shift.get(k) != from_roster.get(k)}
    c.check(not diff, f"{what}: people per shift and break = roster.csv's agents {list(diff.items())[:2]}")
    # queues: per vendor and interval, people on each queue vs the allocation's share
    share = defaultdict(dict)
    for r in alloc:
        share[(r["vendor"], r["interval_start"])][r["queue"]] = float(r["agents"])
    steps = sorted({r["interval_start"] for r in alloc})
    step = int((stamp(steps[1]) - stamp(steps[0])).total_seconds() // 60) if len(steps) > 1 else 60
    on_q = defaultdict(lambda: defaultdict(int))
    for r in sched:
        if r["segments"] == "spare":
            continue
        s0 = stamp(r["start"])
        m0 = s0.hour * 60 + s0.minute
        acts = set()
        for item in r["segments"].split(";"):
            span, act = item.split(" ", 1)
            a, b = span.split("-")
            if act in ("break", "meal"):
                continue
            da, db = (minutes(a) - m0) % 1440, (minutes(b) - m0) % 1440 or 1440
            t = s0 + timedelta(minutes=da)
            end = s0 + timedelta(minutes=db)
            while t < end:  # every interval this piece touches
                slot = t - timedelta(minutes=(t.hour * 60 + t.minute) % step)
                acts.add((slot.strftime("%Y-%m-%d %H:%M"), act))
                t = slot + timedelta(minutes=step)
        for slot, act in acts:
            on_q[(r["vendor"], slot)][act] += 1
    bad_q, checked = [], 0
    for key, counts in on_q.items():
        s = share.get(key, {})
        total = sum(max(x, 0) for x in s.values())
        present = sum(counts.values())
        if total <= 1e-9:
            if set(counts) != {"available"}:
                bad_q.append((key, dict(counts), "no allocation"))
            continue
        for q, x in s.items():
            checked += 1
            if abs(counts.get(q, 0) - x / total * present) >= 1:
                bad_q.append((key, q, counts.get(q, 0), round(x / total * present, 3)))
    c.check(not bad_q and checked > 0, f"{what}: people per queue within one of the allocation's "
            f"share ({checked} vendor-queue-intervals) {bad_q[:3]}")


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
    check_schedule(out, os.path.join(d, "shifts.csv"), "9-day plan")

# the golden workspace: 2 days, default rules
ws = os.path.join(TESTS, "golden", "small", "workspace")
out = os.path.join(tmp, "small_out")
code, _, se = run("run", ws, "-o", out, "--quiet", "--no-report", "--no-xlsx")
if c.check(code == 0, f"run small: exit 0 {se.strip()[-300:]}"):
    check(out, os.path.join(ws, "vendors.csv"), "small run")
    check_schedule(out, os.path.join(ws, "shifts.csv"), "small run")

# Tours in the integer program: a salaried in-house team (cost_basis head) beside an
# hourly BPO.  Only the team may serve tier2, which needs agents on Monday to Wednesday
# only, so the team needs people; a salaried person is paid for a whole week (five
# days) whatever the hours, so the plan must use the days it already pays for on
# voice, Thursday to Sunday, before it buys BPO hours -- although the team's weekly
# price (1600 for 40 h: 40 an hour) is dearer than the BPO's 30 an hour.  The same
# team paid 40 an hour is the control: it then works tier2's days only.
def salaried_workspace(d, vendors_rows):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "req.csv"), "w") as f:
        f.write("queue,interval_start,agents_needed\n")
        for h in range(7 * 24):
            t = t0 + timedelta(hours=h)
            open_ = 7 <= t.hour < 22
            voice = 3 + 2.5 * math.sin((t.hour - 7) / 15 * math.pi) if open_ else 0
            if t.weekday() >= 5:
                voice *= 0.6
            f.write(f"voice,{t:%Y-%m-%d %H:%M},{voice * 1.6:.3f}\n")
            tier2 = 2.0 if open_ and t.weekday() < 3 else 0  # Monday to Wednesday only
            f.write(f"tier2,{t:%Y-%m-%d %H:%M},{tier2:.3f}\n")
    with open(os.path.join(d, "vendors.csv"), "w") as f:
        f.write("vendor,kind,queues,hourly_cost,cost_basis,weekly_cost_per_head,"
                "max_hours_week_per_head,max_headcount\n" + vendors_rows)
    with open(os.path.join(d, "shifts.csv"), "w") as f:
        f.write("shift,vendors,days,earliest_start,latest_start,start_step_minutes,length_minutes,"
                "breaks\nday9,*,*,07:00,13:00,60,540,60@210-330\npart4,bpo,*,07:00,18:00,60,240,\n")


def plan_ws(d, out, *extra):
    return run("plan", "--requirements", os.path.join(d, "req.csv"), "--shifts",
               os.path.join(d, "shifts.csv"), "--vendors", os.path.join(d, "vendors.csv"),
               "-o", out, "--time-limit", "8", "--gap", "0.5", *extra)


def voice_hours_thu_sun(out, vendor):
    """Productive agent-hours of vendor on voice from Thursday on (allocation.csv,
    hourly intervals; the week starts on Monday t0)."""
    return sum(float(r["agents"]) for r in read_csv(os.path.join(out, "allocation.csv"))
               if r["vendor"] == vendor and r["queue"] == "voice"
               and datetime.strptime(r["interval_start"], "%Y-%m-%d %H:%M").weekday() >= 3)


d = os.path.join(tmp, "salaried")
salaried_workspace(d, "home,inhouse,*,0,head,1600,40,\nbpo,bpo,voice,30,,,,\n")
out = os.path.join(tmp, "salaried_out")
code, _, se = plan_ws(d, out)
dh = os.path.join(tmp, "hourly")
salaried_workspace(dh, "home,inhouse,*,40,,,,\nbpo,bpo,voice,30,,,,\n")
outh = os.path.join(tmp, "hourly_out")
codeh, _, seh = plan_ws(dh, outh)
if c.check(code == 0 and codeh == 0, f"salaried and hourly plans: exit 0 {se.strip()[-200:]} {seh.strip()[-200:]}"):
    check(out, os.path.join(d, "vendors.csv"), "salaried plan")
    check_schedule(out, os.path.join(d, "shifts.csv"), "salaried plan")
    summary = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, "summary.csv"))}
    hourly = {r["metric"]: r["value"] for r in read_csv(os.path.join(outh, "summary.csv"))}
    heads = int(summary["headcount:home"])
    c.check(heads > 0, f"salaried plan: the salaried team has people ({heads})")
    c.check(abs(float(summary["cost:home"]) - heads * 1600) < 0.01,
            f"salaried plan: cost:home {summary['cost:home']} = {heads} people x 1600 a week")
    c.check(summary.get("weekly_cost_per_head:home") == "1600.00",
            f"salaried plan: weekly_cost_per_head:home = 1600.00 ({summary.get('weekly_cost_per_head:home')})")
    roster = read_csv(os.path.join(out, "roster.csv"))
    home_cost = sum(float(r["cost"]) for r in roster if r["vendor"] == "home")
    c.check(abs(home_cost - heads * 1600) < 0.01 * len(roster),
            f"salaried plan: roster.csv's home rows carry the people's cost ({home_cost:.2f})")
    home_hours = float(summary["paid_hours:home"])
    c.check(home_hours >= 0.95 * heads * 40,
            f"salaried plan: the people work the hours paid for ({home_hours} h of {heads} x 40)")
    vs, vh = voice_hours_thu_sun(out, "home"), voice_hours_thu_sun(outh, "home")
    bs, bh = float(summary["paid_hours:bpo"]), float(hourly["paid_hours:bpo"])
    c.check(vs >= 0.5 * heads * 2 * 8 and vh < 0.25 * vs and bs < bh,
            f"salaried plan: the days the team is paid for serve voice before BPO hours are "
            f"bought (home on voice Thu-Sun {vs:.1f} agent-h salaried, {vh:.1f} hourly; BPO "
            f"{bs} h vs {bh} h)")

# a hiring freeze: max_headcount caps the salaried team; the rest goes to the BPO
d2 = os.path.join(tmp, "frozen")
salaried_workspace(d2, "home,inhouse,*,0,head,1600,40,3\nbpo,bpo,voice,30,,,,\n")
out2 = os.path.join(tmp, "frozen_out")
code, _, se = plan_ws(d2, out2)
if c.check(code == 0, f"frozen plan: exit 0 {se.strip()[-300:]}"):
    check(out2, os.path.join(d2, "vendors.csv"), "frozen plan")
    s2 = {r["metric"]: r["value"] for r in read_csv(os.path.join(out2, "summary.csv"))}
    c.check(int(s2["headcount:home"]) == 3 and float(s2["understaffed_agent_hours"]) > 0,
            f"frozen plan: max_headcount 3 holds and binds (headcount:home "
            f"{s2['headcount:home']}, tier2 understaffed {s2['understaffed_agent_hours']} agent-h)")

# bad people terms: file:line:column, exit 2
for rows, cell, what in (("home,inhouse,*,0,head,,40,\nbpo,bpo,voice,30,,,,\n", "vendors.csv:2:6", "head without a weekly cost"),
                         ("home,inhouse,*,0,hour,1000,,\n", "vendors.csv:2:6", "a weekly cost for an hourly vendor"),
                         ("home,inhouse,*,0,salary,1000,,\n", "vendors.csv:2:5", "an unknown cost_basis"),
                         ("home,inhouse,*,0,head,1000,40,2.5\n", "vendors.csv:2:8", "2.5 people")):
    salaried_workspace(d2, rows)
    code, _, se = plan_ws(d2, os.path.join(tmp, "bad_people"))
    c.check(code == 2 and cell in se, f"{what}: exit 2 at {cell} ({se.strip()[:200]})")

# a bad rule: file:line:column, exit 2
with open(os.path.join(d, "vendors.csv"), "w") as f:
    f.write("vendor,kind,queues,hourly_cost,max_days_per_week\nhome,inhouse,*,30,4.5\n")
code, _, se = run("plan", "--requirements", os.path.join(d, "req.csv"), "--shifts",
                  os.path.join(d, "shifts.csv"), "--vendors", os.path.join(d, "vendors.csv"),
                  "-o", os.path.join(tmp, "bad"))
c.check(code == 2 and "vendors.csv:2:5" in se, f"max_days_per_week 4.5: exit 2 at vendors.csv:2:5 ({se.strip()[:200]})")
shutil.rmtree(tmp)
c.done()
