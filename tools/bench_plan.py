#!/usr/bin/env python3
"""Runs bench_plan on the standard optimizer instances and prints a Markdown table.

usage: tools/bench_plan.py BUILD_DIR [TIME_LIMIT]  (configure with -Dbenchmarks=true, or pass the binary)

The named instances are project issue 5's weekly goal instances (tests/bench/bench_plan.c);
tools/compare_solvers.py runs the same ones side by side with CBC and HiGHS.
"""
import subprocess
import sys
from pathlib import Path

CASES = [  # name, bench_plan arguments (the time limit is appended to the named ones)
    ("small: 3 vendors, starts every 30 min, 40 contacts/15 min at peak", ["small"]),
    ("medium: 4 vendors, starts every 30 min, 150 contacts/15 min", ["medium"]),
    ("large: 5 vendors, starts every 15 min, 500 contacts/15 min", ["large"]),
    ("two weeks, 30-min grid, 5 queues (older generator)", ["14", "30", "5", "3", "30", "30", "1"]),
]


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    arg = Path(sys.argv[1])
    limit = sys.argv[2] if len(sys.argv) == 3 else "60"
    exe = arg if arg.is_file() else arg / "tests" / "bench" / "bench_plan"
    print("| instance | rows | cols | integers | status | objective | bound | gap % | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, args in CASES:
        if len(args) == 1:
            args = args + [limit]
        out = subprocess.run([str(exe), *args], capture_output=True, text=True, check=True)
        f = out.stdout.strip().split(",")
        print(f"| {name} | {f[4]} | {f[5]} | {f[6]} | {f[7]} | {f[9]} | {f[10]} | {f[11]} | {f[12]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
