/*
 * test_fault_run.c -- fail every allocation along `run` (and `whatif`), one at a time.
 *
 * The whole job of `peakplan run` (load the workspace, forecast, staff, plan,
 * write the output set) runs once to count the allocations the library makes,
 * then once per allocation N with the Nth one failing.  Each run must end in
 * PP_ENOMEM -- never a crash, another status or a silently smaller result --
 * with every block it allocated freed (the allocator counts live blocks; ASan
 * double-checks in the sanitizer build) and no output folder left behind.
 * The one exception is a failure the code recovers from by design: libcsv
 * retries a failed buffer growth with a smaller one (PP_OK is then accepted only
 * when every output file is byte-identical to the clean run's, solve_seconds
 * aside), and the solver skips an optional heuristic (rounding, root cuts) whose
 * scratch memory it cannot get: that may find another plan, so PP_OK is accepted
 * when the same files exist, the forecast and requirements are byte-identical
 * and summary.csv's solver_status is optimal or feasible.
 *
 * PP_FAULT_STRIDE=K (default 1) fails only every Kth allocation, starting at a
 * different one on each path: CI's sanitizer pass uses it, because there every run
 * is ten times slower, and the full sweep has already run in the plain build.
 *
 * Workspace: tests/golden/small (two days, hourly, two vendors); one solver
 * thread, so the allocation sequence is the same every run.  Allocations made
 * inside GLPK and GSL are not ours to fail here: their error hooks are tested
 * with the solver (tests/unit/test_plan.c).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "peakplan/alloc.h"
#include "peakplan/error.h"
#include "peakplan/output.h"
#include "peakplan/pipeline.h"
#include "peakplan/scenario.h"
#include "peakplan/workspace.h"

static atomic_long calls;   /* allocations (and growing reallocs) so far */
static atomic_long fail_at; /* the one to fail; 0 = none */
static atomic_long live;    /* blocks allocated and not yet freed */

static void *fault_alloc(void *userdata, void *ptr, size_t size)
{
    (void)userdata;
    if (size == 0) {
        if (ptr)
            atomic_fetch_sub(&live, 1);
        free(ptr);
        return NULL;
    }
    if (atomic_fetch_add(&calls, 1) + 1 == atomic_load(&fail_at))
        return NULL;
    void *q = realloc(ptr, size);
    if (q && !ptr)
        atomic_fetch_add(&live, 1);
    return q;
}

static char workspace[4096], outroot[4096];

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        remove(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char sub[8192];
        snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
        remove_tree(sub);
    }
    closedir(d);
    rmdir(path);
}

/* The file's bytes without the wall-clock solve_seconds line; NULL if unreadable. */
static char *slurp_masked(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *p = realloc(buf, 2 * cap + 1);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(fp);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    char *m = strstr(buf, "solve_seconds,");
    if (m) {
        char *eol = strchr(m, '\n');
        memmove(m, eol ? eol : m + strlen(m), strlen(eol ? eol : m + strlen(m)) + 1);
    }
    return buf;
}

/* True if every file under folder `ref` has the same bytes in `got`, and each folder
 * of `got` holds the same number of entries. */
static int same_outputs(const char *ref, const char *got)
{
    DIR *d = opendir(ref);
    if (!d)
        return 0;
    int same = 1;
    size_t nref = 0, ngot = 0;
    struct dirent *e;
    while (same && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        nref++;
        char a[8192 + 512], b[8192 + 512];
        snprintf(a, sizeof a, "%s/%s", ref, e->d_name);
        snprintf(b, sizeof b, "%s/%s", got, e->d_name);
        struct stat sb;
        if (stat(a, &sb) == 0 && S_ISDIR(sb.st_mode)) {
            same = same_outputs(a, b);
            continue;
        }
        char *ta = slurp_masked(a), *tb = slurp_masked(b);
        same = ta && tb && strcmp(ta, tb) == 0;
        free(ta);
        free(tb);
    }
    closedir(d);
    if ((d = opendir(got)) != NULL) {
        while ((e = readdir(d)) != NULL)
            ngot += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
        closedir(d);
    }
    return same && nref == ngot;
}

