/*
 * workspace.c -- loading and checking the workspace files.
 *
 * Each loader reads one CSV through csvio (which already guarantees a header,
 * rectangular rows and line numbers), checks the columns, then converts and
 * range-checks every cell, so nothing downstream ever sees a malformed value.
 * References between files (a vendor's queues, a shift's vendors, an event's
 * queues) are resolved here by name and kept as byte matrices.
 *
 * Why one file: the loaders share their cell helpers (names, references,
 * percents, work rules) and the cross-file checks need every loader's
 * result; split by file, each part would re-export the same helpers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/alloc.h"
#include "io/csvio.h"
#include "peakplan/timeutil.h"
#include "io/workspace_internal.h"

char *pp_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = pp_malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Trimmed copy of s[0..len) into buf (size PP_NAME_MAX); false if too long. */
static bool copy_trim(const char *s, size_t len, char *buf)
{
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len >= PP_NAME_MAX)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return true;
}

static long find_name(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (long)i;
    return -1;
}

/* Reads a name cell: non-empty, at most 63 bytes, trimmed. */
static pp_status read_name(const pp_csv *csv, size_t row, long col, char *out, pp_error *err)
{
    const char *s = pp_csv_cell(csv, row, col);
    if (!copy_trim(s, strlen(s), out))
        return pp_csv_fail(csv, row, col, err, "name longer than %d bytes", PP_NAME_MAX - 1);
    if (!*out)
        return pp_csv_fail(csv, row, col, err, "missing value");
    return PP_OK;
}

/* Resolves a `;`-separated list (or `*` / blank when allow_all) of names into
 * mask[0..n). `what` names the kind of reference for messages. */
static pp_status read_refs(const pp_csv *csv, size_t row, long col, const char *const *names,
                           size_t n, bool blank_is_all, const char *what, unsigned char *mask,
                           pp_error *err)
{
    const char *s = pp_csv_cell(csv, row, col);
    char buf[PP_NAME_MAX];
    memset(mask, 0, n);
    if (!copy_trim(s, strlen(s) < PP_NAME_MAX ? strlen(s) : 0, buf))
        buf[0] = 'x';
    if (strcmp(buf, "*") == 0 || (blank_is_all && pp_csv_blank(csv, row, col))) {
        memset(mask, 1, n);
        return PP_OK;
    }
    if (pp_csv_blank(csv, row, col))
        return pp_csv_fail(csv, row, col, err, "missing value (a `;`-separated list or `*`)");
    size_t named = 0;
    while (*s) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (!copy_trim(s, len, buf))
            return pp_csv_fail(csv, row, col, err, "%s name too long", what);
        if (*buf) {
            long i = find_name(buf, names, n);
            if (i < 0)
                return pp_csv_fail(csv, row, col, err, "unknown %s \"%s\"", what, buf);
            mask[i] = 1;
            named++;
        }
        s += len + (end ? 1 : 0);
    }
    /* ";" or " ; ": a list that names nobody is a slip, not "none" and not "all". */
    if (named == 0)
        return pp_csv_fail(csv, row, col, err,
                           "an empty %s list (name at least one %s, or write `*` for all)", what,
                           what);
    return PP_OK;
}

/* Percent fields written as fractions (0.8 for 80 %) would silently plan for a
 * hundredth of the intent.  `lo_exclusive`: values in (0, lo_exclusive] are
 * refused (0 stays allowed where it means "none"). */
static pp_status check_percent(const pp_csv *csv, size_t r, long col, double v,
                               double lo_exclusive, pp_error *err)
{
    if (col < 0 || isnan(v) || !(v > 0 && v <= lo_exclusive))
        return PP_OK;
    char as_pct[32];
    snprintf(as_pct, sizeof as_pct, "%.6g", v * 100);
    return pp_csv_fail(csv, r, col, err, "%s is a percent: write %s, not %.6g",
                       pp_csv_header(csv, (size_t)col), as_pct, v);
}

static bool check_unique(const pp_csv *csv, size_t row, long col, const char *name,
                         const char *const *names, size_t count, pp_error *err)
{
    long prev = find_name(name, names, count);
    if (prev >= 0) {
        pp_csv_fail(csv, row, col, err, "duplicate name (first defined on line %ld)",
                    pp_csv_line(csv, (size_t)prev));
        return false;
    }
    return true;
}

/* ------------------------------------------------------------------ queues */

static const char *const QUEUE_REQ[] = {"queue", "channel", "target_pct", "target_seconds", NULL};
static const char *const QUEUE_OPT[] = {"max_occupancy_pct", "patience_seconds", "concurrency",
                                        "shrinkage_pct", "escalates_to", "escalation_pct",
                                        "max_asa_seconds", "max_abandon_pct", NULL};

