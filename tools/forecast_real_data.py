#!/usr/bin/env python3
"""Converts the shared real data sets into the simple CSVs read by
tests/bench/bench_forecast (backtest mode). Python stdlib only; bench only.

    python3 tools/forecast_real_data.py OUTDIR   # default /tmp/fc_real
writes OUTDIR/{fpp2,rossmann,favorita}/{history,events}.csv and prints the
bench command line for each.
"""
import csv, os, re, sys
from collections import defaultdict
from datetime import date, timedelta

SHARED = os.environ.get("PP_SHARED_DIR", os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
DATA = os.path.join(SHARED, "data")
OUT = sys.argv[1] if len(sys.argv) > 1 else "/tmp/fc_real"

def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)

def runs(days):
    """Consecutive date runs -> [(start, end)]."""
    out = []
    for d in sorted(days):
        if out and d == out[-1][1] + timedelta(days=1):
            out[-1][1] = d
        else:
            out.append([d, d])
    return out

def fpp2():
    rows = []
    with open(os.path.join(DATA, "fpp2_bank_calls_5min", "calls_5min.csv")) as f:
        for r in csv.DictReader(f):
            rows.append(("bank", r["date_if_contiguous_weekdays"] + " " + r["interval_start"], r["calls"]))
    write(os.path.join(OUT, "fpp2", "history.csv"), ["queue", "interval_start", "offered"], rows)
    write(os.path.join(OUT, "fpp2", "events.csv"),
          ["event", "kind", "start_date", "end_date", "queues", "uplift_pct"], [])
    # days 121..140 are the last 20 weekdays = the last 28 calendar days
    return "backtest {o}/fpp2/history.csv - 28 5 5"

def rossmann():
    hist, promo, school, state = [], [], [], defaultdict(list)
    with open(os.path.join(DATA, "rossmann_single_store", "rossmann_store_unknown_id.csv")) as f:
        for r in csv.DictReader(f):
            d = date.fromisoformat(r["Date"])
            hist.append(("store", r["Date"], r["Customers"]))
            if r["Promo"] == "1":
                promo.append(d)
            if r["SchoolHoliday"] == "1":
                school.append(d)
            if r["StateHoliday"] not in ("0", ""):
                state[{"a": "public_holiday", "b": "easter", "c": "christmas"}[r["StateHoliday"]]].append(d)
    ev = []
    for s, e in runs(promo):
        ev.append(("promo", "promo", s, e, "", ""))
    for s, e in runs(school):
        ev.append(("school holiday", "school_holiday", s, e, "", ""))
    for k, days in state.items():
        for s, e in runs(days):
            ev.append((k, k, s, e, "", ""))
    hist.sort(key=lambda r: r[1])
    write(os.path.join(OUT, "rossmann", "history.csv"), ["queue", "interval_start", "offered"], hist)
    write(os.path.join(OUT, "rossmann", "events.csv"),
          ["event", "kind", "start_date", "end_date", "queues", "uplift_pct"], ev)
    # train to 2015-03-13, forecast 2015-03-14 .. 2015-05-08 (the last 56 days)
    return "backtest {o}/rossmann/history.csv {o}/rossmann/events.csv 56 1440 1440"

STORES = ["44", "45", "47", "3", "8"]  # the five largest Quito stores

def favorita():
    base = os.path.join(DATA, "favorita_transactions_holidays")
    stores = {}
    with open(os.path.join(base, "stores.csv")) as f:
        for r in csv.DictReader(f):
            stores[r["store_nbr"]] = r
    hist = []
    with open(os.path.join(base, "transactions.csv")) as f:
        for r in csv.DictReader(f):
            if r["store_nbr"] in STORES:
                hist.append(("store" + r["store_nbr"].zfill(2), r["date"], r["transactions"]))
    hist.sort()
    ev = []
    with open(os.path.join(base, "holidays_events.csv")) as f:
        for r in csv.DictReader(f):
            if r["transferred"] == "True":
                continue  # celebrated on the Transfer row's date instead
            desc = re.sub(r"[+-]\d+$", "", r["description"].replace("Traslado ", "")).strip()
            if r["type"] == "Work Day":
                kind = "makeup_workday"
            elif r["type"] == "Bridge":
                kind = "bridge"
            elif r["locale"] == "Local":
                kind = "local_holiday"
            elif r["locale"] == "Regional":
                kind = "regional_holiday"
            else:
                kind = desc
            if r["locale"] == "National":
                qs = ""
            else:
                qs = ";".join("store" + s.zfill(2) for s in STORES
                              if stores[s]["city"] == r["locale_name"] or stores[s]["state"] == r["locale_name"])
                if not qs:
                    continue
            ev.append((r["description"], kind, r["date"], r["date"], qs, ""))
    write(os.path.join(OUT, "favorita", "history.csv"), ["queue", "interval_start", "offered"], hist)
    write(os.path.join(OUT, "favorita", "events.csv"),
          ["event", "kind", "start_date", "end_date", "queues", "uplift_pct"], ev)
    return "backtest {o}/favorita/history.csv {o}/favorita/events.csv 56 1440 1440"

if __name__ == "__main__":
    for fn in (fpp2, rossmann, favorita):
        print(fn.__name__ + ": bench_forecast " + fn().format(o=OUT))