/* Another complete plan for the same requirements (see the top comment). */
static int other_valid_plan(const char *ref, const char *got)
{
    static const char *const files[] = {"forecast.csv", "requirements.csv", "roster.csv",
                                        "coverage.csv", "summary.csv", ".peakplan", NULL};
    int ok = 1;
    for (size_t i = 0; ok && files[i]; i++) {
        char a[8192 + 64], b[8192 + 64];
        snprintf(a, sizeof a, "%s/%s", ref, files[i]);
        snprintf(b, sizeof b, "%s/%s", got, files[i]);
        char *ta = slurp_masked(a), *tb = slurp_masked(b);
        ok = ta && tb;
        if (ok && i < 2)
            ok = strcmp(ta, tb) == 0; /* the stages before the solver: the same */
        if (ok && strcmp(files[i], "summary.csv") == 0)
            ok = strstr(tb, "solver_status,optimal\n") || strstr(tb, "solver_status,feasible\n");
        free(ta);
        free(tb);
    }
    return ok;
}

/* Another complete what-if batch (see the top comment): base's forecast and
 * requirements the same, every row of scenarios_summary.csv done, optimal or feasible. */
static int other_valid_batch(const char *ref, const char *got)
{
    char a[8192 + 64], b[8192 + 64];
    int ok = 1;
    static const char *const same[] = {"base/forecast.csv", "base/requirements.csv", NULL};
    for (size_t i = 0; ok && same[i]; i++) {
        snprintf(a, sizeof a, "%s/%s", ref, same[i]);
        snprintf(b, sizeof b, "%s/%s", got, same[i]);
        char *ta = slurp_masked(a), *tb = slurp_masked(b);
        ok = ta && tb && strcmp(ta, tb) == 0;
        free(ta);
        free(tb);
    }
    snprintf(b, sizeof b, "%s/scenarios_summary.csv", got);
    char *t = ok ? slurp_masked(b) : NULL;
    char *line = t ? strchr(t, '\n') : NULL; /* the header's end */
    size_t rows = 0;
    for (line = line ? line + 1 : NULL; ok && line && *line; rows++) {
        char *end = strchr(line, '\n');
        if (end)
            *end = '\0';
        ok = (strstr(line, ",optimal,") || strstr(line, ",feasible,")) &&
             strlen(line) >= 5 && strcmp(line + strlen(line) - 5, ",done") == 0;
        line = end ? end + 1 : NULL;
    }
    free(t);
    return ok && rows == 3;
}