pp_status pp_load_queues(const char *path, pp_queue **queues, size_t *nq, pp_error *err)
{
    *queues = NULL;
    *nq = 0;
    pp_csv *csv = NULL;
    const char **names = NULL;
    pp_queue *qs = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    if ((st = pp_csv_check_columns(csv, QUEUE_REQ, QUEUE_OPT, err)) != PP_OK)
        goto cleanup;
    size_t n = pp_csv_rows(csv);
    if (n == 0) {
        st = pp_error_at(err, PP_EINVAL, path, 1, 0, "no queues defined");
        goto cleanup;
    }
    qs = pp_calloc(n, sizeof *qs);
    names = pp_calloc(n, sizeof *names);
    if (!qs || !names) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    long c_queue = pp_csv_column(csv, "queue"), c_channel = pp_csv_column(csv, "channel"),
         c_tpct = pp_csv_column(csv, "target_pct"), c_tsec = pp_csv_column(csv, "target_seconds"),
         c_occ = pp_csv_column(csv, "max_occupancy_pct"),
         c_pat = pp_csv_column(csv, "patience_seconds"),
         c_conc = pp_csv_column(csv, "concurrency"), c_shr = pp_csv_column(csv, "shrinkage_pct"),
         c_esc = pp_csv_column(csv, "escalates_to"), c_escp = pp_csv_column(csv, "escalation_pct"),
         c_asa = pp_csv_column(csv, "max_asa_seconds"),
         c_ab = pp_csv_column(csv, "max_abandon_pct");
    /* First pass: names (escalations may refer forward). */
    for (size_t r = 0; r < n; r++) {
        if ((st = read_name(csv, r, c_queue, qs[r].name, err)) != PP_OK)
            goto cleanup;
        if (!check_unique(csv, r, c_queue, qs[r].name, names, r, err)) {
            st = PP_EINVAL;
            goto cleanup;
        }
        names[r] = qs[r].name;
    }
    for (size_t r = 0; r < n; r++) {
        pp_queue *q = &qs[r];
        const char *ch = pp_csv_cell(csv, r, c_channel);
        if (strcmp(ch, "voice") == 0)
            q->channel = PP_CHANNEL_VOICE;
        else if (strcmp(ch, "chat") == 0)
            q->channel = PP_CHANNEL_CHAT;
        else if (strcmp(ch, "email") == 0)
            q->channel = PP_CHANNEL_EMAIL;
        else if (strcmp(ch, "ticket") == 0)
            q->channel = PP_CHANNEL_TICKET;
        else {
            st = pp_csv_fail(csv, r, c_channel, err, "must be voice, chat, email or ticket");
            goto cleanup;
        }
        if ((st = pp_csv_number(csv, r, c_tpct, 0, 100, NAN, &q->target_pct, err)) ||
            (st = pp_csv_number(csv, r, c_tsec, 0, PP_MAX_TARGET_SECONDS, NAN, &q->target_seconds,
                                err)) ||
            (st = pp_csv_number_opt(csv, r, c_occ, 0, 100, &q->max_occupancy_pct, err)) ||
            (st = pp_csv_number_opt(csv, r, c_pat, 0, PP_SECONDS_PER_DAY, &q->patience_seconds,
                                    err)) ||
            (st = pp_csv_number(csv, r, c_conc, 1, 1000, 1, &q->concurrency, err)) ||
            (st = pp_csv_number(csv, r, c_shr, 0, 99.9, 0, &q->shrinkage_pct, err)) ||
            (st = pp_csv_number(csv, r, c_escp, 0, 100, 0, &q->escalation_pct, err)) ||
            (st = pp_csv_number_opt(csv, r, c_asa, 0, PP_SECONDS_PER_DAY, &q->max_asa_seconds,
                                    err)) ||
            (st = pp_csv_number_opt(csv, r, c_ab, 0, 100, &q->max_abandon_pct, err)))
            goto cleanup;
        /* target 0.8 or occupancy 0.85 meant 80 % / 85 %; a shrinkage under 1 % is no
         * real operation's (escalation and abandonment may well be under 1 %). */
        if (q->target_pct <= 1) {
            st = q->target_pct > 0
                     ? pp_csv_fail(csv, r, c_tpct, err,
                                   "target_pct is a percent: write %.6g, not %.6g",
                                   q->target_pct * 100, q->target_pct)
                     : pp_csv_fail(csv, r, c_tpct, err,
                                   "must be above 1 (a percent: 80 = 80 %% answered in time)");
            goto cleanup;
        }
        if ((st = check_percent(csv, r, c_occ, q->max_occupancy_pct, 1, err)) ||
            (st = check_percent(csv, r, c_shr, q->shrinkage_pct, 0.999999, err)))
            goto cleanup;
        if (!isnan(q->max_occupancy_pct) && q->max_occupancy_pct <= 0) {
            st = pp_csv_fail(csv, r, c_occ, err, "must be above 0");
            goto cleanup;
        }
        if (!isnan(q->patience_seconds) && q->patience_seconds <= 0) {
            st = pp_csv_fail(csv, r, c_pat, err, "must be above 0 (leave blank for no abandonment)");
            goto cleanup;
        }
        if (q->concurrency != 1 && q->channel != PP_CHANNEL_CHAT)
            pp_warn("%s:%ld: concurrency applies to chat queues only; ignored for %s", path,
                    pp_csv_line(csv, r), q->name);
        if (q->channel != PP_CHANNEL_CHAT)
            q->concurrency = 1;
        if (q->target_pct >= 100 && q->target_seconds <= 0 && !pp_channel_is_deferred(q->channel)) {
            st = pp_csv_fail(csv, r, c_tpct, err,
                             "100%% answered within 0 seconds cannot be met by any staffing");
            goto cleanup;
        }
        q->escalates_to = -1;
        if (c_esc >= 0 && !pp_csv_blank(csv, r, c_esc)) {
            char buf[PP_NAME_MAX];
            if ((st = read_name(csv, r, c_esc, buf, err)) != PP_OK)
                goto cleanup;
            long t = find_name(buf, names, n);
            if (t < 0) {
                st = pp_csv_fail(csv, r, c_esc, err, "unknown queue \"%s\"", buf);
                goto cleanup;
            }
            if ((size_t)t == r) {
                st = pp_csv_fail(csv, r, c_esc, err, "a queue cannot escalate to itself");
                goto cleanup;
            }
            q->escalates_to = (int)t;
            if (q->escalation_pct == 0)
                pp_warn("%s:%ld: %s escalates to %s with escalation_pct 0", path,
                        pp_csv_line(csv, r), q->name, buf);
        } else if (q->escalation_pct > 0) {
            st = pp_csv_fail(csv, r, c_escp, err, "escalation_pct given without escalates_to");
            goto cleanup;
        }
    }
    /* Escalation cycles: follow each chain; longer than n steps means a loop. */
    for (size_t r = 0; r < n; r++) {
        int at = qs[r].escalates_to;
        for (size_t steps = 0; at >= 0; steps++) {
            if (steps > n || (size_t)at == r) {
                st = pp_csv_fail(csv, r, c_esc, err, "escalations form a cycle through queue \"%s\"",
                                 qs[r].name);
                goto cleanup;
            }
            at = qs[at].escalates_to;
        }
    }
    *queues = qs;
    *nq = n;
    qs = NULL;
cleanup:
    pp_free(qs);
    pp_free(names);
    pp_csv_free(csv);
    return st;
}

