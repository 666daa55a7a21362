"""peakplan whatif: scenario rows are validated before anything runs; the answers are
sane (more volume never lowers cost, an outage never lowers cost, a cheaper vendor never
raises it, within the solver's gap); 1 thread and 2 threads give identical files."""
import os
import shutil
import tempfile

from common import Checker, TESTS, SOURCE, first_difference, read_csv, run

c = Checker()
ws = os.path.join(TESTS, "golden", "small", "workspace")
if not os.path.isdir(ws):
    ws = os.path.join(SOURCE, "data", "example")
queues = [q["queue"] for q in read_csv(os.path.join(ws, "queues.csv"))]
vendors = read_csv(os.path.join(ws, "vendors.csv"))
bpo = next((v for v in vendors if v["kind"] == "bpo"), vendors[-1])
tmp = tempfile.mkdtemp(prefix="pp_whatif_")
scen = os.path.join(tmp, "scenarios.csv")
with open(scen, "w") as f:
    f.write("scenario,parameter,value,queue,vendor,from,to\n")
    f.write("more_volume,volume_pct,30,,,,\n")
    f.write(f"outage,vendor_available,0,,{bpo['vendor']},,\n")
    f.write(f"cheaper,vendor_hourly_cost,{float(bpo['hourly_cost']) * 0.8:.2f},,{bpo['vendor']},,\n")
    f.write(f"tighter,target_pct,95,{queues[0]},,,\n")
    f.write(f"combo,volume_pct,10,{queues[0]},,,\n")
    f.write(f"combo,vendor_seats,5,,{bpo['vendor']},,\n")
    f.write("same,volume_pct,0,,,,\n")

outs = {}
for threads in ("1", "2"):
    out = os.path.join(tmp, "out" + threads)
    code, so, se = run("whatif", ws, "--scenarios", scen, "-o", out, "--threads", threads, "--quiet")
    c.check(code == 0, f"whatif --threads {threads} exits 0 ({se.strip()[-300:]})")
    outs[threads] = out
rows = read_csv(os.path.join(outs["1"], "scenarios_summary.csv"))
c.check([r["scenario"] for r in rows] == ["base", "more_volume", "outage", "cheaper", "tighter", "combo", "same"],
        "scenarios_summary.csv: base first, then file order")
for col in ["scenario", "total_cost", "delta_cost_pct", "service_level_pct", "understaffed_agent_hours", "paid_hours"]:
    c.check(col in rows[0], f"scenarios_summary.csv has {col}")
by = {r["scenario"]: r for r in rows}
gap = max(float(r["mip_gap_pct"] or 0) for r in rows) / 100 + 1e-6


def objective(name):
    # Compare what the solver minimises: cost plus the understaffing penalty.
    summ = {m["metric"]: m["value"] for m in read_csv(os.path.join(outs["1"], name, "summary.csv"))}
    return float(summ["objective"])


base = objective("base")
c.check(objective("more_volume") >= base * (1 - gap), "30 % more volume never lowers the objective")
c.check(objective("outage") >= base * (1 - gap), "a vendor outage never lowers the objective")
c.check(objective("cheaper") <= base * (1 + gap), "a cheaper vendor never raises the objective")
c.check(objective("tighter") >= base * (1 - gap), "a tighter target never lowers the objective")
for name in by:
    c.check(os.path.exists(os.path.join(outs["1"], name, "roster.csv")), f"{name}/roster.csv written")

# A scenario that changes nothing gets the base's plan, and its folder (rendered in memory by
# the worker that planned it) holds the very bytes the base's (written at the end) does.
for name in sorted(os.listdir(os.path.join(outs["2"], "base"))):
    if name.startswith("."):
        continue
    with open(os.path.join(outs["2"], "base", name)) as f:
        want = [l for l in f if not l.startswith("solve_seconds,")]
    path = os.path.join(outs["2"], "same", name)
    got = []
    if os.path.exists(path):
        with open(path) as f:
            got = [l for l in f if not l.startswith("solve_seconds,")]
    c.check(got == want, f"an unchanged scenario's {name} is the base's, byte for byte")

diff = first_difference(outs["1"], outs["2"])
c.check(diff is None, f"1 thread and 2 threads give identical files (first difference: {diff})")

