/*
 * calendar.c -- the day-level calendar one queue is forecast on.
 *
 * Every day of history and horizon gets its weekday, its position in the
 * year and, for every event kind, its role: j days before an occurrence,
 * the first/second/later day of one, or j days after one. Occurrences of a
 * kind share coefficients, which is how a kind seen twice in history teaches
 * the forecast of its next occurrence. When windows of two occurrences of
 * the same kind overlap, "during" wins, then the nearest occurrence.
 *
 * Make-up workdays (CN 调休, Favorita "Work Day"): a kind whose name says so
 * (makeup / make-up / workday / work day) marks weekend days that are worked
 * as weekdays; the daily model gives such a day the average weekday effect
 * instead of its Saturday/Sunday effect, and the intraday model the weekday
 * shape, so an unseen make-up Saturday is forecast like a weekday.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "fc_internal.h"
#include "peakplan/timeutil.h"

static bool name_is_makeup(const char *kind)
{
    char low[PP_NAME_MAX];
    size_t j = 0;
    for (size_t i = 0; kind[i] && j + 1 < sizeof low; i++) {
        unsigned char c = (unsigned char)kind[i];
        if (isalnum(c))
            low[j++] = (char)tolower(c);
    }
    low[j] = '\0';
    return strstr(low, "makeup") || strstr(low, "workday");
}

void fc_calendar_free(fc_calendar *cal)
{
    if (!cal)
        return;
    pp_free(cal->role);
    pp_free(cal->makeup);
    pp_free(cal->dow);
    pp_free(cal->doy);
    pp_free(cal->prior);
    pp_free(cal->prior_closed);
    pp_free(cal->kind_makeup);
    memset(cal, 0, sizeof *cal);
}

/* Rank of a role for overlap resolution: during beats near, near beats far. */
static int role_rank(const fc_calendar *c, unsigned r)
{
    if (r == 0)
        return 0;
    if (fc_role_is_during(c, r))
        return 1000;
    if (r <= (unsigned)c->before)
        return 500 - (int)r;                                   /* r days before */
    return 500 - (int)(r - (unsigned)c->before - FC_DURING_ROLES); /* days after */
}

static void put_role(fc_calendar *c, int64_t day, size_t k, unsigned r)
{
    int64_t i = day - c->day0;
    if (i < 0 || i >= (int64_t)c->nd)
        return;
    unsigned char *slot = &c->role[(size_t)i * c->nk + k];
    if (role_rank(c, r) > role_rank(c, *slot))
        *slot = (unsigned char)r;
}

pp_status fc_calendar_build(const pp_fc_input *in, size_t q, int64_t day0, size_t nd,
                            int before, int after, fc_calendar *cal, pp_error *err)
{
    memset(cal, 0, sizeof *cal);
    cal->day0 = day0;
    cal->nd = nd;
    cal->before = before;
    cal->after = after;
    cal->nroles = 1 + (size_t)before + FC_DURING_ROLES + (size_t)after;
    /* Global kind list in first-appearance order (deterministic). */
    size_t *kind_of = in->ne ? pp_malloc(in->ne * sizeof *kind_of) : NULL;
    size_t *rep = in->ne ? pp_malloc(in->ne * sizeof *rep) : NULL;
    if (in->ne && (!kind_of || !rep)) {
        pp_free(kind_of);
        pp_free(rep);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    size_t nk = 0;
    for (size_t e = 0; e < in->ne; e++) {
        size_t k = 0;
        while (k < nk && strcmp(in->events[rep[k]].kind, in->events[e].kind) != 0)
            k++;
        if (k == nk)
            rep[nk++] = e;
        kind_of[e] = k;
    }
    cal->nk = nk;
    cal->role = pp_calloc(nd * (nk ? nk : 1), 1);
    cal->makeup = pp_calloc(nd, 1);
    cal->dow = pp_calloc(nd, 1);
    cal->doy = pp_calloc(nd, sizeof *cal->doy);
    cal->prior = pp_calloc(nk ? nk : 1, sizeof *cal->prior);
    cal->prior_closed = pp_calloc(nk ? nk : 1, 1);
    cal->kind_makeup = pp_calloc(nk ? nk : 1, 1);
    if (!cal->role || !cal->makeup || !cal->dow || !cal->doy || !cal->prior ||
        !cal->prior_closed || !cal->kind_makeup) {
        pp_free(kind_of);
        pp_free(rep);
        fc_calendar_free(cal);
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    }
    for (size_t d = 0; d < nd; d++) {
        int64_t day = day0 + (int64_t)d;
        int y, m, dd;
        pp_civil_from_days(day, &y, &m, &dd);
        cal->dow[d] = (unsigned char)pp_weekday(day);
        int64_t jan1 = pp_days_from_civil(y, 1, 1);
        int64_t len = pp_days_from_civil(y + 1, 1, 1) - jan1;
        cal->doy[d] = (double)(day - jan1) / (double)len;
    }
    /* The prior of a kind: the first occurrence that states one (priors of one
     * kind are meant to agree; taking the first keeps the result order-stable). */
    for (size_t k = 0; k < nk; k++) {
        cal->kind_makeup[k] = name_is_makeup(in->events[rep[k]].kind);
        for (size_t e = 0; e < in->ne; e++) {
            if (kind_of[e] != k || isnan(in->events[e].uplift_pct))
                continue;
            double u = in->events[e].uplift_pct;
            if (u <= -100.0)
                cal->prior_closed[k] = 1;
            else
                cal->prior[k] = log1p(u / 100.0);
            break;
        }
    }
    for (size_t e = 0; e < in->ne; e++) {
        if (in->event_queues && !in->event_queues[e * in->nq + q])
            continue;
        const pp_event *ev = &in->events[e];
        size_t k = kind_of[e];
        int64_t s = ev->start_day, t = ev->end_day < s ? s : ev->end_day;
        for (int j = 1; j <= before; j++)
            put_role(cal, s - j, k, (unsigned)j);
        for (int64_t day = s; day <= t; day++) {
            int64_t idx = day - s;
            unsigned r = (unsigned)before + 1 + (unsigned)(idx < 2 ? idx : 2);
            put_role(cal, day, k, r);
            int64_t i = day - day0;
            if (cal->kind_makeup[k] && i >= 0 && i < (int64_t)nd && cal->dow[i] >= 5)
                cal->makeup[i] = 1;
        }
        for (int j = 1; j <= after; j++)
            put_role(cal, t + j, k, (unsigned)before + FC_DURING_ROLES + (unsigned)j);
    }
    pp_free(kind_of);
    pp_free(rep);
    return PP_OK;
}

bool fc_day_is_event(const fc_calendar *c, size_t d)
{
    for (size_t k = 0; k < c->nk; k++)
        if (fc_role_is_during(c, c->role[d * c->nk + k]))
            return true;
    return false;
}