/* ----------------------------------------------------------------- vendors */

static const char *const VENDOR_REQ[] = {"vendor", "kind", "queues", "hourly_cost", NULL};
static const char *const VENDOR_OPT[] = {"seats", "min_hours_week", "max_hours_week",
                                         "max_agents", "shrinkage_pct", "max_days_per_week",
                                         "min_consecutive_days_off", "max_consecutive_days",
                                         "cost_basis", "weekly_cost_per_head",
                                         "max_hours_week_per_head", "max_headcount", NULL};

/* The work rules (columns c[3]): whole days, blank = the default. */
static pp_status read_rules(const pp_csv *csv, size_t r, const long c[3], pp_vendor *v,
                            pp_error *err)
{
    static const int hi[3] = {7, 6, 7}, def[3] = {PP_TOUR_DEFAULT_MAX_DAYS,
                                                  PP_TOUR_DEFAULT_MIN_DAYS_OFF,
                                                  PP_TOUR_DEFAULT_MAX_CONSECUTIVE};
    int *out[3] = {&v->max_days_per_week, &v->min_consecutive_days_off,
                   &v->max_consecutive_days};
    pp_status st = PP_OK;
    for (int k = 0; k < 3 && st == PP_OK; k++) {
        double d;
        if ((st = pp_csv_number(csv, r, c[k], 1, hi[k], def[k], &d, err)) == PP_OK &&
            d != floor(d))
            st = pp_csv_fail(csv, r, c[k], err, "must be a whole number of days");
        *out[k] = (int)d;
    }
    return st;
}

/* People's terms (columns c[4]): cost_basis hour|head, weekly_cost_per_head
 * (required with head, refused without), max_hours_week_per_head,
 * max_headcount (whole people). */
