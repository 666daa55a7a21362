/*
 * ini_reader.c -- plan.ini through inih (Debian libinih), the only user of <ini.h>.
 *
 * inih as packaged does not pass line numbers to the handler, so we feed it
 * through ini_parse_stream with our own line reader that counts lines: when
 * the handler runs, the counter holds the line of the key it is given.
 *
 * inih cuts lines at its fixed buffer (200 bytes in Debian's build) and reads
 * the rest as a line of its own: `; ` + 197 letters + `days = 2` would set
 * days.  So our reader takes each physical line whole: a comment line of any
 * length reaches inih as a blank line, and any other line too long for
 * inih's buffer is an error at its line rather than two half-lines.
 *
 * Unknown sections and keys are errors with a suggestion: a misspelt key
 * would otherwise leave its default in place without a word.
 */
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/csvio.h"
#include "io/ini_reader.h"
#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

void pp_plan_config_init(pp_plan_config *c)
{
    c->start_day = INT64_MIN;
    c->days = 0;
    c->interval_minutes = 0;
    c->quantile = NAN;
    c->time_limit_seconds = PP_PLAN_DEFAULT_TIME_LIMIT;
    c->mip_gap_pct = PP_PLAN_DEFAULT_MIP_GAP_PCT;
    c->penalty_per_agent_hour = PP_PLAN_DEFAULT_PENALTY;
}

static const char *const PLAN_KEYS[] = {"start", "days", "interval_minutes", "quantile", NULL};
static const char *const SOLVER_KEYS[] = {"time_limit_seconds", "mip_gap_pct", NULL};
static const char *const COST_KEYS[] = {"understaffing_penalty_per_agent_hour", NULL};
static const char *const SECTIONS[] = {"plan", "solver", "cost", NULL};

typedef struct ini_state {
    FILE *fp;
    char *buf; /* the current physical line, whole (getline) */
    size_t cap;
    long line;
    long section_line; /* line of the last [section] header */
    const char *path;
    pp_plan_config *cfg;
    pp_error *err;
    pp_status st;
    long start_line, days_line, interval_line;
    pp_ini_key_fn fn; /* pp_ini_each: the caller's handler, with its context */
    void *ctx;
} ini_state;

static char *read_line(char *str, int num, void *stream)
{
    ini_state *s = stream;
    if (s->st != PP_OK)
        return NULL;
    ssize_t len = getline(&s->buf, &s->cap, s->fp);
    if (len < 0)
        return NULL;
    s->line++;
    if (memchr(s->buf, '\0', (size_t)len)) {
        s->st = pp_error_at(s->err, PP_EINVAL, s->path, s->line, 0, "a NUL byte in the line");
        return NULL;
    }
    const char *p = s->buf;
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p == '[')
        s->section_line = s->line;
    if (len < num) {
        memcpy(str, s->buf, (size_t)len + 1);
        return str;
    }
    if (*p == ';' || *p == '#') {
        /* A long comment: inih only needs to know the line is there. */
        snprintf(str, (size_t)num, "\n");
        return str;
    }
    s->st = pp_error_at(s->err, PP_EINVAL, s->path, s->line, 0,
                        "line longer than %d bytes (%zd): shorten it; comments on lines of "
                        "their own may be any length",
                        num - 3, len);
    return NULL;
}

/* Unknown [section] key: an error naming the closest known key (or the section a
 * known key belongs in). */
static int unknown_key(ini_state *s, const char *section, const char *name,
                       const char *const *keys)
{
    static const char *const *const all[] = {PLAN_KEYS, SOLVER_KEYS, COST_KEYS, NULL};
    for (size_t k = 0; all[k]; k++)
        for (const char *const *n = all[k]; *n; n++)
            if (strcmp(*n, name) == 0 && all[k] != keys) {
                s->st = pp_error_at(s->err, PP_EINVAL, s->path, s->line, 1,
                                    "key \"%s\" is not part of [%s]; it belongs in [%s]", name,
                                    section, SECTIONS[k]);
                return 0;
            }
    const char *const *lists[] = {keys, NULL};
    const char *near = pp_did_you_mean(name, lists);
    if (near)
        s->st = pp_error_at(s->err, PP_EINVAL, s->path, s->line, 1,
                            "unknown key [%s] %s; did you mean \"%s\"?", section, name, near);
    else {
        char known[256] = "";
        size_t used = 0;
        for (const char *const *n = keys; *n; n++) {
            int w = snprintf(known + used, sizeof known - used, "%s%s", n == keys ? "" : ", ", *n);
            if (w > 0 && (size_t)w < sizeof known - used)
                used += (size_t)w;
        }
        s->st = pp_error_at(s->err, PP_EINVAL, s->path, s->line, 1,
                            "unknown key [%s] %s (known keys: %s)", section, name, known);
    }
    return 0;
}

/* Column of the value on the current line, for messages: 1-based character
 * position after '='. Good enough: values follow "key = ". */
static long value_column(const char *name)
{
    return (long)strlen(name) + 4;
}

static int bad(ini_state *s, const char *section, const char *name, const char *value,
               const char *what)
{
    s->st = pp_error_at(s->err, PP_EINVAL, s->path, s->line, value_column(name),
                        "[%s] %s: %s (found \"%s\")", section, name, what, value);
    return 0;
}

