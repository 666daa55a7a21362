"""The rules of one capacity plan recomputed from its CSVs (capacity.csv,
capacity_queues.csv, hiring_plan.csv, capacity_summary.csv) and the inputs: the checks of
test_capacity.py as a function, so every plan of a what-if batch (test_capacity_whatif.py)
is held to them with the scenario's own staff figures (`over`)."""
import os
import re

from common import read_csv

TOL = 0.01  # the files carry 3 decimals


def num(r, k):
    return float(r[k]) if r[k] != "" else 0.0


def load_inputs(ws):
    ini = open(os.path.join(ws, "capacity.ini"), encoding="utf-8").read()
    return {
        "staff": {r["vendor"]: r for r in read_csv(os.path.join(ws, "staff.csv"))},
        "queues": {r["queue"]: r for r in read_csv(os.path.join(ws, "queues.csv"))},
        "vendors": {r["vendor"]: r for r in read_csv(os.path.join(ws, "vendors.csv"))},
        "HPF": float(re.search(r"(?m)^hours_per_fte\s*=\s*(\S+)", ini).group(1)),
        "OCC": float(re.search(r"(?m)^occupancy_pct\s*=\s*(\S+)", ini).group(1)) / 100,
        "PEN": float(re.search(r"(?m)^understaffing_penalty_per_fte_week\s*=\s*(\S+)",
                               ini).group(1)),
    }


def tenure_cell(cell):
    """`20@0-12;130@12+` -> [(20.0, 0, 12), (130.0, 12, None)]."""
    bands = []
    for item in cell.split(";"):
        v, rng = item.strip().split("@")
        lo, _, hi = rng.rstrip("+").partition("-")
        bands.append((float(v), int(lo), int(hi) if hi else None))
    return bands


def attrition_model(s, a_flat):
    """(a(tenure), survival(t), today's cohorts [(heads, tenure today)]) of staff row s:
    by tenure band when staff.csv has attrition_pct_week_by_tenure, else the single rate
    a_flat (share a week) with today's heads as one cohort."""
    cell = s.get("attrition_pct_week_by_tenure") or ""
    if not cell:
        rate = lambda t: a_flat  # noqa: E731
        cohorts = [(float(s["headcount"]), 0)]
    else:
        rates = tenure_cell(cell)

        def rate(t):
            return [r for r, lo, _ in rates if lo <= t][-1] / 100
        cohorts = []
        for n, lo, hi in tenure_cell(s["tenure_bands"]):
            span = 1 if hi is None else hi - lo  # spread evenly over a closed band's weeks
            cohorts += [(n / span, lo + j) for j in range(span)]

    def survival(t):
        left = 1.0
        for k in range(t):
            left *= 1 - rate(k)
        return left
    return rate, survival, cohorts


def survival_from(rate, tau, weeks):
    """Share of a cohort of tenure tau still there `weeks` weeks later."""
    left = 1.0
    for k in range(weeks):
        left *= 1 - rate(tau + k)
    return left


