/*
 * test_csvio.c -- CSV conformance: every tests/conformance/csv/y_*.csv must be
 * accepted with exactly the cells and line numbers of its .expect file, every
 * n_*.csv rejected at exactly the line:column of its .expect file; and each at
 * every chunk size from 1 to the file length, so buffer boundaries cannot
 * change the outcome (libcsv's own test_csv.c discipline).
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "io/csvio.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    buf[got] = '\0';
    *len = got;
    return buf;
}

/* "L<line>: a|b" per row; CR and LF inside cells escaped as \r and \n. */
static void dump(const pp_csv *c, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t r = 0; r < pp_csv_rows(c); r++) {
        used += (size_t)snprintf(out + used, size - used, "L%ld: ", pp_csv_line(c, r));
        for (size_t k = 0; k < pp_csv_header_count(c); k++) {
            if (k)
                used += (size_t)snprintf(out + used, size - used, "|");
            for (const char *s = pp_csv_cell(c, r, (long)k); *s; s++) {
                if (*s == '\n')
                    used += (size_t)snprintf(out + used, size - used, "\\n");
                else if (*s == '\r')
                    used += (size_t)snprintf(out + used, size - used, "\\r");
                else
                    used += (size_t)snprintf(out + used, size - used, "%c", *s);
            }
        }
        used += (size_t)snprintf(out + used, size - used, "\n");
    }
}

static const char *fixture_dir(void)
{
    static char dir[4096];
    const char *t = getenv("PP_TEST_DIR");
    snprintf(dir, sizeof dir, "%s/conformance/csv", t ? t : "tests");
    return dir;
}

static void run_fixtures(char prefix)
{
    DIR *d = opendir(fixture_dir());
    assert_non_null(d);
    struct dirent *e;
    int seen = 0;
    while ((e = readdir(d)) != NULL) {
        size_t nl = strlen(e->d_name);
        if (e->d_name[0] != prefix || e->d_name[1] != '_' || nl < 5 ||
            strcmp(e->d_name + nl - 4, ".csv") != 0)
            continue;
        char path[4400], exp_path[4400];
        snprintf(path, sizeof path, "%s/%s", fixture_dir(), e->d_name);
        snprintf(exp_path, sizeof exp_path, "%s/%.*s.expect", fixture_dir(), (int)(nl - 4),
                 e->d_name);
        size_t len, elen;
        char *data = slurp(path, &len), *expect = slurp(exp_path, &elen);
        assert_non_null(data);
        assert_non_null(expect);
        for (size_t chunk = 0; chunk <= (len ? len : 1); chunk++) {
            pp_csv *c = NULL;
            pp_error err;
            pp_error_clear(&err);
            pp_status st = pp_csv_parse_buffer(e->d_name, data, len, chunk, &c, &err);
            if (prefix == 'y') {
                if (st != PP_OK) {
                    char b[1200];
                    pp_error_format(&err, b, sizeof b);
                    fail_msg("%s rejected at chunk %zu: %s", e->d_name, chunk, b);
                }
                char got[8192];
                dump(c, got, sizeof got);
                if (strcmp(got, expect) != 0)
                    fail_msg("%s chunk %zu:\n got: %s\nwant: %s", e->d_name, chunk, got, expect);
                pp_csv_free(c);
            } else {
                if (st == PP_OK)
                    fail_msg("%s accepted at chunk %zu", e->d_name, chunk);
                assert_null(c);
                char loc[64];
                snprintf(loc, sizeof loc, "%ld:%ld\n", err.line, err.col);
                if (strcmp(loc, expect) != 0)
                    fail_msg("%s chunk %zu: error at %s want %s (%s)", e->d_name, chunk, loc, expect,
                             err.msg);
                assert_string_equal(err.file, e->d_name);
            }
        }
        free(data);
        free(expect);
        seen++;
    }
    closedir(d);
    assert_true(seen >= 8);
}

static void accepts_y_fixtures(void **state)
{
    (void)state;
    run_fixtures('y');
}

static void rejects_n_fixtures_at_their_cell(void **state)
{
    (void)state;
    run_fixtures('n');
}