static int parse_num(const char *value, double *out)
{
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    ini_state *s = user;
    pp_plan_config *c = s->cfg;
    double v;
    if (s->st != PP_OK)
        return 0;
    if (strcasecmp(section, "plan") == 0) {
        if (strcmp(name, "start") == 0) {
            if (!pp_parse_date(value, &c->start_day))
                return bad(s, section, name, value, "not a date YYYY-MM-DD");
            s->start_line = s->line;
        } else if (strcmp(name, "days") == 0) {
            if (!parse_num(value, &v) || v < 1 || v > 366 || v != floor(v))
                return bad(s, section, name, value, "must be a whole number of days, 1 to 366");
            c->days = (size_t)v;
            s->days_line = s->line;
        } else if (strcmp(name, "interval_minutes") == 0) {
            if (!parse_num(value, &v) || v < 5 || v > 1440 || v != floor(v) ||
                1440 % (int)v != 0)
                return bad(s, section, name, value,
                           "must be a whole number of minutes from 5 to 1440 dividing a day");
            c->interval_minutes = (int)v;
            s->interval_line = s->line;
        } else if (strcmp(name, "quantile") == 0) {
            if (!*value)
                return 1;
            if (!parse_num(value, &v) || v <= 0 || v >= 1)
                return bad(s, section, name, value, "must be a fraction between 0 and 1");
            c->quantile = v;
        } else
            return unknown_key(s, section, name, PLAN_KEYS);
    } else if (strcasecmp(section, "solver") == 0) {
        if (strcmp(name, "time_limit_seconds") == 0) {
            if (!parse_num(value, &v) || v <= 0 || v > PP_MAX_TIME_LIMIT_SECONDS)
                return bad(s, section, name, value,
                           "must be a number of seconds above 0, at most 604800 (a week)");
            c->time_limit_seconds = v;
        } else if (strcmp(name, "mip_gap_pct") == 0) {
            if (!parse_num(value, &v) || v < 0 || v > 100)
                return bad(s, section, name, value, "must be a percentage 0 to 100");
            c->mip_gap_pct = v;
        } else
            return unknown_key(s, section, name, SOLVER_KEYS);
    } else if (strcasecmp(section, "cost") == 0) {
        if (strcmp(name, "understaffing_penalty_per_agent_hour") == 0) {
            if (!parse_num(value, &v) || v < 0 || v > PP_MAX_PENALTY)
                return bad(s, section, name, value, "must be a cost from 0 to 10000000");
            c->penalty_per_agent_hour = v;
        } else
            return unknown_key(s, section, name, COST_KEYS);
    } else {
        const char *const *lists[] = {SECTIONS, NULL};
        const char *near = pp_did_you_mean(section, lists);
        /* inih tells us of a section only with its first key: point at the header. */
        s->st = pp_error_at(s->err, PP_EINVAL, s->path, s->section_line, 1,
                            "unknown section [%s]%s%s%s", section,
                            near ? "; did you mean [" : " (known: [plan], [solver], [cost])",
                            near ? near : "", near ? "]?" : "");
        return 0;
    }
    return 1;
}

pp_status pp_plan_config_load(const char *path, pp_plan_config *c, pp_error *err)
{
    FILE *fp;
    pp_status ost = pp_open_regular(path, &fp, err);
    if (ost != PP_OK)
        return ost;
    ini_state s = {.fp = fp, .path = path, .cfg = c, .err = err, .st = PP_OK};
    int rc = ini_parse_stream(read_line, &s, on_key, &s);
    int read_failed = ferror(fp);
    fclose(fp);
    free(s.buf); /* getline's buffer: the C library's */
    if (s.st != PP_OK)
        return s.st;
    if (rc > 0)
        return pp_error_at(err, PP_EINVAL, path, rc, 1,
                           "malformed line (expected [section] or key = value)");
    if (rc < 0 || read_failed)
        return pp_error_at(err, PP_EIO, path, 0, 0, "cannot read");
    if (c->start_day == INT64_MIN)
        return pp_error_at(err, PP_EINVAL, path, 0, 0, "[plan] start is required");
    if (c->days == 0)
        return pp_error_at(err, PP_EINVAL, path, 0, 0, "[plan] days is required");
    if (c->interval_minutes == 0)
        return pp_error_at(err, PP_EINVAL, path, 0, 0, "[plan] interval_minutes is required");
    return PP_OK;
}

/* pp_ini_each's handler: the caller sees each key with the line it is on. */
static int on_any_key(void *user, const char *section, const char *name, const char *value)
{
    ini_state *s = user;
    if (s->st != PP_OK)
        return 0;
    s->st = s->fn(s->ctx, section, name, value, s->line, s->err);
    return s->st == PP_OK;
}

pp_status pp_ini_each(const char *path, pp_ini_key_fn fn, void *ctx, pp_error *err)
{
    FILE *fp;
    pp_status ost = pp_open_regular(path, &fp, err);
    if (ost != PP_OK)
        return ost;
    ini_state s = {.fp = fp, .path = path, .err = err, .st = PP_OK, .fn = fn, .ctx = ctx};
    int rc = ini_parse_stream(read_line, &s, on_any_key, &s);
    int read_failed = ferror(fp);
    fclose(fp);
    free(s.buf);
    if (s.st != PP_OK)
        return s.st;
    if (rc > 0)
        return pp_error_at(err, PP_EINVAL, path, rc, 1,
                           "malformed line (expected [section] or key = value)");
    if (rc < 0 || read_failed)
        return pp_error_at(err, PP_EIO, path, 0, 0, "cannot read");
    return PP_OK;
}
