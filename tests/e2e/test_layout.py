"""The source layout shows the architecture (docs/architecture.md), and stays so:

- every `#include` of the library's own headers runs forward: cli -> scenario ->
  engines -> io -> core, never back (the table DEPENDS below);
- each third-party library is included by its one adapter only;
- every function a header declares is defined in the folder the header belongs to
  (no header declared in one folder and implemented in another);
- no source file is longer than about 800 lines unless its opening essay says why
  (a paragraph starting "Why one file").
"""
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, SOURCE  # noqa: E402

# Folder -> the folders it may include from (besides itself).
DEPENDS = {
    "core": set(),
    "io": {"core"},
    "staffing": {"core"},
    "forecast": {"core"},
    "optimizer": {"core", "staffing"},
    "simulate": {"core", "io", "staffing"},
    "report": {"core", "io"},
    "capacity": {"core", "io", "staffing", "forecast", "optimizer"},
    "scenario": {"core", "io", "staffing", "forecast", "optimizer", "simulate", "report"},
    "cli": {"core", "io", "staffing", "forecast", "optimizer", "simulate", "report", "scenario",
            "capacity"},
}
# Public header -> the folder that implements it.
PUBLIC = {
    "version.h": "core", "error.h": "core", "interrupt.h": "core", "alloc.h": "core",
    "timeutil.h": "core", "grid.h": "core", "model.h": "core",
    "workspace.h": "io", "forecast.h": "forecast", "staffing.h": "staffing",
    "plan.h": "optimizer", "simulate.h": "simulate", "report.h": "report",
    "pipeline.h": "scenario", "capacity.h": "capacity", "scenario.h": "scenario", "output.h": "scenario",
    "peakplan.h": "cli",  # the umbrella header: for programs, not for the library itself
}
# Third-party header (prefix) -> the one file allowed to include it.
ADAPTERS = {
    "glpk.h": "planner/optimizer/glpk_adapter.c",
    "gsl/": "forecast/gsl_adapt.c",
    "csv.h": "planner/io/csvio.c",
    "ini.h": "planner/io/ini_reader.c",
    "xlsxwriter.h": "planner/report/xlsx_adapter.c",
    "mpi.h": "planner/scenario/mpi_adapter.c",
}
LONG = 800

c = Checker()


def folder_of(rel):
    parts = rel.split("/")
    if parts[0] == "forecast":
        return "forecast"
    if parts[0] == "planner" and len(parts) >= 3:
        return parts[1]
    return None


sources = sorted(glob.glob(os.path.join(SOURCE, "planner", "**", "*.[ch]"), recursive=True)
                 + glob.glob(os.path.join(SOURCE, "forecast", "*.[ch]")))
rels = [os.path.relpath(p, SOURCE) for p in sources]
c.check(all(folder_of(r) in DEPENDS for r in rels),
        "every source file sits in a known folder: "
        + ", ".join(r for r in rels if folder_of(r) not in DEPENDS)[:300])
for want in DEPENDS:
    c.check(any(folder_of(r) == want for r in rels), f"folder {want}/ exists")

include_re = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)
backward, third = [], []
for path, rel in zip(sources, rels):
    here = folder_of(rel)
    text = open(path, encoding="utf-8").read()
    for kind, name in include_re.findall(text):
        for lib, owner in ADAPTERS.items():
            if (name.startswith(lib) if lib.endswith("/") else name == lib) and rel != owner:
                third.append(f"{rel} includes <{name}> (only {owner} may)")
        if kind != '"':
            continue
        if name.startswith("peakplan/"):
            there = PUBLIC.get(name.split("/", 1)[1])
            if there is None:
                backward.append(f"{rel}: unknown public header {name}")
                continue
        elif "/" in name:
            there = name.split("/", 1)[0]
        else:
            there = here  # a header beside the file
            if not os.path.exists(os.path.join(os.path.dirname(path), name)) and name != "report_assets.h":
                backward.append(f"{rel}: \"{name}\" is not beside it")
        if there != here and there not in DEPENDS[here]:
            backward.append(f"{rel} ({here}) includes {name} ({there})")
c.check(not backward, "no include runs backward: " + "; ".join(backward[:8]))
c.check(not third, "third-party headers only in their adapters: " + "; ".join(third[:8]))

# Declared here, defined here.
decl_re = re.compile(r"^[A-Za-z_][\w \t\*]*?\b(pp_\w+|fc_\w+)\s*\(", re.M)
defs = {}
for path, rel in zip(sources, rels):
    if not rel.endswith(".c"):
        continue
    text = open(path, encoding="utf-8").read()
    for m in re.finditer(r"^(?!static\b)[A-Za-z_][\w \t\*]*?\b(pp_\w+|fc_\w+)\s*\([^;{]*\)\s*\{", text, re.M):
        defs.setdefault(m.group(1), set()).add(folder_of(rel))
headers = [(h, PUBLIC.get(os.path.basename(h))) for h in glob.glob(os.path.join(SOURCE, "include", "peakplan", "*.h"))]
headers += [(p, folder_of(r)) for p, r in zip(sources, rels) if r.endswith(".h")]
misplaced, unknown = [], []
for h, owner in headers:
    if owner is None:
        unknown.append(os.path.basename(h))
        continue
    text = re.sub(r"/\*.*?\*/", "", open(h, encoding="utf-8").read(), flags=re.S)
    for name in set(decl_re.findall(text)):
        where = defs.get(name)
        if where and owner not in where:
            misplaced.append(f"{name} declared in {os.path.relpath(h, SOURCE)} ({owner}), defined in {sorted(where)}")
c.check(not unknown, "every public header has an owning folder: " + ", ".join(unknown))
c.check(not misplaced, "no header declared in one folder and implemented in another: "
        + "; ".join(misplaced[:6]))

# Size: long files say why.
long_files = []
for path, rel in zip(sources, rels):
    lines = open(path, encoding="utf-8").read().split("\n")
    if len(lines) > LONG and not any("Why one file" in l for l in lines[:120]):
        long_files.append(f"{rel} ({len(lines)} lines)")
c.check(not long_files, f"files over {LONG} lines say why in their essay: " + ", ".join(long_files))
sys.exit(c.done())
