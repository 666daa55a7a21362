/*
 * model.h -- the plain records of a workspace: queues, vendors, shift
 * families, events.  They are value types (no pointers), so a scenario can
 * copy an array of them and change a field.  Relations between records
 * (which vendor serves which queue, which family a vendor works) are kept
 * as byte matrices beside the arrays, see pp_workspace and pp_plan_input.
 *
 * Units: percentages are 0..100 as in the files; times are seconds unless
 * the field name says minutes; "none" is NAN for optional targets and
 * INFINITY for optional upper limits.
 */
#ifndef PEAKPLAN_MODEL_H
#define PEAKPLAN_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PP_NAME_MAX 64 /* names are at most 63 bytes of UTF-8 */

/* The planner's defaults, in one place: pp_plan_params_init (plan.h), the
 * solver's pp_mip_params and plan.ini's [solver] and [cost] sections
 * (pp_plan_config_init) all take them from here.  They live in this core
 * header because the workspace reader may not include plan.h. */
#define PP_PLAN_DEFAULT_TIME_LIMIT 60.0   /* seconds for the whole solve */
/* The default stop gap is set below what the LP bound (with its cuts) proves on a
 * week-long model (0.3 % or more under every week plan found so far), so a default
 * run spends the rest of its time limit improving the plan: at the former 0.5 % the
 * bench weeks stopped with a quarter to half of their minute unused (docs/
 * performance.md, "Default stopping rule").  A small model stops once branch and
 * bound proves the gap; an explicit gap (plan.ini, --gap, pp_plan_params.mip_gap)
 * is used as given. */
#define PP_PLAN_DEFAULT_MIP_GAP_PCT 0.1   /* stop at this relative gap, percent */
#define PP_PLAN_DEFAULT_MIP_GAP (PP_PLAN_DEFAULT_MIP_GAP_PCT / 100.0) /* ... as a fraction */
#define PP_PLAN_DEFAULT_PENALTY 200.0     /* price of an uncovered agent-hour */

typedef enum pp_channel { PP_CHANNEL_VOICE, PP_CHANNEL_CHAT, PP_CHANNEL_EMAIL, PP_CHANNEL_TICKET } pp_channel;

/* email and ticket queues hold deferred work (a backlog); voice and chat are live. */
static inline bool pp_channel_is_deferred(pp_channel c)
{
    return c == PP_CHANNEL_EMAIL || c == PP_CHANNEL_TICKET;
}

typedef struct pp_queue {
    char name[PP_NAME_MAX];
    pp_channel channel;
    double target_pct;        /* share answered within target_seconds, 0..100 */
    double target_seconds;    /* >= 0; for deferred queues: the deadline */
    double max_occupancy_pct; /* NAN = no cap */
    double patience_seconds;  /* mean patience; NAN = no abandonment (Erlang C) */
    double concurrency;       /* chats per agent, >= 1 (1 for other channels) */
    double shrinkage_pct;     /* queue-specific share of paid time off contacts, default 0 */
    int escalates_to;         /* index of the Tier-2 queue, -1 = none */
    double escalation_pct;    /* share of handled contacts escalated, 0..100 */
    double max_asa_seconds;   /* NAN = none */
    double max_abandon_pct;   /* NAN = none */
} pp_queue;

typedef struct pp_vendor {
    char name[PP_NAME_MAX];
    bool is_bpo;           /* kind: false = inhouse, true = bpo */
    double hourly_cost;    /* per paid hour, >= 0 */
    double seats;          /* max agents working (not on break) in any interval; INFINITY = none */
    double min_hours_week; /* paid hours committed per 7 days of horizon, default 0 */
    double max_hours_week; /* INFINITY = none */
    double max_agents;     /* max agents starting a shift on any one day; INFINITY = none */
    double shrinkage_pct;  /* share of paid time not available for contacts, default 0 */
    /* Work rules of the vendor's people (tours.csv, headcount; docs/optimizer.md):
     * 0 = the default (PP_TOUR_DEFAULT_*), so a zeroed record has the defaults. */
    int max_days_per_week;       /* days on in each weekly tour, 1..7 */
    int min_consecutive_days_off; /* every run of days off at least this long, 1..6 */
    int max_consecutive_days;    /* every run of days on at most this long, 1..7 */
    /* People in the plan's integer program (docs/optimizer.md, *Tours*): a vendor
     * paid per head, or one with a headcount or hours-per-head limit, has its
     * tours chosen together with the shifts.  Zero = none, so a zeroed record is
     * an hourly vendor whose tours follow its roster. */
    bool cost_per_head;             /* cost_basis = head: salaried people */
    double weekly_cost_per_head;    /* cost_basis head: one person for 7 days, >= 0 */
    double max_hours_week_per_head; /* paid hours per person and week; 0 = none */
    double max_headcount;           /* people (tours) at most; 0 = none */
} pp_vendor;

