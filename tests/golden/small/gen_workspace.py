#!/usr/bin/env python3
"""Writes the golden test's small workspace (tests/golden/small/workspace/), seeded.

Three queues (voice with patience, chat with concurrency 2,
tickets with a 30-minute first response), an in-house team and one BPO, three shift
families, ten weeks of hourly history with a weekly pattern and one past promotion of a
kind that recurs in the two-day horizon. Small enough that the plan reaches its 5 % gap
in well under a second (GLPK's search is deterministic up to that node), so the golden
outputs never depend on timing.

usage: python3 tests/golden/small/gen_workspace.py [--seed N] [--out DIR]
"""
import argparse
import math
import os
import random
from datetime import date, timedelta

HOURS = {  # queue -> open hours [first, last] on weekdays / weekends
    "voice": ((8, 19), (9, 17)),
    "chat": ((8, 21), (8, 21)),
    "ticket": ((8, 19), (10, 15)),
}
BASE = {"voice": 38.0, "chat": 30.0, "ticket": 14.0}     # contacts per peak hour
AHT = {"voice": 240.0, "chat": 420.0, "ticket": 600.0}
WEEKDAY = [1.0, 0.95, 0.92, 0.9, 0.97, 0.7, 0.6]


def intraday(h):
    """Two peaks: late morning and early afternoon."""
    return 0.55 + 0.45 * math.exp(-((h - 10.5) / 2.2) ** 2) + 0.35 * math.exp(-((h - 15) / 2.0) ** 2)


def poisson(rng, lam):
    if lam < 30:
        l, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= l:
                return k
            k += 1
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "workspace"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    first, last = date(2026, 1, 5), date(2026, 3, 15)      # ten weeks, Monday .. Sunday
    promo = (date(2026, 2, 12), date(2026, 2, 13))          # a past "flash_sale"
    rows = []
    for q in HOURS:
        d = first
        while d <= last:
            wd = d.weekday()
            lo, hi = HOURS[q][0] if wd < 5 else HOURS[q][1]
            mult = WEEKDAY[wd] * (1 + 0.002 * (d - first).days)
            if promo[0] <= d <= promo[1]:
                mult *= 1.5
            for h in range(lo, hi + 1):
                lam = BASE[q] * mult * intraday(h)
                n = poisson(rng, lam)
                aht = AHT[q] * (1 + 0.05 * math.sin(h / 3.0)) * rng.uniform(0.95, 1.05)
                rows.append(f"{q},{d.isoformat()} {h:02d}:00,{n},{aht:.1f}")
            d += timedelta(days=1)
    with open(os.path.join(a.out, "history.csv"), "w") as f:
        f.write("queue,interval_start,offered,aht_seconds\n" + "\n".join(rows) + "\n")
    with open(os.path.join(a.out, "events.csv"), "w") as f:
        f.write("event,kind,start_date,end_date,queues,uplift_pct\n")
        f.write("flash_feb,flash_sale,2026-02-12,2026-02-13,,\n")
        f.write("flash_mar,flash_sale,2026-03-17,2026-03-17,voice;chat,\n")
        f.write("launch,product_launch,2026-03-16,2026-03-16,chat,40\n")
    with open(os.path.join(a.out, "queues.csv"), "w") as f:
        f.write("queue,channel,target_pct,target_seconds,max_occupancy_pct,patience_seconds,"
                "concurrency,escalates_to,escalation_pct\n")
        f.write("voice,voice,80,20,90,180,,,\n")
        f.write("chat,chat,80,60,,,2,,\n")
        f.write("ticket,ticket,90,1800,,,,,\n")
    with open(os.path.join(a.out, "vendors.csv"), "w") as f:
        f.write("vendor,kind,queues,hourly_cost,seats,min_hours_week,max_hours_week,max_agents,shrinkage_pct\n")
        f.write("inhouse,inhouse,*,30,14,80,,,25\n")
        f.write("bpo_a,bpo,chat;ticket,18,10,,,8,15\n")
    with open(os.path.join(a.out, "shifts.csv"), "w") as f:
        f.write("shift,vendors,days,earliest_start,latest_start,start_step_minutes,length_minutes,"
                "break_minutes,break_earliest_offset_minutes,break_latest_offset_minutes,break_paid\n")
        f.write("day8,*,Mon-Fri,07:00,12:00,60,540,60,180,300,0\n")
        f.write("part4,*,*,08:00,18:00,60,240,,,,\n")
        f.write("bpo6,bpo_a,*,08:00,16:00,120,360,30,120,240,1\n")
    with open(os.path.join(a.out, "plan.ini"), "w") as f:
        f.write("; golden test workspace: two days, hourly\n[plan]\nstart = 2026-03-16\ndays = 2\n"
                "interval_minutes = 60\n\n; the solve must stop at a gap (a fixed node of the search), never at the\n"
                "; clock, or the golden outputs would depend on the machine\n"
                "[solver]\ntime_limit_seconds = 60\nmip_gap_pct = 5\n\n"
                "[cost]\nunderstaffing_penalty_per_agent_hour = 120\n")


if __name__ == "__main__":
    main()