static pp_status read_head_terms(const pp_csv *csv, size_t r, const long c[4], pp_vendor *v,
                                 pp_error *err)
{
    pp_status st;
    if (c[0] >= 0 && !pp_csv_blank(csv, r, c[0])) {
        const char *b = pp_csv_cell(csv, r, c[0]);
        if (strcmp(b, "head") == 0)
            v->cost_per_head = true;
        else if (strcmp(b, "hour") != 0)
            return pp_csv_fail(csv, r, c[0], err, "must be hour or head, not \"%s\"", b);
    }
    bool given = c[1] >= 0 && !pp_csv_blank(csv, r, c[1]);
    if (v->cost_per_head && !given)
        return pp_csv_fail(csv, r, c[1] >= 0 ? c[1] : c[0], err,
                           "cost_basis head needs weekly_cost_per_head");
    if (!v->cost_per_head && given)
        return pp_csv_fail(csv, r, c[1], err,
                           "weekly_cost_per_head is for cost_basis head (the vendor is paid "
                           "per hour)");
    if ((st = pp_csv_number(csv, r, c[1], 0, PP_MAX_HOURLY_COST * 168, 0,
                            &v->weekly_cost_per_head, err)) ||
        (st = pp_csv_number(csv, r, c[2], 1, 168, 0, &v->max_hours_week_per_head, err)) ||
        (st = pp_csv_number(csv, r, c[3], 1, PP_MAX_HEADCOUNT, 0, &v->max_headcount, err)))
        return st;
    if (v->max_headcount != floor(v->max_headcount))
        return pp_csv_fail(csv, r, c[3], err, "must be a whole number of people");
    return PP_OK;
}

pp_status pp_load_vendors(const char *path, const char *const *queue_names, size_t nq,
                          pp_vendor **vendors, size_t *nv, unsigned char **vendor_queue,
                          pp_error *err)
{
    *vendors = NULL;
    *vendor_queue = NULL;
    *nv = 0;
    pp_csv *csv = NULL;
    pp_vendor *vs = NULL;
    unsigned char *vq = NULL;
    const char **names = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    if ((st = pp_csv_check_columns(csv, VENDOR_REQ, VENDOR_OPT, err)) != PP_OK)
        goto cleanup;
    size_t n = pp_csv_rows(csv);
    if (n == 0) {
        st = pp_error_at(err, PP_EINVAL, path, 1, 0, "no vendors defined");
        goto cleanup;
    }
    vs = pp_calloc(n, sizeof *vs);
    vq = pp_calloc(n * (nq ? nq : 1), 1);
    names = pp_calloc(n, sizeof *names);
    if (!vs || !vq || !names) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    long c_v = pp_csv_column(csv, "vendor"), c_kind = pp_csv_column(csv, "kind"),
         c_q = pp_csv_column(csv, "queues"), c_cost = pp_csv_column(csv, "hourly_cost"),
         c_seats = pp_csv_column(csv, "seats"), c_minh = pp_csv_column(csv, "min_hours_week"),
         c_maxh = pp_csv_column(csv, "max_hours_week"), c_maxa = pp_csv_column(csv, "max_agents"),
         c_shr = pp_csv_column(csv, "shrinkage_pct");
    const long c_rules[3] = {pp_csv_column(csv, "max_days_per_week"),
                             pp_csv_column(csv, "min_consecutive_days_off"),
                             pp_csv_column(csv, "max_consecutive_days")};
    const long c_head[4] = {pp_csv_column(csv, "cost_basis"),
                            pp_csv_column(csv, "weekly_cost_per_head"),
                            pp_csv_column(csv, "max_hours_week_per_head"),
                            pp_csv_column(csv, "max_headcount")};
    for (size_t r = 0; r < n; r++) {
        pp_vendor *v = &vs[r];
        if ((st = read_name(csv, r, c_v, v->name, err)) != PP_OK)
            goto cleanup;
        if (!check_unique(csv, r, c_v, v->name, names, r, err)) {
            st = PP_EINVAL;
            goto cleanup;
        }
        names[r] = v->name;
        const char *kind = pp_csv_cell(csv, r, c_kind);
        if (strcmp(kind, "inhouse") == 0)
            v->is_bpo = false;
        else if (strcmp(kind, "bpo") == 0)
            v->is_bpo = true;
        else {
            st = pp_csv_fail(csv, r, c_kind, err, "must be inhouse or bpo");
            goto cleanup;
        }
        if ((st = read_refs(csv, r, c_q, queue_names, nq, false, "queue", vq + r * nq, err)))
            goto cleanup;
        bool any = false;
        for (size_t q = 0; q < nq; q++)
            any |= vq[r * nq + q] != 0;
        if (!any) {
            st = pp_csv_fail(csv, r, c_q, err, "vendor is eligible for no known queue");
            goto cleanup;
        }
        if ((st = pp_csv_number(csv, r, c_cost, 0, PP_MAX_HOURLY_COST, NAN, &v->hourly_cost,
                                err)) ||
            (st = pp_csv_number(csv, r, c_seats, 0, PP_MAX_HEADCOUNT, INFINITY, &v->seats, err)) ||
            (st = pp_csv_number(csv, r, c_minh, 0, PP_MAX_HOURS_WEEK, 0, &v->min_hours_week,
                                err)) ||
            (st = pp_csv_number(csv, r, c_maxh, 0, PP_MAX_HOURS_WEEK, INFINITY,
                                &v->max_hours_week, err)) ||
            (st = pp_csv_number(csv, r, c_maxa, 0, PP_MAX_HEADCOUNT, INFINITY, &v->max_agents,
                                err)) ||
            (st = pp_csv_number(csv, r, c_shr, 0, 99.9, 0, &v->shrinkage_pct, err)) ||
            (st = check_percent(csv, r, c_shr, v->shrinkage_pct, 0.999999, err)))
            goto cleanup;
        if ((st = read_rules(csv, r, c_rules, v, err)) != PP_OK ||
            (st = read_head_terms(csv, r, c_head, v, err)) != PP_OK)
            goto cleanup;
        if (v->max_hours_week < v->min_hours_week) {
            st = pp_csv_fail(csv, r, c_maxh, err, "max_hours_week is below min_hours_week (%g)",
                             v->min_hours_week);
            goto cleanup;
        }
    }
    *vendors = vs;
    *vendor_queue = vq;
    *nv = n;
    vs = NULL;
    vq = NULL;
cleanup:
    pp_free(vs);
    pp_free(vq);
    pp_free(names);
    pp_csv_free(csv);
    return st;
}

