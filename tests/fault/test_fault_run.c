/*
 * test_fault_run.c -- fail every allocation along `run`, one at a time.
 *
 * The whole job of `peakplan run` (load the workspace, forecast, staff, plan,
 * write the output set) runs once to count the allocations the library makes,
 * then once per allocation N with the Nth one failing.  Each run must end in
 * PP_ENOMEM -- never a crash, another status or a silently smaller result --
 * with every block it allocated freed (the allocator counts live blocks; ASan
 * double-checks in the sanitizer build) and no output folder left behind.
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
#include <unistd.h>

#include <cmocka.h>

#include "peakplan/alloc.h"
#include "peakplan/error.h"
#include "peakplan/pipeline.h"
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

static void every_allocation_failure_on_run_path(void **state)
{
    (void)state;
    char outdir[8192];
    pp_error err;

    /* the count, and a clean run to compare with */
    pp_error_clear(&err);
    atomic_store(&calls, 0);
    atomic_store(&fail_at, 0);
    snprintf(outdir, sizeof outdir, "%s/ok", outroot);
    pp_status st = run_job(outdir, &err);
    assert_int_equal(st, PP_OK);
    assert_int_equal(atomic_load(&live), 0);
    long total = atomic_load(&calls);
    print_message("# run path of tests/golden/small: %ld allocations\n", total);
    assert_true(total > 100); /* the hook does see the library's allocations */

    long bad_status = 0, leaks = 0, leftovers = 0;
    for (long n = 1; n <= total; n++) {
        pp_error_clear(&err);
        atomic_store(&calls, 0);
        atomic_store(&fail_at, n);
        snprintf(outdir, sizeof outdir, "%s/f%ld", outroot, n);
        st = run_job(outdir, &err);
        struct stat sb;
        if (st != PP_ENOMEM && bad_status++ < 10)
            print_message("# allocation %ld failed: status %s (%s)\n", n, pp_status_name(st),
                          err.msg);
        if (atomic_load(&live) != 0 && leaks++ < 10)
            print_message("# allocation %ld failed: %ld blocks leaked\n", n, atomic_load(&live));
        if (stat(outdir, &sb) == 0 && leftovers++ < 10)
            print_message("# allocation %ld failed: %s left behind\n", n, outdir);
        atomic_store(&live, 0);
        remove_tree(outdir);
    }
    atomic_store(&fail_at, 0);
    assert_int_equal(bad_status, 0);
    assert_int_equal(leaks, 0);
    assert_int_equal(leftovers, 0);
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
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    pp_set_allocator(NULL, NULL);
    remove_tree(outroot);
    return rc;
}
