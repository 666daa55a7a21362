"""Several breaks per shift (shifts.csv `breaks`), checked from the output CSVs alone.

The small golden workspace with its day shift turned into a 9-hour family with three
breaks (a paid 15-minute rest, an unpaid 60-minute meal, a paid 15-minute rest), each in
its own window:
- every roster.csv row of the family lists three breaks in its `breaks` column, each
  inside its window, in order and not overlapping; break_start/break_end is the first;
- paid_hours = agents x (length - unpaid breaks);
- productive agents recomputed from roster.csv alone (on shift minus on any break, times
  1 - shrinkage) equal coverage.csv's agents_planned summed over queues, per interval,
  within rounding (the read-back spreads every productive agent over the queues);
- schedule.csv: per (vendor, start, end, breaks) the people count roster.csv's agents,
  their break/meal segments being exactly the row's breaks, labelled by pay;
- bad `breaks` cells exit 2 naming shifts.csv:line:column of the cell."""
import os
import shutil
import tempfile
from collections import defaultdict
from datetime import datetime, timedelta

from common import Checker, TESTS, break_pay, read_csv, roster_breaks, run

c = Checker()
src = os.path.join(TESTS, "golden", "small", "workspace")
tmp = tempfile.mkdtemp(prefix="pp_breaks_")
ws = os.path.join(tmp, "ws")
shutil.copytree(src, ws)
HEADER = ("shift,vendors,days,earliest_start,latest_start,start_step_minutes,length_minutes,"
          "break_minutes,break_earliest_offset_minutes,break_latest_offset_minutes,break_paid,"
          "breaks\n")
FAMILY = "15@90-210p;60@240-360;15@420-480:paid"
WINDOWS = [(15, 90, 210, True), (60, 240, 360, False), (15, 420, 480, True)]


def write_shifts(day9_breaks, extra=""):
    with open(os.path.join(ws, "shifts.csv"), "w", encoding="utf-8") as f:
        f.write(HEADER)
        f.write(f"day9,*,Mon-Fri,07:00,12:00,60,540,{extra},,,0,{day9_breaks}\n")
        f.write("part4,*,*,08:00,18:00,60,240,,,,,\n")
        f.write("bpo6,bpo_a,*,08:00,16:00,120,360,30,120,240,1,\n")


def stamp(ts):
    return datetime.strptime(ts.replace("T", " "), "%Y-%m-%d %H:%M")


def overlap(a0, a1, b0, b1):
    return max(timedelta(0), min(a1, b1) - max(a0, b0)).total_seconds() / 60


write_shifts(FAMILY)
c.check(break_pay(read_csv(os.path.join(ws, "shifts.csv"))[0]) == [True, False, True],
        "the test reads the family's paid markers")