/* ------------------------------------------------------------------ shifts */

static const char *const SHIFT_REQ[] = {"shift", "vendors", "days", "earliest_start",
                                        "latest_start", "start_step_minutes", "length_minutes",
                                        NULL};
static const char *const SHIFT_OPT[] = {"break_minutes", "break_earliest_offset_minutes",
                                        "break_latest_offset_minutes", "break_paid", "breaks",
                                        NULL};

static int day_index(const char *s)
{
    static const char *const shortn[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    static const char *const longn[] = {"monday", "tuesday", "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    for (int d = 0; d < 7; d++)
        if (strcasecmp(s, shortn[d]) == 0 || strcasecmp(s, longn[d]) == 0)
            return d;
    return -1;
}

/* "Mon-Fri", "Sat;Sun", "*", "Fri-Mon" (wraps) -> bit mask, 0 on error. */
static unsigned parse_days(const char *s)
{
    char buf[PP_NAME_MAX];
    if (!copy_trim(s, strlen(s) < PP_NAME_MAX ? strlen(s) : 0, buf))
        return 0;
    if (strcmp(buf, "*") == 0)
        return 0x7F;
    unsigned mask = 0;
    while (*s) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (!copy_trim(s, len, buf) || !*buf)
            return 0;
        char *dash = strchr(buf, '-');
        if (dash) {
            *dash = '\0';
            char a[PP_NAME_MAX], b[PP_NAME_MAX];
            copy_trim(buf, strlen(buf), a);
            copy_trim(dash + 1, strlen(dash + 1), b);
            int d0 = day_index(a), d1 = day_index(b);
            if (d0 < 0 || d1 < 0)
                return 0;
            for (int d = d0;; d = (d + 1) % 7) {
                mask |= 1u << d;
                if (d == d1)
                    break;
            }
        } else {
            int d = day_index(buf);
            if (d < 0)
                return 0;
            mask |= 1u << d;
        }
        s += len + (end ? 1 : 0);
    }
    return mask;
}

static pp_status read_clock(const pp_csv *csv, size_t r, long col, int *out, pp_error *err)
{
    char buf[PP_NAME_MAX];
    const char *s = pp_csv_cell(csv, r, col);
    if (!copy_trim(s, strlen(s) < PP_NAME_MAX ? strlen(s) : 0, buf) || !pp_parse_clock(buf, out) ||
        *out >= 1440)
        return pp_csv_fail(csv, r, col, err, "not a time of day HH:MM (00:00 to 23:59)");
    return PP_OK;
}

static pp_status read_int(const pp_csv *csv, size_t r, long col, double lo, double hi, double def,
                          int *out, pp_error *err)
{
    double v;
    pp_status st = pp_csv_number(csv, r, col, lo, hi, def, &v, err);
    if (st != PP_OK)
        return st;
    if (v != floor(v))
        return pp_csv_fail(csv, r, col, err, "must be a whole number");
    *out = (int)v;
    return PP_OK;
}

pp_status pp_load_shifts(const char *path, const pp_vendor *vendors, size_t nv,
                         pp_shift_family **families, size_t *nf, unsigned char **family_vendor,
                         pp_error *err)
{
    *families = NULL;
    *family_vendor = NULL;
    *nf = 0;
    pp_csv *csv = NULL;
    pp_shift_family *fs = NULL;
    unsigned char *fv = NULL;
    const char **names = NULL, **vnames = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    if ((st = pp_csv_check_columns(csv, SHIFT_REQ, SHIFT_OPT, err)) != PP_OK)
        goto cleanup;
    size_t n = pp_csv_rows(csv);
    if (n == 0) {
        st = pp_error_at(err, PP_EINVAL, path, 1, 0, "no shift families defined");
        goto cleanup;
    }
    fs = pp_calloc(n, sizeof *fs);
    fv = pp_calloc(n * (nv ? nv : 1), 1);
    names = pp_calloc(n, sizeof *names);
    vnames = pp_calloc(nv ? nv : 1, sizeof *vnames);
    if (!fs || !fv || !names || !vnames) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t v = 0; v < nv; v++)
        vnames[v] = vendors[v].name;
    long c_s = pp_csv_column(csv, "shift"), c_v = pp_csv_column(csv, "vendors"),
         c_days = pp_csv_column(csv, "days"), c_es = pp_csv_column(csv, "earliest_start"),
         c_ls = pp_csv_column(csv, "latest_start"),
         c_step = pp_csv_column(csv, "start_step_minutes"),
         c_len = pp_csv_column(csv, "length_minutes"), c_bm = pp_csv_column(csv, "break_minutes"),
         c_be = pp_csv_column(csv, "break_earliest_offset_minutes"),
         c_bl = pp_csv_column(csv, "break_latest_offset_minutes"),
         c_bp = pp_csv_column(csv, "break_paid"), c_brk = pp_csv_column(csv, "breaks");
    for (size_t r = 0; r < n; r++) {
        pp_shift_family *f = &fs[r];
        if ((st = read_name(csv, r, c_s, f->name, err)) != PP_OK)
            goto cleanup;
        if (!check_unique(csv, r, c_s, f->name, names, r, err)) {
            st = PP_EINVAL;
            goto cleanup;
        }
        names[r] = f->name;
        if ((st = read_refs(csv, r, c_v, vnames, nv, false, "vendor", fv + r * nv, err)))
            goto cleanup;
        f->days_mask = parse_days(pp_csv_cell(csv, r, c_days));
        if (!f->days_mask) {
            st = pp_csv_fail(csv, r, c_days, err,
                             "not a day list (e.g. Mon-Fri, Sat;Sun or *)");
            goto cleanup;
        }
        int paid = 0;
        if ((st = read_clock(csv, r, c_es, &f->earliest_start, err)) ||
            (st = read_clock(csv, r, c_ls, &f->latest_start, err)) ||
            (st = read_int(csv, r, c_step, 1, 1440, NAN, &f->start_step_minutes, err)) ||
            (st = read_int(csv, r, c_len, 1, 1440, NAN, &f->length_minutes, err)) ||
            (st = read_int(csv, r, c_bm, 0, 1440, 0, &f->break_minutes, err)) ||
            (st = read_int(csv, r, c_be, 0, 1440, 0, &f->break_earliest_offset, err)) ||
            (st = read_int(csv, r, c_bl, 0, 1440, f->break_earliest_offset,
                           &f->break_latest_offset, err)) ||
            (st = read_int(csv, r, c_bp, 0, 1, 0, &paid, err)))
            goto cleanup;
        f->break_paid = paid != 0;
        if (c_brk >= 0 && !pp_csv_blank(csv, r, c_brk)) {
            char msg[200];
            if (f->break_minutes > 0) {
                st = pp_csv_fail(csv, r, c_brk, err,
                                 "breaks and break_minutes on one row: give one or the other");
                goto cleanup;
            }
            if (!pp_parse_shift_breaks(pp_csv_cell(csv, r, c_brk), f->break_paid,
                                       f->length_minutes, f->breaks, &f->nbreaks, msg,
                                       sizeof msg)) {
                st = pp_csv_fail(csv, r, c_brk, err, "%s", msg);
                goto cleanup;
            }
        }
        if (f->start_step_minutes <= 0) {
            st = pp_csv_fail(csv, r, c_step, err, "must be above 0");
            goto cleanup;
        }
        if (f->latest_start < f->earliest_start) {
            st = pp_csv_fail(csv, r, c_ls, err,
                             "latest start is before the earliest start: the family yields no shift");
            goto cleanup;
        }
        if (f->break_minutes > 0) {
            if (f->break_minutes >= f->length_minutes) {
                st = pp_csv_fail(csv, r, c_bm, err, "break is not shorter than the shift (%d min)",
                                 f->length_minutes);
                goto cleanup;
            }
            if (f->break_latest_offset < f->break_earliest_offset) {
                st = pp_csv_fail(csv, r, c_bl, err, "latest break offset is before the earliest (%d)",
                                 f->break_earliest_offset);
                goto cleanup;
            }
            if (f->break_earliest_offset < 1 ||
                f->break_latest_offset + f->break_minutes >= f->length_minutes) {
                st = pp_csv_fail(csv, r, c_bl, err,
                                 "the break window lies outside the shift (a %d-minute break "
                                 "must start after the shift starts and end before it ends, "
                                 "length %d)",
                                 f->break_minutes, f->length_minutes);
                goto cleanup;
            }
        }
    }
    *families = fs;
    *family_vendor = fv;
    *nf = n;
    fs = NULL;
    fv = NULL;
cleanup:
    pp_free(fs);
    pp_free(fv);
    pp_free(names);
    pp_free(vnames);
    pp_csv_free(csv);
    return st;
}