# A scenario that fails (here in its staffing, which with two threads may run while the base plan is
# still being solved) is reported as failed with its message; the others are planned, and
# the set is the same with 1 and 2 threads.
voice = next((q["queue"] for q in read_csv(os.path.join(ws, "queues.csv")) if q["channel"] == "voice"), None)
if voice:
    bad = os.path.join(tmp, "bad.csv")
    with open(bad, "w") as f:
        f.write("scenario,parameter,value,queue,vendor,from,to\n")
        f.write("more,volume_pct,30,,,,\n")
        f.write(f"impossible,target_pct,100,{voice},,,\n")
        f.write(f"impossible,target_seconds,0,{voice},,,\n")
        f.write("less,volume_pct,-10,,,,\n")
    bad_out = {}
    for threads in ("1", "2"):
        bad_out[threads] = os.path.join(tmp, "bad_out" + threads)
        code, so, se = run("whatif", ws, "--scenarios", bad, "-o", bad_out[threads], "--threads", threads, "--quiet")
        c.check(code == 0, f"a failing scenario does not fail the batch, --threads {threads} ({se.strip()[-200:]})")
    if all(os.path.isdir(d) for d in bad_out.values()):
        st = {r["scenario"]: r for r in read_csv(os.path.join(bad_out["2"], "scenarios_summary.csv"))}
        c.check(st["impossible"]["status"] == "failed" and
                "scenario impossible: queue " + voice + ": 100% within 0 seconds" in st["impossible"]["error"],
                f"the failing scenario is failed, with its message: {st['impossible']['status']}, {st['impossible']['error']}")
        c.check(all(st[n]["status"] == "done" for n in ("base", "more", "less")), "the others are planned")
        c.check(first_difference(bad_out["1"], bad_out["2"]) is None,
                f"1 and 2 threads give identical files ({first_difference(bad_out['1'], bad_out['2'])})")

# Every parameter may be limited to dates: the change then holds on those days only, so
# its objective lies between the base's and the whole-horizon change's (within the gap).
ranged = os.path.join(tmp, "ranged.csv")
day2 = "2026-03-17"
with open(ranged, "w") as f:
    f.write("scenario,parameter,value,queue,vendor,from,to\n")
    for name, param, value, q, v in [("cost", "vendor_hourly_cost", 40, "", "inhouse"),
                                     ("shrink", "shrinkage_pct", 40, "", "inhouse"),
                                     ("qshrink", "shrinkage_pct", 30, queues[0], ""),
                                     ("target", "target_pct", 95, queues[0], "")]:
        f.write(f"{name}_all,{param},{value},{q},{v},,\n")
        f.write(f"{name}_day2,{param},{value},{q},{v},{day2},{day2}\n")
out = os.path.join(tmp, "ranged_out")
code, so, se = run("whatif", ws, "--scenarios", ranged, "-o", out, "--quiet")
c.check(code == 0, f"date-limited seats, cost, shrinkage and targets run ({se.strip()[-200:]})")
if code == 0:
    rr = {r["scenario"]: r for r in read_csv(os.path.join(out, "scenarios_summary.csv"))}
    g = max(float(r["mip_gap_pct"] or 0) for r in rr.values()) / 100 + 1e-6
    for name in ("cost", "shrink", "qshrink", "target"):
        lo, mid, hi = (float(rr[k]["objective"]) for k in ("base", name + "_day2", name + "_all"))
        c.check(lo * (1 - g) <= mid <= hi * (1 + g),
                f"{name} on one day: objective {mid:.2f} between base {lo:.2f} and all days {hi:.2f}")

# Sweeps: a `;`-list in value crosses the rows of one scenario name; the summary gets
# the coordinates as appended columns, and a grid point plans exactly as the same changes
# written out by hand.
sweep = os.path.join(tmp, "sweep.csv")
with open(sweep, "w") as f:
    f.write("scenario,parameter,value,queue,vendor,from,to\n")
    f.write("grid,volume_pct,-10;0;20,,,,\n")
    f.write(f"grid,vendor_seats,6,,{bpo['vendor']},,\n")
    f.write(f"grid,target_pct,80;95,{queues[0]},,,\n")
    f.write("by_hand,volume_pct,20,,,,\n")
    f.write(f"by_hand,vendor_seats,6,,{bpo['vendor']},,\n")
    f.write(f"by_hand,target_pct,95,{queues[0]},,,\n")
