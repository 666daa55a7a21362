"""Golden end-to-end tests: for every case folder tests/golden/<case>/ holding `args`
(the peakplan arguments; {ws} = the case's workspace/, {out} = a fresh output folder)
and expected/ (with a file `capture_stdout`, standard output is compared as stdout.txt), run the built peakplan and byte-compare every expected file.
summary.csv's solve_seconds (wall-clock) is masked. PP_GOLDEN_UPDATE=1 rewrites expected/."""
import os
import re
import shlex
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "e2e"))
from common import Checker, run  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
UPDATE = os.environ.get("PP_GOLDEN_UPDATE") == "1"
MASK = re.compile(r"^(solve_seconds),.*$", re.M)


def normalise(name, data):
    if name.endswith("summary.csv"):
        data = MASK.sub(r"\1,(masked)", data)
    return data


c = Checker()
cases = sorted(d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "args")))
for case in cases:
    root = os.path.join(HERE, case)
    tmp = tempfile.mkdtemp(prefix="pp_golden_")
    out = os.path.join(tmp, "out")
    with open(os.path.join(root, "args")) as f:
        args = [a.replace("{ws}", os.path.join(root, "workspace")).replace("{out}", out)
                for a in shlex.split(f.read())]
    code, so, se = run(*args)
    if os.path.exists(os.path.join(root, "capture_stdout")):
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "stdout.txt"), "w", encoding="utf-8") as f:
            f.write(so)
    expected_code = 0
    if os.path.exists(os.path.join(root, "exit_code")):
        expected_code = int(open(os.path.join(root, "exit_code")).read())
    c.check(code == expected_code, f"{case}: exit {code} (want {expected_code}) {se.strip()[:300]}")
    exp_dir = os.path.join(root, "expected")
    if UPDATE and code == expected_code:
        shutil.rmtree(exp_dir, ignore_errors=True)
        shutil.copytree(out, exp_dir)
        for dirpath, _, files in os.walk(exp_dir):
            for fn in files:
                p = os.path.join(dirpath, fn)
                if not fn.endswith((".csv", ".txt")):
                    os.remove(p)  # report.html and plan.xlsx have their own tests
                    continue
                data = normalise(fn, open(p, encoding="utf-8").read())
                open(p, "w", encoding="utf-8").write(data)
    for dirpath, _, files in os.walk(exp_dir):
        for fn in sorted(files):
            rel = os.path.relpath(os.path.join(dirpath, fn), exp_dir)
            want = open(os.path.join(exp_dir, rel), encoding="utf-8").read()
            got_path = os.path.join(out, rel)
            got = normalise(fn, open(got_path, encoding="utf-8").read()) if os.path.exists(got_path) else None
            ok = got == want
            if not ok and got is not None:
                gl, wl = got.splitlines(), want.splitlines()
                diff = next((i for i in range(min(len(gl), len(wl))) if gl[i] != wl[i]), min(len(gl), len(wl)))
                print(f"# {rel}: first difference at line {diff + 1}")
                print(f"#   got:  {gl[diff] if diff < len(gl) else '<eof>'}")
                print(f"#   want: {wl[diff] if diff < len(wl) else '<eof>'}")
            c.check(ok, f"{case}: {rel} is byte-identical")
    shutil.rmtree(tmp)
c.check(len(cases) > 0, f"found {len(cases)} golden case(s)")
c.done()
