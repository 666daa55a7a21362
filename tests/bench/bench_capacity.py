"""Capacity benchmark (issue 15): 78 weeks x 10 vendors x 20 queues, forecast and staffing
included, goal <= 10 s on 2 cores.

    python3 bench_capacity.py PEAKPLAN WORKDIR [--check]

Writes a synthetic workspace into WORKDIR/ws once (not timed): two years of hourly history
for 20 queues (14 voice, 4 chat, 2 email) with weekly, intraday and annual shapes and a
yearly 11.11 peak, 4 in-house vendors and 6 BPOs with partial eligibility, classes every
2 or 3 weeks, BPO notice and change limits. Deterministic (a fixed LCG). Then times
`peakplan capacity WORKDIR/ws --write-model WORKDIR/capacity.mps` and prints one CSV line:
weeks,vendors,queues,seconds,objective,status[,ref_solver,ref_objective,ref_seconds,diff_pct]
With --check the exported model is also solved by glpsol or cbc when one is installed.
"""
import datetime as dt
import math
import os
import re
import shutil
import subprocess
import sys
import time

WEEKS, NV, NQ = 78, 10, 20
START = dt.date(2026, 6, 1)


def lcg(seed=12345):
    x = seed
    while True:
        x = (1103515245 * x + 12345) % 2**31
        yield x / 2**31


def write_workspace(ws):
    os.makedirs(ws, exist_ok=True)
    r = lcg()
    queues = []
    for q in range(NQ):
        ch = "voice" if q < 14 else "chat" if q < 18 else "email"
        queues.append((f"q{q:02d}", ch, 20 + 80 * next(r), 240 + 200 * next(r)))
    with open(os.path.join(ws, "queues.csv"), "w") as f:
        f.write("queue,channel,target_pct,target_seconds,max_occupancy_pct,patience_seconds,"
                "concurrency\n")
        for name, ch, _, _ in queues:
            if ch == "voice":
                f.write(f"{name},voice,80,20,88,150,\n")
            elif ch == "chat":
                f.write(f"{name},chat,80,60,85,240,2\n")
            else:
                f.write(f"{name},email,90,14400,,,\n")
    with open(os.path.join(ws, "vendors.csv"), "w") as f:
        f.write("vendor,kind,queues,hourly_cost\n")
        for v in range(NV):
            kind = "inhouse" if v < 4 else "bpo"
            qs = "*" if v == 0 else ";".join(
                queues[q][0] for q in range(NQ) if (q + v) % 3 != 0)
            f.write(f"v{v},{kind},{qs},{30 if v < 4 else 20}\n")
    with open(os.path.join(ws, "shifts.csv"), "w") as f:
        f.write("shift,vendors,days,earliest_start,latest_start,start_step_minutes,"
                "length_minutes\nday,*,*,06:00,14:00,60,480\n")
    with open(os.path.join(ws, "plan.ini"), "w") as f:
        f.write("[plan]\nstart = 2026-06-01\ndays = 7\ninterval_minutes = 60\n")
    with open(os.path.join(ws, "events.csv"), "w") as f:
        f.write("event,kind,start_date,end_date,queues,uplift_pct\n")
        for y in (2024, 2025, 2026, 2027):
            f.write(f"d11_{y},double11,{y}-11-11,{y}-11-11,,\n")
    with open(os.path.join(ws, "history.csv"), "w") as f:
        f.write("queue,interval_start,offered,aht_seconds\n")
        day0 = dt.date(2024, 6, 1)
        for name, ch, scale, aht in queues:
            for d in range((START - day0).days):
                day = day0 + dt.timedelta(days=d)
                season = 1 + 0.25 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 80) / 365)
                week = (1.15, 1.05, 1.0, 1.0, 0.95, 0.75, 0.7)[day.weekday()]
                peak = 3.0 if (day.month, day.day) == (11, 11) else 1.0
                for h in range(8, 23):
                    intra = math.exp(-((h - 11.5) ** 2) / 8) + 0.8 * math.exp(-((h - 19) ** 2) / 6)
                    n = round(scale * season * week * peak * (0.3 + intra) * (0.9 + 0.2 * next(r)))
                    if n > 0:
                        f.write(f"{name},{day} {h:02d}:00,{n},{aht:.0f}\n")
    with open(os.path.join(ws, "capacity.ini"), "w") as f:
        f.write(f"[capacity]\nstart = {START}\nweeks = {WEEKS}\nhours_per_fte = 40\n"
                "[cost]\nunderstaffing_penalty_per_fte_week = 12000\n"
                "[solver]\ntime_limit_seconds = 60\nmip_gap_pct = 0.1\n"
                "[shrinkage]\ndefault = 30\n2026-08 = 35\n2026-11 = 24\n2027-08 = 35\n")
    with open(os.path.join(ws, "staff.csv"), "w") as f:
        f.write("vendor,headcount,attrition_pct_week,class_every_weeks,class_min,class_max,"
                "hire_cost,training_weeks,ramp_pct,weekly_cost,overtime_max_pct,bpo_min_fte,"
                "bpo_max_fte,notice_weeks,max_change_fte_week,price_per_fte_week\n")
        for v in range(NV):
            if v < 4:
                f.write(f"v{v},{60 + 20 * v},0.{5 + v},{2 + v % 2},6,{20 + 5 * v},2500,"
                        f"{2 + v % 3},50;75;90,{1250 + 20 * v},10,,,,,\n")
            else:
                f.write(f"v{v},{15 + 2 * v},,,,,,,,,,10,{60 + 8 * v},{2 + v % 4},{5 + v},"
                        f"{1500 + 40 * v}\n")


def main():
    exe, work = sys.argv[1], sys.argv[2]
    check = "--check" in sys.argv
    ws = os.path.join(work, "ws")
    if not os.path.exists(os.path.join(ws, "staff.csv")):
        write_workspace(ws)
    mps = os.path.join(work, "capacity.mps")
    t0 = time.monotonic()
    p = subprocess.run([exe, "capacity", ws, "-o", os.path.join(work, "out"),
                        "--write-model", mps], capture_output=True, text=True)
    secs = time.monotonic() - t0
    sys.stderr.write(p.stderr)
    if p.returncode != 0:
        sys.exit(p.returncode)
    summ = dict(l.split(",", 1) for l in open(os.path.join(work, "out", "capacity_summary.csv"))
                .read().splitlines()[1:])
    obj = float(summ["objective"])
    line = f"{WEEKS},{NV},{NQ},{secs:.2f},{obj:.2f},{summ['solver_status']}"
    if check:
        if shutil.which("glpsol"):
            t0 = time.monotonic()
            sol = os.path.join(work, "glpsol.txt")
            subprocess.run(["glpsol", "--freemps", mps, "--mipgap", "0.001", "-o", sol],
                           capture_output=True, timeout=900)
            ref = float(re.search(r"Objective:\s+\S+\s+=\s+(\S+)", open(sol).read()).group(1))
            line += f",glpsol,{ref:.2f},{time.monotonic() - t0:.2f},{100 * (obj - ref) / ref:.4f}"
        if shutil.which("cbc"):
            t0 = time.monotonic()
            out = subprocess.run(["cbc", mps, "ratio", "0.0001", "solve", "quit"],
                                 capture_output=True, text=True, timeout=900).stdout
            ref = float(re.search(r"Objective value:\s+(\S+)", out).group(1))
            line += f",cbc,{ref:.2f},{time.monotonic() - t0:.2f},{100 * (obj - ref) / ref:.4f}"
    print(line)
    if secs > 10:
        sys.stderr.write(f"bench_capacity: {secs:.1f} s is over the 10 s goal\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