def check_plan(c, out, inp, label, over=None):
    """Checks the plan in folder `out`.  over: vendor -> {attrition (share a week),
    training (weeks), frozen (set of 1-based weeks without classes), lag (BPO delivery
    weeks), notice, bpo_max} replacing staff.csv's figures for a scenario, and
    "_queue_shrinkage": {queue: pct} replacing queues.csv's.  Returns
    (rows by (vendor, week), capacity_queues rows, hiring rows, summary dict)."""
    over = over or {}
    staff, queues, vendors = inp["staff"], inp["queues"], inp["vendors"]
    HPF, OCC, PEN = inp["HPF"], inp["OCC"], inp["PEN"]
    rows = read_csv(os.path.join(out, "capacity.csv"))
    qrows = read_csv(os.path.join(out, "capacity_queues.csv"))
    hiring = read_csv(os.path.join(out, "hiring_plan.csv"))
    summary = {r["metric"]: r["value"]
               for r in read_csv(os.path.join(out, "capacity_summary.csv"))}
    W = int(summary["weeks"])
    by = {(r["vendor"], int(r["week"])): r for r in rows}
    c.check(len(rows) == W * (len(staff) + 1), f"{label}: {W} weeks x (vendors + total) rows")

    for v, s in staff.items():
        o = over.get(v, {})
        if vendors[v]["kind"] != "inhouse":
            continue
        a = o.get("attrition", float(s["attrition_pct_week"] or 0) / 100)
        rate, survival, cohorts = attrition_model(s, a)
        by_tenure = bool(s.get("attrition_pct_week_by_tenure"))
        T = o.get("training", int(s["training_weeks"] or 0))
        ramp = [float(x) / 100 for x in s["ramp_pct"].split(";")] if s["ramp_pct"] else []
        every = int(s["class_every_weeks"]) if s["class_every_weeks"] else None
        allowed = ({1 + k * every for k in range(W)} if every else
                   {int(x) for x in s["class_weeks"].split(";")} if s["class_weeks"] else set())
        allowed -= o.get("frozen", set())
        cmin, cmax = float(s["class_min"] or 0), float(s["class_max"] or 0)
        flow_bad, cls_bad, prod_bad, train_bad = [], [], [], []
        hires = {w: num(by[(v, w)], "hires_starting") for w in range(1, W + 1)}
        for w in range(1, W + 1):
            r = by[(v, w)]
            prev = float(s["headcount"]) if w == 1 else num(by[(v, w - 1)], "headcount")
            left = 0 if w == 1 else num(by[(v, w - 1)], "leavers")
            if abs(num(r, "headcount") - (prev - left + hires[w])) > TOL:
                flow_bad.append(w)
            if by_tenure:  # leavers per cohort: today's by their tenure, then each class
                leave = sum(n * survival_from(rate, tau, w - 1) * rate(tau + w - 1)
                            for n, tau in cohorts)
                leave += sum(hires[cw] * survival(w - cw) * rate(w - cw) for cw in range(1, w + 1))
            else:
                leave = a * num(r, "headcount")
            if abs(num(r, "leavers") - leave) > TOL:
                flow_bad.append(w)
            if hires[w] and (w not in allowed or not cmin <= hires[w] <= cmax):
                cls_bad.append(w)
            training = ramping = lost = 0.0
            for cw in range(1, w + 1):
                t = w - cw
                alive = hires[cw] * (survival(t) if by_tenure else (1 - a) ** t)
                if t < T:
                    training += alive
                    lost += alive
                elif t < T + len(ramp):
                    ramping += alive
                    lost += alive * (1 - ramp[t - T])
            if abs(num(r, "in_training") - training) > TOL or abs(num(r, "ramping") - ramping) > TOL:
                train_bad.append(w)
            if abs(num(r, "productive_fte") - (num(r, "headcount") - lost)) > 0.05:
                prod_bad.append(w)
            if num(r, "overtime_hours") / HPF > float(s["overtime_max_pct"] or 0) / 100 * num(
                    r, "productive_fte") + TOL:
                prod_bad.append(w)
        c.check(not flow_bad, f"{label}: {v}: flow and leavers = " + (
            "each cohort x its tenure's rate" if by_tenure else f"{a:.5f} x heads")
                + f" (bad: {flow_bad})")
        c.check(not cls_bad, f"{label}: {v}: classes only in allowed weeks, within their sizes "
                             f"(bad: {cls_bad})")
        c.check(not train_bad, f"{label}: {v}: trainees / ramping = the classes' survivors "
                               f"(T = {T}) (bad: {train_bad})")
        c.check(not prod_bad, f"{label}: {v}: productive = heads - trainees - ramp shortfall; "
                              f"overtime within its cap (bad: {prod_bad})")
        plan = [(int(h["class_start_week"]), float(h["hires"]), int(h["productive_from_week"]))
                for h in hiring if h["vendor"] == v]
        c.check(plan == [(w, hires[w], w + T) for w in range(1, W + 1) if hires[w]],
                f"{label}: {v}: hiring_plan.csv lists each class, productive from start + {T}")
        c.check(all(num(by[(v, w)], "productive_fte") <= num(by[(v, w)], "headcount") - num(
            by[(v, w)], "in_training") + TOL for w in range(1, W + 1)),
                f"{label}: {v}: nobody in training counts as productive")

    for v, s in staff.items():
        o = over.get(v, {})
        if vendors[v]["kind"] != "bpo":
            continue
        notice = o.get("notice", int(s["notice_weeks"] or 0))
        lag = o.get("lag", 0)
        chg = float(s["max_change_fte_week"]) if s["max_change_fte_week"] else float("inf")
        lo = float(s["bpo_min_fte"] or 0)
        hi = o.get("bpo_max", float(s["bpo_max_fte"] or "inf"))
        f = [float(s["headcount"])] + [num(by[(v, w)], "bpo_fte") for w in range(1, W + 1)]
        c.check(all(abs(f[w] - f[0]) <= TOL for w in range(1, notice + 1)),
                f"{label}: {v}: contract unchanged through the {notice} notice weeks")
        c.check(all(abs(f[w] - f[w - 1]) <= chg + TOL for w in range(notice + 1, W + 1)),
                f"{label}: {v}: changes at most {chg:g} FTE a week")
        c.check(all(lo - TOL <= x <= hi + TOL for x in f[notice + 1:]),
                f"{label}: {v}: within {lo:g}..{hi:g} FTE")
        deliv = [min(f[max(0, w - k)] for k in range(lag + 1)) for w in range(1, W + 1)]
        c.check(all(abs(num(by[(v, w)], "productive_fte") - deliv[w - 1]) <= TOL
                    for w in range(1, W + 1)),
                f"{label}: {v}: delivered FTE = the least contract of the last {lag + 1} week(s)")

    req_bad, sheet_bad = [], []
    for q in qrows:
        s = float(q["shrinkage_pct"]) / 100
        qs = float(over.get("_queue_shrinkage", {}).get(
            q["queue"], queues[q["queue"]]["shrinkage_pct"] or 0)) / 100
        if abs(float(q["required_fte"]) - float(q["agent_hours"]) / (HPF * (1 - s) * (1 - qs))) > TOL:
            req_bad.append((q["week"], q["queue"]))
        if abs(float(q["spreadsheet_fte"]) - float(q["workload_hours"]) / (HPF * (1 - s) * OCC)) > TOL:
            sheet_bad.append((q["week"], q["queue"]))
    c.check(not req_bad, f"{label}: required_fte from agent_hours (bad: {req_bad[:3]})")
    c.check(not sheet_bad, f"{label}: spreadsheet_fte from workload_hours (bad: {sheet_bad[:3]})")
    unmet, unexplained, alloc_bad = [], [], []
    for w in range(1, W + 1):
        tot = by[("total", w)]
        qs = [q for q in qrows if int(q["week"]) == w]
        req = sum(float(q["required_fte"]) for q in qs)
        gap = sum(float(q["gap_fte"]) for q in qs)
        if abs(num(tot, "required_fte") - req) > 0.05 or abs(num(tot, "gap_fte") - gap) > 0.05:
            unmet.append(w)
        if num(tot, "allocated_fte") + gap < req - 0.05:
            unmet.append(w)
        for q in qs:
            if (float(q["gap_fte"]) > TOL) != bool(q["binding"]):
                unexplained.append((w, q["queue"]))
        for v in staff:
            r = by[(v, w)]
            if num(r, "allocated_fte") > num(r, "productive_fte") + num(r, "overtime_hours") / HPF + TOL:
                alloc_bad.append((w, v))
    c.check(not unmet, f"{label}: allocated + gap covers the required FTE (bad weeks: {unmet})")
    c.check(not unexplained, f"{label}: every gap and only a gap names its binding limits "
                             f"(bad: {unexplained[:3]})")
    c.check(not alloc_bad, f"{label}: no vendor given more than it delivers (bad: {alloc_bad[:3]})")

    cost = 0.0
    for v, s in staff.items():
        for w in range(1, W + 1):
            r = by[(v, w)]
            if vendors[v]["kind"] == "bpo":
                cost += float(s["price_per_fte_week"]) * num(r, "bpo_fte")
            else:
                wc = float(s["weekly_cost"])
                cost += (wc * num(r, "headcount") + float(s["hire_cost"] or 0) * num(r, "hires_starting")
                         + wc * (1 + float(s["overtime_premium_pct"] or 50) / 100)
                         * num(r, "overtime_hours") / HPF)
    paid = float(summary["total_cost"])
    c.check(abs(cost - paid) <= 1e-4 * paid, f"{label}: total_cost {paid:.2f} recomputed {cost:.2f}")
    cost += PEN * sum(float(q["gap_fte"]) for q in qrows)
    total = float(summary["objective"])
    c.check(abs(cost - total) <= 1e-4 * total,
            f"{label}: objective {total:.2f} = total_cost + penalty x gap {cost:.2f}")
    return by, qrows, hiring, summary
