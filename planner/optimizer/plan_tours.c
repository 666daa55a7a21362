/*
 * plan_tours.c -- people, not shift counts: the weekly tours that staff a
 * roster, each vendor's headcount, and who works which shift on which day.
 *
 * Design
 * ------
 * A tour is a weekly days-on pattern: a 7-bit mask, bit k = "works on
 * horizon day d when d mod 7 == k" (days counted from the plan's first day;
 * the day before the horizon, whose shifts reach into it, is bit 6).  Longer
 * horizons repeat the pattern every week (weekly-repeating tours: the same
 * days on each week, the shifts may differ); shorter ones use its first days.
 * A pattern is allowed for a vendor when, read cyclically over the week, it
 * has 1..max_days_per_week days on, every run of days off is at least
 * min_consecutive_days_off long and every run of days on at most
 * max_consecutive_days (all 7 days on only when max_consecutive_days is 7).
 *
 * Headcount is the implicit days-off model (Bailey; Jarrah, Bard and
 * deSilva): integer people P[p] per allowed pattern, with
 *     sum_{p on day d} P[p] >= shifts of the vendor started on day d
 * for every day d, minimising sum P[p] (1 + eps * days on in the horizon):
 * fewest people first, then the fewest paid-but-unscheduled days.  It is a
 * second stage, one small MIP per vendor on the roster's daily counts, after
 * the shift MIP: the roster and its cost are exactly what the shift model
 * chose (so plans without work rules are byte-for-byte today's), and the
 * headcount is the least that staffs that roster.  It is optimal for the
 * roster, not jointly with it: a roster that smooths its daily counts could
 * need fewer people at the same hourly cost; docs/optimizer.md says so.
 *
 * Who works what: the people are expanded one by one (pattern order), and
 * day by day each day's shift starts are matched to the people on duty by an
 * order-preserving assignment (people sorted by their last start time of
 * day, shifts by theirs; a dynamic programme minimises the summed change of
 * start time, which for |a - b| costs on a line is optimal among
 * assignments that keep the order), so a person's start moves little from
 * day to day.  People on duty without a shift that day (the cover is >=)
 * are `spare`: paid, unscheduled (training, projects, absence cover).
 * People with the same days are one tours.csv row with its count.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "optimizer/plan_internal.h"
#include "peakplan/timeutil.h"

static int vendor_rule(int v, int def) { return v > 0 ? v : def; }

/* The rules, read cyclically over the week: every maximal run of equal bits
 * that starts at k (bit k differs from bit k-1) is measured forward. */
bool pp_tour_pattern_allowed(unsigned mask, int max_days, int min_off, int max_consec)
{
    int on = 0;
    for (int k = 0; k < 7; k++)
        on += (int)(mask >> k & 1u);
    if (on == 0 || on > max_days)
        return false;
    if (on == 7)
        return max_consec >= 7;
    for (int k = 0; k < 7; k++) {
        unsigned b = mask >> k & 1u;
        if (b == (mask >> ((k + 6) % 7) & 1u))
            continue; /* not the start of a run */
        int run = 1;
        while (run < 7 && (mask >> ((k + run) % 7) & 1u) == b)
            run++;
        if (b ? run > max_consec : run < min_off)
            return false;
    }
    return true;
}


typedef struct shift_slot {
    int clock;       /* start, minutes after midnight of its day */
    size_t family;
    int64_t start;
} shift_slot;

static int slot_cmp(const void *a, const void *b)
{
    const shift_slot *x = a, *y = b;
    if (x->clock != y->clock)
        return x->clock < y->clock ? -1 : 1;
    return x->family < y->family ? -1 : x->family > y->family;
}

typedef struct person {
    unsigned mask;
    int last;  /* last start clock, -1 = none yet */
    size_t idx;
} person;