static void numbers_are_strict(void **state)
{
    (void)state;
    const char *text = "queue,offered\nvoice,12.5\nvoice,abc\nvoice,-3\nvoice,nan\nvoice, 7 \nvoice,\n"
                       "voice,1e3\nvoice,0x10\n";
    pp_csv *c = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_csv_parse_buffer("h.csv", text, strlen(text), 0, &c, &err), PP_OK);
    double v;
    assert_int_equal(pp_csv_number(c, 0, 1, 0, INFINITY, NAN, &v, &err), PP_OK);
    assert_true(v == 12.5);
    assert_int_equal(pp_csv_number(c, 1, 1, 0, INFINITY, NAN, &v, &err), PP_EINVAL);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 2);
    assert_non_null(strstr(err.msg, "offered: not a number (found \"abc\")"));
    pp_error_clear(&err);
    assert_int_equal(pp_csv_number(c, 2, 1, 0, INFINITY, NAN, &v, &err), PP_EINVAL);
    assert_int_equal(err.line, 4);
    assert_non_null(strstr(err.msg, "must not be negative"));
    pp_error_clear(&err);
    assert_int_equal(pp_csv_number(c, 3, 1, 0, INFINITY, NAN, &v, &err), PP_EINVAL);
    pp_error_clear(&err);
    assert_int_equal(pp_csv_number(c, 4, 1, 0, INFINITY, NAN, &v, &err), PP_OK);
    assert_true(v == 7);
    assert_int_equal(pp_csv_number(c, 5, 1, 0, INFINITY, NAN, &v, &err), PP_EINVAL);
    assert_non_null(strstr(err.msg, "missing value"));
    pp_error_clear(&err);
    assert_int_equal(pp_csv_number(c, 5, 1, 0, INFINITY, 4.25, &v, &err), PP_OK);
    assert_true(v == 4.25);
    assert_int_equal(pp_csv_number(c, 6, 1, 0, INFINITY, NAN, &v, &err), PP_OK);
    assert_true(v == 1000);
    assert_int_equal(pp_csv_number(c, 7, 1, 0, INFINITY, NAN, &v, &err), PP_EINVAL);
    pp_csv_free(c);
}

static int warnings;
static void count_warning(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
    warnings++;
}

static void unknown_columns_warn_once(void **state)
{
    (void)state;
    const char *text = "queue,offered,colour,size\nvoice,1,red,2\n";
    pp_csv *c = NULL;
    assert_int_equal(pp_csv_parse_buffer("h.csv", text, strlen(text), 0, &c, NULL), PP_OK);
    static const char *const req[] = {"queue", "offered", NULL};
    static const char *const miss[] = {"queue", "interval_start", NULL};
    pp_set_warn_handler(count_warning, NULL);
    warnings = 0;
    assert_int_equal(pp_csv_check_columns(c, req, NULL, NULL), PP_OK);
    assert_int_equal(warnings, 1);
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_csv_check_columns(c, miss, NULL, &err), PP_EINVAL);
    assert_non_null(strstr(err.msg, "interval_start"));
    pp_set_warn_handler(NULL, NULL);
    pp_csv_free(c);
}

/* A misspelt known column is refused at its header cell, naming the column it is
 * close to; x_ columns pass silently; other unknown ones warn once, naming x_. */
static char last_warning[512];
static void keep_warning(void *ud, const char *msg)
{
    (void)ud;
    warnings++;
    snprintf(last_warning, sizeof last_warning, "%s", msg);
}

