#!/usr/bin/env python3
"""Refresh tests/ref/ from the project's shared reference folder.

The unit tests read their reference tables from tests/ref/ (PP_REF_DIR), so
they pass in any clone. This script is how those files were made:

    python3 tools/make_test_ref.py                      # ../shared -> tests/ref
    python3 tools/make_test_ref.py --shared DIR --out DIR

- The six reference tables under SHARED/ref/ that tests/unit/test_staffing.c
  and tests/unit/test_plan_ref.c read are copied byte for byte.
- The Musliu shift-design files (SHARED/data/shift_design_musliu_instances/)
  are subset to the instances the tests solve (DataSet1: RandomExample1-5):
  the rows are copied unchanged and in their original order, only the rows of
  other instances are dropped (demand.csv: 2,688 -> 1,176 rows).

Python 3 standard library only; deterministic. See tests/ref/README.md for the
sources and licences.
"""
import argparse
import os
import shutil
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

REF_TABLES = ["erlang_c_examples.csv", "erlang_c_staffing_targets.csv", "erlang_a_examples.csv",
              "halfin_whitt_derived.csv", "union_airways_periods.csv", "post_office_days.csv"]
MUSLIU_DIR = os.path.join("data", "shift_design_musliu_instances")
MUSLIU_FILES = ["instances.csv", "shift_types.csv", "demand.csv"]
MUSLIU_INSTANCES = {f"RandomExample{i}" for i in range(1, 6)}


def subset(src, dst):
    """Copies src to dst keeping the header and the rows whose first field is a
    wanted instance; returns (rows read, rows kept)."""
    read = kept = 0
    with open(src, encoding="utf-8", newline="") as fi, \
            open(dst, "w", encoding="utf-8", newline="") as fo:
        fo.write(fi.readline())
        for line in fi:
            read += 1
            if line.split(",", 1)[0] in MUSLIU_INSTANCES:
                fo.write(line)
                kept += 1
    return read, kept


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.path.normpath(os.path.join(REPO, "..", "shared")))
    ap.add_argument("--out", default=os.path.join(REPO, "tests", "ref"))
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "ref")):
        sys.exit(f"make_test_ref: {a.shared}/ref not found (use --shared DIR)")
    os.makedirs(os.path.join(a.out, "musliu"), exist_ok=True)
    for name in REF_TABLES:
        shutil.copyfile(os.path.join(a.shared, "ref", name), os.path.join(a.out, name))
        print(f"copied   ref/{name}")
    for name in MUSLIU_FILES:
        read, kept = subset(os.path.join(a.shared, MUSLIU_DIR, name),
                            os.path.join(a.out, "musliu", name))
        print(f"subset   {MUSLIU_DIR}/{name}: {kept} of {read} rows")


if __name__ == "__main__":
    main()
