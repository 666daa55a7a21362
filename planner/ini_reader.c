/*
 * ini_reader.c -- plan.ini through inih (Debian libinih), the only user of <ini.h>.
 *
 * inih as packaged does not pass line numbers to the handler, so we feed it
 * through ini_parse_stream with our own line reader that counts lines: when
 * the handler runs, the counter holds the line of the key it is given.
 */
#include <ini.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "peakplan/timeutil.h"
#include "peakplan/workspace.h"

void pp_plan_config_init(pp_plan_config *c)
{
    c->start_day = INT64_MIN;
    c->days = 0;
    c->interval_minutes = 0;
    c->quantile = NAN;
    c->time_limit_seconds = 60;
    c->mip_gap_pct = 0.5;
    c->penalty_per_agent_hour = 200;
}

typedef struct ini_state {
    FILE *fp;
    long line;
    const char *path;
    pp_plan_config *cfg;
    pp_error *err;
    pp_status st;
    long start_line, days_line, interval_line;
} ini_state;

static char *read_line(char *str, int num, void *stream)
{
    ini_state *s = stream;
    char *r = fgets(str, num, s->fp);
    if (r)
        s->line++;
    return r;
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
            pp_warn("%s:%ld: ignoring unknown key [%s] %s", s->path, s->line, section, name);
    } else if (strcasecmp(section, "solver") == 0) {
        if (strcmp(name, "time_limit_seconds") == 0) {
            if (!parse_num(value, &v) || v <= 0)
                return bad(s, section, name, value, "must be a positive number of seconds");
            c->time_limit_seconds = v;
        } else if (strcmp(name, "mip_gap_pct") == 0) {
            if (!parse_num(value, &v) || v < 0 || v > 100)
                return bad(s, section, name, value, "must be a percentage 0 to 100");
            c->mip_gap_pct = v;
        } else
            pp_warn("%s:%ld: ignoring unknown key [%s] %s", s->path, s->line, section, name);
    } else if (strcasecmp(section, "cost") == 0) {
        if (strcmp(name, "understaffing_penalty_per_agent_hour") == 0) {
            if (!parse_num(value, &v) || v < 0)
                return bad(s, section, name, value, "must be a non-negative cost");
            c->penalty_per_agent_hour = v;
        } else
            pp_warn("%s:%ld: ignoring unknown key [%s] %s", s->path, s->line, section, name);
    } else {
        pp_warn("%s:%ld: ignoring unknown section [%s]", s->path, s->line, section);
    }
    return 1;
}

pp_status pp_plan_config_load(const char *path, pp_plan_config *c, pp_error *err)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return pp_error_at(err, PP_EIO, path, 0, 0, "cannot open: required file missing or unreadable");
    ini_state s = {.fp = fp, .path = path, .cfg = c, .err = err, .st = PP_OK};
    int rc = ini_parse_stream(read_line, &s, on_key, &s);
    fclose(fp);
    if (s.st != PP_OK)
        return s.st;
    if (rc > 0)
        return pp_error_at(err, PP_EINVAL, path, rc, 1,
                           "malformed line (expected [section] or key = value)");
    if (rc < 0)
        return pp_error_at(err, PP_EIO, path, 0, 0, "cannot read");
    if (c->start_day == INT64_MIN)
        return pp_error_at(err, PP_EINVAL, path, 0, 0, "[plan] start is required");
    if (c->days == 0)
        return pp_error_at(err, PP_EINVAL, path, 0, 0, "[plan] days is required");
    if (c->interval_minutes == 0)
        return pp_error_at(err, PP_EINVAL, path, 0, 0, "[plan] interval_minutes is required");
    return PP_OK;
}
