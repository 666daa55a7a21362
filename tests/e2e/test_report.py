"""report.html in a real browser: `run`, `whatif` and `capacity` write it (and plan.xlsx)
into the finished output folder; headless Chromium draws every chart with data and logs no error
(the page's data-charts / data-rendered / data-errors, read from the dumped DOM);
`peakplan report OUTDIR` rebuilds the same bytes; sections appear when their CSV does;
a 6-week, 20-queue plan stays under 3 MB; bad folders exit 2 naming the file.
Skips the browser checks (TAP ok # SKIP) when no Chromium is installed."""
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile

from common import SOURCE, Checker, TESTS, read_csv, run

c = Checker()
ws = os.path.join(TESTS, "golden", "small", "workspace")
queues = [q["queue"] for q in read_csv(os.path.join(ws, "queues.csv"))]
tmp = tempfile.mkdtemp(prefix="pp_report_")
browser = next((shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(b)), None)


def chromium(url, *extra):
    """Runs headless Chromium on url with the flags of the machine notes; returns stdout."""
    prof = tempfile.mkdtemp(prefix="pp_chrome_", dir=tmp)
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--user-data-dir=" + prof, *extra, url]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    return p.stdout


def body_attrs(path):
    dom = chromium("file://" + os.path.abspath(path), "--dump-dom")
    m = re.search(r"<body([^>]*)>", dom)
    return dict(re.findall(r'data-([a-z]+)="([^"]*)"', m.group(1))) if m else {}, dom


def check_browser(path, want_charts, what):
    if not browser:
        c.check(True, f"{what}: # SKIP chromium not installed")
        return ""
    a, dom = body_attrs(path)
    c.check(a.get("done") == "1", f"{what}: the page script ran to the end ({a})")
    c.check(a.get("charts") == str(want_charts), f"{what}: {a.get('charts')} charts, want {want_charts}")
    c.check(a.get("rendered") == a.get("charts"), f"{what}: every chart drawn with data ({a})")
    c.check(a.get("errors") == "0", f"{what}: no error logged ({a})")
    return dom


# ---- run: both files, written last, no temporary left behind
out = os.path.join(tmp, "run")
code, so, se = run("run", ws, "-o", out, "--quiet")
c.check(code == 0, f"run exits 0 ({se.strip()[-300:]})")
for fn in ("report.html", "plan.xlsx"):
    c.check(os.path.isfile(os.path.join(out, fn)), f"run writes {fn}")
c.check(not [f for f in os.listdir(out) if f.startswith(".") and f != ".peakplan"],
        "no temporary file left in the folder (only the .peakplan marker)")
html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
c.check("<script src" not in html and "<link" not in html, "report.html loads nothing from outside")
c.check("uPlot v1.6.32" in html or "(v1.6.32)" in html, "uPlot 1.6.32 is inlined")

# ---- one code path: `peakplan report` rebuilds the same bytes from the CSVs
code, so, se = run("report", out, "--workspace", ws)
c.check(code == 0, f"peakplan report exits 0 ({se.strip()[-300:]})")
c.check(open(os.path.join(out, "report.html"), encoding="utf-8").read() == html,
        "peakplan report OUTDIR rebuilds report.html byte for byte")