out = os.path.join(tmp, "sweep_out")
code, so, se = run("whatif", ws, "--scenarios", sweep, "-o", out, "--quiet", "--threads", "2")
c.check(code == 0, f"a sweep runs ({se.strip()[-200:]})")
if code == 0:
    rows = read_csv(os.path.join(out, "scenarios_summary.csv"))
    names = [r["scenario"] for r in rows]
    want = ["base"] + [f"grid_{v}_{t}" for v in ("-10", "0", "20") for t in ("80", "95")] + ["by_hand"]
    c.check(names == want, f"sweep expanded in order, first row slowest: {names}")
    with open(os.path.join(out, "scenarios_summary.csv")) as f:
        header = f.readline().rstrip("\n").split(",")
    c.check(header[-3:] == ["status", "sweep:volume_pct", f"sweep:target_pct:{queues[0]}"],
            f"sweep columns appended after status: {header[-3:]}")
    for r in rows:
        if r["scenario"].startswith("grid_"):
            _, v, t = r["scenario"].split("_")
            c.check((r["sweep:volume_pct"], r[f"sweep:target_pct:{queues[0]}"]) == (v, t),
                    f"{r['scenario']}: coordinates {v}, {t}")
        else:
            c.check(r["sweep:volume_pct"] == "" and r[f"sweep:target_pct:{queues[0]}"] == "",
                    f"{r['scenario']}: no coordinates")
    def content(name, fname):
        # solve_seconds is the clock's, not the plan's
        with open(os.path.join(out, name, fname)) as f:
            return [ln for ln in f if not ln.startswith("solve_seconds,")]
    for fname in ("summary.csv", "roster.csv", "coverage.csv"):
        c.check(content("grid_20_95", fname) == content("by_hand", fname),
                f"grid_20_95/{fname} equals the same changes written by hand")
    # the sweep's columns are the only difference from a file without sweeps
    base_cols = read_csv(os.path.join(outs["1"], "scenarios_summary.csv"))[0].keys()
    c.check(list(base_cols) == header[:-2], "columns before the sweep's unchanged")

# --resume: a scenario's folder counts as complete when its .complete marker (written
# last) is there and matches the scenario; deleting a folder or a marker, or changing a
# scenario, makes exactly those run again, and the finished set equals a full run's.
if code == 0:
    res_dir = os.path.join(tmp, "resume_out")
    shutil.copytree(out, res_dir)
    shutil.rmtree(os.path.join(res_dir, "grid_0_95"))
    os.remove(os.path.join(res_dir, "by_hand", ".complete"))
    code2, so2, se2 = run("whatif", ws, "--scenarios", sweep, "--resume", res_dir, "--quiet")
    c.check(code2 == 0 and "5 of 7 scenarios complete, 2 planned" in se2,
            f"--resume plans only the deleted folder and the one without marker ({se2.strip()[-200:]})")
    c.check(first_difference(out, res_dir) is None and first_difference(res_dir, out) is None,
            f"the resumed set equals the full run's ({first_difference(out, res_dir)})")
    with open(sweep) as f:
        text = f.read()
    with open(sweep, "w") as f:
        f.write(text.replace("by_hand,volume_pct,20", "by_hand,volume_pct,21"))
    code2, so2, se2 = run("whatif", ws, "--scenarios", sweep, "--resume", res_dir, "--quiet")
    c.check(code2 == 0 and "6 of 7 scenarios complete, 1 planned" in se2,
            f"a changed scenario is planned again, the others kept ({se2.strip()[-200:]})")
    code2, so2, se2 = run("whatif", ws, "--scenarios", sweep, "--resume", os.path.join(tmp, "nowhere"))
    c.check(code2 == 2 and "no folder" in se2, f"--resume of a missing folder: exit 2 ({se2.strip()[-120:]})")

# Bad rows are refused with file:line:column before anything runs.
bad_cases = [
    ("x,volume_pcnt,30,,,,\n", 2, 2, "unknown parameter"),
    ("x,vendor_seats,10,,nobody,,\n", 2, 5, "unknown vendor"),
    (f"x,volume_pct,30,{queues[0]},,2026-11-12,2026-11-10\n", 2, 7, "ends before it starts"),
    ("x,target_pct,130,,,,\n", 2, 3, "must be at most 100"),
    ("x,vendor_seats,10,,,,\n", 2, 5, "needs a vendor"),
    ("x,volume_pct,30,nowhere,,,\n", 2, 4, "unknown queue"),
    ("x,volume_pct,10;;30,,,,\n", 2, 3, "sweep item 2 is empty"),
    ("x,volume_pct,10;abc,,,,\n", 2, 3, "is not a number"),
    ("x,volume_pct,0;1;2;3;4;5;6;7;8;9,,,,\nx,aht_pct,0;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19,,,,\n"
     "x,target_pct,80;85;90;95;97;99,,,,\n", 4, 3, "more than 1000 scenarios"),
    ("x,max_days_per_week,3.5,,inhouse,,\n", 2, 3, "whole number of days"),
    ("x,max_days_per_week,8,,inhouse,,\n", 2, 3, "at most 7"),
    ("x,min_consecutive_days_off,2,,,,\n", 2, 5, "needs a vendor"),
    ("x,max_consecutive_days,3,,inhouse,2026-03-16,\n", 2, 6, "no date range"),
    ("x,quantile,0.8,voice,,,\n", 2, 4, "every queue"),
    ("x,max_headcount,2.5,,inhouse,,\n", 2, 3, "whole number of people"),
    ("x,max_headcount,5,,,,\n", 2, 5, "needs a vendor"),
]
for row, line, col, needle in bad_cases:
    with open(scen, "w") as f:
        f.write("scenario,parameter,value,queue,vendor,from,to\n" + row)
    out = os.path.join(tmp, "bad")
    code, so, se = run("whatif", ws, "--scenarios", scen, "-o", out, "--quiet")
    c.check(code == 2 and f"scenarios.csv:{line}:{col}:" in se and needle in se,
            f"bad scenario row refused at {line}:{col} with '{needle}' ({se.strip()[:160]})")
    c.check(not os.path.exists(out), "  and nothing written")

