/*
 * mip.h -- the solver-neutral mixed-integer program and how it is solved
 * (private to planner/; no GLPK type appears here).
 *
 * plan_build.c (and tests) build a pp_mip with 0-based columns and rows,
 * bounds as doubles (-INFINITY / INFINITY = none), integrality flags and
 * (row, col, value) triplets, plus optional labels (day group, vendor, role)
 * and rounding bases for the cuts.  pp_mip_solve (solve.c) validates it,
 * hands it to the search (search*.c), which reaches GLPK only through lp.h,
 * and returns a pp_mip_result.  Every tuned number of the search is a field
 * of pp_search_params, so a benchmark can change one without editing code.
 */
#ifndef PEAKPLAN_MIP_H
#define PEAKPLAN_MIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "peakplan/error.h"
#include "peakplan/plan.h"

#define PP_COL_GROUP_ALL (SIZE_MAX - 1)

typedef struct pp_mip {
    size_t ncols, nrows, nnz;
    size_t capcols, caprows, capnz;
    double *col_lb, *col_ub, *col_cost;
    unsigned char *col_int;
    double *row_lb, *row_ub;
    size_t *ti, *tj; /* triplet row / column */
    double *tv;
    /* Names are optional (only for --write-model); offsets into `names`, SIZE_MAX = none. */
    bool keep_names;
    size_t *col_name, *row_name;
    char *names;
    size_t names_len, names_cap;
    double obj_offset; /* constant added to the objective */
    /* Optional (NULL = none): a group per column (e.g. the day a shift starts),
     * SIZE_MAX = none.  Large models are improved by fix-and-optimize over
     * windows of two consecutive groups before the full branch and bound.
     * PP_COL_GROUP_ALL: a column linking every group (a tour's people), free in
     * every window (its rows with the other groups fixed bound it there). */
    size_t *col_group;
    /* Optional (NULL = none): 1 = a shift's agent total that is integral by
     * construction (x = sum of integer break columns), 2 = such a break
     * column, 0 = anything else.  The heuristics round the totals first and
     * place the breaks second. */
    unsigned char *col_role;
    /* Optional (NULL = none): the vendor a column belongs to, SIZE_MAX = shared
     * (queue shortfall and backlog); a vendor's week is one more kind of window. */
    size_t *col_owner;
    /* Optional: rounding bases, valid inequalities sum_k a_k x_k >= rhs (a_k > 0,
     * every x_k >= 0) implied by the model, whose "integral" terms take whole
     * values in every integer solution (e.g. agents at work in an interval,
     * summed over vendors, with the shortfall as the continuous term).  The
     * solver derives mixed-integer rounding cuts from them (pp_mip_mir_cuts);
     * they are not rows of the model. */
    size_t nbases, capbases, nbterms, capbterms;
    size_t *base_first; /* first term of each base; the last runs to nbterms */
    double *base_rhs;
    size_t *bterm_col;
    double *bterm_coef;
    unsigned char *bterm_int;
} pp_mip;

void pp_mip_init(pp_mip *m, bool keep_names);
void pp_mip_free(pp_mip *m); /* frees the arrays, not m itself */
/* Deep copy of src into dst (every array; the triplets only with
 * `triplets`, else dst->nnz is 0).  false on out of memory (dst is then
 * empty: pp_mip_free is harmless on it). */
bool pp_mip_clone(const pp_mip *src, pp_mip *dst, bool triplets);
/* Returns the new column index, or SIZE_MAX on out of memory. `name` may be NULL. */
size_t pp_mip_add_col(pp_mip *m, double lb, double ub, double cost, bool integer,
                      const char *name);
size_t pp_mip_add_row(pp_mip *m, double lb, double ub, const char *name);
/* false on out of memory. Zero values are dropped, duplicates are summed later. */
bool pp_mip_add_nz(pp_mip *m, size_t row, size_t col, double v);

/* Starts a rounding base (see pp_mip) and adds its terms; false on out of memory. */
bool pp_mip_add_base(pp_mip *m, double rhs);
bool pp_mip_add_base_term(pp_mip *m, size_t col, double coef, bool integral);

