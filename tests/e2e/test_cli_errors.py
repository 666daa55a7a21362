"""A workspace with one corrupted cell is refused with its file:line:column, exit 2,
and leaves no output behind; usage errors exit 2; every command has --help."""
import os
import re
import shutil
import tempfile

from common import Checker, TESTS, SOURCE, run

c = Checker()
small = os.path.join(TESTS, "golden", "small", "workspace")
if not os.path.isdir(small):
    small = os.path.join(SOURCE, "data", "example")

for cmd in ["run", "forecast", "staff", "plan", "whatif", "erlang"]:
    code, out, err = run(cmd, "--help")
    c.check(code == 0 and "usage: peakplan " + cmd in out, f"peakplan {cmd} --help")
code, out, err = run("--help")
c.check(code == 0 and "whatif" in out, "peakplan --help lists the commands")
code, out, err = run("rn")
c.check(code == 2 and "did you mean 'run'" in err, "unknown command: exit 2 with a suggestion")
code, out, err = run("plan", "--shifts", "x.csv")
c.check(code == 2 and "required" in err, "missing option: exit 2")


def corrupt(file, line, col, value):
    """Copies the workspace, sets field `col` (1-based) of physical line `line`."""
    tmp = tempfile.mkdtemp(prefix="pp_bad_")
    ws = os.path.join(tmp, "ws")
    shutil.copytree(small, ws)
    path = os.path.join(ws, file)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    fields = lines[line - 1].split(",")
    fields[col - 1] = value
    lines[line - 1] = ",".join(fields)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    return tmp, ws


cases = [
    ("history.csv", 3, 3, "abc", "not a number"),
    ("history.csv", 5, 3, "-4", "must not be negative"),
    ("history.csv", 4, 2, "2026-13-01 10:00", "not a timestamp"),
    ("history.csv", 6, 1, "no_such_queue", "unknown queue"),
    ("queues.csv", 2, 3, "150", "must be at most 100"),
    ("vendors.csv", 2, 4, "-3", "must not be negative"),
    ("shifts.csv", 2, 3, "Mon-Fry", "not a day list"),
    ("events.csv", 2, 3, "2026-02-30", "not a date"),
]
for file, line, col, value, needle in cases:
    tmp, ws = corrupt(file, line, col, value)
    out = os.path.join(tmp, "out")
    code, so, se = run("run", ws, "-o", out, "--quiet")
    where = f"{file}:{line}:{col}:"
    c.check(code == 2, f"{file} line {line} col {col} = {value!r}: exit 2 (got {code})")
    c.check(where in se and needle in se, f"  message names {where} and says '{needle}': {se.strip()[:200]}")
    leftovers = os.listdir(out) if os.path.isdir(out) else []
    c.check(leftovers == [], f"  no output left behind ({leftovers})")
    shutil.rmtree(tmp)

# A failing write leaves nothing half-written either: output path is a file.
tmp = tempfile.mkdtemp(prefix="pp_bad_")
blocker = os.path.join(tmp, "out")
open(blocker, "w").close()
code, so, se = run("run", small, "-o", blocker, "--quiet")
c.check(code == 2 and "not a folder" in se, "output path that is a file: exit 2")
shutil.rmtree(tmp)
c.done()
