#!/usr/bin/env python3
"""Runs bench_plan on the standard optimizer instances and prints a Markdown table.

usage: tools/bench_plan.py BUILD_DIR   (configure with -Dbenchmarks=true, or pass the binary)
"""
import subprocess
import sys
from pathlib import Path

CASES = [  # days, step, queues, vendors, start step, time limit s, gap %
    ("2 days, 30-min grid", ["2", "30", "5", "3", "30", "20", "1"]),
    ("two weeks (e2e example size)", ["14", "30", "5", "3", "30", "30", "1"]),
    ("week, 15-min grid, 15-min starts", ["7", "15", "3", "4", "15", "60", "1"]),
]


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    arg = Path(sys.argv[1])
    exe = arg if arg.is_file() else arg / "tests" / "bench" / "bench_plan"
    print("| instance | rows | cols | integers | status | objective | bound | gap % | s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, args in CASES:
        out = subprocess.run([str(exe), *args], capture_output=True, text=True, check=True)
        f = out.stdout.strip().split(",")
        print(f"| {name} | {f[4]} | {f[5]} | {f[6]} | {f[7]} | {f[9]} | {f[10]} | {f[11]} | {f[12]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