/* Cuts as rows: row k is sum of coef[first[k] .. first[k+1]-1] * x[col[..]] >= lb[k]. */
typedef struct pp_mip_cuts {
    size_t n, nterms, cap, capterms;
    size_t *first; /* n + 1 entries */
    double *lb;
    size_t *col;
    double *coef;
} pp_mip_cuts;
void pp_mip_cuts_free(pp_mip_cuts *c);
/* Mixed-integer rounding (Marchand and Wolsey) on every rounding base of m at
 * the point x (m->ncols values): for each base the most violated MIR cut over
 * the divisors delta = each integral coefficient, appended to *out when x
 * violates it by more than min_violation.  Returns the number appended, or
 * SIZE_MAX on out of memory. */
size_t pp_mip_mir_cuts(const pp_mip *m, const double *x, double min_violation,
                       pp_mip_cuts *out);

typedef enum pp_mip_status {
    PP_MIP_OPTIMAL,    /* optimal within the relative gap */
    PP_MIP_FEASIBLE,   /* limit reached; x holds the incumbent */
    PP_MIP_INFEASIBLE, /* proven: no solution satisfies the constraints */
    PP_MIP_NOSOLUTION, /* limit reached before any solution was found */
    PP_MIP_INTERRUPTED /* stopped by pp_interrupt_request(); x holds the incumbent */
} pp_mip_status;

/* The tuned numbers of the search, one place (docs/optimizer.md has the
 * measurements behind each; pp_search_params_init gives them).  "Share"
 * fields are fractions of the time left when the step starts. */
typedef struct pp_search_params {
    /* which path */
    size_t decompose_min_cols;  /* day-grouped models this large go through decomposition */
    size_t ipm_min_cols;        /* root LP by interior point + crossover from this many columns */
    size_t window_min_int;      /* simplex path: window passes only above this many integers */
    double window_time_share;   /* simplex path: share of the time the window passes get */
    double decomp_time_margin;  /* decomposition ends this share of the limit early */
    double start_s_per_col;     /* a limit under this many s per column: a search starts
                                   from the constructive plan */
    /* LP rounding (simplex path's first incumbent) */
    int rounding_batch_div;     /* rounds up 1/this of the fractional columns per round */
    int rounding_max_rounds;    /* gives up after this many rounds */
    double rounding_down_below; /* fixes fractions below this at their floor */
    /* dives (relax-and-fix and window sub-problems) */
    double dive_up_fraction;    /* rounds up from this fractional part on */
    int rf_batch_div;           /* relax-and-fix tightens 1/this of the fractional columns */
    int rf_spill_hops;          /* a day's window also frees the other days' plain continuous
                                   columns this many rows away (0 = none) */
    bool rf_relax_people;       /* relax-and-fix keeps the every-day columns (a tours
                                   model's people) continuous until its last window */
    int window_batch_div;       /* window passes tighten 1/this of them */
    int dive_max_rounds;        /* a dive gives up after this many rounds */
    int dive_single_tries;      /* after a failed batch, retries this many columns singly */
    /* the branch-and-bound tail of a dive */
    int tail_fractional;        /* window passes hand over at this many fractional columns */
    int tail_nodes;             /* ... for at most this many nodes */
    int rf_tail_fractional;     /* relax-and-fix hands over at this many */
    int rf_tail_nodes;          /* ... for at most this many nodes */
    int second_tail_fractional; /* the second search hands over at this many (both steps) */
    int second_tail_nodes;      /* ... for at most this many nodes */
    double tail_time_share;     /* a tail gets at most this share of the dive's time left */
    /* relax-and-fix */
    double rf_pace_share;       /* with a plan to fall back on, a window's most of the time */
    double rf_late_margin;      /* ... and it is late when it used up all but this of it */
    /* window passes */
    double window_leans[2];     /* the third and fourth dive leans (after dive_up_fraction
                                   and guided) */
    int window_max_passes;      /* at most this many passes */
    double window_min_gain;     /* a pass gaining less than this fraction changes the lean */
    double window_min_slice;    /* seconds each window gets at least, from the constructive
                                   plan */
    /* long horizons (the decomposition's day groups) */
    size_t long_min_groups;     /* models with this many days or more are long (0 = never) */
    int long_batch_div;         /* their dives (relax-and-fix, windows) tighten 1/this */
    int long_tail_nodes;        /* their dives' tails get at most this many nodes */
    int long_cut_rounds;        /* their rounds of cuts before the search */
    /* the second search */
    double second_lean;         /* its first plan rounds up from this fractional part on */
    /* rounding cuts */
    int cut_max_rounds;         /* rounds of cuts, before the search and at the B&B root */
    double cut_time_share;      /* the cut rounds use at most this share of the time */
    double cut_min_violation;   /* a cut must cut the LP point off by this much */
    double cut_round_min_gain;  /* another round after one that raised the bound this much */
    double cut_use_min_gain;    /* the search keeps the cuts when they raised it this much */
    double warm_gap_share;      /* window passes from a warm start stop at this share of the gap */
    int warm_max_passes;        /* ... or after this many passes */
    bool warm_polish_stop;      /* the warm start's polish stops once it is sure to be
                                   outside the gap, finished only if needed (false: first) */
    double warm_rf_gap_share;   /* warm start outside the gap: after relax-and-fix, window */
    int warm_rf_passes;         /* passes to this share of the gap, at most this many, */
    int warm_rf_tail_nodes;     /* their tails this many nodes (0: tail_nodes) */
    int warm_rf_tail_fractional; /* warm start outside the gap: relax-and-fix hands over to
                                    its tail at this many fractional columns (0: as cold) */
    /* progress */
    double progress_seconds;    /* a progress line at most this often while searching */
} pp_search_params;
void pp_search_params_init(pp_search_params *s);

