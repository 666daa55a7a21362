#!/usr/bin/env python3
"""Validate Erlang C and Erlang A (peakplan erlang) against the Anonymous Bank call records.

Reads ../shared/data/anonymous_bank_1999_feb/calls_feb1999.csv (read-only; Technion
"Anonymous Bank", February 1999), and per 15-minute interval estimates
  - arrivals (calls that left the VRU for the agent queue),
  - mean service time (served calls that arrived in the interval),
  - agents on duty (distinct servers busy at some moment of the interval),
  - patience (exponential MLE: total time waited / abandons, pooled per hour of day),
and the observed P(wait) (share of arrivals with q_time > 0) and abandonment
(abandons / arrivals).  It then asks `peakplan erlang` for Erlang C (no patience) and
Erlang A (with the pooled patience) at the interval's arrivals, service time and agents,
and prints Markdown tables of observed vs predicted values and the error of each model.

Python 3 standard library only.  Usage:
    tools/validate_bank.py [PEAKPLAN] [--data DIR] [--min-calls N] [--csv FILE]
PEAKPLAN defaults to build/peakplan.  Exits 0 with a message when the data are absent.
"""

import argparse
import bisect
import csv
import datetime as dt
import os
import subprocess
import sys
from collections import defaultdict

INTERVAL = 900  # seconds
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(
    os.path.join(HERE, "..", "..", "shared", "data", "anonymous_bank_1999_feb"))


def hms(s):
    h, m, x = s.split(":")
    return int(h) * 3600 + int(m) * 60 + int(x)


def load_calls(path):
    """Calls that requested an agent (outcome AGENT, or HANG after queueing).

    Times are seconds since 1999-02-01 00:00 local.  A clock time earlier than
    vru_entry means the call crossed midnight (README), so one day is added.
    """
    day0 = dt.date(1999, 2, 1)
    calls = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if r["requested_agent"] != "1" or r["outcome"] == "PHANTOM":
                continue
            base = (dt.date.fromisoformat(r["date"]) - day0).days * 86400
            entry = hms(r["vru_entry"])

            def absolute(clock):
                t = hms(clock)
                return base + t + (86400 if t < entry else 0)

            arrival = absolute(r["vru_exit"])  # the moment the caller joins the agent queue
            wait = int(r["q_time_s"])
            served = r["outcome"] == "AGENT"
            c = {"t": arrival, "wait": wait, "served": served,
                 "abandoned": r["outcome"] == "HANG", "type": r["type"],
                 "ser": int(r["ser_time_s"]), "server": r["server"]}
            if served and r["server"] != "NO_SERVER" and c["ser"] > 0:
                c["ser_start"] = absolute(r["ser_start"]) if r["ser_start"] != "00:00:00" \
                    else arrival + wait
                c["ser_end"] = c["ser_start"] + c["ser"]
            calls.append(c)
    return calls


