#!/usr/bin/env python3
"""Generate a forecast workspace with many event kinds (issue 18 item 5).

Writes OUT/history.csv (two years of hourly history for a few queues) and
OUT/events.csv (KINDS event kinds, each with a few occurrences at random days
of the history and the first days after it), for timing `peakplan forecast`
as the number of kinds grows:

    python3 tools/gen_many_kinds.py --kinds 1000 --out /tmp/kinds1000
    time build/peakplan forecast --history /tmp/kinds1000/history.csv \\
        --events /tmp/kinds1000/events.csv --from 2026-01-01 --days 3 -o /tmp/fc.csv

Every kind has its own multiplicative effect on the days it lasts (and a
smaller one the day before and after), so the daily regression gets a few
columns per kind, each touching only a handful of days: a sparse design.
Python 3 standard library only; deterministic for a given seed.
"""
import argparse
import csv
import datetime as dt
import math
import os
import random

HIST_START = dt.date(2024, 1, 1)
HIST_DAYS = 731                    # 2024-01-01 .. 2025-12-31
HORIZON_START = HIST_START + dt.timedelta(days=HIST_DAYS)   # 2026-01-01
WEEKDAY = [1.12, 1.04, 1.00, 0.98, 0.95, 0.70, 0.60]


def intraday(hour):
    """Share of a day's contacts in an hour: closed 0-6, morning and afternoon peaks."""
    if hour < 7 or hour >= 23:
        return 0.0
    return (0.4 + math.exp(-((hour - 10.5) / 2.0) ** 2)
            + 0.8 * math.exp(-((hour - 15.0) / 2.5) ** 2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kinds", type=int, required=True, help="number of event kinds")
    ap.add_argument("--out", required=True, help="output folder (created)")
    ap.add_argument("--queues", type=int, default=2, help="queues (default 2)")
    ap.add_argument("--occurrences", type=int, default=3,
                    help="occurrences per kind (default 3; the last may fall in the horizon)")
    ap.add_argument("--seed", type=int, default=18)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    queues = ["queue%02d" % q for q in range(a.queues)]

    # Events: occurrences at random days over the history and the first two
    # weeks after it, 1-3 days long; the effect belongs to the kind.
    events = []          # (name, kind, start, end, queues or "", uplift_pct or None)
    effect = {}          # kind -> (during, around) multiplicative factors
    for k in range(a.kinds):
        kind = "kind%04d" % k
        during = math.exp(rng.gauss(0.0, 0.25))
        effect[kind] = (during, 1.0 + 0.3 * (during - 1.0))
        scope = "" if rng.random() < 0.7 else rng.choice(queues)
        uplift = round(100.0 * (during - 1.0)) if rng.random() < 0.5 else None
        for o in range(a.occurrences):
            start = HIST_START + dt.timedelta(days=rng.randrange(HIST_DAYS + 14))
            end = start + dt.timedelta(days=rng.randrange(3))
            events.append(("%s_%d" % (kind, o), kind, start, end, scope, uplift))
    events.sort(key=lambda e: (e[2], e[0]))

    # Daily factor of each queue: product of the effects active on that day.
    factor = {q: [1.0] * HIST_DAYS for q in queues}
    for name, kind, start, end, scope, uplift in events:
        during, around = effect[kind]
        for q in queues:
            if scope and scope != q:
                continue
            f = factor[q]
            for d in range((start - HIST_START).days - 1, (end - HIST_START).days + 2):
                if 0 <= d < HIST_DAYS:
                    inside = HIST_START + dt.timedelta(days=d)
                    f[d] *= during if start <= inside <= end else around

    shares = [intraday(h) for h in range(24)]
    total = sum(shares)
    shares = [s / total for s in shares]
    with open(os.path.join(a.out, "history.csv"), "w", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["queue", "interval_start", "offered", "aht_seconds"])
        for qi, q in enumerate(queues):
            base = 1500.0 + 900.0 * qi
            for d in range(HIST_DAYS):
                day = HIST_START + dt.timedelta(days=d)
                trend = 1.0 + 0.12 * d / 365.25
                doy = day.timetuple().tm_yday
                season = 1.0 + 0.08 * math.cos(2 * math.pi * (doy - 335) / 365.25)
                level = (base * trend * season * WEEKDAY[day.weekday()] * factor[q][d]
                         * math.exp(rng.gauss(0.0, 0.04)))
                for h in range(24):
                    m = level * shares[h]
                    v = max(0, int(round(m + math.sqrt(m) * rng.gauss(0.0, 1.0)))) if m > 0 else 0
                    aht = "%.0f" % (280 + 40 * qi + rng.uniform(-20, 20)) if v > 0 else ""
                    w.writerow([q, "%sT%02d:00" % (day.isoformat(), h), v, aht])
    with open(os.path.join(a.out, "events.csv"), "w", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(["event", "kind", "start_date", "end_date", "queues", "uplift_pct"])
        for name, kind, start, end, scope, uplift in events:
            w.writerow([name, kind, start.isoformat(), end.isoformat(), scope,
                        "" if uplift is None else uplift])
    print("%s: %d queues x %d days hourly, %d kinds, %d occurrences; forecast from %s"
          % (a.out, len(queues), HIST_DAYS, a.kinds, len(events), HORIZON_START.isoformat()))


if __name__ == "__main__":
    main()
