#!/usr/bin/env python3
"""Generate peakplan's bundled example workspace (data/example/).

A large marketplace's customer service in the run-up to 11.11 (Singles' Day):
two years of 30-minute history for five queues with weekly, intraday and annual
seasonality, growth, promotions (11.11 and its presale, 12.12, 618, Black
Friday), the real CN public-holiday calendar (Spring Festival, make-up
workdays), logistics surges, two outage days and count noise; plus the event
calendar, queues, vendors, shift families, plan.ini and leadership scenarios.

    python3 tools/gen_example.py --seed 1111 --out data/example

Python 3 standard library only; deterministic for a given seed. Reads the CN
calendar from ../shared/data/holidays/cn_official_chinese_days.csv (relative
to the repository root; --holidays DIR to override) and fails if it is absent.
Every planted effect and its size is documented in docs/example.md; the tables
below are the single source of those numbers.
"""
import argparse
import csv
import datetime as dt
import math
import os
import random
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_HOLIDAYS = os.path.normpath(os.path.join(REPO, "..", "shared", "data", "holidays"))

HIST_START = dt.date(2024, 10, 1)
HIST_END = dt.date(2026, 10, 31)          # inclusive
PLAN_START = dt.date(2026, 11, 4)
PLAN_DAYS = 14
NINE_HOUR_BREAKS = "15@90-150p;60@210-330;15@390-450p"  # day8, eve8 (docs/example.md)
EVENTS_FROM = dt.date(2024, 9, 1)         # calendar rows written from here ...
EVENTS_TO = dt.date(2026, 12, 31)         # ... to here
TREND_REF = dt.date(2026, 11, 1)          # base volumes are at this date's trend level
STEP = 30                                 # minutes
SLOTS = 24 * 60 // STEP

QUEUES = ["buyer_voice", "buyer_chat", "buyer_ticket", "seller_support", "tier2"]
TIER1 = QUEUES[:4]                        # drawn first (their RNG stream comes first)
FEEDERS = ["buyer_voice", "buyer_chat"]   # escalates_to tier2 in queues.csv ...
ESCALATION = 0.06                         # ... with escalation_pct 6 (added by the staffing
                                          # model, not written into tier2's history)

# Daily volume on a plain Wednesday at the TREND_REF level, annual factor 1.
# tier2 here = its DIRECT contacts only (callbacks on open cases, seller disputes routed
# straight to Tier-2): ~35 % of the ~355 escalations/day the model adds from the feeders.
BASE_DAILY = {"buyer_voice": 2300, "buyer_chat": 3800, "buyer_ticket": 1500, "seller_support": 760,
              "tier2": 125}
GROWTH_PER_YEAR = 0.15                    # volume trend, +15 %/year
ANNUAL_AMP, ANNUAL_PEAK_DOY = 0.06, 335   # 1 + 0.06*cos(2*pi*(doy-335)/365.25)
DAY_NOISE_COMMON, DAY_NOISE_QUEUE = 0.04, 0.03   # log-sd of day-level noise
NB_SHAPE = 50.0                           # interval gamma mixing: var = m + m^2/50

# Weekday factors Mon..Sun (Wednesday = 1).
WEEKDAY = {
    "buyer_voice": [1.12, 1.04, 1.00, 0.98, 0.95, 0.90, 0.96],
    "buyer_chat": [1.10, 1.03, 1.00, 0.99, 0.97, 0.93, 0.98],
    "buyer_ticket": [1.18, 1.05, 1.00, 0.97, 0.95, 0.85, 0.88],
    "seller_support": [1.10, 1.02, 1.00, 0.98, 0.92, 0.42, 0.33],
    "tier2": [1.10, 1.04, 1.00, 0.98, 0.95, 0.80, 0.85],
}

