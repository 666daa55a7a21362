"""`meson install --destdir` gives a usable library: bin, lib (shared and static),
headers, peakplan.pc, man page, docs and the example; a program of one's own
(docs/examples/erlang_table.c) builds against it through pkg-config and its
numbers match an independent Erlang C written here; the installed binary finds
the installed example (`init`, `run` with no workspace)."""
import glob
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from common import Checker, SOURCE  # noqa: E402

c = Checker()
build = os.environ.get("PP_BUILD_DIR", os.path.join(SOURCE, "build"))
tmp = tempfile.mkdtemp(prefix="pp-install-")
dest = os.path.join(tmp, "dest")
try:
    p = subprocess.run(["meson", "install", "-C", build, "--destdir", dest, "--no-rebuild",
                        "--quiet"], capture_output=True, text=True)
    c.check(p.returncode == 0, f"meson install --destdir: {p.stderr[-400:]}")

    def one(pattern):
        hits = glob.glob(os.path.join(dest, pattern), recursive=True)
        return hits[0] if hits else None

    exe = one("**/bin/peakplan")
    so = one("**/lib*/**/libpeakplan.so.0")
    pc = one("**/pkgconfig/peakplan.pc")
    man = one("**/man1/peakplan.1")
    example = one("**/share/peakplan/example")
    c.check(exe is not None, "bin/peakplan installed")
    c.check(so is not None and one("**/libpeakplan.a") is not None, "shared and static library")
    c.check(pc is not None, "peakplan.pc installed")
    c.check(man is not None, "man page peakplan(1) installed")
    c.check(one("**/doc/peakplan/formats.md") is not None, "docs installed")
    src_headers = sorted(os.path.basename(h) for h in glob.glob(os.path.join(SOURCE, "include", "peakplan", "*.h")))
    inst = one("**/include/peakplan")
    got_headers = sorted(os.listdir(inst)) if inst else []
    c.check(got_headers == src_headers, f"every public header installed ({len(got_headers)})")
    want_ws = sorted(os.listdir(os.path.join(SOURCE, "data", "example")))
    c.check(example is not None and sorted(os.listdir(example)) == want_ws,
            "example workspace under share/peakplan/example")

    # The man page documents every command the binary knows.
    if man and exe:
        with open(man, encoding="utf-8") as f:
            page = f.read()
        helptext = subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
        cmds = [m.group(1) for m in re.finditer(r"^  ([a-z]+)\s{2,}\S", helptext, re.M)]
        missing = [k for k in cmds if f".B {k}\n" not in page]
        c.check(cmds and not missing, f"man page covers commands {cmds} (missing {missing})")

    # A program of one's own, through pkg-config against the installed tree.
    if pc and so:
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pc), PKG_CONFIG_SYSROOT_DIR=dest)
        flags = subprocess.run(["pkg-config", "--cflags", "--libs", "peakplan"], env=env,
                               capture_output=True, text=True)
        c.check(flags.returncode == 0 and "-lpeakplan" in flags.stdout,
                f"pkg-config --cflags --libs peakplan: {flags.stdout.strip()} {flags.stderr.strip()}")
        san = os.environ.get("PP_SANITIZE", "none")
        extra = [f"-fsanitize={san}"] if san not in ("", "none") else []
        prog = os.path.join(tmp, "erlang_table")
        cc = subprocess.run([os.environ.get("CC", "cc"), "-std=c17", "-Wall", "-Wextra", "-Werror",
                             *extra, os.path.join(SOURCE, "docs", "examples", "erlang_table.c"),
                             "-o", prog, *flags.stdout.split()],
                            capture_output=True, text=True)
        c.check(cc.returncode == 0, f"erlang_table.c compiles and links: {cc.stderr[-500:]}")
        if cc.returncode == 0:
            run = subprocess.run([prog, "180", "1800", "80/20"], capture_output=True, text=True,
                                 env=dict(os.environ, LD_LIBRARY_PATH=os.path.dirname(so)))
            c.check(run.returncode == 0, f"erlang_table runs against the shared library: {run.stderr}")
            ldd = subprocess.run(["ldd", prog], capture_output=True, text=True,
                                 env=dict(os.environ, LD_LIBRARY_PATH=os.path.dirname(so)))
            c.check(os.path.dirname(so) in ldd.stdout, "linked to the installed libpeakplan.so")

            # Independent Erlang C: C(n, A) from the Erlang B recursion, SL = 1 - C e^{-(n-A) t/aht}.
            def sl(n, a, t=20.0, aht=180.0):
                if n <= a:
                    return 0.0
                b = 1.0
                for k in range(1, n + 1):
                    b = a * b / (k + a * b)
                cw = n * b / (n - a * (1 - b))
                return 1 - cw * math.exp(-(n - a) * t / aht)

            rows = [ln.split(",") for ln in run.stdout.splitlines()
                    if ln and ln[0].isdigit()]
            bad = []
            for calls, agents, slp, *_ in rows:
                a = int(calls) * 180.0 / 1800.0
                n = next(n for n in range(1, 1000) if sl(n, a) >= 0.8)
                if int(agents) != n or abs(float(slp) - 100 * sl(n, a)) > 0.01:
                    bad.append((calls, agents, n, slp, round(100 * sl(n, a), 2)))
            c.check(len(rows) == 16 and not bad,
                    f"16 rows match an independent Erlang C (mismatches {bad})")

    # The installed binary finds the installed example.
    if exe and example:
        env = dict(os.environ, PEAKPLAN_DATADIR=os.path.dirname(example))
        ws = os.path.join(tmp, "ws")
        p = subprocess.run([exe, "init", ws], env=env, capture_output=True, text=True)
        same = p.returncode == 0 and all(
            open(os.path.join(ws, f), "rb").read() == open(os.path.join(example, f), "rb").read()
            for f in want_ws)
        c.check(same, f"peakplan init DIR copies the installed example: {p.stderr}")
        p = subprocess.run([exe, "init", ws], env=env, capture_output=True, text=True)
        c.check(p.returncode == 2 and "not empty" in p.stderr, "init refuses a non-empty folder")
        empty = os.path.join(tmp, "empty")
        p = subprocess.run([exe, "init", "--empty", empty], env=env, capture_output=True, text=True)
        c.check(p.returncode == 0 and sorted(os.listdir(empty)) == want_ws,
                f"init --empty writes every workspace file: {sorted(os.listdir(empty)) if os.path.isdir(empty) else p.stderr}")
        cwd = os.path.join(tmp, "elsewhere")
        os.mkdir(cwd)
        p = subprocess.run([exe, "run", "-q", "-o", "out", "--time-limit", "2"], cwd=cwd, env=env,
                           capture_output=True, text=True, timeout=600)
        c.check("using the installed example" in p.stderr and example in p.stderr,
                f"run with no workspace elsewhere uses the installed example and says so: {p.stderr[:300]}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
c.done()
