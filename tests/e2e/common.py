"""Helpers shared by the end-to-end tests (standard library only)."""
import csv
import os
import re
import resource
import shutil
import subprocess
import sys

EXE = os.environ.get("PP_EXE") or os.path.join(os.environ.get("PP_BUILD_DIR", "build"), "peakplan")
SOURCE = os.environ.get("PP_SOURCE_DIR", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
TESTS = os.path.join(SOURCE, "tests")


# ASan/UBSan builds reserve terabytes of address space: no RLIMIT_AS test under them.
SANITIZED = os.environ.get("PP_SANITIZE", "none") not in ("", "none")


def run(*args, cwd=None, timeout=600, as_limit_mb=None):
    """Runs peakplan with args; returns (exit code, stdout, stderr). as_limit_mb caps the
    process's address space (RLIMIT_AS, as `ulimit -v`) at that many MiB."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (as_limit_mb << 20, as_limit_mb << 20))
    p = subprocess.run([EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                       preexec_fn=limit if as_limit_mb else None)
    return p.returncode, p.stdout, p.stderr


def example_copy(dest, time_limit=600):
    """Copies data/example to the new folder dest with plan.ini's time_limit_seconds set to
    time_limit, and returns dest. The default never binds: the example's gap ends every
    solve, so the plans do not depend on how fast (or how busy) the machine is; a sanitizer
    build on a loaded 2-core machine runs a plan several times slower than on an idle one."""
    shutil.copytree(os.path.join(SOURCE, "data", "example"), dest)
    ini = os.path.join(dest, "plan.ini")
    with open(ini, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"(?m)^(time_limit_seconds\s*=\s*)\S+", rf"\g<1>{time_limit}", text)
    if n != 1:
        raise RuntimeError(f"{ini}: expected one time_limit_seconds line, found {n}")
    with open(ini, "w", encoding="utf-8") as f:
        f.write(text)
    return dest


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def break_pay(shift_row):
    """Whether each break of a shifts.csv row is paid, in order: the items of its `breaks`
    cell (a `:paid`/`:unpaid` or `p`/`u` marker, else the row's break_paid), or the single
    break (break_paid)."""
    default = (shift_row.get("break_paid") or "0").strip() == "1"
    cell = (shift_row.get("breaks") or "").strip()
    if not cell:
        return [default] if int(shift_row.get("break_minutes") or 0) > 0 else []
    out = []
    for item in filter(None, (i.strip() for i in cell.split(";"))):
        if item.endswith(":paid") or item.endswith("p"):
            out.append(True)
        elif item.endswith(":unpaid") or item.endswith("u"):
            out.append(False)
        else:
            out.append(default)
    return out


def roster_breaks(r):
    """The breaks of a roster.csv row as (start, end) datetimes in time order: its `breaks`
    cell (HH:MM-HH:MM items joined by ';', each time the first such clock time at or after
    the one before, counting from the shift start) when the file has that column, else
    break_start/break_end; [] for a shift without a break."""
    from datetime import datetime, timedelta
    start = datetime.strptime(r["start"].replace("T", " "), "%Y-%m-%d %H:%M")
    if r.get("breaks") is None:
        if not r.get("break_start"):
            return []
        return [(datetime.strptime(r["break_start"].replace("T", " "), "%Y-%m-%d %H:%M"),
                 datetime.strptime(r["break_end"].replace("T", " "), "%Y-%m-%d %H:%M"))]
    out, at = [], start
    for item in filter(None, r["breaks"].split(";")):
        times = []
        for hhmm in item.split("-"):
            h, m = hhmm.split(":")
            want = int(h) * 60 + int(m)
            now = at.hour * 60 + at.minute
            at = at + timedelta(minutes=(want - now) % 1440)
            times.append(at)
        out.append((times[0], times[1]))
    return out


def first_difference(a, b):
    """First file (relative path) that differs between output folders a and b, ignoring
    the wall-clock solve_seconds; None when every file of a is the same in b."""
    for dirpath, _, files in os.walk(a):
        for fn in sorted(files):
            if fn in ("report.html", "plan.xlsx"):  # made from the CSVs compared here
                continue
            pa = os.path.join(dirpath, fn)
            pb = os.path.join(b, os.path.relpath(pa, a))
            with open(pa, encoding="utf-8") as f:
                ta = re.sub(r"solve_seconds,.*", "", f.read())
            tb = None
            if os.path.exists(pb):
                with open(pb, encoding="utf-8") as f:
                    tb = re.sub(r"solve_seconds,.*", "", f.read())
            if ta != tb:
                return os.path.relpath(pa, a)
    return None


class Checker:
    """TAP-ish reporting: every check prints ok/not ok; exit status 1 if any failed."""

    def __init__(self):
        self.failed = 0
        self.count = 0

    def check(self, cond, what):
        what = " | ".join(str(what).splitlines())  # one TAP line, whatever a message quotes
        self.count += 1
        if cond:
            print(f"ok {self.count} - {what}")
        else:
            self.failed += 1
            print(f"not ok {self.count} - {what}")
        return cond

    def done(self):
        print(f"1..{self.count}")
        sys.exit(1 if self.failed else 0)