static int person_cmp(const void *a, const void *b)
{
    const person *x = a, *y = b;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Fewest people on each pattern that cover the daily counts `need` (ndays + 1:
 * [0] is the day before the horizon); out: people per pattern mask. */
bool pp_tour_vendor_allows(const pp_vendor *V, unsigned mask)
{
    return pp_tour_pattern_allowed(mask,
                                   vendor_rule(V->max_days_per_week, PP_TOUR_DEFAULT_MAX_DAYS),
                                   vendor_rule(V->min_consecutive_days_off,
                                               PP_TOUR_DEFAULT_MIN_DAYS_OFF),
                                   vendor_rule(V->max_consecutive_days,
                                               PP_TOUR_DEFAULT_MAX_CONSECUTIVE));
}

/* The constructive plan's view of the tours in the model (plan_construct.c).
 * Caps for a vendor with max_headcount H: H people dealt round robin over the 7
 * rotations of its fullest allowed pattern (rotations are allowed: the rules
 * read the week cyclically) staff any starts within their daily counts, so the
 * greedy's plan has a cover of <= H people.  Prices: a salaried shift costs its
 * share of a person, weekly cost / the days of the fullest pattern per shift or
 * / max_hours_week_per_head per paid hour, whichever is more -- at its hourly
 * cost (usually 0) the greedy bought shifts for every scrap of need and then
 * the people to staff them (the large bench week with tours: 344,657).  The
 * share is taken at GREEDY_HEAD_SHARE: the greedy's plans on the weekly bench
 * instances with tours (small / medium / large, objective) were 52,451 / 130,226 /
 * 344,657 at no share, 48,273 / 182,561 / 258,357 at the whole share (medium
 * then leaves 507 agent-hours short), 48,156 / 109,088 / 251,281 at 0.8; 0.5-0.9
 * all beat no share on the three. */
#define GREEDY_HEAD_SHARE 0.8
void pp_tour_greedy_caps(const builder *B, double *day_cap, double *head_hours_cap,
                         double *head_share)
{
    const pp_plan_input *in = B->in;
    size_t D = in->days + 1;
    for (size_t k = 0; k < B->nv * D; k++)
        day_cap[k] = INFINITY;
    for (size_t k = 0; k < B->nv * B->nblocks; k++)
        head_hours_cap[k] = INFINITY;
    for (size_t v = 0; v < B->nv; v++) {
        const pp_vendor *V = &in->vendors[v];
        head_share[2 * v] = head_share[2 * v + 1] = 0;
        if (!pp_vendor_tours_in_model(V) || !(V->max_headcount > 0 || V->cost_per_head))
            continue;
        unsigned best = 0;
        int most = 0;
        for (unsigned mask = 1; mask < 128; mask++) {
            int on = 0;
            for (int b = 0; b < 7; b++)
                on += (int)(mask >> b & 1u);
            if (on > most && pp_tour_vendor_allows(V, mask)) {
                most = on;
                best = mask;
            }
        }
        if (V->cost_per_head && most > 0) {
            head_share[2 * v] = GREEDY_HEAD_SHARE * V->weekly_cost_per_head / most;
            if (V->max_hours_week_per_head > 0)
                head_share[2 * v + 1] =
                    GREEDY_HEAD_SHARE * V->weekly_cost_per_head / V->max_hours_week_per_head;
        }
        if (!(V->max_headcount > 0))
            continue;
        double on_duty[7] = {0};
        long H = lround(V->max_headcount);
        for (long p = 0; p < H && best; p++) {
            int r = (int)(p % 7);
            unsigned rot = ((best << r) | (best >> (7 - r))) & 127u;
            for (int b = 0; b < 7; b++)
                on_duty[b] += rot >> b & 1u;
        }
        for (size_t d = 0; d < in->days; d++)
            day_cap[v * D + d] = on_duty[tour_day_bit((long)d)];
        day_cap[v * D + in->days] = on_duty[6]; /* the day before */
        if (V->max_hours_week_per_head > 0)
            for (size_t bl = 0; bl < B->nblocks; bl++) {
                size_t len = in->days - bl * 7 < 7 ? in->days - bl * 7 : 7;
                head_hours_cap[v * B->nblocks + bl] =
                    V->max_hours_week_per_head * (double)len / 7 * (double)H;
            }
    }
}

pp_status pp_tour_cover(const pp_vendor *V, const long *need, size_t days, long people[128],
                        pp_error *err)
{
    int maxd = vendor_rule(V->max_days_per_week, PP_TOUR_DEFAULT_MAX_DAYS),
        minoff = vendor_rule(V->min_consecutive_days_off, PP_TOUR_DEFAULT_MIN_DAYS_OFF),
        maxc = vendor_rule(V->max_consecutive_days, PP_TOUR_DEFAULT_MAX_CONSECUTIVE);
    unsigned masks[128];
    size_t np = 0;
    for (unsigned m = 1; m < 128; m++)
        if (pp_tour_pattern_allowed(m, maxd, minoff, maxc))
            masks[np++] = m;
    memset(people, 0, 128 * sizeof *people);
    bool any = false;
    for (size_t d = 0; d <= days; d++)
        any |= need[d] > 0;
    if (!any || np == 0)
        return PP_OK;
    /* on-days of each pattern within the horizon: the tie-break toward the
     * fewest unscheduled paid days, small enough never to buy a person */
    pp_mip m;
    pp_mip_init(&m, false);
    double eps = 1.0 / (double)((days + 2) * 1000);
    pp_status st = PP_OK;
    bool ok = true;
    for (size_t k = 0; k < np && ok; k++) {
        double on = 0;
        for (size_t d = 0; d < days; d++)
            on += masks[k] >> tour_day_bit((long)d) & 1u;
        ok = pp_mip_add_col(&m, 0, INFINITY, 1 + eps * on, true, NULL) != SIZE_MAX;
    }
    double *start = pp_calloc(np, sizeof *start);
    ok = ok && start;
    for (size_t d = 0; d <= days && ok; d++) {
        if (need[d] <= 0)
            continue;
        int bit = tour_day_bit((long)d - 1);
        size_t r = pp_mip_add_row(&m, (double)need[d], INFINITY, NULL);
        ok = r != SIZE_MAX;
        double have = 0;
        size_t first = SIZE_MAX;
        for (size_t k = 0; k < np && ok; k++)
            if (masks[k] >> bit & 1u) {
                ok = pp_mip_add_nz(&m, r, k, 1);
                have += start[k];
                if (first == SIZE_MAX)
                    first = k;
            }
        /* a feasible start: whoever is missing on the first pattern with the day on */
        if (ok && have < (double)need[d] && first != SIZE_MAX)
            start[first] += (double)need[d] - have;
    }
    if (!ok) {
        st = pp_error_set(err, PP_ENOMEM, "tours: out of memory");
        goto done;
    }
    pp_mip_params mp;
    pp_mip_params_init(&mp);
    mp.time_limit_seconds = 10;
    mp.mip_gap = 0;
    mp.threads = 1;
    mp.start_x = start;
    pp_mip_result res = {0};
    if ((st = pp_mip_solve(&m, &mp, &res, err)) != PP_OK)
        goto done;
    if (res.status == PP_MIP_INFEASIBLE) { /* the start is feasible: a bug if so */
        st = pp_error_set(err, PP_EINTERNAL, "tours: the cover model is infeasible");
        pp_free(res.x);
        goto done;
    }
    const double *x = res.x ? res.x : start;
    for (size_t k = 0; k < np; k++)
        people[masks[k]] = lround(x[k]);
    pp_free(res.x);
done:
    pp_free(start);
    pp_mip_free(&m);
    return st;
}

pp_status pp_plan_make_tours(pp_plan *plan, const pp_plan_input *in, pp_error *err)
{
    size_t days = in->days, nv = in->nv, D = days + 1; /* [0] = the day before */
    int64_t first = in->start_day - 1;
    long *need = pp_calloc(nv * D, sizeof *need);
    plan->headcount = pp_calloc(nv ? nv : 1, sizeof *plan->headcount);
    plan->days = days;
    plan->start_day = in->start_day;
    if (!need || !plan->headcount) {
        pp_free(need);
        return pp_error_set(err, PP_ENOMEM, "tours: out of memory");
    }
    for (size_t i = 0; i < plan->nrows; i++) {
        const pp_roster_row *r = &plan->rows[i];
        int64_t d = pp_day_of_minute(r->start) - first;
        if (d >= 0 && (size_t)d < D)
            need[r->vendor * D + (size_t)d] += r->agents;
    }
    pp_status st = PP_OK;
    person *ps = NULL, *all = NULL;
    shift_slot *slots = NULL;
    pp_tour_day *cells = NULL; /* per person, D cells */
    double *dp = NULL;
    for (size_t v = 0; v < nv && st == PP_OK; v++) {
        long people[128];
        if (plan->tour_people && plan->tour_people[v * 128] >= 0)
            memcpy(people, plan->tour_people + v * 128, sizeof people); /* the MIP's */
        else if ((st = pp_tour_cover(&in->vendors[v], need + v * D, days, people, err)) !=
                 PP_OK)
            break;
        size_t np = 0, nslot = 0;
        for (unsigned m = 1; m < 128; m++)
            np += (size_t)people[m];
        for (size_t d = 0; d < D; d++)
            nslot = need[v * D + d] > (long)nslot ? (size_t)need[v * D + d] : nslot;
        plan->headcount[v] = (long)np;
        if (np == 0)
            continue;
        pp_free(ps);
        pp_free(all);
        pp_free(slots);
        pp_free(cells);
        pp_free(dp);
        ps = pp_malloc(np * sizeof *ps);
        all = pp_malloc(np * sizeof *all);
        slots = pp_malloc((nslot ? nslot : 1) * sizeof *slots);
        cells = pp_calloc(np * D, sizeof *cells);
        dp = pp_malloc((np + 1) * (nslot + 1) * sizeof *dp);
        if (!ps || !all || !slots || !cells || !dp) {
            st = pp_error_set(err, PP_ENOMEM, "tours: out of memory");
            break;
        }
        size_t k = 0;
        for (unsigned m = 1; m < 128; m++)
            for (long c = 0; c < people[m]; c++, k++)
                all[k] = (person){.mask = m, .last = -1, .idx = k};
        for (size_t d = 0; d < D; d++) {
            int bit = tour_day_bit((long)d - 1);
            int64_t day = first + (int64_t)d;
            size_t ns = 0;
            for (size_t i = 0; i < plan->nrows; i++) {
                const pp_roster_row *r = &plan->rows[i];
                if (r->vendor != v || pp_day_of_minute(r->start) != day)
                    continue;
                for (long a = 0; a < r->agents; a++)
                    slots[ns++] = (shift_slot){.clock = (int)(r->start - day * 1440),
                                               .family = r->family, .start = r->start};
            }
            qsort(slots, ns, sizeof *slots, slot_cmp);
            /* people on duty today, by their last start (none yet first: they fit anywhere) */
            size_t on = 0;
            for (size_t i = 0; i < np; i++)
                if (all[i].mask >> bit & 1u)
                    ps[on++] = all[i];
            qsort(ps, on, sizeof *ps, person_cmp);
            /* dp[i][j]: least summed change placing the first j shifts on the first i
             * people, each shift on one person, order kept */
            size_t W = ns + 1;
            for (size_t i = 0; i <= on; i++)
                for (size_t j = 0; j <= ns; j++) {
                    double best;
                    if (j == 0)
                        best = 0;
                    else if (i < j)
                        best = INFINITY;
                    else {
                        const person *p = &ps[i - 1];
                        double c = p->last < 0 ? 0 : fabs((double)(p->last - slots[j - 1].clock));
                        best = fmin(dp[(i - 1) * W + j], dp[(i - 1) * W + j - 1] + c);
                    }
                    dp[i * W + j] = best;
                }
            /* walk back: who takes which shift */
            size_t j = ns;
            for (size_t i = on; i > 0; i--) {
                person *p = &all[ps[i - 1].idx];
                pp_tour_day *cell = &cells[p->idx * D + d];
                double c = p->last < 0 || j == 0 ? 0
                                                 : fabs((double)(p->last - slots[j - 1].clock));
                if (j > 0 && dp[i * W + j] == dp[(i - 1) * W + j - 1] + c) {
                    cell->kind = PP_TOUR_WORK;
                    cell->family = slots[j - 1].family;
                    cell->start = slots[j - 1].start;
                    p->last = slots[j - 1].clock;
                    j--;
                } else
                    cell->kind = PP_TOUR_SPARE;
            }
            if (j != 0) { /* the cover puts enough people on duty: a bug if not */
                st = pp_error_set(err, PP_EINTERNAL, "tours: %zu shifts without a person", j);
                break;
            }
        }
        if (st != PP_OK)
            break;
        /* rows: people with the same horizon days, in order of first appearance */
        for (size_t a = 0; a < np && st == PP_OK; a++) {
            const pp_tour_day *ca = cells + a * D + 1;
            size_t t = plan->ntours;
            for (size_t b = 0; b < plan->ntours; b++)
                if (plan->tours[b].vendor == v &&
                    memcmp(plan->tour_days + b * days, ca, days * sizeof *ca) == 0) {
                    t = b;
                    break;
                }
            if (t == plan->ntours) {
                pp_tour *nt = pp_realloc(plan->tours, (t + 1) * sizeof *nt);
                if (nt)
                    plan->tours = nt;
                pp_tour_day *nd =
                    nt ? pp_realloc(plan->tour_days, (t + 1) * (days ? days : 1) * sizeof *nd)
                       : NULL;
                if (!nd) {
                    st = pp_error_set(err, PP_ENOMEM, "tours: out of memory");
                    break;
                }
                plan->tour_days = nd;
                memcpy(nd + t * days, ca, days * sizeof *ca);
                plan->tours[t] = (pp_tour){.vendor = v, .people = 0};
                plan->ntours++;
            }
            plan->tours[t].people++;
        }
    }
    for (size_t t = 0; t < plan->ntours; t++)
        plan->tours[t].days = plan->tour_days + t * days;
    pp_free(need);
    pp_free(ps);
    pp_free(all);
    pp_free(slots);
    pp_free(cells);
    pp_free(dp);
    return st;
}
