"""Public headers stand alone and leak no third-party type: each include/peakplan/*.h
compiles by itself with only -Iinclude, and none mentions GSL, GLPK, libcsv or inih."""
import glob
import os
import re
import subprocess
import tempfile

from common import Checker, SOURCE

c = Checker()
inc = os.path.join(SOURCE, "include")
headers = sorted(glob.glob(os.path.join(inc, "peakplan", "*.h")))
c.check(len(headers) >= 8, f"{len(headers)} public headers")
cc = os.environ.get("CC", "cc")
forbidden = re.compile(r"\b(gsl_\w+|glp_\w+|csv_parser|ini_handler)\b|<(gsl/|glpk\.h|csv\.h|ini\.h)")
for h in headers:
    name = os.path.relpath(h, inc)
    text = open(h, encoding="utf-8").read()
    m = forbidden.search(text)
    c.check(m is None, f"{name} names no third-party type{'' if m is None else ' (found ' + m.group(0) + ')'}")
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write(f'#include "{name}"\n#include "{name}"\nint pp_header_probe;\n')
    p = subprocess.run([cc, "-std=c17", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", inc, f.name],
                       capture_output=True, text=True)
    os.unlink(f.name)
    c.check(p.returncode == 0, f"{name} compiles alone (and twice) {p.stderr.strip()[:200]}")
c.done()