out = os.path.join(tmp, "out")
code, _, se = run("run", ws, "-o", out, "--quiet", "--no-report", "--no-xlsx")
if c.check(code == 0, f"run with a three-break family: exit 0 {se.strip()[:300]}"):
    roster = read_csv(os.path.join(out, "roster.csv"))
    cov = read_csv(os.path.join(out, "coverage.csv"))
    vendors = {r["vendor"]: r for r in read_csv(os.path.join(ws, "vendors.csv"))}
    c.check("breaks" in roster[0], "roster.csv has a breaks column")
    fam = [r for r in roster if r["shift"] == "day9"]
    c.check(sum(int(r["agents"]) for r in fam) > 0, f"the plan uses the family ({len(fam)} rows)")
    bad_win, bad_first, bad_paid = [], [], []
    for r in fam:
        s0 = stamp(r["start"])
        brk = roster_breaks(r)
        ok = len(brk) == 3
        for (a, b), (length, lo, hi, _) in zip(brk, WINDOWS):
            off = (a - s0).total_seconds() / 60
            ok = ok and lo <= off <= hi and (b - a).total_seconds() / 60 == length
        ok = ok and all(brk[k][1] <= brk[k + 1][0] for k in range(len(brk) - 1))
        ok = ok and brk[-1][1] <= stamp(r["end"])
        if not ok:
            bad_win.append(r["breaks"])
        if not brk or r["break_start"] != brk[0][0].strftime("%Y-%m-%d %H:%M") or \
                r["break_end"] != brk[0][1].strftime("%Y-%m-%d %H:%M"):
            bad_first.append(r)
        if abs(float(r["paid_hours"]) - int(r["agents"]) * (540 - 60) / 60) > 0.006:
            bad_paid.append((r["agents"], r["paid_hours"]))
    c.check(not bad_win, f"every row's three breaks lie in their windows, in order, apart {bad_win[:2]}")
    c.check(not bad_first, f"break_start/break_end is the first break {bad_first[:1]}")
    c.check(not bad_paid, f"paid_hours = agents x 8 h (the meal unpaid) {bad_paid[:2]}")
    # productive agents from roster.csv alone vs coverage.csv
    planned = defaultdict(float)
    for r in cov:
        planned[r["interval_start"]] += float(r["agents_planned"])
    starts = sorted(planned, key=stamp)
    step = (stamp(starts[1]) - stamp(starts[0])).total_seconds() / 60
    worst = 0.0
    for s in starts:
        t0 = stamp(s)
        t1 = t0 + timedelta(minutes=step)
        prod = 0.0
        for r in roster:
            keep = 1 - float(vendors[r["vendor"]].get("shrinkage_pct") or 0) / 100
            on = overlap(stamp(r["start"]), stamp(r["end"]), t0, t1)
            for a, b in roster_breaks(r):
                on -= overlap(a, b, t0, t1)
            prod += int(r["agents"]) * keep * on / step
        worst = max(worst, abs(prod - planned[s]))
    c.check(worst <= 0.01 * len(read_csv(os.path.join(ws, "queues.csv"))),
            f"productive agents from roster.csv = agents_planned per interval (worst {worst:.4f})")
    # schedule.csv reproduces the breaks
    per = defaultdict(int)
    bad_lab = []
    for r in read_csv(os.path.join(out, "schedule.csv")):
        if r["segments"] == "spare":
            continue
        s0 = stamp(r["start"])
        m0 = s0.hour * 60 + s0.minute
        brk, labels = [], []
        for item in r["segments"].split(";"):
            span, act = item.split(" ", 1)
            if act not in ("break", "meal"):
                continue
            a, b = (int(x[:2]) * 60 + int(x[3:]) for x in span.split("-"))
            da, db = (a - m0) % 1440, (b - m0) % 1440 or 1440
            brk.append(((s0 + timedelta(minutes=da)).strftime("%Y-%m-%d %H:%M"),
                        (s0 + timedelta(minutes=db)).strftime("%Y-%m-%d %H:%M")))
            labels.append(act)
        if len(labels) == 3 and labels != ["break", "meal", "break"]:
            bad_lab.append(r["segments"])
        per[(r["vendor"], r["start"], r["end"], tuple(brk))] += 1
    want = defaultdict(int)
    for r in roster:
        brk = tuple((a.strftime("%Y-%m-%d %H:%M"), b.strftime("%Y-%m-%d %H:%M"))
                    for a, b in roster_breaks(r))
        want[(r["vendor"], r["start"], r["end"], brk)] += int(r["agents"])
    diff = {k: (per.get(k), want.get(k)) for k in set(per) | set(want) if per.get(k) != want.get(k)}
    c.check(not diff, f"schedule.csv: people per shift and breaks = roster.csv's agents "
                      f"{list(diff.items())[:2]}")
    c.check(not bad_lab, f"schedule.csv: rests are `break` (paid), the meal `meal` {bad_lab[:1]}")
    # the simulation reads every break from roster.csv
    code, _, se = run("simulate", ws, "--plan", out, "--reps", "2", "-o",
                      os.path.join(tmp, "sim.csv"), "-q")
    c.check(code == 0, f"simulate reads the roster's breaks: exit 0 {se.strip()[:300]}")

# bad cells: exit 2 at the `breaks` cell (line 2, column 12)
for cell, extra, why in [
        ("15@90-210;abc", "", "not LENGTH@EARLIEST-LATEST"),
        ("0@90-210", "", "length 0"),
        ("15@200-100", "", "latest before earliest"),
        ("15@90-530", "", "window past the shift's end"),
        ("60@90-210;15@200-300", "", "windows that may overlap"),
        ("15@60-70;15@90-100;15@120-130;15@150-160;15@180-190", "", "five breaks"),
        ("15@90-210:maybe", "", "an unknown marker"),
        ("15@90-210", "30", "breaks and break_minutes on one row")]:
    write_shifts(cell, extra)
    code, _, se = run("run", ws, "-o", os.path.join(tmp, "bad"), "--quiet", "--no-report",
                      "--no-xlsx")
    c.check(code == 2 and "shifts.csv:2:12:" in se,
            f"breaks cell {cell!r} ({why}): exit 2 at shifts.csv:2:12 ({code}, {se.strip()[:200]})")

shutil.rmtree(tmp)
c.done()