# work rules as what-ifs: a week-long copy of the small workspace, in-house people working
# at most 3 days a week: the same roster (tours are planned after it), more people, and
# every in-house tour on at most 3 days (counted from tours.csv)
ws7 = os.path.join(tmp, "ws7")
shutil.copytree(ws, ws7)
with open(os.path.join(ws7, "plan.ini"), encoding="utf-8") as f:
    ini = f.read()
with open(os.path.join(ws7, "plan.ini"), "w", encoding="utf-8") as f:
    f.write(ini.replace("days = 2", "days = 7"))
with open(scen, "w") as f:
    f.write("scenario,parameter,value,queue,vendor\nthree_days,max_days_per_week,3,,inhouse\n")
out = os.path.join(tmp, "rules")
code, so, se = run("whatif", ws7, "--scenarios", scen, "-o", out, "--quiet", "--no-report",
                   "--no-xlsx")
if c.check(code == 0, f"whatif max_days_per_week on a 7-day plan: exit 0 ({se.strip()[-200:]})"):
    heads = {}
    for name in ("base", "three_days"):
        heads[name] = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, name, "summary.csv"))}
    c.check(int(heads["three_days"]["headcount:inhouse"]) > int(heads["base"]["headcount:inhouse"]),
            f"max_days_per_week 3: more in-house people ({heads['base']['headcount:inhouse']} -> "
            f"{heads['three_days']['headcount:inhouse']})")
    with open(os.path.join(out, "base", "roster.csv")) as fa, \
            open(os.path.join(out, "three_days", "roster.csv")) as fb:
        c.check(fa.read() == fb.read(), "  the same roster (the rule shapes only the tours)")
    tours = read_csv(os.path.join(out, "three_days", "tours.csv"))
    too_many = [t["tour"] for t in tours if t["vendor"] == "inhouse" and
                sum(1 for k, v in t.items() if k[:2] == "20" and v != "off") > 3]
    c.check(tours and not too_many, f"  every in-house tour works at most 3 of the 7 days {too_many}")
    # a hiring freeze (max_headcount, one below the base's people) and a price per head:
    # the tours join the MIP; the cap holds, and a salaried team costs its people
    cap = int(heads["base"]["headcount:inhouse"]) - 1
    with open(scen, "w") as f:
        f.write("scenario,parameter,value,queue,vendor\n"
                f"freeze,max_headcount,{cap},,inhouse\nsalaried,weekly_cost_per_head,900,,inhouse\n")
    out = os.path.join(tmp, "freeze")
    code, so, se = run("whatif", ws7, "--scenarios", scen, "-o", out, "--quiet", "--no-report",
                       "--no-xlsx", "--time-limit", "20")
    if c.check(code == 0, f"whatif max_headcount / weekly_cost_per_head: exit 0 ({se.strip()[-200:]})"):
        fz = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, "freeze", "summary.csv"))}
        c.check(int(fz["headcount:inhouse"]) <= cap,
                f"max_headcount {cap}: headcount:inhouse {fz['headcount:inhouse']}")
        sal = {r["metric"]: r["value"] for r in read_csv(os.path.join(out, "salaried", "summary.csv"))}
        h = int(sal["headcount:inhouse"])
        hourly_part = float(sal["paid_hours:inhouse"]) * float(
            [r for r in read_csv(os.path.join(ws7, "vendors.csv")) if r["vendor"] == "inhouse"][0]["hourly_cost"])
        c.check(abs(float(sal["cost:inhouse"]) - (h * 900 + hourly_part)) < 0.05,
                f"weekly_cost_per_head 900: cost:inhouse {sal['cost:inhouse']} = {h} people x 900 "
                f"+ {hourly_part:.2f} hourly")
        c.check(sal.get("weekly_cost_per_head:inhouse") == "900.00",
                "  summary.csv names the price per head")
shutil.rmtree(tmp)
c.done()
