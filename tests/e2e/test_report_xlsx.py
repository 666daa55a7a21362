"""plan.xlsx read back with openpyxl: the sheets of a run and a whatif, every cell typed
and equal to its CSV cell (numbers as numbers, timestamps and dates as Excel dates with a
date format, text as text), units in the headers, frozen header rows, autofilters, and
the native charts (cost by vendor, needed vs planned on the peak day, cost vs service per
scenario, required vs available FTE per week of a capacity plan) with the peak day and the vendor costs recomputed from the CSVs.
Skips (TAP ok # SKIP) when openpyxl is absent."""
import os
import sys

try:
    import openpyxl
except ImportError:
    # Debian's python3-openpyxl serves /usr/bin/python3; meson may have found another python3
    if os.path.exists("/usr/bin/python3") and os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") \
            and not os.environ.get("PP_REEXEC"):
        os.environ["PP_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    print("ok 1 # SKIP python3-openpyxl not installed")
    print("1..1")
    sys.exit(0)

import datetime
import shutil
import tempfile

from common import SOURCE, Checker, TESTS, read_csv, run

c = Checker()
ws_dir = os.path.join(TESTS, "golden", "small", "workspace")
tmp = tempfile.mkdtemp(prefix="pp_xlsx_")


def expect(cell, text, where):
    """True if an openpyxl cell holds the CSV text with its type; else reports it."""
    v = cell.value
    if text == "":
        return v is None or c.check(False, f"{where}: blank expected, found {v!r}")
    try:
        num = float(text)
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and abs(v - num) <= 1e-9 * max(1, abs(num))
        return ok or c.check(False, f"{where}: number {text} expected, found {v!r}")
    except ValueError:
        pass
    for fmt, nf in (("%Y-%m-%d %H:%M", "yyyy-mm-dd hh:mm"), ("%Y-%m-%d", "yyyy-mm-dd")):
        try:
            t = datetime.datetime.strptime(text, fmt)
        except ValueError:
            continue
        ok = isinstance(v, datetime.datetime) and v == t and cell.number_format == nf
        return ok or c.check(False, f"{where}: date {text} ({nf}) expected, found {v!r} {cell.number_format}")
    return v == text or c.check(False, f"{where}: text {text!r} expected, found {v!r}")


def check_sheet(wb, name, path):
    rows = read_csv(path)
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    if not c.check(name in wb.sheetnames, f"sheet {name}"):
        return None
    sh = wb[name]
    heads = [x.value for x in sh[1]][:len(header)]  # Summary has its vendor table beside
    c.check(len(heads) == len(header) and all(h.split(" (")[0] == k for h, k in zip(heads, header)),
            f"{name}: headers are the CSV columns ({heads[:4]}...)")
    units = {"paid_hours": "(h)", "service_level_pct": "(%)", "asa_seconds": "(s)", "agents_needed": "(agents)"}
    for k, u in units.items():
        if k in header:
            c.check(heads[header.index(k)] == f"{k} {u}", f"{name}: {k} header carries its unit {u}")
    c.check(sh.max_row == len(rows) + 1, f"{name}: {sh.max_row - 1} data rows, CSV has {len(rows)}")
    bad = 0
    for i, r in enumerate(rows):
        for j, k in enumerate(header):
            if not expect(sh.cell(row=i + 2, column=j + 1), r[k], f"{name}!{k}{i + 2}"):
                bad += 1
                if bad > 5:
                    break
        if bad > 5:
            break
    c.check(bad == 0, f"{name}: all {len(rows) * len(header)} cells typed and equal to the CSV")
    c.check(sh.freeze_panes == "A2", f"{name}: header row frozen ({sh.freeze_panes})")
    c.check(sh.auto_filter.ref is not None and sh.auto_filter.ref.startswith("A1:"),
            f"{name}: autofilter {sh.auto_filter.ref}")
    c.check(all((sh.column_dimensions[chr(65 + j)].width or 0) >= 10 for j in range(min(len(header), 26))),
            f"{name}: column widths set")
    return sh


def chart_kinds(sh):
    return sorted(type(ch).__name__ for ch in sh._charts)


def check_plan(folder, plan_dir, what):
    path = os.path.join(folder, "plan.xlsx")
    if not c.check(os.path.isfile(path), f"{what}: plan.xlsx written"):
        return None
    wb = openpyxl.load_workbook(path)
    for name, fn in (("Summary", "summary.csv"), ("Roster", "roster.csv"), ("Coverage", "coverage.csv"),
                     ("Forecast", "forecast.csv"), ("Requirements", "requirements.csv")):
        sh = check_sheet(wb, name, os.path.join(plan_dir, fn))
    summ = {r["metric"]: r["value"] for r in read_csv(os.path.join(plan_dir, "summary.csv"))}
    sh = wb["Summary"]
    vendors = {sh.cell(row=i, column=4).value: sh.cell(row=i, column=6).value for i in range(2, 30)
               if sh.cell(row=i, column=4).value}
    # independent: the roster's own cost column, summed per vendor
    roster = read_csv(os.path.join(plan_dir, "roster.csv"))
    by_vendor = {}
    for r in roster:
        by_vendor[r["vendor"]] = by_vendor.get(r["vendor"], 0) + float(r["cost"])
    c.check(set(vendors) == set(by_vendor) and all(abs(vendors[v] - by_vendor[v]) < 0.01 for v in by_vendor),
            f"{what}: cost by vendor {vendors} = the roster's costs {by_vendor}")
    c.check(abs(sum(vendors.values()) - float(summ["total_cost"])) < 0.01, f"{what}: vendor costs add up to total_cost")
    c.check(chart_kinds(sh) == ["BarChart", "LineChart"],
            f"{what}: Summary has the cost-by-vendor and peak-day charts ({chart_kinds(sh)})")
    # peak day recomputed from coverage.csv: the day with the most agents needed
    cov = read_csv(os.path.join(plan_dir, "coverage.csv"))
    day_need, per = {}, {}
    for r in cov:
        d = r["interval_start"][:10]
        day_need[d] = day_need.get(d, 0) + float(r["agents_needed"])
    peak = max(sorted(day_need), key=lambda d: day_need[d])
    for r in cov:
        if r["interval_start"].startswith(peak):
            n, p = per.get(r["interval_start"], (0, 0))
            per[r["interval_start"]] = (n + float(r["agents_needed"]), p + float(r["agents_planned"]))
    pk = wb["Peak day"]
    got = {pk.cell(row=i, column=1).value.strftime("%Y-%m-%d %H:%M"): (pk.cell(row=i, column=2).value, pk.cell(row=i, column=3).value)
           for i in range(2, pk.max_row + 1)}
    c.check(set(per) <= set(got) and all(abs(got[k][0] - per[k][0]) < 1e-6 and abs(got[k][1] - per[k][1]) < 1e-6 for k in per),
            f"{what}: Peak day sheet is {peak}, needed and planned summed over queues")
    return wb


out = os.path.join(tmp, "run")
code, so, se = run("run", ws_dir, "-o", out, "--quiet")
c.check(code == 0, f"run exits 0 ({se.strip()[-200:]})")
wb = check_plan(out, out, "run")
if wb:
    c.check(wb.sheetnames == ["Summary", "Roster", "Coverage", "Forecast", "Requirements", "Allocation",
                            "Peak day"],
            f"run: sheets {wb.sheetnames}")

scen = os.path.join(tmp, "scenarios.csv")
with open(scen, "w") as f:
    f.write("scenario,parameter,value,queue,vendor,from,to\nmore_volume,volume_pct,30,,,,\n"
            "cheaper,vendor_hourly_cost,10,,bpo_a,,\n")
wi = os.path.join(tmp, "whatif")
code, so, se = run("whatif", ws_dir, "--scenarios", scen, "-o", wi, "--quiet")
c.check(code == 0, f"whatif exits 0 ({se.strip()[-200:]})")
wb = check_plan(wi, os.path.join(wi, "base"), "whatif")
if wb:
    sh = check_sheet(wb, "Scenarios", os.path.join(wi, "scenarios_summary.csv"))
    c.check(chart_kinds(sh) == ["BarChart", "ScatterChart"],
            f"whatif: Scenarios has cost vs service (scatter) and cost per scenario ({chart_kinds(sh)})")

# ---- capacity: its four CSVs as typed sheets, the weekly table and its chart
cap = os.path.join(tmp, "capacity")
code, so, se = run("capacity", os.path.join(SOURCE, "data", "example"), "-o", cap)
c.check(code == 0, f"capacity exits 0 ({se.strip()[-200:]})")
if c.check(os.path.isfile(os.path.join(cap, "plan.xlsx")), "capacity: plan.xlsx written"):
    wb = openpyxl.load_workbook(os.path.join(cap, "plan.xlsx"))
    c.check(wb.sheetnames == ["Capacity summary", "Capacity", "Capacity queues", "Hiring plan", "Capacity weeks"],
            f"capacity: sheets {wb.sheetnames}")
    for name, fn in (("Capacity summary", "capacity_summary.csv"), ("Capacity", "capacity.csv"),
                     ("Capacity queues", "capacity_queues.csv"), ("Hiring plan", "hiring_plan.csv")):
        check_sheet(wb, name, os.path.join(cap, fn))
    sh = wb["Capacity"]
    heads = [x.value for x in sh[1]]
    c.check("required_fte (FTE)" in heads and "hires_starting (people)" in heads and "cost (currency)" in heads,
            f"capacity: headers carry FTE, people, currency units ({heads[4:10]}...)")
    # the weekly table recomputed from the CSVs: the requirement once per week (capacity_queues.csv
    # summed over queues), productive and allocated FTE summed over the vendor rows
    crow = read_csv(os.path.join(cap, "capacity.csv"))
    qrow = read_csv(os.path.join(cap, "capacity_queues.csv"))
    weeks = sorted({r["week_start"] for r in crow})
    wk = wb["Capacity weeks"]
    got = [[wk.cell(row=i, column=j).value for j in range(1, 6)] for i in range(2, wk.max_row + 1)]
    want = [[datetime.datetime.strptime(w, "%Y-%m-%d"),
             sum(float(q["required_fte"]) for q in qrow if q["week_start"] == w),
             sum(float(r["productive_fte"]) for r in crow if r["week_start"] == w and r["kind"]),
             sum(float(r["allocated_fte"]) for r in crow if r["week_start"] == w and r["kind"]),
             sum(float(q["gap_fte"]) for q in qrow if q["week_start"] == w)] for w in weeks]
    c.check(len(got) == len(want) and all(g[0] == e[0] and all(abs(x - y) < 0.01 for x, y in zip(g[1:], e[1:]))
                                          for g, e in zip(got, want)),
            f"capacity: Capacity weeks is required / productive / allocated / gap per week ({len(got)} weeks)")
    c.check(wk.cell(row=2, column=1).number_format == "yyyy-mm-dd" and wk.freeze_panes == "A2"
            and wk.auto_filter.ref == f"A1:E{len(weeks) + 1}", "capacity: Capacity weeks typed, frozen, filtered")
    charts = wb["Capacity summary"]._charts
    c.check(chart_kinds(wb["Capacity summary"]) == ["LineChart"] and len(charts[0].series) == 4,
            f"capacity: Capacity summary has the required vs available FTE chart ({chart_kinds(wb['Capacity summary'])})")

shutil.rmtree(tmp, ignore_errors=True)
c.done()
