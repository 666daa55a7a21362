/*
 * test_outset.c -- output sets (planner/io/outset.c): a set replaces OUTDIR whole,
 * with and without RENAME_EXCHANGE; an abandoned set leaves nothing; a foreign
 * folder is refused; the signal-path cleanup removes unfinished sets; single
 * files are renamed over regular files and written through anything else.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/outset.h"

static char root[4096];

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

/* Entries of `dir` (not . and ..). */
static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static int exists(const char *dir, const char *name)
{
    char p[16500];
    struct stat sb;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return stat(p, &sb) == 0;
}

static void put(const char *dir, const char *name, const char *text)
{
    char p[16500];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Writes a set of `names` (text = the name) into outdir and commits it. */
static pp_status write_set(const char *outdir, const char *const *names)
{
    pp_outset *set = NULL;
    pp_error err;
    pp_error_clear(&err);
    pp_status st = pp_outset_new(outdir, &set, &err);
    for (size_t i = 0; st == PP_OK && names[i]; i++) {
        FILE *fp = pp_outset_open(set, names[i], &err);
        if (!fp)
            st = err.code;
        else
            fputs(names[i], fp);
    }
    if (st == PP_OK)
        st = pp_outset_commit(set, &err);
    pp_outset_free(set);
    return st;
}

static void replaces_whole(int no_exchange)
{
    char out[8192];
    snprintf(out, sizeof out, "%s/out%d", root, no_exchange);
    pp_outset_test_no_exchange(no_exchange);
    static const char *const first[] = {"a.csv", "old/summary.csv", NULL};
    static const char *const second[] = {"a.csv", "new/summary.csv", NULL};
    assert_int_equal(write_set(out, first), PP_OK);
    assert_true(exists(out, ".peakplan") && exists(out, "old/summary.csv"));
    assert_int_equal(write_set(out, second), PP_OK);
    assert_true(exists(out, "new/summary.csv"));
    assert_false(exists(out, "old")); /* nothing of the older set */
    assert_int_equal(entries(out), 3);  /* .peakplan, a.csv, new/ */
    assert_int_equal(entries(root), 1); /* no temporary folder beside it */
    pp_outset_test_no_exchange(0);
    remove_tree(out);
}

static void set_replaces_whole_by_exchange(void **state)
{
    (void)state;
    replaces_whole(0);
}

static void set_replaces_whole_without_exchange(void **state)
{
    (void)state;
    replaces_whole(1);
}

static void abandoned_set_leaves_previous(void **state)
{
    (void)state;
    char out[8192];
    snprintf(out, sizeof out, "%s/kept", root);
    static const char *const first[] = {"a.csv", NULL};
    assert_int_equal(write_set(out, first), PP_OK);
    pp_outset *set = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_outset_new(out, &set, &err), PP_OK);
    FILE *fp = pp_outset_open(set, "b.csv", &err);
    assert_non_null(fp);
    fputs("half", fp);
    pp_outset_free(set); /* a failure before commit */
    assert_true(exists(out, "a.csv"));
    assert_false(exists(out, "b.csv"));
    assert_int_equal(entries(root), 1);
    remove_tree(out);
}

static void foreign_folder_refused(void **state)
{
    (void)state;
    char out[8192];
    snprintf(out, sizeof out, "%s/foreign", root);
    mkdir(out, 0755);
    put(out, "notes.txt", "mine");
    pp_outset *set = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_outset_new(out, &set, &err), PP_EINVAL);
    assert_null(set);
    assert_non_null(strstr(err.msg, "refusing to replace"));
    assert_int_equal(entries(out), 1);
    /* a folder holding only peakplan's output names (made before the marker) is taken */
    remove_tree(out);
    mkdir(out, 0755);
    put(out, "roster.csv", "old");
    char base[8300];
    snprintf(base, sizeof base, "%s/base", out);
    mkdir(base, 0755);
    put(base, "summary.csv", "old");
    static const char *const names[] = {"summary.csv", NULL};
    assert_int_equal(write_set(out, names), PP_OK);
    assert_false(exists(out, "roster.csv"));
    remove_tree(out);
    assert_int_equal(entries(root), 0);
}

static void signal_cleanup_removes_unfinished(void **state)
{
    (void)state;
    char out[8192], file[8192];
    snprintf(out, sizeof out, "%s/sig", root);
    snprintf(file, sizeof file, "%s/single.csv", root);
    pp_outset *set = NULL, *one = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_outset_new(out, &set, &err), PP_OK);
    assert_non_null(pp_outset_open(set, "x/y.csv", &err));
    FILE *fp;
    assert_int_equal(pp_outset_single(file, &one, &fp, &err), PP_OK);
    assert_int_equal(entries(root), 2); /* the temporary folder and file */
    pp_outset_signal_cleanup();
    assert_int_equal(entries(root), 0);
    /* the sets notice at commit and stay freeable */
    assert_int_not_equal(pp_outset_commit(set, &err), PP_OK);
    pp_outset_free(set);
    pp_outset_free(one);
    assert_int_equal(entries(root), 0);
}

static void single_files(void **state)
{
    (void)state;
    char file[8192], link[8192];
    snprintf(file, sizeof file, "%s/f.csv", root);
    snprintf(link, sizeof link, "%s/l.csv", root);
    put(root, "f.csv", "old");
    assert_int_equal(symlink(file, link), 0);
    pp_outset *one = NULL;
    pp_error err;
    pp_error_clear(&err);
    FILE *fp;
    assert_int_equal(pp_outset_single(link, &one, &fp, &err), PP_OK);
    fputs("new", fp);
    assert_int_equal(pp_outset_commit(one, &err), PP_OK);
    pp_outset_free(one);
    struct stat sb;
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode)); /* the link kept, the file it names replaced */
    char buf[16] = {0};
    FILE *in = fopen(file, "r");
    assert_non_null(in);
    assert_non_null(fgets(buf, sizeof buf, in));
    fclose(in);
    assert_string_equal(buf, "new");
    /* a device is written through: /dev/null stays what it is */
    if (stat("/dev/null", &sb) == 0 && S_ISCHR(sb.st_mode)) {
        assert_int_equal(pp_outset_single("/dev/null", &one, &fp, &err), PP_OK);
        fputs("x", fp);
        assert_int_equal(pp_outset_commit(one, &err), PP_OK);
        pp_outset_free(one);
        assert_int_equal(stat("/dev/null", &sb), 0);
        assert_true(S_ISCHR(sb.st_mode));
    }
    /* a full device: a write error, PP_EWRITE (exit 1), not bad input */
    if (stat("/dev/full", &sb) == 0 && S_ISCHR(sb.st_mode)) {
        assert_int_equal(pp_outset_single("/dev/full", &one, &fp, &err), PP_OK);
        for (int i = 0; i < 10000; i++)
            fputs("0123456789", fp);
        assert_int_equal(pp_outset_commit(one, &err), PP_EWRITE);
        pp_outset_free(one);
    }
    remove(link);
    remove(file);
    assert_int_equal(entries(root), 0);
}

int main(void)
{
    snprintf(root, sizeof root, "/tmp/pp-outset-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(set_replaces_whole_by_exchange),
        cmocka_unit_test(set_replaces_whole_without_exchange),
        cmocka_unit_test(abandoned_set_leaves_previous),
        cmocka_unit_test(foreign_folder_refused),
        cmocka_unit_test(signal_cleanup_removes_unfinished),
        cmocka_unit_test(single_files),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    remove_tree(root);
    return rc;
}