static void misspelt_columns_are_errors(void **state)
{
    (void)state;
    static const char *const req[] = {"vendor", "hourly_cost", NULL};
    static const char *const opt[] = {"seats", "shrinkage_pct", NULL};
    static const struct {
        const char *header;
        long col;
        const char *near; /* NULL: accepted */
    } cases[] = {
        {"vendor,hourly_cost,shrinkage\n", 3, "shrinkage_pct"}, /* dropped suffix */
        {"vendor,hourly_cost,seets\n", 3, "seats"},             /* one letter */
        {"vendor,hourly_cots\n", 2, "hourly_cost"},             /* before "missing" */
        {"vendor,hourly_cost,Shrinkage_Pct\n", 3, "shrinkage_pct"},
        {"vendor,hourly_cost,x_shrinkage\n", 0, NULL},         /* the user's own */
        {"vendor,hourly_cost,seats2\n", 0, NULL},              /* a digit sibling */
        {"vendor,hourly_cost,region,notes\n", 0, NULL},        /* far from every name */
    };
    pp_set_warn_handler(keep_warning, NULL);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        pp_csv *c = NULL;
        assert_int_equal(pp_csv_parse_buffer("v.csv", cases[i].header, strlen(cases[i].header),
                                             0, &c, NULL),
                         PP_OK);
        pp_error err;
        pp_error_clear(&err);
        warnings = 0;
        pp_status st = pp_csv_check_columns(c, req, opt, &err);
        if (cases[i].near) {
            assert_int_equal(st, PP_EINVAL);
            assert_int_equal(err.line, 1);
            assert_int_equal(err.col, cases[i].col);
            char want[128];
            snprintf(want, sizeof want, "did you mean \"%s\"?", cases[i].near);
            if (!strstr(err.msg, want))
                fail_msg("%s: %s", cases[i].header, err.msg);
        } else {
            assert_int_equal(st, PP_OK);
            assert_int_equal(warnings, strstr(cases[i].header, "x_") ? 0 : 1);
        }
        pp_csv_free(c);
    }
    assert_non_null(strstr(last_warning, "\"region\", \"notes\""));
    assert_non_null(strstr(last_warning, "x_"));
    pp_set_warn_handler(NULL, NULL);
}

/* "queue,notes\nvoice,\"" + len letters + "\"\n" into buf; returns its length. */
static size_t one_big_cell(char *buf, char letter, size_t len)
{
    static const char head[] = "queue,notes\nvoice,\"";
    memcpy(buf, head, sizeof head - 1);
    memset(buf + sizeof head - 1, letter, len);
    memcpy(buf + sizeof head - 1 + len, "\"\n", 2);
    return sizeof head - 1 + len + 2;
}

/* A cell over PP_CSV_MAX_CELL is refused at its line:column before libcsv
 * buffers it; one just under the limit is read whole (the parser's buffer
 * grows in large blocks: this stays fast). */
static void cell_size_is_bounded(void **state)
{
    (void)state;
    size_t big = PP_CSV_MAX_CELL + 10;
    char *data = malloc(big + 64);
    assert_non_null(data);
    size_t n = one_big_cell(data, 'a', big);
    pp_csv *c = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_csv_parse_buffer("big.csv", data, n, 0, &c, &err), PP_EINVAL);
    assert_null(c);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 2);
    assert_non_null(strstr(err.msg, "longer than"));

    size_t ok = PP_CSV_MAX_CELL - 100;
    n = one_big_cell(data, 'b', ok);
    assert_int_equal(pp_csv_parse_buffer("ok.csv", data, n, 0, &c, NULL), PP_OK);
    assert_int_equal(strlen(pp_csv_cell(c, 0, 1)), ok);
    pp_csv_free(c);
    free(data);
}

/* A FIFO is refused at once (it would block forever waiting for a writer);
 * so is a folder. */
static void non_regular_files_are_refused(void **state)
{
    (void)state;
    char dir[] = "/tmp/pp_fifo_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char fifo[64];
    snprintf(fifo, sizeof fifo, "%s/history.csv", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pp_csv *c = NULL;
    pp_error err;
    pp_error_clear(&err);
    assert_int_equal(pp_csv_read_file(fifo, &c, &err), PP_EIO);
    assert_null(c);
    assert_string_equal(err.file, fifo);
    assert_non_null(strstr(err.msg, "not a regular file"));
    pp_error_clear(&err);
    assert_int_equal(pp_csv_read_file(dir, &c, &err), PP_EIO);
    assert_non_null(strstr(err.msg, "folder"));
    unlink(fifo);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_y_fixtures),
        cmocka_unit_test(rejects_n_fixtures_at_their_cell),
        cmocka_unit_test(numbers_are_strict),
        cmocka_unit_test(unknown_columns_warn_once),
        cmocka_unit_test(misspelt_columns_are_errors),
        cmocka_unit_test(cell_size_is_bounded),
        cmocka_unit_test(non_regular_files_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