/* ------------------------------------------------------------------ events */

static const char *const EVENT_REQ[] = {"event", "kind", "start_date", "end_date", NULL};
static const char *const EVENT_OPT[] = {"queues", "uplift_pct", NULL};

static pp_status read_date(const pp_csv *csv, size_t r, long col, int64_t *out, pp_error *err)
{
    char buf[PP_NAME_MAX];
    const char *s = pp_csv_cell(csv, r, col);
    if (!copy_trim(s, strlen(s) < PP_NAME_MAX ? strlen(s) : 0, buf) || !pp_parse_date(buf, out))
        return pp_csv_fail(csv, r, col, err, "not a date YYYY-MM-DD");
    return PP_OK;
}

pp_status pp_load_events(const char *path, const char *const *queue_names, size_t nq,
                         pp_event **events, size_t *ne, unsigned char **event_queues,
                         pp_error *err)
{
    *events = NULL;
    *event_queues = NULL;
    *ne = 0;
    pp_csv *csv = NULL;
    pp_event *es = NULL;
    unsigned char *eq = NULL;
    pp_status st = pp_csv_read_file(path, &csv, err);
    if (st != PP_OK)
        return st;
    if ((st = pp_csv_check_columns(csv, EVENT_REQ, EVENT_OPT, err)) != PP_OK)
        goto cleanup;
    size_t n = pp_csv_rows(csv);
    es = pp_calloc(n ? n : 1, sizeof *es);
    eq = pp_calloc((n ? n : 1) * (nq ? nq : 1), 1);
    if (!es || !eq) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    long c_e = pp_csv_column(csv, "event"), c_k = pp_csv_column(csv, "kind"),
         c_sd = pp_csv_column(csv, "start_date"), c_ed = pp_csv_column(csv, "end_date"),
         c_q = pp_csv_column(csv, "queues"), c_u = pp_csv_column(csv, "uplift_pct");
    for (size_t r = 0; r < n; r++) {
        pp_event *e = &es[r];
        if ((st = read_name(csv, r, c_e, e->name, err)) || (st = read_name(csv, r, c_k, e->kind, err)) ||
            (st = read_date(csv, r, c_sd, &e->start_day, err)) ||
            (st = read_date(csv, r, c_ed, &e->end_day, err)) ||
            (st = pp_csv_number_opt(csv, r, c_u, -100, PP_MAX_UPLIFT_PCT, &e->uplift_pct, err)))
            goto cleanup;
        if (e->end_day < e->start_day) {
            st = pp_csv_fail(csv, r, c_ed, err, "end date is before the start date");
            goto cleanup;
        }
        if (e->end_day - e->start_day > 366) {
            st = pp_csv_fail(csv, r, c_ed, err, "an event longer than a year");
            goto cleanup;
        }
        if (nq && c_q >= 0) {
            if ((st = read_refs(csv, r, c_q, queue_names, nq, true, "queue", eq + r * nq, err)))
                goto cleanup;
        } else if (nq)
            memset(eq + r * nq, 1, nq);
    }
    *events = es;
    *event_queues = eq;
    *ne = n;
    es = NULL;
    eq = NULL;
cleanup:
    pp_free(es);
    pp_free(eq);
    pp_csv_free(csv);
    return st;
}