def aggregate(calls, wait_threshold):
    """Per-interval statistics, keyed by interval index (seconds // 900)."""
    iv = defaultdict(lambda: {"n": 0, "served": 0, "ab": 0, "waited": 0, "sum_ser": 0,
                              "n_ser": 0, "sum_wait": 0, "servers": set(), "busy": 0.0,
                              "types": defaultdict(int)})
    for c in calls:
        s = iv[c["t"] // INTERVAL]
        s["n"] += 1
        s["types"][c["type"]] += 1
        s["served"] += c["served"]
        s["ab"] += c["abandoned"]
        s["waited"] += c["wait"] > wait_threshold
        s["sum_wait"] += c["wait"]
        if "ser_start" in c:
            s["sum_ser"] += c["ser"]
            s["n_ser"] += 1
    # agents on duty: every server busy at some moment of [k*900, (k+1)*900)
    for c in calls:
        if "ser_start" not in c:
            continue
        a, b = c["ser_start"], c["ser_end"]
        for k in range(a // INTERVAL, (b - 1) // INTERVAL + 1):
            lo, hi = max(a, k * INTERVAL), min(b, (k + 1) * INTERVAL)
            if hi > lo:
                s = iv[k]
                s["servers"].add(c["server"])
                s["busy"] += hi - lo
    return iv


def pooled_patience(calls, key):
    """Exponential MLE of mean patience per group: total time waited / abandons.

    Every caller who joined the queue contributes her waiting time: an abandon's wait is an
    observed patience, a served caller's wait is a right-censored one (her patience was at
    least that long), and a caller answered at once contributes 0.  The MLE of the rate is
    abandons / total exposure.
    """
    tot, ab = defaultdict(float), defaultdict(int)
    for c in calls:
        g = key(c)
        tot[g] += c["wait"]
        ab[g] += c["abandoned"]
    return {g: (tot[g] / ab[g] if ab[g] else float("inf"), ab[g], tot[g]) for g in tot}


def erlang(peakplan, calls, aht, agents, patience=None, lo=None):
    """Rows of `peakplan erlang --format csv` for lo (default agents-1) .. agents+1."""
    lo = max(1, agents - 1 if lo is None else lo)
    cmd = [peakplan, "erlang", "--calls", str(calls), "--interval", "15m",
           "--aht", "%.3f" % aht, "--target", "80/20", "--agents", "%d-%d" % (lo, agents + 1),
           "--format", "csv"]
    if patience is not None and patience != float("inf"):
        cmd += ["--patience", "%.3f" % patience]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit("validate_bank: %s failed (%d): %s" % (" ".join(cmd), out.returncode,
                                                         out.stderr.strip()))
    rows = list(csv.DictReader(out.stdout.splitlines()))
    return {int(r["agents"]): {k: float(v) for k, v in r.items()} for r in rows}


def implied(tab, obs_pw):
    """Fractional agent count at which the model's P(wait) equals the observed one
    (linear interpolation between integer counts; clamped to the range evaluated), and the
    model's abandonment and ASA there."""
    ns = sorted(tab)
    if tab[ns[0]]["p_wait"] <= obs_pw:
        x = float(ns[0])
    elif tab[ns[-1]]["p_wait"] >= obs_pw:
        x = float(ns[-1])
    else:
        m = max(n for n in ns if tab[n]["p_wait"] >= obs_pw)
        hi, lo = tab[m]["p_wait"], tab[m + 1]["p_wait"]
        x = m + (hi - obs_pw) / (hi - lo) if hi > lo else float(m)
    m = min(int(x), ns[-1] - 1)
    f = x - m

    def at(what):
        a, b = tab[m][what], tab[m + 1][what]
        if a == float("inf") or b == float("inf"):
            return a if f == 0 else (b if f == 1 else float("inf"))
        return a + f * (b - a)
    return x, at("abandon_rate"), at("asa_seconds")


def busy_counter(calls):
    """number of agents serving at time t (from the service records)."""
    ev = []
    for c in calls:
        if "ser_start" in c:
            ev += [(c["ser_start"], 1), (c["ser_end"], -1)]
    ev.sort()
    times, cum, b = [], [], 0
    for t, d in ev:
        b += d
        times.append(t)
        cum.append(b)

    def busy(t):
        i = bisect.bisect_right(times, t) - 1
        return cum[i] if i >= 0 else 0
    return busy


def wmean(pairs):
    w = sum(p[1] for p in pairs)
    return sum(p[0] * p[1] for p in pairs) / w if w else float("nan")


def pct(x):
    return "%.1f" % (100 * x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("peakplan", nargs="?", default="build/peakplan")
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--min-calls", type=int, default=10)
    ap.add_argument("--wait-threshold", type=int, default=0,
                    help="a caller 'waited' when q_time_s > this (default 0)")
    ap.add_argument("--csv", help="also write the per-interval table to this file")
    args = ap.parse_args()

    path = os.path.join(args.data, "calls_feb1999.csv")
    if not os.path.exists(path):
        print("validate_bank: %s not found (the shared data folder is absent); nothing to "
              "validate, skipping." % path, file=sys.stderr)
        return 0
    if not os.access(args.peakplan, os.X_OK):
        sys.exit("validate_bank: peakplan binary %s not found; build it (meson compile) or "
                 "give its path as the first argument" % args.peakplan)

    calls = load_calls(path)
    iv = aggregate(calls, args.wait_threshold)
    hour = lambda c: (c["t"] % 86400) // 3600
    pat_hour = pooled_patience(calls, hour)
    pat_all = pooled_patience(calls, lambda c: 0)[0]

    rows, skipped = [], defaultdict(int)
    for k in sorted(iv):
        s = iv[k]
        n_agents = len(s["servers"])
        if s["n"] < args.min_calls:
            skipped["fewer than %d arrivals" % args.min_calls] += 1
            continue
        if n_agents == 0 or s["n_ser"] == 0:
            skipped["no server seen / no served call"] += 1
            continue
        h = (k * INTERVAL % 86400) // 3600
        aht = s["sum_ser"] / s["n_ser"]
        p_h = pat_hour[h][0]
        p_iv = s["sum_wait"] / s["ab"] if s["ab"] else float("inf")
        ec = erlang(args.peakplan, s["n"], aht, n_agents, lo=1)
        ea = erlang(args.peakplan, s["n"], aht, n_agents, p_h, lo=1)
        eg = erlang(args.peakplan, s["n"], aht, n_agents, pat_all[0])
        ei = erlang(args.peakplan, s["n"], aht, n_agents, p_iv)
        start = dt.datetime(1999, 2, 1) + dt.timedelta(seconds=k * INTERVAL)
        rows.append({
            "start": start, "hour": h, "n": s["n"], "agents": n_agents, "aht": aht,
            "load": s["n"] * aht / INTERVAL, "busy": s["busy"] / INTERVAL,
            "patience": p_h, "patience_iv": p_iv,
            "obs_pw": s["waited"] / s["n"], "obs_ab": s["ab"] / s["n"],
            "obs_asa": s["sum_wait"] / s["n"],
            "c": ec, "a": ea, "ag": eg, "ai": ei,
        })
        rows[-1]["imp_c"] = implied(ec, rows[-1]["obs_pw"])
        rows[-1]["imp_a"] = implied(ea, rows[-1]["obs_pw"])

    def pred(r, model, what, dn=0):
        tab = r[model]
        n = r["agents"] + dn
        if n not in tab:  # agents-1 == 0
            return float("nan")
        return tab[n][what]

    # ---------------------------------------------------------------- output
    ncalls = sum(r["n"] for r in rows)
    print("## Data\n")
    print("- calls that requested an agent: %d (served %d, abandoned from queue %d)"
          % (len(calls), sum(c["served"] for c in calls), sum(c["abandoned"] for c in calls)))
    print("- 15-minute intervals with arrivals: %d; kept: %d intervals, %d calls (%.1f %%)"
          % (len(iv), len(rows), ncalls, 100.0 * ncalls / len(calls)))
    for why, cnt in sorted(skipped.items()):
        print("- skipped: %d intervals with %s" % (cnt, why))
    over = [r for r in rows if r["load"] >= r["agents"]]
    print("- kept intervals with offered load >= agents seen (Erlang C unstable, P(wait) = 1): "
          "%d (%d calls)" % (len(over), sum(r["n"] for r in over)))
    print("- patience (exponential MLE, all calls pooled): %.0f s (%d abandons, %.0f h waited)"
          % (pat_all[0], pat_all[1], pat_all[2] / 3600))
    print("- wait threshold: a caller waited when q_time_s > %d s\n" % args.wait_threshold)

    models = [("Erlang C", "c"), ("Erlang A (patience pooled by hour)", "a"),
              ("Erlang A (one pooled patience)", "ag"),
              ("Erlang A (per-interval patience)", "ai")]

    def errors(sel, model, what, obs, dn=0):
        pairs = [(pred(r, model, what, dn) - r[obs], r["n"]) for r in sel
                 if pred(r, model, what, dn) == pred(r, model, what, dn)]
        return wmean([(abs(e), w) for e, w in pairs]), wmean(pairs)

    def error_table(sel, title):
        print("### %s\n" % title)
        print("Call-weighted over %d intervals (%d calls). Observed: P(wait) %s %%, "
              "abandonment %s %%, ASA %.0f s.\n"
              % (len(sel), sum(r["n"] for r in sel),
                 pct(wmean([(r["obs_pw"], r["n"]) for r in sel])),
                 pct(wmean([(r["obs_ab"], r["n"]) for r in sel])),
                 wmean([(r["obs_asa"], r["n"]) for r in sel])))
        print("| model | P(wait) MAE | P(wait) bias | abandon MAE | abandon bias |"
              " ASA MAE (s) | ASA bias (s) |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for name, m in models:
            pw = errors(sel, m, "p_wait", "obs_pw")
            ab = errors(sel, m, "abandon_rate", "obs_ab")
            finite = [r for r in sel if pred(r, m, "asa_seconds") != float("inf")]
            asa = errors(finite, m, "asa_seconds", "obs_asa")
            note = "" if len(finite) == len(sel) else " (%d finite)" % len(finite)
            print("| %s | %s | %+.1f | %s | %+.1f | %.0f%s | %+.0f |"
                  % (name, pct(pw[0]), 100 * pw[1], pct(ab[0]), 100 * ab[1], asa[0], note,
                     asa[1]))
        print("\nErrors in percentage points (predicted − observed for the bias).\n")

    print("## Error of each model\n")
    error_table(rows, "All kept intervals")
    stable = [r for r in rows if r["load"] < r["agents"]]
    error_table(stable, "Intervals with offered load < agents seen")

    print("### Sensitivity to the agent count (±1 agent), all kept intervals\n")
    print("| model | agents | P(wait) MAE | P(wait) bias | abandon MAE | abandon bias |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, m in models[:2]:
        for dn in (-1, 0, 1):
            sel = [r for r in rows if r["agents"] + dn >= 1]
            pw = errors(sel, m, "p_wait", "obs_pw", dn)
            ab = errors(sel, m, "abandon_rate", "obs_ab", dn)
            print("| %s | seen %+d | %s | %+.1f | %s | %+.1f |"
                  % (name, dn, pct(pw[0]), 100 * pw[1], pct(ab[0]), 100 * ab[1]))
    print()

    print("### Staffing implied by the observed P(wait)\n")
    print("Per interval, the (fractional) agent count at which the model's P(wait) equals the "
          "observed one (searched from 1 to seen + 1 agents, clamped there), and the model's "
          "abandonment and ASA at that count: once the staffing is calibrated on P(wait), do the "
          "other predictions follow? Call-weighted; intervals whose observed P(wait) is 0 or "
          "unreachable count at the clamp.\n")
    print("| model | agents seen | implied agents | implied / seen | abandon MAE | abandon bias "
          "| ASA MAE (s) | ASA bias (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, key in (("Erlang C", "imp_c"), ("Erlang A (patience pooled by hour)", "imp_a")):
        seen = wmean([(r["agents"], r["n"]) for r in rows])
        imp = wmean([(r[key][0], r["n"]) for r in rows])
        ab = [(r[key][1] - r["obs_ab"], r["n"]) for r in rows]
        fin = [r for r in rows if r[key][2] != float("inf")]
        asa = [(r[key][2] - r["obs_asa"], r["n"]) for r in fin]
        print("| %s | %.2f | %.2f | %.2f | %s | %+.1f | %.0f%s | %+.0f |"
              % (name, seen, imp, imp / seen, pct(wmean([(abs(e), w) for e, w in ab])),
                 100 * wmean(ab), wmean([(abs(e), w) for e, w in asa]),
                 "" if len(fin) == len(rows) else " (%d finite)" % len(fin), wmean(asa)))
    print()

    print("### Do callers wait while agents seen in the interval are not serving?\n")
    print("For every caller in a kept interval: the number of the interval's distinct servers "
          "*not* serving anyone at her arrival (agents seen − agents busy), and the share who "
          "waited. In a pooled, work-conserving M/M/n queue with those agents all available "
          "this share would be 0 whenever the count is ≥ 1.\n")
    busy = busy_counter(calls)
    kept = {int((r["start"] - dt.datetime(1999, 2, 1)).total_seconds()) // INTERVAL: r
            for r in rows}
    idle = defaultdict(lambda: [0, 0])
    for c in calls:
        r = kept.get(c["t"] // INTERVAL)
        if r is None:
            continue
        d = max(0, min(6, r["agents"] - busy(c["t"] - 1)))
        idle[d][0] += 1
        idle[d][1] += c["wait"] > args.wait_threshold
    print("| seen but not serving | callers | waited % |")
    print("|---|---:|---:|")
    for d in sorted(idle):
        print("| %s | %d | %s |" % ("≥ 6" if d == 6 else str(d), idle[d][0],
                                    pct(idle[d][1] / idle[d][0])))
    print()

    def group_table(key, label, order=None):
        groups = defaultdict(list)
        for r in rows:
            groups[key(r)].append(r)
        print("| %s | intervals | calls/interval | AHT s | patience s | agents | load a | "
              "busy | P(wait) obs | C | A | abandon obs | A | ASA obs | C | A |" % label)
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for g in (order or sorted(groups)):
            sel = groups.get(g)
            if not sel:
                continue
            w = lambda f: wmean([(f(r), r["n"]) for r in sel])
            fin = [r for r in sel if r["c"][r["agents"]]["asa_seconds"] != float("inf")]
            asa_c = wmean([(r["c"][r["agents"]]["asa_seconds"], r["n"]) for r in fin])
            asa_c_s = ("%.0f" % asa_c) if len(fin) == len(sel) else "∞"
            print("| %s | %d | %.1f | %.0f | %.0f | %.1f | %.2f | %.2f | %s | %s | %s | %s | %s "
                  "| %.0f | %s | %.0f |"
                  % (g, len(sel), sum(r["n"] for r in sel) / len(sel), w(lambda r: r["aht"]),
                     w(lambda r: r["patience"]), w(lambda r: r["agents"]),
                     w(lambda r: r["load"]), w(lambda r: r["busy"]),
                     pct(w(lambda r: r["obs_pw"])), pct(w(lambda r: pred(r, "c", "p_wait"))),
                     pct(w(lambda r: pred(r, "a", "p_wait"))),
                     pct(w(lambda r: r["obs_ab"])),
                     pct(w(lambda r: pred(r, "a", "abandon_rate"))),
                     w(lambda r: r["obs_asa"]), asa_c_s,
                     w(lambda r: pred(r, "a", "asa_seconds"))))
        print()

    print("## By hour of day\n")
    print("Call-weighted means; P(wait) and abandonment in %; Erlang C predicts 0 abandonment; "
          "C = Erlang C, A = Erlang A with the hour's pooled patience; `busy` = time-average "
          "number of agents serving (from the service records); ASA C = ∞ when some interval "
          "of the hour has load ≥ agents.\n")
    group_table(lambda r: "%02d" % r["hour"], "hour")

    def band(r):
        u = r["load"] / r["agents"]
        for lim, name in ((0.7, "< 0.70"), (0.8, "0.70–0.80"), (0.9, "0.80–0.90"),
                          (1.0, "0.90–1.00"), (1.1, "1.00–1.10")):
            if u < lim:
                return name
        return "≥ 1.10"
    print("## By load band (offered load a / agents seen)\n")
    group_table(band, "a/n", ["< 0.70", "0.70–0.80", "0.80–0.90", "0.90–1.00", "1.00–1.10",
                              "≥ 1.10"])

    print("## Pooled patience by hour of day (exponential MLE)\n")
    print("| hour | abandons | hours waited | patience s |")
    print("|---|---:|---:|---:|")
    for h in sorted(pat_hour):
        p, ab, tot = pat_hour[h]
        print("| %02d | %d | %.1f | %s |" % (h, ab, tot / 3600,
                                           "%.0f" % p if p != float("inf") else "∞"))
    print()

    if args.csv:
        with open(args.csv, "w", newline="") as f:
            wr = csv.writer(f)
            wr.writerow(["interval_start", "arrivals", "agents_seen", "aht_seconds",
                         "offered_load", "busy_agents", "patience_hour_s", "patience_interval_s",
                         "obs_p_wait", "obs_abandon", "obs_asa_s", "c_p_wait", "c_asa_s",
                         "a_p_wait", "a_abandon", "a_asa_s"])
            for r in rows:
                n = r["agents"]
                wr.writerow([r["start"].strftime("%Y-%m-%d %H:%M"), r["n"], n,
                             "%.1f" % r["aht"], "%.3f" % r["load"], "%.3f" % r["busy"],
                             "%.1f" % r["patience"], "%.1f" % r["patience_iv"],
                             "%.4f" % r["obs_pw"], "%.4f" % r["obs_ab"], "%.1f" % r["obs_asa"],
                             "%.4f" % r["c"][n]["p_wait"], r["c"][n]["asa_seconds"],
                             "%.4f" % r["a"][n]["p_wait"], "%.4f" % r["a"][n]["abandon_rate"],
                             "%.1f" % r["a"][n]["asa_seconds"]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