typedef struct pp_mip_params {
    double time_limit_seconds; /* whole solve, LP relaxation included */
    double mip_gap;            /* relative, fraction */
    const char *write_model_path; /* .lp or .mps, NULL = none */
    bool rounding_heuristic;   /* LP rounding + fixed-integer LP, fed as first incumbent */
    /* Threads the decomposition may use: 2 runs a second search beside the
     * first (pp_search_decomposition); default 1. */
    int threads;
    int verbosity;
    pp_progress_fn progress; /* pp_progress (peakplan/plan.h); may be NULL */
    void *progress_userdata;
    /* Optional (NULL = none): a complete solution (ncols values) the search
     * starts from.  pp_mip_solve checks it against every bound and row; a
     * feasible one is the answer whenever the search finds nothing cheaper in
     * time (and GLPK's first incumbent when no rounded plan exists), so with
     * one the result always has a solution. */
    const double *start_x;
    /* start_x is a warm start (a related model's plan, repaired): the
     * decomposition's first search improves it by window passes instead of
     * building its first plan by relax-and-fix.  Default false. */
    bool start_warm;
    /* Optional with start_warm (NULL = none): the related plan's own integer values
     * (ncols values, only the integer columns read), when its model had these very
     * columns (a what-if scenario that changes numbers, not shifts).  The search tries
     * them first, the continuous columns by an LP, before start_x's repair. */
    const double *warm_int_x;
    /* A valid lower bound on the objective known to the caller, used only
     * when no LP bound was computed in time; -INFINITY = none (default). */
    double start_bound;
    /* GLPK's memory limit in megabytes (glp_mem_limit), 0 = none (default);
     * reaching it ends the solve with PP_ENOMEM. */
    int glpk_mem_limit_mb;
    pp_search_params search; /* the tuned numbers (pp_search_params_init) */
} pp_mip_params;
/* Defaults: pp_plan_params_init's time limit and gap, rounding on, one thread,
 * pp_search_params_init's search. */
void pp_mip_params_init(pp_mip_params *p);

typedef struct pp_mip_result {
    pp_mip_status status;
    double *x;          /* ncols values (malloc'ed, caller frees), NULL without solution */
    double objective;   /* incl. obj_offset */
    double bound;       /* best proven lower bound on the objective */
    double lp_objective; /* root LP relaxation */
    double heuristic_objective; /* first incumbent from rounding, INFINITY = none */
    double seconds;
    long nodes;
} pp_mip_result;

/* Solves m (minimisation). On PP_OK the result is filled (res->x owned by the
 * caller when not NULL). PP_EINVAL for a malformed model (names the column or
 * row), PP_ENOMEM (also when GLPK runs out of memory or reaches
 * glpk_mem_limit_mb: GLPK's error hook turns its abort into an error), PP_EIO
 * when the model cannot be written, PP_EINTERNAL when GLPK fails in an
 * unexpected way.  Returns by the time limit plus a short grace (at most 1 s),
 * and within about half a second of pp_interrupt_request() (then with status
 * PP_MIP_INTERRUPTED unless the answer is proven optimal), whatever GLPK is
 * doing: the search runs on its own thread, which stops at its next check. */
pp_status pp_mip_solve(const pp_mip *m, const pp_mip_params *p, pp_mip_result *res,
                       pp_error *err);

/* Frees the calling thread's solver environment (GLPK keeps one per thread). */
void pp_mip_thread_cleanup(void);

#endif