# forecast and needed-vs-planned per queue, service per day, paid hours and cost per day
n_run = 2 * len(queues) + 3
dom = check_browser(os.path.join(out, "report.html"), n_run, "run report")
if dom:
    for q in queues:
        c.check(f"{q}: agents needed vs planned" in dom, f"chart titled for queue {q}")
    c.check("agents" in dom and "contacts per interval" in dom, "axes carry units")
    # the unmet intervals the table reports, counted from coverage.csv itself
    cov = read_csv(os.path.join(out, "coverage.csv"))
    n_under = sum(float(r["understaffed_agents"] or 0) > 1e-6 for r in cov)
    want = f"{n_under} understaffed queue-intervals" if n_under else "None: every interval is covered."
    c.check(want in dom, f"unmet intervals: '{want}'")
    shot = os.path.join(tmp, "shot.png")
    chromium("file://" + os.path.join(out, "report.html"), "--window-size=1200,1600",
             "--screenshot=" + shot)
    ok = os.path.isfile(shot) and open(shot, "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    c.check(ok and os.path.getsize(shot) > 20000, "a screenshot of the page is a real PNG")

# ---- --no-report / --no-xlsx
out2 = os.path.join(tmp, "run-noreport")
code, so, se = run("run", ws, "-o", out2, "--quiet", "--no-report", "--no-xlsx")
c.check(code == 0 and not os.path.exists(os.path.join(out2, "report.html"))
        and not os.path.exists(os.path.join(out2, "plan.xlsx")), "--no-report --no-xlsx write neither")

# ---- optional sections from hand-made CSVs: allocation, simulation, capacity
opt = os.path.join(tmp, "optional")
shutil.copytree(out, opt)
cov = read_csv(os.path.join(out, "coverage.csv"))
with open(os.path.join(opt, "allocation.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["queue", "interval_start", "vendor", "agents"])
    for r in cov:  # planned agents split 60/40 between two vendors
        p = float(r["agents_planned"])
        w.writerow([r["queue"], r["interval_start"], "inhouse", f"{p * 0.6:.3f}"])
        w.writerow([r["queue"], r["interval_start"], "bpo_x", f"{p * 0.4:.3f}"])
with open(os.path.join(opt, "simulation.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["queue", "interval_start", "service_level_pct"])
    for r in cov:
        w.writerow([r["queue"], r["interval_start"], f"{max(0.0, float(r['service_level_pct']) - 3):.2f}"])
code, so, se = run("report", opt, "--workspace", ws, "--no-xlsx")
c.check(code == 0, f"report with allocation, simulation exits 0 ({se.strip()[-300:]})")
dom = check_browser(os.path.join(opt, "report.html"), n_run, "report with optional CSVs")
if dom:
    c.check("bpo_x" in dom, "needed vs planned is stacked by vendor (allocation.csv)")
    c.check("simulated" in dom, "service shows the simulated series (simulation.csv)")

# ---- capacity: its own report, required vs available FTE, hires, BPO ramp, headcount
example = os.path.join(SOURCE, "data", "example")
cap = os.path.join(tmp, "capacity")
code, so, se = run("capacity", example, "-o", cap)
c.check(code == 0, f"capacity exits 0 ({se.strip()[-300:]})")
for fn in ("report.html", "plan.xlsx"):
    c.check(os.path.isfile(os.path.join(cap, fn)), f"capacity writes {fn}")
c.check(not [f for f in os.listdir(cap) if f.startswith(".") and f != ".peakplan"],
        "capacity: no temporary file left in the folder")
cap_html = open(os.path.join(cap, "report.html"), encoding="utf-8").read()
code, so, se = run("report", cap)
c.check(code == 0 and open(os.path.join(cap, "report.html"), encoding="utf-8").read() == cap_html,
        f"peakplan report rebuilds a capacity folder's report.html byte for byte ({se.strip()[-200:]})")
# the page's data against the CSVs: the requirement once per week (the total row, equal to
# capacity_queues.csv summed over queues), available FTE summed over the vendor rows
m = re.search(r'<script type="application/json" id="pp-data">(.*?)</script>', cap_html, re.S)
data = json.loads(m.group(1))["capacity"] if m else {}
crow = read_csv(os.path.join(cap, "capacity.csv"))
qrow = read_csv(os.path.join(cap, "capacity_queues.csv"))
weeks = sorted({r["week_start"] for r in crow})
req = [sum(float(q["required_fte"]) for q in qrow if q["week_start"] == w) for w in weeks]
prod = [sum(float(r["productive_fte"]) for r in crow if r["week_start"] == w and r["kind"]) for w in weeks]
gap = [sum(float(q["gap_fte"]) for q in qrow if q["week_start"] == w) for w in weeks]
epoch = [int(datetime.datetime.strptime(w, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc).timestamp())
         for w in weeks]
close = lambda a, b, tol: len(a) == len(b) and all(abs(x - y) <= tol for x, y in zip(a, b))
c.check(data.get("weeks") == epoch, f"capacity: one point per week_start ({len(weeks)} weeks)")
c.check(close(data.get("required", []), req, 0.01),
        "capacity: required FTE per week = capacity_queues.csv summed over queues (not per vendor row)")
c.check(close(data.get("productive", []), prod, 0.01), "capacity: available = productive FTE summed over vendors")
c.check(close(data.get("gap", []), gap, 0.01) and any(g > 0 for g in gap), "capacity: the weekly gap (some week has one)")
staff = read_csv(os.path.join(example, "staff.csv"))
c.check(sorted(v["name"] for v in data.get("vendors", [])) == sorted(r["vendor"] for r in staff),
        "capacity: headcount for every vendor of staff.csv")
for v in data.get("vendors", []):
    want = [float(r["hires_starting" if v["kind"] == "inhouse" else "bpo_fte"]) for r in crow if r["vendor"] == v["name"]]
    got = v["hires"] if v["kind"] == "inhouse" else v["bpo"]
    c.check(close(got, want, 1e-3), f"capacity: {v['name']} ({v['kind']}) {'hires' if v['kind'] == 'inhouse' else 'BPO FTE'} per week")
dom = check_browser(os.path.join(cap, "report.html"), 4, "capacity report")
if dom:
    for title in ("Required vs available FTE per week", "Hires starting per week, in-house vendors",
                  "BPO ramp: contracted FTE per week", "Headcount per week by vendor"):
        c.check(title in dom, f"capacity chart: {title}")
    c.check("week starting (date)" in dom and "hires (people)" in dom and "contracted FTE" in dom,
            "capacity axes carry units")
    c.check("peak_required_fte" in dom and "class_start_date" in dom,
            "capacity_summary.csv and hiring_plan.csv tables")
    c.check("Capacity per week" not in dom, "no generic line per capacity.csv column")
    shot = os.path.join(tmp, "cap.png")
    chromium("file://" + os.path.join(cap, "report.html"), "--window-size=1160,1400", "--screenshot=" + shot)
    c.check(os.path.isfile(shot) and os.path.getsize(shot) > 20000, "a screenshot of the capacity section")
# without the total rows (a hand-made file) the requirement comes from capacity_queues.csv
nototal = os.path.join(tmp, "capacity-nototal")
shutil.copytree(cap, nototal)
with open(os.path.join(cap, "capacity.csv"), encoding="utf-8") as f:
    lines = f.readlines()
with open(os.path.join(nototal, "capacity.csv"), "w", encoding="utf-8") as f:
    f.writelines(l for l in lines if ",total,," not in l)
code, so, se = run("report", nototal, "--no-xlsx")
m = re.search(r'<script type="application/json" id="pp-data">(.*?)</script>',
              open(os.path.join(nototal, "report.html"), encoding="utf-8").read(), re.S)
d2 = json.loads(m.group(1))["capacity"] if code == 0 and m else {}
c.check(len(lines) > sum(1 for l in lines if ",total,," not in l) and close(d2.get("required", []), req, 0.01)
        and close(d2.get("gap", []), gap, 0.01) and close(d2.get("productive", []), prod, 0.01),
        "capacity.csv without total rows: the same weekly requirement and gap, from capacity_queues.csv")
cap2 = os.path.join(tmp, "capacity-noreport")
code, so, se = run("capacity", example, "-o", cap2, "--no-report", "--no-xlsx")
c.check(code == 0 and os.path.isfile(os.path.join(cap2, "capacity.csv"))
        and not os.path.exists(os.path.join(cap2, "report.html"))
        and not os.path.exists(os.path.join(cap2, "plan.xlsx")), "capacity --no-report --no-xlsx write neither")
code, so, se = run("capacity", example, "-o", cap2, "--no-xlsx")
c.check(code == 0 and os.path.isfile(os.path.join(cap2, "report.html"))
        and not os.path.exists(os.path.join(cap2, "plan.xlsx")), "capacity --no-xlsx writes the page only")
bad = os.path.join(tmp, "capacity-bad")
shutil.copytree(cap, bad)
with open(os.path.join(bad, "capacity.csv"), "w") as f:
    f.write("week,week_start,vendor\n1,2026-06-01,inhouse\n")
code, so, se = run("report", bad)
c.check(code == 2 and "capacity.csv:1" in se and "kind" in se,
        f"capacity.csv without its columns: exit 2 naming file:line ({se.strip()})")

# ---- whatif: its own report, cost vs service per scenario and a sortable table
scen = os.path.join(tmp, "scenarios.csv")
with open(scen, "w") as f:
    f.write("scenario,parameter,value,queue,vendor,from,to\nmore_volume,volume_pct,30,,,,\n"
            "cheaper,vendor_hourly_cost,10,,bpo_a,,\n")
wi = os.path.join(tmp, "whatif")
code, so, se = run("whatif", ws, "--scenarios", scen, "-o", wi, "--quiet")
c.check(code == 0, f"whatif exits 0 ({se.strip()[-300:]})")
c.check(os.path.isfile(os.path.join(wi, "report.html")) and os.path.isfile(os.path.join(wi, "plan.xlsx")),
        "whatif writes report.html and plan.xlsx")
dom = check_browser(os.path.join(wi, "report.html"), n_run + 1, "whatif report")
if dom:
    c.check("Cost and service level per scenario" in dom, "whatif: the cost vs service chart")
    c.check('class="sortable"' in dom and "more_volume" in dom and "cheaper" in dom,
            "whatif: the sortable table lists every scenario")

# ---- size: a 6-week, 20-queue plan (hand-made CSVs) stays under 3 MB
big = os.path.join(tmp, "big")
os.makedirs(big)
t0 = datetime.datetime(2026, 10, 5)
n = 42 * 48
with open(os.path.join(big, "coverage.csv"), "w") as fc, open(os.path.join(big, "forecast.csv"), "w") as ff:
    fc.write("queue,interval_start,agents_needed,agents_planned,service_level_pct,offered\n")
    ff.write("queue,interval_start,offered,offered_p10,offered_p50,offered_p90,aht_seconds\n")
    for q in range(20):
        for i in range(n):
            ts = (t0 + datetime.timedelta(minutes=30 * i)).strftime("%Y-%m-%d %H:%M")
            need = 10 + (q * 7 + i * 13) % 37 + 0.123
            off = need * 9.87
            fc.write(f"q{q:02d},{ts},{need:.3f},{need - (i % 5 == 0):.3f},{80 + i % 17:.2f},{off:.3f}\n")
            ff.write(f"q{q:02d},{ts},{off:.3f},{off * .8:.3f},{off:.3f},{off * 1.2:.3f},300.0\n")
with open(os.path.join(big, "summary.csv"), "w") as f:
    f.write("metric,value\ntotal_cost,1000.00\npaid_hours,100.00\n")
code, so, se = run("report", big, "--no-xlsx")
size = os.path.getsize(os.path.join(big, "report.html")) if code == 0 else -1
c.check(code == 0 and 0 < size < 3_000_000, f"6-week, 20-queue report.html is {size} bytes (< 3 MB)")
check_browser(os.path.join(big, "report.html"), 2 * 20 + 1, "6-week, 20-queue report")

# ---- bad folders: exit 2, the file named
empty = os.path.join(tmp, "empty")
os.makedirs(empty)
code, so, se = run("report", empty)
c.check(code == 2 and "not a peakplan output folder" in se, f"an empty folder: exit 2 ({se.strip()})")
bad = os.path.join(tmp, "bad")
shutil.copytree(out, bad)
with open(os.path.join(bad, "coverage.csv"), "w") as f:
    f.write("queue,interval_start,agents_needed\nq,2026-11-04 00:00,1\n")
code, so, se = run("report", bad)
c.check(code == 2 and "coverage.csv:1" in se and "agents_planned" in se,
        f"coverage.csv without agents_planned: exit 2 naming file:line ({se.strip()})")
with open(os.path.join(bad, "coverage.csv"), "w") as f:
    f.write("queue,interval_start,agents_needed,agents_planned\nq,2026-11-04 00:00,1,0\nq,2026-11-04 00:30,1.5x,0\n")
code, so, se = run("report", bad)
c.check(code == 2 and "coverage.csv:3:3" in se, f"a cell that is not a number: exit 2 at file:line:col ({se.strip()})")
c.check(open(os.path.join(bad, "report.html"), encoding="utf-8").read() == html,
        "a failed rebuild leaves the previous report.html untouched")
code, so, se = run("report")
c.check(code == 2, "report without OUTDIR is a usage error (exit 2)")

shutil.rmtree(tmp, ignore_errors=True)
c.done()