/* Whether the vendor's tours are columns of the shift MIP (see above). */
static inline bool pp_vendor_tours_in_model(const pp_vendor *v)
{
    return v->cost_per_head || v->max_headcount > 0 || v->max_hours_week_per_head > 0;
}

#define PP_TOUR_DEFAULT_MAX_DAYS 5
#define PP_TOUR_DEFAULT_MIN_DAYS_OFF 2
#define PP_TOUR_DEFAULT_MAX_CONSECUTIVE 6
/* summary.csv's fte: paid hours per full-time equivalent and week */
#define PP_FTE_HOURS_WEEK 40.0

/* At most this many breaks per shift (shifts.csv `breaks`). */
#define PP_MAX_BREAKS 4

/* One break of a shift: `minutes` long, starting `earliest_offset` to
 * `latest_offset` minutes (inclusive) after the shift start. */
typedef struct pp_break_rule {
    int minutes;          /* > 0 */
    int earliest_offset;  /* minutes after shift start */
    int latest_offset;    /* >= earliest_offset */
    bool paid;            /* paid breaks count in paid hours */
} pp_break_rule;

typedef struct pp_shift_family {
    char name[PP_NAME_MAX];
    unsigned days_mask;         /* bit d set = the family runs on weekday d (0 = Monday) */
    int earliest_start;         /* minutes after midnight, 0..1439 */
    int latest_start;           /* minutes after midnight, >= earliest_start, <= 1439 */
    int start_step_minutes;     /* > 0 */
    int length_minutes;         /* 1..1440 */
    int break_minutes;          /* 0 = no break */
    int break_earliest_offset;  /* minutes after shift start */
    int break_latest_offset;    /* minutes after shift start, >= earliest */
    bool break_paid;
    /* Several breaks (shifts.csv `breaks`): nbreaks > 0 replaces the single
     * break above (break_minutes is then 0), in time order; each break may
     * start anywhere in its own window, and break b + 1 never starts before
     * break b's latest placement has ended (pp_shift_family_breaks). */
    int nbreaks;
    pp_break_rule breaks[PP_MAX_BREAKS];
} pp_shift_family;

/* The family's breaks in time order, the single-break fields as a one-break
 * list: how many (0..PP_MAX_BREAKS), written to out[]. */
static inline int pp_shift_family_breaks(const pp_shift_family *f,
                                         pp_break_rule out[PP_MAX_BREAKS])
{
    if (f->nbreaks > 0) {
        int nb = f->nbreaks < PP_MAX_BREAKS ? f->nbreaks : PP_MAX_BREAKS;
        for (int b = 0; b < nb; b++)
            out[b] = f->breaks[b];
        return nb;
    }
    if (f->break_minutes <= 0)
        return 0;
    out[0] = (pp_break_rule){f->break_minutes, f->break_earliest_offset,
                             f->break_latest_offset, f->break_paid};
    return 1;
}

typedef struct pp_event {
    char name[PP_NAME_MAX];
    char kind[PP_NAME_MAX];  /* occurrences of one kind share what is learned */
    int64_t start_day;       /* days since 1970-01-01, inclusive */
    int64_t end_day;         /* inclusive, >= start_day */
    double uplift_pct;       /* prior uplift for a kind with no past occurrence; NAN = none */
} pp_event;

#ifdef __cplusplus
}
#endif
#endif