/* --------------------------------------------------------------- workspace */

pp_status pp_check_queue_vendors(const char *vendors_path, const char *const *queue_names,
                                 size_t nq, const unsigned char *vendor_queue, size_t nv,
                                 pp_error *err)
{
    for (size_t q = 0; q < nq; q++) {
        bool served = false;
        for (size_t v = 0; v < nv && !served; v++)
            served = vendor_queue[v * nq + q] != 0;
        if (!served)
            return pp_error_at(err, PP_EINVAL, vendors_path, 0, 0,
                               "no vendor may serve queue \"%s\": name it in some vendor's "
                               "`queues` (or write `*`)",
                               queue_names[q]);
    }
    return PP_OK;
}

void pp_workspace_free(pp_workspace *ws)
{
    if (!ws)
        return;
    pp_free(ws->dir);
    pp_free(ws->queues);
    pp_free(ws->queue_names);
    pp_free(ws->vendors);
    pp_free(ws->vendor_queue);
    pp_free(ws->families);
    pp_free(ws->family_vendor);
    pp_free(ws->events);
    pp_free(ws->event_queues);
    pp_history_release(&ws->history);
    pp_free(ws);
}

static pp_status load_file(const pp_workspace *ws, const char *name, char **path, pp_error *err)
{
    *path = pp_path_join(ws->dir, name);
    return *path ? PP_OK : pp_error_set(err, PP_ENOMEM, "out of memory");
}