/* Hidden entries (temporary folders of output sets) in folder `dir`. */
static long hidden_entries(const char *dir)
{
    DIR *d = opendir(dir);
    long n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

/* The run path of `peakplan run WS -o OUT`, as the CLI drives it. */
static pp_status run_job(const char *outdir, pp_error *err)
{
    pp_workspace *ws = NULL;
    pp_run_result *r = NULL;
    pp_status st = pp_workspace_load(workspace, &ws, err);
    if (st == PP_OK) {
        pp_run_params rp;
        pp_run_params_init(&rp);
        rp.solver_threads = 1;
        st = pp_run(ws, &rp, &r, err);
    }
    if (st == PP_OK)
        st = pp_run_write(r, ws, outdir, err);
    pp_run_result_free(r);
    pp_workspace_free(ws);
    return st;
}

static char scenarios[8192];

/* The path of `peakplan whatif WS --scenarios F -o OUT --threads 1`. */
static pp_status whatif_job(const char *outdir, pp_error *err)
{
    pp_workspace *ws = NULL;
    pp_scenario_set *set = NULL;
    pp_whatif_result *res = NULL;
    pp_status st = pp_workspace_load(workspace, &ws, err);
    if (st == PP_OK)
        st = pp_scenarios_load(scenarios, ws, &set, err);
    if (st == PP_OK) {
        pp_whatif_params wp;
        pp_whatif_params_init(&wp);
        wp.threads = 1;
        wp.run.solver_threads = 1;
        st = pp_whatif_run(ws, set, &wp, &res, err);
    }
    if (st == PP_OK)
        st = pp_whatif_write(res, ws, outdir, err);
    pp_whatif_result_free(res);
    pp_scenarios_free(set);
    pp_workspace_free(ws);
    return st;
}

/* Waits (at most a minute) until every block is freed: a solver thread that a solve
 * gave up on may release its copy of the model just after the call returned.  A
 * block still live after that is a leak.  Never a wait on a correct serial run. */
static void settle(void)
{
    struct timespec tick = {0, 10 * 1000 * 1000};
    for (int i = 0; i < 6000 && atomic_load(&live) != 0; i++)
        nanosleep(&tick, NULL);
}

/* Fails each allocation of `job` in turn (see the top comment). */
/* PP_FAULT_STRIDE, or 1 when unset or not a whole number from 1 to 1000. */
static long fault_stride(void)
{
    const char *s = getenv("PP_FAULT_STRIDE");
    char *end;
    long k = s ? strtol(s, &end, 10) : 1;
    return s && *end == '\0' && k >= 1 && k <= 1000 ? k : 1;
}

static void sweep(pp_status (*job)(const char *, pp_error *), const char *what,
                  int (*other_valid)(const char *, const char *))
{
    char outdir[8192], refdir[8192];
    pp_error err;

    /* the count, and a clean run to compare with */
    pp_error_clear(&err);
    atomic_store(&calls, 0);
    atomic_store(&fail_at, 0);
    snprintf(refdir, sizeof refdir, "%s/ok", outroot);
    pp_status st = job(refdir, &err);
    assert_int_equal(st, PP_OK);
    assert_int_equal(atomic_load(&live), 0);
    long total = atomic_load(&calls);
    print_message("# %s path of tests/golden/small: %ld allocations\n", what, total);
    assert_true(total > 100); /* the hook does see the library's allocations */

    long bad_status = 0, leaks = 0, leftovers = 0, recovered = 0, other_plan = 0;
    long stride = fault_stride(), first = 1 + (long)(strlen(what) % (size_t)stride);
    if (stride > 1)
        print_message("# PP_FAULT_STRIDE=%ld: failing allocations %ld, %ld, ...\n", stride, first,
                      first + stride);
    for (long n = first; n <= total; n += stride) {
        pp_error_clear(&err);
        atomic_store(&calls, 0);
        atomic_store(&fail_at, n);
        snprintf(outdir, sizeof outdir, "%s/f%ld", outroot, n);
        st = job(outdir, &err);
        settle();
        struct stat sb;
        if (st == PP_OK && same_outputs(refdir, outdir)) {
            recovered++; /* recovered by design, and the very same result */
        } else if (st == PP_OK && other_valid(refdir, outdir)) {
            other_plan++; /* an optional solver heuristic skipped */
            print_message("# allocation %ld failed: recovered, another valid plan\n", n);
        } else if (st != PP_ENOMEM && bad_status++ < 10)
            print_message("# allocation %ld failed: status %s (%s)\n", n, pp_status_name(st),
                          err.msg);
        if (atomic_load(&live) != 0 && leaks++ < 10)
            print_message("# allocation %ld failed: %ld blocks leaked\n", n, atomic_load(&live));
        if (st != PP_OK && stat(outdir, &sb) == 0 && leftovers++ < 10)
            print_message("# allocation %ld failed: %s left behind\n", n, outdir);
        if (hidden_entries(outroot) != 0 && leftovers++ < 10)
            print_message("# allocation %ld failed: a temporary folder left in %s\n", n, outroot);
        atomic_store(&live, 0);
        remove_tree(outdir);
    }
    atomic_store(&fail_at, 0);
    print_message("# %ld of %ld failures recovered with identical outputs, %ld with another "
                  "valid plan\n", recovered, total, other_plan);
    remove_tree(refdir);
    assert_int_equal(bad_status, 0);
    assert_int_equal(leaks, 0);
    assert_int_equal(leftovers, 0);
}

static void every_allocation_failure_on_run_path(void **state)
{
    (void)state;
    sweep(run_job, "run", other_valid_plan);
}

/* The what-if writer too: scenarios_summary.csv and a folder per plan, one set. */
static void every_allocation_failure_on_whatif_path(void **state)
{
    (void)state;
    snprintf(scenarios, sizeof scenarios, "%s/scenarios.csv", outroot);
    FILE *fp = fopen(scenarios, "w");
    assert_non_null(fp);
    fputs("scenario,parameter,value,vendor\ncheaper,vendor_hourly_cost,16.5,bpo_a\n"
          "more,volume_pct,10,\n", fp);
    fclose(fp);
    /* the scenarios file is not hidden: hidden_entries counts only temporary folders */
    sweep(whatif_job, "whatif", other_valid_batch);
    remove(scenarios);
}

int main(void)
{
    const char *src = getenv("PP_SOURCE_DIR");
    snprintf(workspace, sizeof workspace, "%s/tests/golden/small/workspace", src ? src : ".");
    snprintf(outroot, sizeof outroot, "/tmp/pp-fault-XXXXXX");
    if (!mkdtemp(outroot)) {
        perror("mkdtemp");
        return 1;
    }
    pp_set_allocator(fault_alloc, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_failure_on_run_path),
        cmocka_unit_test(every_allocation_failure_on_whatif_path),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pp_set_allocator(NULL, NULL);
    remove_tree(outroot);
    return rc;
}