# Open hours per queue: list of (from_minute, to_minute) of the calendar day.
def open_slots(queue, weekend_hours):
    spans = {
        "buyer_voice": [(8 * 60, 23 * 60)],
        "buyer_chat": [(0, 2 * 60), (7 * 60, 24 * 60)],      # open 07:00 to 02:00 next day
        "buyer_ticket": [(7 * 60, 23 * 60 + 30)],
        "seller_support": [(10 * 60, 17 * 60)] if weekend_hours else [(9 * 60, 18 * 60)],
        "tier2": [(8 * 60, 23 * 60 + 30)],
    }[queue]
    out = []
    for a, b in spans:
        out.extend(range(a // STEP, b // STEP))
    return out


def g(h, mu, sd):
    return math.exp(-0.5 * ((h - mu) / sd) ** 2)


def base_shape(queue, slot):
    """Intraday weight of a slot (hour h = slot centre), before event changes."""
    h = (slot + 0.5) * STEP / 60
    if queue == "buyer_voice":
        w = 0.22 + 1.00 * g(h, 10.5, 1.3) + 0.85 * g(h, 15.0, 1.6) + 0.55 * g(h, 20.5, 1.2)
        if slot == 16:
            w *= 0.7                       # 08:00 opening
    elif queue == "buyer_chat":
        if h < 3:
            return [0.45, 0.32, 0.2, 0.12][slot]
        w = 0.20 + 0.80 * g(h, 10.5, 1.4) + 0.80 * g(h, 14.5, 1.5) + 1.00 * g(h, 21.0, 1.6)
    elif queue == "buyer_ticket":
        w = 0.30 + 0.90 * g(h, 10.5, 2.0) + 0.80 * g(h, 15.0, 2.2) + 0.45 * g(h, 21.0, 1.5)
    elif queue == "seller_support":
        w = 0.20 + 1.00 * g(h, 10.5, 1.1) + 0.90 * g(h, 15.0, 1.3)
    elif queue == "tier2":
        w = 0.30 + 1.00 * g(h, 10.5, 1.5) + 0.90 * g(h, 15.0, 1.8) + 0.45 * g(h, 20.5, 1.4)
    else:
        w = 1.0
    return w


# Event effects: multipliers by role. before[j-1] = j days before the first day,
# during[i] = i-th day (last repeats), after[j-1] = j days after the last day.
def prof(during, before=(), after=()):
    return {"before": list(before), "during": list(during), "after": list(after)}


EFFECTS = {
    "double11": {
        "buyer_voice": prof([2.6], [1.45, 1.25, 1.15], [1.9, 1.6, 1.45, 1.35, 1.25, 1.15, 1.08]),
        "buyer_chat": prof([3.0], [1.45, 1.25, 1.15], [1.9, 1.6, 1.45, 1.35, 1.25, 1.15, 1.08]),
        "buyer_ticket": prof([2.2], [1.35, 1.2, 1.1], [2.1, 2.0, 1.8, 1.6, 1.4, 1.25, 1.1]),
        "seller_support": prof([1.8], [1.35, 1.2, 1.1], [1.5, 1.35, 1.25, 1.15, 1.1, 1.05, 1.02]),
        "tier2": prof([1.8], [1.2, 1.1, 1.05], [1.7, 1.6, 1.5, 1.35, 1.25, 1.15, 1.08]),
    },
    "double11_presale": {
        "buyer_voice": prof([1.2], [], [1.15, 1.08, 1.04]),
        "buyer_chat": prof([1.3], [], [1.15, 1.08, 1.04]),
        "buyer_ticket": prof([1.1], [], [1.1, 1.05]),
        "seller_support": prof([1.25], [1.1], [1.1, 1.05]),
        "tier2": prof([1.1], [], [1.05]),
    },
    "double12": {
        "buyer_voice": prof([1.5], [1.2, 1.1, 1.05], [1.3, 1.2, 1.1, 1.05, 1.03]),
        "buyer_chat": prof([1.6], [1.2, 1.1, 1.05], [1.3, 1.2, 1.1, 1.05, 1.03]),
        "buyer_ticket": prof([1.3], [1.1, 1.05], [1.4, 1.3, 1.2, 1.1, 1.05]),
        "seller_support": prof([1.3], [1.15, 1.05], [1.2, 1.1, 1.05]),
        "tier2": prof([1.3], [1.1, 1.05], [1.25, 1.15, 1.1, 1.05]),
    },
    "mid_year_618": {
        "buyer_voice": prof([2.0], [1.35, 1.2, 1.1], [1.6, 1.4, 1.3, 1.2, 1.12, 1.06, 1.03]),
        "buyer_chat": prof([2.3], [1.35, 1.2, 1.1], [1.6, 1.4, 1.3, 1.2, 1.12, 1.06, 1.03]),
        "buyer_ticket": prof([1.7], [1.2, 1.1, 1.05], [1.8, 1.6, 1.45, 1.3, 1.2, 1.1, 1.05]),
        "seller_support": prof([1.5], [1.25, 1.1, 1.05], [1.3, 1.2, 1.1, 1.05]),
        "tier2": prof([1.6], [1.15, 1.08, 1.03], [1.45, 1.35, 1.25, 1.15, 1.1, 1.05]),
    },
    "black_friday": {
        "buyer_voice": prof([1.25], [1.05], [1.12, 1.06, 1.1]),
        "buyer_chat": prof([1.3], [1.05], [1.12, 1.06, 1.1]),
        "buyer_ticket": prof([1.15], [], [1.15, 1.1, 1.08]),
        "tier2": prof([1.1], [], [1.08, 1.04]),
    },
    "logistics_surge": {
        "buyer_voice": prof([1.6], [], [1.25, 1.1]),
        "buyer_chat": prof([1.45], [], [1.25, 1.1]),
        "buyer_ticket": prof([1.8], [], [1.4, 1.2, 1.1]),
        "seller_support": prof([1.2], [], [1.1]),
        "tier2": prof([1.4], [], [1.3, 1.15]),
    },
    "cn_spring_festival": {
        "buyer_voice": prof([0.45], [0.65, 0.75, 0.85], [0.6, 0.7, 0.78, 0.85, 0.9, 0.94, 0.97]),
        "buyer_chat": prof([0.5], [0.65, 0.75, 0.85], [0.6, 0.7, 0.78, 0.85, 0.9, 0.94, 0.97]),
        "buyer_ticket": prof([0.4], [0.6, 0.7, 0.8], [0.6, 0.7, 0.78, 0.85, 0.9, 0.94, 0.97]),
        "seller_support": prof([0.2], [0.5, 0.65, 0.8], [0.4, 0.6, 0.75, 0.85, 0.9, 0.95]),
        "tier2": prof([0.4], [0.7, 0.8, 0.9], [0.6, 0.7, 0.8, 0.87, 0.92, 0.96]),
    },
    "cn_national_day": {
        "buyer_voice": prof([0.8], [], [1.15, 1.08, 1.03]),
        "buyer_chat": prof([0.85], [], [1.15, 1.08, 1.03]),
        "buyer_ticket": prof([0.75], [], [1.2, 1.1, 1.05]),
        "seller_support": prof([0.35], [], [1.1, 1.05]),
        "tier2": prof([0.7], [], [1.15, 1.08, 1.03]),
    },
}
SHORT_HOLIDAY = {
    "buyer_voice": prof([0.88], [], [1.05]),
    "buyer_chat": prof([0.9], [], [1.05]),
    "buyer_ticket": prof([0.85], [], [1.08]),
    "seller_support": prof([0.45], [], [1.05]),
    "tier2": prof([0.85], [], [1.05]),
}
for k in ["cn_new_year", "cn_qingming", "cn_labour_day", "cn_dragon_boat", "cn_mid_autumn"]:
    EFFECTS[k] = SHORT_HOLIDAY
ENGINE_ROLES = (3, 7)   # peakplan's default event window: 3 days before, 7 after

CN_KIND = {
    "New Year's Day": "cn_new_year", "Spring Festival": "cn_spring_festival",
    "Tomb-sweeping Day": "cn_qingming", "Labour Day": "cn_labour_day",
    "Dragon Boat Festival": "cn_dragon_boat", "Mid-autumn Festival": "cn_mid_autumn",
    "National Day": "cn_national_day",
}

# Promotions and other dated events: (event, kind, start, end, queues, uplift_pct).
BUYER = "buyer_voice;buyer_chat;buyer_ticket;tier2"
PROMOS = [
    ("double11_presale_2024", "double11_presale", "2024-10-14", "2024-10-14", "", ""),
    ("double11_2024", "double11", "2024-11-11", "2024-11-11", "", ""),
    ("black_friday_2024", "black_friday", "2024-11-29", "2024-11-29", BUYER, ""),
    ("double12_2024", "double12", "2024-12-12", "2024-12-12", "", ""),
    ("mid_year_618_2025", "mid_year_618", "2025-06-18", "2025-06-18", "", ""),
    ("double11_presale_2025", "double11_presale", "2025-10-15", "2025-10-15", "", ""),
    ("double11_2025", "double11", "2025-11-11", "2025-11-11", "", ""),
    ("black_friday_2025", "black_friday", "2025-11-28", "2025-11-28", BUYER, ""),
    ("double12_2025", "double12", "2025-12-12", "2025-12-12", "", ""),
    ("mid_year_618_2026", "mid_year_618", "2026-06-18", "2026-06-18", "", ""),
    ("double11_presale_2026", "double11_presale", "2026-10-15", "2026-10-15", "", ""),
    ("peakpay_launch_2026", "product_launch", "2026-11-06", "2026-11-07",
     "buyer_voice;buyer_chat;seller_support", "18"),
    ("double11_2026", "double11", "2026-11-11", "2026-11-11", "", ""),
    ("black_friday_2026", "black_friday", "2026-11-27", "2026-11-27", BUYER, ""),
    ("double12_2026", "double12", "2026-12-12", "2026-12-12", "", ""),
]
SURGE_Q = "buyer_voice;buyer_chat;buyer_ticket;seller_support;tier2"
SURGES = [  # unforeseeable: past occurrences only
    ("typhoon_kong_rey_2024", "2024-11-01"),
    ("courier_strike_2025", "2025-03-12"),
    ("typhoon_wipha_2025", "2025-07-20"),
    ("typhoon_ragasa_2025", "2025-09-24"),
    ("typhoon_east_china_2026", "2026-08-05"),
]
# Outage days (not events: unplanned data holes). queue -> share of normal volume kept.
OUTAGES = {
    dt.date(2025, 4, 16): {"buyer_voice": 0.02, "seller_support": 0.02, "tier2": 0.02},
    dt.date(2026, 1, 21): {q: 0.03 for q in QUEUES},
}

# Handle time (seconds) at TREND_REF; per-interval noise has CV 0.9/sqrt(n).
AHT_BASE = {"buyer_voice": 330, "buyer_chat": 560, "buyer_ticket": 420, "seller_support": 450,
            "tier2": 690}
AHT_TREND_PER_YEAR = -0.04
AHT_WEEKDAY = [1.02, 1.0, 1.0, 1.0, 1.0, 1.04, 1.04]
AHT_EVENT = {"double11": (0.95, [1.08, 1.08, 1.08]), "logistics_surge": (0.9, [])}
ABANDON = {"buyer_voice": 0.03, "buyer_chat": 0.015, "seller_support": 0.03, "tier2": 0.04}


# ---------------------------------------------------------------------- random
def poisson(rng, lam):
    if lam <= 0:
        return 0
    if lam < 30:
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= L:
                return k
            k += 1
    # PTRS (Hormann 1993), as in numpy
    slam, loglam = math.sqrt(lam), math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = rng.random() - 0.5
        v = rng.random()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if (math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b)
                <= -lam + k * loglam - math.lgamma(k + 1)):
            return k


def binomial(rng, n, p):
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n * p * (1 - p) > 12:
        x = round(n * p + math.sqrt(n * p * (1 - p)) * rng.gauss(0, 1))
        return min(n, max(0, x))
    if n <= 40:
        return sum(1 for _ in range(n) if rng.random() < p)
    q = 1 - p
    s, a, r = p / q, (n + 1) * p / q, q ** n
    u, x = rng.random(), 0
    while u > r and x < n:
        u -= r
        x += 1
        r *= a / x - s
    return x


# -------------------------------------------------------------------- calendar
def read_cn_calendar(folder):
    path = os.path.join(folder, "cn_official_chinese_days.csv")
    if not os.path.isfile(path):
        sys.exit(f"gen_example: holiday calendar not found: {path}\n"
                 f"  (the CN calendar of ../shared/data/holidays/ is required; pass --holidays DIR)")
    off, makeup = {}, {}
    with open(path, encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            d = dt.date.fromisoformat(r["date"])
            if r["kind"] == "holiday_off":
                prev = off.get(d)
                rank = int(r["festival_days_off"] or 0)
                if prev is None or rank > prev[1]:
                    off[d] = (r["name_en"], rank)
            elif r["kind"] == "makeup_workday":
                makeup[d] = r["name_en"]
    # Blocks of consecutive days off, named by their main festival (most statutory days).
    blocks, cur = [], []
    for d in sorted(off):
        if cur and (d - cur[-1]).days != 1:
            blocks.append(cur)
            cur = []
        cur.append(d)
    if cur:
        blocks.append(cur)
    events = []
    for b in blocks:
        name = max((off[d] for d in b), key=lambda x: x[1])[0]
        kind = CN_KIND.get(name, "cn_" + "".join(c if c.isalnum() else "_" for c in name.lower()))
        events.append((f"{kind}_{b[0].year}", kind, b[0], b[-1], "", ""))
    for d, name in sorted(makeup.items()):
        events.append((f"cn_makeup_{d.isoformat()}", "cn_makeup_workday", d, d, "", ""))
    return events, set(off), set(makeup)


def all_events(holiday_events):
    ev = []
    for name, kind, a, b, qs, up in PROMOS:
        ev.append((name, kind, dt.date.fromisoformat(a), dt.date.fromisoformat(b), qs, up))
    for name, d in SURGES:
        day = dt.date.fromisoformat(d)
        ev.append((name, "logistics_surge", day, day, SURGE_Q, ""))
    ev.extend(holiday_events)
    ev = [e for e in ev if e[3] >= EVENTS_FROM and e[2] <= EVENTS_TO]
    ev.sort(key=lambda e: (e[2], e[0]))
    return ev


def role_table(events):
    """day -> {kind: ('before'|'during'|'after', index)} with during > nearer > farther."""
    roles = {}
    for _, kind, a, b, _, _ in events:
        def put(day, role, idx, rank):
            cur = roles.setdefault(day, {}).get(kind)
            if cur is None or rank > cur[2]:
                roles[day][kind] = (role, idx, rank)
        n = (b - a).days + 1
        for i in range(n):
            put(a + dt.timedelta(i), "during", i, 1000)
        for j in range(1, 8):
            put(a - dt.timedelta(j), "before", j - 1, 500 - j)
            put(b + dt.timedelta(j), "after", j - 1, 500 - j)
    return roles


def event_multiplier(queue, day_roles):
    m = 1.0
    for kind, (role, idx, _) in day_roles.items():
        p = EFFECTS.get(kind, {}).get(queue)
        if not p:
            continue
        lst = p[role]
        if role == "during":
            m *= lst[min(idx, len(lst) - 1)]
        elif idx < len(lst):
            m *= lst[idx]
    return m


# ------------------------------------------------------------------- generator
def generate_history(rng, events, days_off, makeup_days):
    roles = role_table(events)
    ndays = (HIST_END - HIST_START).days + 1
    days = [HIST_START + dt.timedelta(i) for i in range(ndays)]
    # Absolute slot arrays for every queue (None = closed).
    off = {q: [None] * (ndays * SLOTS) for q in QUEUES}
    aht = {q: [None] * (ndays * SLOTS) for q in QUEUES}
    aban = {q: [None] * (ndays * SLOTS) for q in QUEUES}
    wk_avg = {q: sum(WEEKDAY[q][:5]) / 5 for q in QUEUES}
    commons = []
    for di, day in enumerate(days):
        dow = day.weekday()
        is_makeup = day in makeup_days
        weekend_hours = (dow >= 5 and not is_makeup) or day in days_off
        years = (day - TREND_REF).days / 365.25
        trend = (1 + GROWTH_PER_YEAR) ** years
        doy = day.timetuple().tm_yday
        annual = 1 + ANNUAL_AMP * math.cos(2 * math.pi * (doy - ANNUAL_PEAK_DOY) / 365.25)
        common = math.exp(rng.gauss(0, DAY_NOISE_COMMON))
        commons.append(common)
        dr = roles.get(day, {})
        kinds_today = {k for k, (r, _, _) in dr.items() if r == "during"}
        outage = OUTAGES.get(day, {})
        for q in TIER1:
            wf = wk_avg[q] if is_makeup else WEEKDAY[q][dow]
            level = (BASE_DAILY[q] * trend * annual * wf * event_multiplier(q, dr) * common
                     * math.exp(rng.gauss(0, DAY_NOISE_QUEUE)) * outage.get(q, 1.0))
            slots = open_slots(q, weekend_hours)
            w = [base_shape(q, s) for s in slots]
            for i, s in enumerate(slots):
                h = s * STEP / 60
                if q.startswith("buyer") and "double11" in kinds_today:
                    if q == "buyer_chat" and h < 2:
                        w[i] *= 5.0            # the sale opens at midnight
                    elif q == "buyer_voice" and 8 <= h < 10:
                        w[i] *= 1.4            # overnight orders call at opening
                    elif h >= 20:
                        w[i] *= 1.25
                if q.startswith("buyer") and kinds_today & {"double12", "mid_year_618"}:
                    if q == "buyer_chat" and h < 2:
                        w[i] *= 4.0
                if "double11_presale" in kinds_today and h >= 20:
                    w[i] *= 1.8                # presale opens at 20:00
            tot = sum(w)
            # AHT level for the day
            ad = AHT_BASE[q] * (1 + AHT_TREND_PER_YEAR) ** years * AHT_WEEKDAY[dow]
            for kind, (role, idx, _) in dr.items():
                if kind in AHT_EVENT and q != "seller_support":
                    d_mult, after = AHT_EVENT[kind]
                    if role == "during":
                        ad *= d_mult
                    elif role == "after" and idx < len(after):
                        ad *= after[idx]
            stress = max(1.0, event_multiplier(q, dr))
            for i, s in enumerate(slots):
                m = level * w[i] / tot * rng.gammavariate(NB_SHAPE, 1 / NB_SHAPE)
                n = poisson(rng, m)
                k = di * SLOTS + s
                off[q][k] = n
                h = (s + 0.5) * STEP / 60
                slot_f = 1.0 + (0.07 if (h >= 21 or h < 3) else 0.0) + (0.04 if s == slots[0] else 0.0) \
                    - (0.03 if 10 <= h < 16 else 0.0)
                if n > 0:
                    mean = ad * slot_f
                    cv = 0.9 / math.sqrt(n)
                    a = mean * min(2.0, max(0.5, 1 + cv * rng.gauss(0, 1)))
                    aht[q][k] = a
                if q in ABANDON:
                    p = min(0.3, ABANDON[q] * stress ** 1.5 * (1 + 0.5 * w[i] / max(w)))
                    aban[q][k] = binomial(rng, n, p)
    # tier2: its own direct contacts, drawn after the Tier-1 queues so that their RNG
    # stream is unchanged. Escalations from buyer_voice/buyer_chat are NOT in this history:
    # peakplan's staffing model adds them (escalation_pct in queues.csv).
    q = "tier2"
    for di, day in enumerate(days):
        dow = day.weekday()
        is_makeup = day in makeup_days
        years = (day - TREND_REF).days / 365.25
        trend = (1 + GROWTH_PER_YEAR) ** years
        doy = day.timetuple().tm_yday
        annual = 1 + ANNUAL_AMP * math.cos(2 * math.pi * (doy - ANNUAL_PEAK_DOY) / 365.25)
        dr = roles.get(day, {})
        kinds_today = {k for k, (r, _, _) in dr.items() if r == "during"}
        wf = wk_avg[q] if is_makeup else WEEKDAY[q][dow]
        em = event_multiplier(q, dr)
        level = (BASE_DAILY[q] * trend * annual * wf * em * commons[di]
                 * math.exp(rng.gauss(0, DAY_NOISE_QUEUE)) * OUTAGES.get(day, {}).get(q, 1.0))
        slots = open_slots(q, False)
        w = [base_shape(q, s) for s in slots]
        if "double11" in kinds_today:
            w = [x * (1.25 if s * STEP / 60 >= 20 else 1.0) for x, s in zip(w, slots)]
        tot = sum(w)
        ad = AHT_BASE[q] * (1 + AHT_TREND_PER_YEAR) ** years * AHT_WEEKDAY[dow]
        p = min(0.3, ABANDON[q] * max(1.0, em) ** 1.5)
        for i, s in enumerate(slots):
            k = di * SLOTS + s
            n = poisson(rng, level * w[i] / tot * rng.gammavariate(NB_SHAPE, 1 / NB_SHAPE))
            off[q][k] = n
            if n > 0:
                aht[q][k] = ad * min(2.0, max(0.5, 1 + 0.9 / math.sqrt(n) * rng.gauss(0, 1)))
            aban[q][k] = binomial(rng, n, p)
    return days, off, aht, aban


def write_history(path, days, off, aht, aban):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("queue,interval_start,offered,aht_seconds,abandoned\n")
        for q in QUEUES:
            for di, day in enumerate(days):
                ds = day.isoformat()
                for s in range(SLOTS):
                    k = di * SLOTS + s
                    n = off[q][k]
                    if n is None:
                        continue
                    a = "" if not n else str(int(round(aht[q][k])))
                    b = "" if aban[q][k] is None else str(aban[q][k])
                    f.write(f"{q},{ds} {s * STEP // 60:02d}:{s * STEP % 60:02d},{n},{a},{b}\n")


def write_rows(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def write_static(out, events):
    write_rows(os.path.join(out, "events.csv"),
               ["event", "kind", "start_date", "end_date", "queues", "uplift_pct"],
               [(n, k, a.isoformat(), b.isoformat(), qs, up) for n, k, a, b, qs, up in events])
    write_rows(os.path.join(out, "queues.csv"),
               ["queue", "channel", "target_pct", "target_seconds", "max_occupancy_pct",
                "patience_seconds", "concurrency", "shrinkage_pct", "escalates_to",
                "escalation_pct"],
               [("buyer_voice", "voice", 80, 20, 88, 120, "", "", "tier2", 6),
                ("buyer_chat", "chat", 80, 60, 85, 240, 2, "", "tier2", 6),
                ("buyer_ticket", "ticket", 90, 1800, "", "", "", "", "", ""),
                ("seller_support", "voice", 80, 30, 85, 180, "", "", "", ""),
                ("tier2", "voice", 80, 60, 85, 300, "", 5, "", "")])
    write_rows(os.path.join(out, "vendors.csv"),
               ["vendor", "kind", "queues", "hourly_cost", "seats", "min_hours_week",
                "max_hours_week", "max_agents", "shrinkage_pct", "cost_basis",
                "weekly_cost_per_head", "max_hours_week_per_head"],
               # the in-house team is salaried: 1280 a person-week (40 h at 32), whatever
               # the hours, so its tours (people) are in the plan
               [("inhouse", "inhouse", "*", 0, 120, 3000, "", "", 30, "head", 1280, 40),
                ("bpo_a", "bpo", "buyer_voice;buyer_chat;buyer_ticket;seller_support", 18, 110,
                 "", "", "", 15, "", "", ""),
                ("bpo_b", "bpo", "buyer_chat;buyer_ticket", 14, 80, "", 2800, 70, 12, "", "",
                 "")])
    write_rows(os.path.join(out, "shifts.csv"),
               ["shift", "vendors", "days", "earliest_start", "latest_start",
                "start_step_minutes", "length_minutes", "break_minutes",
                "break_earliest_offset_minutes", "break_latest_offset_minutes", "break_paid",
                "breaks"],
               # 9-hour shifts: two paid 15-minute rests and an unpaid hour's meal
               [("day8", "*", "*", "07:00", "13:00", 60, 540, "", "", "", "", NINE_HOUR_BREAKS),
                ("eve8", "inhouse;bpo_a;bpo_b", "*", "14:00", "17:00", 60, 540, "", "", "", "",
                 NINE_HOUR_BREAKS),
                ("mid6", "*", "Mon-Fri", "08:00", "16:00", 60, 360, 30, 150, 210, 0, ""),
                ("pt4", "inhouse;bpo_b", "*", "08:00", "22:00", 60, 240, "", "", "", "", ""),
                ("weekend10", "bpo_a", "Sat;Sun", "08:00", "12:00", 60, 600, 60, 210, 330, 0, "")])
    with open(os.path.join(out, "plan.ini"), "w", encoding="utf-8") as f:
        f.write("; peakplan example: two weeks around 11.11 2026 (see docs/example.md)\n"
                "[plan]\n"
                f"start = {PLAN_START.isoformat()}\n"
                f"days = {PLAN_DAYS}\n"
                "interval_minutes = 30\n"
                "; quantile = 0.8    ; staff to the p80 forecast instead of the point forecast\n"
                "\n[solver]\n"
                "time_limit_seconds = 120\n"
                "mip_gap_pct = 2\n"
                "\n[cost]\n"
                "understaffing_penalty_per_agent_hour = 150\n")
    write_rows(os.path.join(out, "scenarios.csv"),
               ["scenario", "parameter", "value", "queue", "vendor", "from", "to"],
               [("volume_plus_30", "volume_pct", 30, "", "", "2026-11-10", "2026-11-13"),
                ("bpo_a_site_down", "vendor_available", 0, "", "bpo_a", "2026-11-11", "2026-11-12"),
                ("tickets_15min", "target_seconds", 900, "buyer_ticket", "", "", ""),
                ("inhouse_shrinkage_plus5", "shrinkage_pct", 35, "", "inhouse", "", ""),
                ("bpo_b_price_plus10", "vendor_hourly_cost", 15.4, "", "bpo_b", "", ""),
                ("aht_plus_10", "aht_pct", 10, "", "", "", ""),
                ("inhouse_seats_100", "vendor_seats", 100, "", "inhouse", "", ""),
                ("voice_target_90", "target_pct", 90, "buyer_voice", "", "", ""),
                ("peak_week_combo", "volume_pct", 15, "", "", "2026-11-10", "2026-11-17"),
                ("peak_week_combo", "aht_pct", 5, "", "", "2026-11-10", "2026-11-17")])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1111)
    ap.add_argument("--out", default=os.path.join(REPO, "data", "example"))
    ap.add_argument("--holidays", default=DEFAULT_HOLIDAYS,
                    help="folder with cn_official_chinese_days.csv (default %(default)s)")
    args = ap.parse_args(argv)
    if not os.path.isdir(args.holidays):
        sys.exit(f"gen_example: holiday folder not found: {args.holidays}\n"
                 f"  (the real CN calendar is required; pass --holidays DIR)")
    hol_events, days_off, makeup_days = read_cn_calendar(args.holidays)
    events = all_events(hol_events)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    days, off, aht, aban = generate_history(rng, events, days_off, makeup_days)
    write_history(os.path.join(args.out, "history.csv"), days, off, aht, aban)
    write_static(args.out, events)
    total = 0
    for name in sorted(os.listdir(args.out)):
        total += os.path.getsize(os.path.join(args.out, name))
    print(f"gen_example: wrote {args.out} ({total / 1e6:.2f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