pp_status pp_workspace_load(const char *dir, pp_workspace **out, pp_error *err)
{
    *out = NULL;
    pp_workspace *ws = pp_calloc(1, sizeof *ws);
    char *path = NULL;
    pp_status st;
    if (!ws || !(ws->dir = pp_path_join(dir, ""))) {
        pp_free(ws);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    ws->dir[strlen(ws->dir) - 1] = '\0'; /* drop the trailing '/' */

#define STEP(call)                                                                             \
    do {                                                                                       \
        st = (call);                                                                           \
        pp_free(path);                                                                            \
        path = NULL;                                                                           \
        if (st != PP_OK)                                                                       \
            goto fail;                                                                         \
    } while (0)

    if ((st = load_file(ws, "queues.csv", &path, err)) != PP_OK)
        goto fail;
    STEP(pp_load_queues(path, &ws->queues, &ws->nq, err));
    ws->queue_names = pp_malloc(ws->nq * sizeof *ws->queue_names);
    if (!ws->queue_names) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto fail;
    }
    for (size_t q = 0; q < ws->nq; q++)
        ws->queue_names[q] = ws->queues[q].name;
    if ((st = load_file(ws, "vendors.csv", &path, err)) != PP_OK)
        goto fail;
    STEP(pp_load_vendors(path, ws->queue_names, ws->nq, &ws->vendors, &ws->nv, &ws->vendor_queue,
                         err));
    if ((st = load_file(ws, "vendors.csv", &path, err)) != PP_OK)
        goto fail;
    STEP(pp_check_queue_vendors(path, ws->queue_names, ws->nq, ws->vendor_queue, ws->nv, err));
    if ((st = load_file(ws, "shifts.csv", &path, err)) != PP_OK)
        goto fail;
    STEP(pp_load_shifts(path, ws->vendors, ws->nv, &ws->families, &ws->nf, &ws->family_vendor,
                        err));
    if ((st = load_file(ws, "plan.ini", &path, err)) != PP_OK)
        goto fail;
    pp_plan_config_init(&ws->config);
    STEP(pp_plan_config_load(path, &ws->config, err));
    if ((st = load_file(ws, "events.csv", &path, err)) != PP_OK)
        goto fail;
    {
        /* Absent = no events; anything else present (even a FIFO) goes to the loader,
         * which says what is wrong with it.  lstat-free: a symlink to a file is fine. */
        struct stat sb;
        if (stat(path, &sb) == 0) {
            STEP(pp_load_events(path, ws->queue_names, ws->nq, &ws->events, &ws->ne,
                                &ws->event_queues, err));
        } else {
            pp_free(path);
            path = NULL;
        }
    }
    if ((st = load_file(ws, "history.csv", &path, err)) != PP_OK)
        goto fail;
    STEP(pp_load_history(path, ws->queue_names, ws->nq, ws->config.start_day * PP_MINUTES_PER_DAY,
                         &ws->history, err));
#undef STEP
    if (ws->config.interval_minutes % ws->history.step_minutes != 0) {
        char *ini = pp_path_join(ws->dir, "plan.ini");
        st = pp_error_at(err, PP_EINVAL, ini ? ini : "plan.ini", 0, 0,
                         "[plan] interval_minutes (%d) must be a multiple of the history's "
                         "interval length (%d minutes)",
                         ws->config.interval_minutes, ws->history.step_minutes);
        pp_free(ini);
        goto fail;
    }
    *out = ws;
    return PP_OK;
fail:
    pp_free(path);
    pp_workspace_free(ws);
    return st;
}

const char *pp_workspace_dir(const pp_workspace *ws) { return ws->dir; }
const pp_plan_config *pp_workspace_config(const pp_workspace *ws) { return &ws->config; }
size_t pp_workspace_queue_count(const pp_workspace *ws) { return ws->nq; }
const pp_queue *pp_workspace_queues(const pp_workspace *ws) { return ws->queues; }
size_t pp_workspace_vendor_count(const pp_workspace *ws) { return ws->nv; }
const pp_vendor *pp_workspace_vendors(const pp_workspace *ws) { return ws->vendors; }
const unsigned char *pp_workspace_vendor_queue(const pp_workspace *ws) { return ws->vendor_queue; }
size_t pp_workspace_family_count(const pp_workspace *ws) { return ws->nf; }
const pp_shift_family *pp_workspace_families(const pp_workspace *ws) { return ws->families; }
const unsigned char *pp_workspace_family_vendor(const pp_workspace *ws) { return ws->family_vendor; }
size_t pp_workspace_event_count(const pp_workspace *ws) { return ws->ne; }
const pp_event *pp_workspace_events(const pp_workspace *ws) { return ws->events; }
const unsigned char *pp_workspace_event_queues(const pp_workspace *ws) { return ws->event_queues; }
const pp_history *pp_workspace_history(const pp_workspace *ws) { return &ws->history; }
