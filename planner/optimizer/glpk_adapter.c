/*
 * glpk_adapter.c -- the only file that includes <glpk.h>.
 *
 * GLPK aborts the process (xerror) on invalid API use, so everything that
 * could reach xerror is checked here first: index ranges, names over 255
 * bytes, NaN or unordered bounds, non-integral bounds on integer columns
 * (glp_intopt would return GLP_EBOUND), non-finite coefficients and duplicate
 * (row, column) entries (glp_load_matrix aborts on those; we sum them).
 *
 * Two solve paths (docs/optimizer.md has the measurements):
 *
 * Decomposition (models with day groups and >= decompose_min_cols columns,
 * e.g. a week of 15-minute intervals): GLPK's simplex and branch and bound
 * are too slow on the whole week (root LP 8-54 s, node LPs seconds each), so
 *   1. glp_interior solves the LP relaxation; rounds of mixed-integer
 *      rounding cuts from the model's rounding bases (pp_mip_mir_cuts: a
 *      fractional need costs a whole agent or its shortfall) and new interior
 *      solves raise it; the LP with the cuts is the bound;
 *   2. relax-and-fix by day builds the first plan: each day's sub-MIP (other
 *      days fixed and *removed*, their activity moved into the row bounds;
 *      the cuts are rows of it when they moved the bound) is solved by its
 *      own small LP and a dive (bound tightening, warm dual re-solves; shift
 *      totals first, break placement second) whose last few fractional
 *      columns go to a node-limited branch and bound (tail_search);
 *   3. window passes re-solve day, vendor-week and wider windows the same way
 *      with differently leaning dives, keeping every cheaper plan, until the
 *      gap or the deadline.  Steps 2-3 run twice, on two threads, from first
 *      plans rounded differently and with other tail sizes; the cheaper plan
 *      wins.
 * Simplex + branch and bound (small models, and the fallback):
 *   1. glp_simplex on the LP relaxation (no presolve, so the optimal basis
 *      stays with the problem object; glp_intopt needs it when its own
 *      presolver is off); large models get a cheap crossover from the
 *      interior point first (solve_root).
 *   2. Rounding heuristic: LP diving on a copy of the problem (round the most
 *      fractional quarter up, re-solve warm) gives the first incumbent; big
 *      models then run the window passes.
 *   3. glp_intopt with presolve OFF: the incumbent is handed to GLPK through
 *      glp_ios_heur_sol at the first GLP_IHEUR callback, the rounding cuts at
 *      the root's GLP_ICUTGEN callbacks; both need the
 *      columns of the original problem, which GLPK's MIP presolver would
 *      renumber.  Our model is already tight (plan.c builds no empty or
 *      redundant rows), so the presolver has little to remove.
 * If step 1 fails numerically, we fall back to glp_intopt with presolve on
 * (no heuristic).  (rc, glp_mip_status) is mapped to our status separately:
 * rc == 0 does not mean optimal, and GLP_ETMLIM / GLP_EMIPGAP may leave an
 * incumbent.  The problem is deleted on every path and the terminal hook is
 * removed again, so GLPK prints nothing.
 *
 * Around both paths (docs/optimizer.md, "A plan always"): the caller's plan
 * (pp_mip_params.start_x, plan.c's constructive plan), once checked against
 * every row, is the answer until the search finds a cheaper one, and one
 * decomposition search improves it by window passes when time is short; the
 * search runs on its own thread (solve_worker) so that pp_mip_solve returns by
 * the deadline or half a second after an interrupt whatever GLPK is doing; and
 * GLPK's error hook turns its abort() into PP_ENOMEM / PP_EINTERNAL (next
 * section).
 */
#include "core/alloc.h"
#include "optimizer/glpk_adapter.h"
#include "peakplan/interrupt.h"

#include <glpk.h>
#include <limits.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* From this many columns on, the root LP goes through the interior point (see
 * solve_root) and day-grouped models through decomposition_solve. */
#define IPM_MIN_COLS 12000

/* ------------------------------------------------------------------------ */
/* Staying alive: GLPK's error hook, tracked allocations, stop requests      */
/*
 * GLPK calls abort() after any xerror(): out of memory (its own malloc
 * failing, or glp_mem_limit reached) as well as API misuse.  Every GLPK call
 * runs on a solver thread (solve_worker, search_thread) whose GLPK
 * environment -- GLPK keeps one per thread -- has error_hook installed:
 * it longjmp()s back to the thread's entry, which calls glp_free_env() (the
 * only thing GLPK allows after its error hook; it frees every GLPK object of
 * that thread) and reports PP_ENOMEM or PP_EINTERNAL with GLPK's message.
 * The frames skipped by the longjmp cannot free their own buffers, so every
 * buffer of this file is allocated through t_malloc / t_calloc and kept on
 * the thread's list of live blocks; the error path frees what is left on it.
 * A block is freed by the thread that allocated it.  Buffers handed back to
 * the caller (pp_mip_result.x) and the job's own (solve_job) use pp_malloc.
 * A failed t_malloc also marks the thread's solve as out of memory: the solve
 * then ends in PP_ENOMEM instead of quietly searching less.
 */
typedef union tblock {
    struct {
        union tblock *prev, *next;
    } l;
    max_align_t align;
} tblock;

static _Thread_local tblock *tl_blocks; /* this thread's live blocks */
static _Thread_local bool tl_oom;       /* a t_malloc failed in this thread's solve */
static _Thread_local jmp_buf *tl_jmp;   /* where error_hook returns to, NULL = nowhere */
static _Thread_local char tl_glpk_msg[256]; /* GLPK's last line before an error */
static _Thread_local atomic_bool *tl_cancel; /* the solve was given up by its caller */

static void *t_link(tblock *b)
{
    if (!b) {
        tl_oom = true;
        return NULL;
    }
    b->l.prev = NULL;
    b->l.next = tl_blocks;
    if (tl_blocks)
        tl_blocks->l.prev = b;
    tl_blocks = b;
    return b + 1;
}

static void *t_malloc(size_t size)
{
    if (size > SIZE_MAX - sizeof(tblock))
        return t_link(NULL);
    return t_link(pp_malloc(sizeof(tblock) + size));
}

static void *t_calloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(tblock)) / size)
        return t_link(NULL);
    tblock *b = pp_malloc(sizeof(tblock) + count * size);
    if (b)
        memset(b + 1, 0, count * size);
    return t_link(b);
}

static void t_free(void *p)
{
    if (!p)
        return;
    tblock *b = (tblock *)p - 1;
    if (b->l.prev)
        b->l.prev->l.next = b->l.next;
    else
        tl_blocks = b->l.next;
    if (b->l.next)
        b->l.next->l.prev = b->l.prev;
    pp_free(b);
}

static void t_free_all(void)
{
    while (tl_blocks) {
        tblock *b = tl_blocks;
        tl_blocks = b->l.next;
        pp_free(b);
    }
}

/* Installed with glp_error_hook on every solver thread. */
static void error_hook(void *info)
{
    (void)info;
    if (tl_jmp)
        longjmp(*tl_jmp, 1);
}

/* A stop was asked for: pp_interrupt_request(), or the caller gave up on this
 * solve (its time is over).  Every loop of the search polls it. */
static bool stop_asked(void)
{
    return pp_interrupt_requested() || (tl_cancel && atomic_load(tl_cancel));
}

void pp_mip_params_init(pp_mip_params *p)
{
    memset(p, 0, sizeof *p);
    p->time_limit_seconds = 60;
    p->mip_gap = 0.005;
    p->rounding_heuristic = true;
    p->start_bound = -INFINITY;
    p->decompose_min_cols = IPM_MIN_COLS;
    p->threads = 1;
}

void pp_glpk_thread_cleanup(void)
{
    glp_free_env();
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* GLPK output is dropped: the library never prints (progress goes through the
 * callback).  The last line is kept: after an error it is GLPK's message. */
static int silent_hook(void *info, const char *s)
{
    (void)info;
    if (s && strncmp(s, "Error detected", 14) != 0) {
        snprintf(tl_glpk_msg, sizeof tl_glpk_msg, "%s", s);
        size_t len = strlen(tl_glpk_msg);
        while (len > 0 && (tl_glpk_msg[len - 1] == '\n' || tl_glpk_msg[len - 1] == ' '))
            tl_glpk_msg[--len] = 0;
    }
    return 1;
}

typedef struct trip {
    int i, j;
    double v;
} trip;

static int trip_cmp(const void *a, const void *b)
{
    const trip *x = a, *y = b;
    if (x->j != y->j)
        return x->j < y->j ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    return 0;
}

static const char *mip_name(const pp_mip *m, const size_t *offs, size_t k)
{
    if (!m->keep_names || !offs || offs[k] == SIZE_MAX)
        return NULL;
    return m->names + offs[k];
}

static pp_status check_bounds(double lb, double ub, bool integer, const char *what, size_t k,
                              const char *name, pp_error *err)
{
    if (isnan(lb) || isnan(ub) || lb > ub || lb == INFINITY || ub == -INFINITY)
        return pp_error_set(err, PP_EINVAL, "model: %s %zu%s%s%s has invalid bounds [%g, %g]",
                            what, k, name ? " (" : "", name ? name : "", name ? ")" : "", lb, ub);
    if (integer && ((isfinite(lb) && lb != floor(lb)) || (isfinite(ub) && ub != floor(ub))))
        return pp_error_set(err, PP_EINVAL,
                            "model: integer %s %zu%s%s%s has fractional bounds [%g, %g]", what, k,
                            name ? " (" : "", name ? name : "", name ? ")" : "", lb, ub);
    return PP_OK;
}

static int bound_type(double lb, double ub)
{
    bool hl = isfinite(lb), hu = isfinite(ub);
    if (hl && hu)
        return lb == ub ? GLP_FX : GLP_DB;
    if (hl)
        return GLP_LO;
    if (hu)
        return GLP_UP;
    return GLP_FR;
}

static pp_status validate(const pp_mip *m, pp_error *err)
{
    if (m->ncols >= INT_MAX / 2 || m->nrows >= INT_MAX / 2 || m->nnz >= INT_MAX / 2)
        return pp_error_set(err, PP_EINVAL, "model: too large for GLPK (%zu rows, %zu columns)",
                            m->nrows, m->ncols);
    for (size_t j = 0; j < m->ncols; j++) {
        const char *nm = mip_name(m, m->col_name, j);
        pp_status st = check_bounds(m->col_lb[j], m->col_ub[j], m->col_int[j], "column", j, nm, err);
        if (st != PP_OK)
            return st;
        if (!isfinite(m->col_cost[j]))
            return pp_error_set(err, PP_EINVAL, "model: column %zu has a non-finite cost", j);
        if (nm && strlen(nm) > 255)
            return pp_error_set(err, PP_EINVAL, "model: column name longer than 255 bytes");
    }
    for (size_t i = 0; i < m->nrows; i++) {
        const char *nm = mip_name(m, m->row_name, i);
        pp_status st = check_bounds(m->row_lb[i], m->row_ub[i], false, "row", i, nm, err);
        if (st != PP_OK)
            return st;
        if (nm && strlen(nm) > 255)
            return pp_error_set(err, PP_EINVAL, "model: row name longer than 255 bytes");
    }
    for (size_t k = 0; k < m->nnz; k++) {
        if (m->ti[k] >= m->nrows || m->tj[k] >= m->ncols)
            return pp_error_set(err, PP_EINVAL, "model: coefficient %zu out of range", k);
        if (!isfinite(m->tv[k]))
            return pp_error_set(err, PP_EINVAL, "model: coefficient %zu is not finite", k);
    }
    if (!isfinite(m->obj_offset))
        return pp_error_set(err, PP_EINVAL, "model: objective constant is not finite");
    return PP_OK;
}

/* The constraint matrix with duplicates summed, 1-based, sorted by column then
 * row (what glp_load_matrix takes; the window sub-MIPs reuse it). */
typedef struct merged {
    int nz;
    int *ia, *ja;
    double *ar;
} merged;

/* The job's matrix (merge_matrix: the caller's thread allocates it, the last
 * holder of the job frees it) is plain pp_malloc; merged_free_t frees the
 * cut model's, which cut_rounds allocates with t_malloc. */
static void merged_free(merged *A)
{
    pp_free(A->ia);
    pp_free(A->ja);
    pp_free(A->ar);
    memset(A, 0, sizeof *A);
}

static void merged_free_t(merged *A)
{
    t_free(A->ia);
    t_free(A->ja);
    t_free(A->ar);
    memset(A, 0, sizeof *A);
}

static bool merge_matrix(const pp_mip *m, merged *A)
{
    memset(A, 0, sizeof *A);
    trip *t = pp_malloc((m->nnz ? m->nnz : 1) * sizeof *t);
    A->ia = pp_malloc((m->nnz + 1) * sizeof *A->ia);
    A->ja = pp_malloc((m->nnz + 1) * sizeof *A->ja);
    A->ar = pp_malloc((m->nnz + 1) * sizeof *A->ar);
    if (!t || !A->ia || !A->ja || !A->ar) {
        pp_free(t);
        merged_free(A);
        return false;
    }
    for (size_t k = 0; k < m->nnz; k++)
        t[k] = (trip){(int)m->ti[k] + 1, (int)m->tj[k] + 1, m->tv[k]};
    qsort(t, m->nnz, sizeof *t, trip_cmp);
    int nz = 0;
    for (size_t k = 0; k < m->nnz; k++) {
        if (nz > 0 && A->ia[nz] == t[k].i && A->ja[nz] == t[k].j) {
            A->ar[nz] += t[k].v;
            continue;
        }
        nz++;
        A->ia[nz] = t[k].i;
        A->ja[nz] = t[k].j;
        A->ar[nz] = t[k].v;
    }
    pp_free(t);
    A->nz = nz;
    return true;
}

/* Builds the GLPK problem from m and its merged matrix. */
static glp_prob *build(const pp_mip *m, const merged *A)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    if (m->nrows)
        glp_add_rows(lp, (int)m->nrows);
    if (m->ncols)
        glp_add_cols(lp, (int)m->ncols);
    for (size_t i = 0; i < m->nrows; i++) {
        int type = bound_type(m->row_lb[i], m->row_ub[i]);
        glp_set_row_bnds(lp, (int)i + 1, type, isfinite(m->row_lb[i]) ? m->row_lb[i] : 0,
                         isfinite(m->row_ub[i]) ? m->row_ub[i] : 0);
        const char *nm = mip_name(m, m->row_name, i);
        if (nm && *nm)
            glp_set_row_name(lp, (int)i + 1, nm);
    }
    for (size_t j = 0; j < m->ncols; j++) {
        int type = bound_type(m->col_lb[j], m->col_ub[j]);
        glp_set_col_bnds(lp, (int)j + 1, type, isfinite(m->col_lb[j]) ? m->col_lb[j] : 0,
                         isfinite(m->col_ub[j]) ? m->col_ub[j] : 0);
        glp_set_obj_coef(lp, (int)j + 1, m->col_cost[j]);
        if (m->col_int[j])
            glp_set_col_kind(lp, (int)j + 1, GLP_IV);
        const char *nm = mip_name(m, m->col_name, j);
        if (nm && *nm)
            glp_set_col_name(lp, (int)j + 1, nm);
    }
    glp_set_obj_coef(lp, 0, m->obj_offset);
    /* Exact zeros after summing duplicates are harmless to GLPK (it stores them). */
    if (A->nz > 0)
        glp_load_matrix(lp, A->nz, A->ia, A->ja, A->ar);
    return lp;
}

/* One solve, shared by the caller's thread (which waits, and may give up on
 * it at the deadline or on an interrupt: docs/optimizer.md) and the solver
 * thread(s).  It owns copies of everything the solver reads, so a solver
 * thread given up on can run on until its next stop check without touching
 * the caller's memory; the last of the two to let go frees it. */
typedef struct solve_job {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int refs;       /* 2 while both hold it */
    bool done;      /* the solver thread finished (res, st, err are final) */
    bool abandoned; /* the caller returned without waiting */
    atomic_bool cancel; /* stop soon: the caller gave up */
    pp_mip m;       /* the model (no triplets: A holds the matrix) */
    merged A;
    pp_mip_params p; /* progress goes through job_progress */
    double *start_x; /* the caller's plan (ncols values), checked feasible; NULL = none */
    double start_obj;
    bool have_start;
    char *write_model_path;
    void (*user_progress)(void *userdata, const char *line);
    void *user_userdata;
    int mem_limit_mb;
    /* the best complete plan seen so far (any thread), and the best bound */
    double *best_x; /* m.ncols values */
    double best_obj; /* INFINITY = none */
    double bound;    /* -INFINITY = none */
    /* the solver thread's outcome */
    pp_mip_result res;
    pp_status st;
    pp_error err;
    /* a second search thread running (decomposition_solve), joined on the error path */
    bool second_running;
    pthread_t second_tid;
} solve_job;

/* Offers a complete plan (ncols values; feasible for the model) as the job's
 * best so far. */
static void job_publish(solve_job *J, const double *x, double obj)
{
    if (!J || !x || !isfinite(obj))
        return;
    pthread_mutex_lock(&J->lock);
    if (obj < J->best_obj - 1e-9) {
        memcpy(J->best_x, x, J->m.ncols * sizeof *J->best_x);
        J->best_obj = obj;
    }
    pthread_mutex_unlock(&J->lock);
}

/* Offers a valid lower bound on the objective. */
static void job_bound(solve_job *J, double bound)
{
    if (!J || !isfinite(bound))
        return;
    pthread_mutex_lock(&J->lock);
    if (bound > J->bound)
        J->bound = bound;
    pthread_mutex_unlock(&J->lock);
}

/* The progress callback the solver threads see: the caller's, until it gives up. */
static void job_progress(void *userdata, const char *line)
{
    solve_job *J = userdata;
    pthread_mutex_lock(&J->lock);
    if (!J->abandoned && J->user_progress)
        J->user_progress(J->user_userdata, line);
    pthread_mutex_unlock(&J->lock);
}

typedef struct cb_ctx {
    solve_job *job;    /* snapshots of the incumbent and bound; NULL = none */
    const pp_mip_params *p;
    double t0, last_report;
    const double *heur_x; /* 1-based, NULL = none */
    bool fed;
    double bound;      /* best bound seen in the tree, -INFINITY = none */
    double incumbent;  /* best complete plan of the heuristics, INFINITY = none yet */
    long nodes;
    const pp_mip *mip; /* for the rounding cuts at the root; NULL = none */
    int cut_rounds;
    /* when a dive hands over to branch and bound (tail_search): at this many
     * fractional columns, for this many nodes; relax-and-fix, window passes */
    int rf_tail_frac, rf_tail_nodes, tail_frac, tail_nodes;
    bool min_slice; /* window_search: each window gets at least 0.25 s */
    bool rf_pace;   /* relax_and_fix: give up when a day uses up its share of the time */
    bool rf_late;   /* ... and it did */
} cb_ctx;

static void report(cb_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void report(cb_ctx *c, const char *fmt, ...)
{
    if (c->p->verbosity <= 0 || !c->p->progress)
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    c->p->progress(c->p->progress_userdata, line);
}

/* Progress while the heuristics run (outside GLPK's tree, whose callback reports
 * on its own): at most every 5 s, elapsed, incumbent, bound and gap, so a long
 * solve is never silent.  `incumbent` may be INFINITY (none yet); c->bound holds
 * the LP bound on these paths. */
static void tick(cb_ctx *c, const char *what, double incumbent)
{
    double now = now_seconds();
    if (now - c->last_report < 5.0)
        return;
    c->last_report = now;
    if (isfinite(incumbent))
        report(c, "%6.1f s  %s  incumbent %.2f  bound %.2f  gap %.3f%%", now - c->t0, what,
               incumbent, c->bound,
               100.0 * (incumbent - c->bound) / fmax(fabs(incumbent), 1e-9));
    else
        report(c, "%6.1f s  %s  no incumbent yet  bound %.2f", now - c->t0, what, c->bound);
}

/* Cut k of c as GLPK's 1-based index and value arrays (room for its terms + 1);
 * returns the number of terms. */
static int cut_row(const pp_mip_cuts *c, size_t k, int *ind, double *val)
{
    int len = 0;
    for (size_t e = c->first[k]; e < c->first[k + 1]; e++) {
        len++;
        ind[len] = (int)c->col[e] + 1;
        val[len] = c->coef[e];
    }
    return len;
}

static void add_root_cuts(glp_tree *tree, cb_ctx *c)
{
    glp_prob *P = glp_ios_get_prob(tree);
    const pp_mip *m = c->mip;
    if ((size_t)glp_get_num_cols(P) != m->ncols)
        return;
    double *x = t_malloc((m->ncols ? m->ncols : 1) * sizeof *x);
    pp_mip_cuts cuts = {0};
    if (x) {
        for (size_t j = 0; j < m->ncols; j++)
            x[j] = glp_get_col_prim(P, (int)j + 1);
        size_t got = pp_mip_mir_cuts(m, x, 1e-3, &cuts);
        if (got == SIZE_MAX)
            tl_oom = true; /* the solve ends in PP_ENOMEM, not quietly without cuts */
        if (got != SIZE_MAX && got > 0) {
            size_t maxlen = 0;
            for (size_t k = 0; k < cuts.n; k++)
                if (cuts.first[k + 1] - cuts.first[k] > maxlen)
                    maxlen = cuts.first[k + 1] - cuts.first[k];
            int *ind = t_malloc((maxlen + 1) * sizeof *ind);
            double *val = t_malloc((maxlen + 1) * sizeof *val);
            for (size_t k = 0; ind && val && k < cuts.n; k++) {
                int len = cut_row(&cuts, k, ind, val);
                glp_ios_add_row(tree, NULL, 101, 0, len, ind, val, GLP_LO, cuts.lb[k]);
            }
            t_free(ind);
            t_free(val);
            c->cut_rounds++;
            report(c, "%6.1f s  rounding cuts at the root, round %d: %zu cuts",
                   now_seconds() - c->t0, c->cut_rounds, got);
        }
    }
    t_free(x);
    pp_mip_cuts_free(&cuts);
}

static void callback(glp_tree *tree, void *info)
{
    cb_ctx *c = info;
    int reason = glp_ios_reason(tree);
    if (stop_asked()) {
        glp_ios_terminate(tree); /* GLP_ESTOP; the incumbent stays */
        return;
    }
    int best = glp_ios_best_node(tree);
    if (best != 0) {
        double b = glp_ios_node_bound(tree, best);
        if (fabs(b) < 1e300) { /* GLPK reports -DBL_MAX before any node is solved */
            c->bound = b;
            if (c->mip) /* presolve off: the bound is on our objective */
                job_bound(c->job, b);
        }
    }
    if (reason == GLP_IBINGO && c->job && c->mip) {
        /* a new incumbent; presolve is off (c->mip set), so GLPK's columns are ours */
        glp_prob *P = glp_ios_get_prob(tree);
        size_t n = c->mip->ncols;
        double *x = t_malloc((n ? n : 1) * sizeof *x);
        if (x) {
            for (size_t j = 0; j < n; j++)
                x[j] = glp_mip_col_val(P, (int)j + 1);
            job_publish(c->job, x, glp_mip_obj_val(P));
            t_free(x);
        }
    }
    int a_cnt, n_cnt, t_cnt;
    glp_ios_tree_size(tree, &a_cnt, &n_cnt, &t_cnt);
    c->nodes = t_cnt;
    if (reason == GLP_IHEUR && c->heur_x && !c->fed) {
        c->fed = true;
        glp_ios_heur_sol(tree, c->heur_x);
    }
    /* The rounding cuts at the root (valid everywhere, so GLPK keeps them for
     * every node), round after round while they cut the LP point off; only
     * with the original columns (presolve off). */
    if (reason == GLP_ICUTGEN && c->mip && c->mip->nbases && glp_ios_curr_node(tree) == 1 &&
        c->cut_rounds < 6)
        add_root_cuts(tree, c);
    double now = now_seconds();
    if (now - c->last_report >= 5.0) {
        c->last_report = now;
        glp_prob *P = glp_ios_get_prob(tree);
        int ms = glp_mip_status(P);
        if (ms == GLP_FEAS || ms == GLP_OPT)
            report(c, "%6.1f s  nodes %d  incumbent %.2f  bound %.2f  gap %.3f%%", now - c->t0,
                   t_cnt, glp_mip_obj_val(P), c->bound, 100.0 * glp_ios_mip_gap(tree));
        else
            report(c, "%6.1f s  nodes %d  no incumbent yet  bound %.2f", now - c->t0, t_cnt,
                   c->bound);
    }
}

/* Time left before the deadline, and no stop asked for. */
static bool go_on(double deadline)
{
    return now_seconds() < deadline && !stop_asked();
}

/* GLPK's tm_lim for a call that must end by the deadline (1 ms once a stop is asked for). */
static int ms_left(double deadline)
{
    if (stop_asked())
        return 1;
    double left = deadline - now_seconds();
    if (left <= 0.001)
        return 1;
    if (left > 1e6)
        return INT_MAX;
    return (int)ceil(left * 1000.0);
}

static int lp_resolve(glp_prob *h, double deadline)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.meth = GLP_DUALP; /* after tightening bounds the old basis stays dual feasible */
    sp.tm_lim = ms_left(deadline);
    int rc = glp_simplex(h, &sp);
    if (rc != 0 && rc != GLP_ETMLIM) {
        /* the warm basis went bad (singular after many bound changes): start afresh */
        glp_adv_basis(h, 0);
        sp.tm_lim = ms_left(deadline);
        rc = glp_simplex(h, &sp);
    }
    return rc == 0 && glp_get_status(h) == GLP_OPT ? 0 : -1;
}

typedef struct frac_col {
    int j;
    double f;
} frac_col;

static int frac_cmp(const void *a, const void *b)
{
    const frac_col *x = a, *y = b;
    if (x->f != y->f)
        return x->f > y->f ? -1 : 1;
    return x->j < y->j ? -1 : x->j > y->j;
}

/* LP diving on a copy of the solved relaxation: fix integer columns that are
 * integral, round up the most fractional quarter (ceil keeps the coverage the
 * LP bought), round down near-zero fractions, re-solve with the dual simplex
 * (warm), until the LP optimum is integral.  A batch that makes the LP
 * infeasible (seats, max hours) is fixed at floor instead.  The result is a
 * complete feasible solution (continuous columns re-optimised) in hx (1-based).
 * Deterministic: ties are broken by column index. */
static bool rounding_heuristic(glp_prob *lp, const pp_mip *m, double deadline, int batch_div,
                               double *hx, double *hobj)
{
    size_t n = m->ncols;
    frac_col *fc = t_malloc((n + 1) * sizeof *fc);
    unsigned char *fixed = t_calloc(n + 1, 1);
    if (!fc || !fixed) {
        t_free(fc);
        t_free(fixed);
        return false;
    }
    glp_prob *h = glp_create_prob();
    glp_copy_prob(h, lp, GLP_OFF);
    bool found = false;
    /* the copy keeps the optimal basis, so this first solve takes no pivots */
    bool ok = lp_resolve(h, deadline) == 0;
    for (int iter = 0; ok && iter < 200 && go_on(deadline); iter++) {
        size_t nf = 0;
        for (size_t j = 0; j < n; j++) {
            if (!m->col_int[j] || fixed[j])
                continue;
            double v = glp_get_col_prim(h, (int)j + 1), r = floor(v + 0.5);
            if (fabs(v - r) <= 1e-6) {
                glp_set_col_bnds(h, (int)j + 1, GLP_FX, r, r);
                fixed[j] = 1;
            } else if (fabs(v - r) > 1e-6)
                fc[nf++] = (frac_col){(int)j, v - floor(v)};
        }
        if (nf == 0) {
            found = true;
            *hobj = glp_get_obj_val(h);
            for (size_t j = 0; j < n; j++) {
                double v = glp_get_col_prim(h, (int)j + 1);
                hx[j + 1] = m->col_int[j] ? floor(v + 0.5) : v;
            }
            break;
        }
        qsort(fc, nf, sizeof *fc, frac_cmp);
        size_t up = nf / (size_t)batch_div + 1;
        for (size_t k = 0; k < nf; k++) {
            int j = fc[k].j;
            double v = glp_get_col_prim(h, j + 1), f = floor(v);
            if (k < up)
                glp_set_col_bnds(h, j + 1, GLP_FX, f + 1, f + 1);
            else if (fc[k].f < 0.1)
                glp_set_col_bnds(h, j + 1, GLP_FX, f, f);
            else
                continue;
            fixed[j] = 1;
        }
        if (lp_resolve(h, deadline) != 0) {
            /* the rounded-up batch broke an upper limit: take the floors instead */
            for (size_t k = 0; k < up; k++) {
                int j = fc[k].j;
                double lo = glp_get_col_lb(h, j + 1) - 1;
                glp_set_col_bnds(h, j + 1, GLP_FX, lo, lo);
            }
            ok = lp_resolve(h, deadline) == 0;
        }
    }
    glp_delete_prob(h);
    t_free(fc);
    t_free(fixed);
    return found;
}

/* Fractional diving by bound tightening on a copy of the solved LP h (any
 * problem: integer columns are GLPK's GLP_IV ones).  Each round takes the
 * fractional integer columns closest to an integer -- the 1/batch_div share
 * of them, at least one -- and tightens each toward its nearer integer
 * (lb = ceil or ub = floor: the column stays free to move further, unlike
 * fixing), then re-solves with the warm dual simplex.  A round that makes the
 * LP infeasible (a rounded-up batch breaking seats or maximum hours, a
 * rounded-down one breaking committed hours) is undone and retried column by
 * column (the 8 nearest, each way).  Ends when the LP optimum is integral:
 * x (1-based, glp_get_num_cols(h) values) and *obj get it.
 * Deterministic: ties broken by column index. */
/* Round up from this fractional part on: an uncovered agent-interval costs
 * about ten times what an agent does (default penalty 200/h against 20-33/h),
 * so leaning up pays (measured on the issue-5 instances: 0.3 beat 0.5, 0.4 and
 * 0.2). */
#define DIVE_UP_FRACTION 0.3
/* Each dive round tightens 1/BATCH_DIV of the fractional columns (at least
 * one) in the sub-problems: small batches keep the LP able to compensate, and a
 * day's LP re-solves in milliseconds.  The first plan (relax-and-fix) takes the
 * finer steps; the window passes the coarser ones, which buy more passes in the
 * time (60 s on the weekly instances, 20 -> 10: small 1.86 -> 1.56 %, medium
 * 0.72 -> 0.56 %, large 0.62 -> 0.39 %; 5 was worse again: 1.76 %, 0.73 %). */
#define RF_BATCH_DIV 20
#define WINDOW_BATCH_DIV 10

/* A dive's last roundings are its dearest: with few fractional columns left
 * the LP has little room to make up for them (on a day of the 40-contact week
 * instance the objective climbs 3,988 -> 3,991 over 200 roundings, then
 * 3,991 -> 4,066 over the last eight).  So at a few fractional columns the
 * dive hands over to a small branch and bound (tail_search): in the window
 * passes at TAIL_FRACTIONAL columns for TAIL_NODES nodes; relax-and-fix, whose
 * first plan every later pass starts from, takes the larger RF_TAIL_*; the
 * second search (decomposition_solve) SECOND_TAIL_* in both, for a plan that
 * differs.  Measured on the weekly instances (60 s, 2 threads; docs/performance.md):
 * small 23,896 -> 23,737 (gap 1.51 -> 0.85 %), medium 67,615 -> 67,474 (0.62 ->
 * 0.42 %, at the 0.5 % gap in 46 s), large 200,426 -> 200,080 (0.54 -> 0.37 %,
 * 32 s). */
#define TAIL_FRACTIONAL 10
#define TAIL_NODES 200
#define RF_TAIL_FRACTIONAL 20
#define RF_TAIL_NODES 400
#define SECOND_TAIL_FRACTIONAL 20
#define SECOND_TAIL_NODES 400

static void tail_callback(glp_tree *tree, void *info)
{
    int active, live, total;
    if (stop_asked()) {
        glp_ios_terminate(tree);
        return;
    }
    if (glp_ios_reason(tree) != GLP_ISELECT)
        return;
    glp_ios_tree_size(tree, &active, &live, &total);
    if (total > *(const int *)info)
        glp_ios_terminate(tree);
}

/* Finishes a dive on h (an optimal LP, some integer columns fractional):
 * integer columns at a whole value with a non-zero reduced cost are fixed
 * there (the LP wants them where they are), then GLPK's branch and bound
 * (pseudo-cost branching, best local bound) searches the rest for at most
 * TAIL_NODES nodes -- a count, not a time, so the result does not depend on
 * the machine's speed.  Measured on that day window: 4,066 -> 4,005 (the
 * day's LP bound is 3,988; CBC finds 3,997) for 0.75 instead of 0.48 s.
 * True with x (1-based) and *obj set when it found an integer solution; h's
 * bounds may then be tighter (fixings), its LP solution stale. */
static bool tail_search(glp_prob *h, double deadline, int nodes, double *x, double *obj)
{
    int n = glp_get_num_cols(h);
    for (int j = 1; j <= n; j++) {
        if (glp_get_col_kind(h, j) == GLP_CV || glp_get_col_type(h, j) == GLP_FX)
            continue;
        double v = glp_get_col_prim(h, j), r = floor(v + 0.5);
        if (fabs(v - r) <= 1e-6 && fabs(glp_get_col_dual(h, j)) > 1e-6)
            glp_set_col_bnds(h, j, GLP_FX, r, r);
    }
    if (lp_resolve(h, deadline) != 0)
        return false;
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF; /* h carries its optimal basis */
    io.br_tech = GLP_BR_PCH;
    io.bt_tech = GLP_BT_BLB;
    /* half the time left at most, so that the dive can still finish without it */
    io.tm_lim = ms_left(now_seconds() + 0.5 * (deadline - now_seconds()));
    io.cb_func = tail_callback;
    io.cb_info = &nodes;
    glp_intopt(h, &io);
    int st = glp_mip_status(h);
    if (st != GLP_OPT && st != GLP_FEAS)
        return false;
    for (int j = 1; j <= n; j++) {
        double v = glp_mip_col_val(h, j);
        x[j] = glp_get_col_kind(h, j) != GLP_CV ? floor(v + 0.5) : v;
    }
    *obj = glp_mip_obj_val(h);
    return true;
}

static bool dive(glp_prob *src, double deadline, int batch_div, double up_frac,
                 const double *guide, int tail_k, int tail_nodes, double *x, double *obj,
                 cb_ctx *ctx)
{
    int n = glp_get_num_cols(src);
    frac_col *fc = t_malloc(((size_t)n + 1) * sizeof *fc);
    double *olb = t_malloc(((size_t)n + 1) * sizeof *olb), *oub = t_malloc(((size_t)n + 1) * sizeof *oub);
    int *otype = t_malloc(((size_t)n + 1) * sizeof *otype);
    if (!fc || !olb || !oub || !otype) {
        t_free(fc);
        t_free(olb);
        t_free(oub);
        t_free(otype);
        return false;
    }
    glp_prob *h = glp_create_prob();
    glp_copy_prob(h, src, GLP_OFF);
    bool found = false, tail_tried = tail_k <= 0;
    bool ok = lp_resolve(h, deadline) == 0;
    for (int iter = 0; ok && iter < 5000 && go_on(deadline); iter++) {
        tick(ctx, "searching", ctx->incumbent);
        int nf = 0;
        for (int j = 1; j <= n; j++) {
            if (glp_get_col_kind(h, j) == GLP_CV)
                continue;
            double v = glp_get_col_prim(h, j), f = v - floor(v);
            if (f > 1e-6 && f < 1 - 1e-6)
                fc[nf++] = (frac_col){j, -fmin(f, 1 - f)}; /* sorted: nearest integer first */
            (void)0;
        }
        if (nf == 0) {
            found = true;
            *obj = glp_get_obj_val(h);
            for (int j = 1; j <= n; j++) {
                double v = glp_get_col_prim(h, j);
                x[j] = glp_get_col_kind(h, j) != GLP_CV ? floor(v + 0.5) : v;
            }
            break;
        }
        if (!tail_tried && nf <= tail_k) {
            tail_tried = true;
            if (tail_search(h, deadline, tail_nodes, x, obj)) {
                found = true;
                break;
            }
            ok = lp_resolve(h, deadline) == 0; /* no plan in the nodes: dive on */
            continue;
        }
        qsort(fc, (size_t)nf, sizeof *fc, frac_cmp);
        int cnt = nf / batch_div > 1 ? nf / batch_div : 1;
        /* attempt 0: the batch; then single columns (the 8 nearest), each way */
        int maxatt = 1 + 2 * (nf < 8 ? nf : 8);
        ok = false;
        for (int attempt = 0; attempt < maxatt && !ok; attempt++) {
            int first = attempt == 0 ? 0 : (attempt - 1) / 2;
            int count = attempt == 0 ? cnt : 1;
            bool flip = attempt > 0 && (attempt - 1) % 2 == 1;
            if (attempt == 1 && cnt == 1)
                continue; /* the batch was this very column */
            for (int k = first; k < first + count; k++) {
                int j = fc[k].j;
                double v = glp_get_col_prim(h, j), f = v - floor(v);
                /* guided: toward the incumbent's value (Danna, Rothberg, Le Pape) */
                bool up = (guide ? guide[j] > v : f >= up_frac) != flip;
                olb[k] = glp_get_col_lb(h, j);
                oub[k] = glp_get_col_ub(h, j);
                otype[k] = glp_get_col_type(h, j);
                double lo = up ? ceil(v) : olb[k], hi = up ? oub[k] : floor(v);
                int type = otype[k];
                if (up)
                    type = type == GLP_UP || type == GLP_DB ? (hi == lo ? GLP_FX : GLP_DB) : GLP_LO;
                else
                    type = type == GLP_LO || type == GLP_DB ? (hi == lo ? GLP_FX : GLP_DB) : GLP_UP;
                glp_set_col_bnds(h, j, type, lo, hi);
            }
            /* the values above were read before any change: same basis, no re-solve between */
            if (lp_resolve(h, deadline) == 0) {
                ok = true;
                break;
            }
            for (int k = first + count - 1; k >= first; k--)
                glp_set_col_bnds(h, fc[k].j, otype[k], olb[k], oub[k]);
            if (!go_on(deadline) || lp_resolve(h, deadline) != 0)
                break;
        }
    }
    glp_delete_prob(h);
    t_free(fc);
    t_free(olb);
    t_free(oub);
    t_free(otype);
    return found;
}

/* One window of the decomposition: every column whose group is not in
 * [g0, g1] is fixed at the incumbent hx (1-based) and *removed*: its activity
 * moves into the row bounds, rows without a free column are dropped.  What is
 * left is a genuine sub-MIP of about the window's size (a day of the week:
 * its shifts, breaks, working/split/shortfall/backlog columns, and the weekly
 * hours rows with the other days' hours as a constant), solved by glp_intopt
 * from its own LP with the incumbent's restriction handed in as the first
 * solution.  Any solution of it is feasible for the whole model.  Returns
 * true and updates hx / *hobj when it found a cheaper plan. */
static bool window_mip(const pp_mip *m, const merged *A, size_t g0, size_t g1, size_t owner,
                       double deadline, bool accept_any, double up_frac, double *hx,
                       double *hobj, cb_ctx *ctx)
{
    ctx->incumbent = accept_any ? INFINITY : *hobj; /* relax-and-fix has no whole plan yet */
    size_t n = m->ncols, nr = m->nrows;
    int *cmap = t_calloc(n, sizeof *cmap), *rmap = t_calloc(nr, sizeof *rmap);
    double *act = t_calloc(nr, sizeof *act);
    int *ia = t_malloc(((size_t)A->nz + 1) * sizeof *ia), *ja = t_malloc(((size_t)A->nz + 1) * sizeof *ja);
    double *ar = t_malloc(((size_t)A->nz + 1) * sizeof *ar);
    double *sub = t_malloc((n + 1) * sizeof *sub), *guide = NULL;
    bool better = false;
    glp_prob *s = NULL;
    if (!cmap || !rmap || !act || !ia || !ja || !ar || !sub)
        goto done;
    int nc = 0, nrs = 0;
    double fixed_cost = m->obj_offset;
    for (size_t j = 0; j < n; j++) {
        size_t g = m->col_group[j];
        bool mine = owner == SIZE_MAX || !m->col_owner || m->col_owner[j] == owner ||
                    m->col_owner[j] == SIZE_MAX;
        if (g != SIZE_MAX && g >= g0 && g <= g1 && mine)
            cmap[j] = ++nc;
        else
            fixed_cost += m->col_cost[j] * hx[j + 1];
    }
    if (nc == 0)
        goto done;
    for (int k = 1; k <= A->nz; k++) {
        int i = A->ia[k] - 1, j = A->ja[k] - 1;
        if (cmap[j])
            rmap[i] = 1;
        else
            act[i] += A->ar[k] * hx[j + 1];
    }
    for (size_t i = 0; i < nr; i++)
        if (rmap[i])
            rmap[i] = ++nrs;
    s = glp_create_prob();
    glp_set_obj_dir(s, GLP_MIN);
    glp_add_cols(s, nc);
    if (nrs)
        glp_add_rows(s, nrs);
    for (size_t j = 0; j < n; j++) {
        if (!cmap[j])
            continue;
        glp_set_col_bnds(s, cmap[j], bound_type(m->col_lb[j], m->col_ub[j]),
                         isfinite(m->col_lb[j]) ? m->col_lb[j] : 0,
                         isfinite(m->col_ub[j]) ? m->col_ub[j] : 0);
        glp_set_obj_coef(s, cmap[j], m->col_cost[j]);
        if (m->col_int[j])
            glp_set_col_kind(s, cmap[j], GLP_IV);
        sub[cmap[j]] = hx[j + 1];
    }
    for (size_t i = 0; i < nr; i++) {
        if (!rmap[i])
            continue;
        double lo = m->row_lb[i] - act[i], hi = m->row_ub[i] - act[i];
        int type = bound_type(m->row_lb[i], m->row_ub[i]);
        if (type == GLP_FX)
            hi = lo;
        else if (type == GLP_DB && lo > hi)
            hi = lo; /* rounding noise only: the incumbent satisfies the row */
        glp_set_row_bnds(s, rmap[i], type, isfinite(lo) ? lo : 0, isfinite(hi) ? hi : 0);
    }
    int nz = 0;
    for (int k = 1; k <= A->nz; k++) {
        int j = A->ja[k] - 1;
        if (!cmap[j])
            continue;
        nz++;
        ia[nz] = rmap[A->ia[k] - 1];
        ja[nz] = cmap[j];
        ar[nz] = A->ar[k];
    }
    if (nz)
        glp_load_matrix(s, nz, ia, ja, ar);
    glp_scale_prob(s, GLP_SF_AUTO);
    glp_adv_basis(s, 0);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.meth = GLP_DUALP;
    sp.tm_lim = ms_left(deadline);
    if (glp_simplex(s, &sp) != 0 || glp_get_status(s) != GLP_OPT ||
        (!accept_any && glp_get_obj_val(s) + fixed_cost >= *hobj - 1e-6))
        goto done;
    double dobj;
    bool dived;
    int batch_div = accept_any ? RF_BATCH_DIV : WINDOW_BATCH_DIV;
    int tk = accept_any ? ctx->rf_tail_frac : ctx->tail_frac;
    int tn = accept_any ? ctx->rf_tail_nodes : ctx->tail_nodes;
    if (up_frac < 0 && (guide = t_malloc((size_t)(nc + 1) * sizeof *guide)) != NULL)
        memcpy(guide, sub, (size_t)(nc + 1) * sizeof *guide);
    if (m->col_role) {
        /* phase 1: shift totals integer, break placement continuous */
        for (size_t j = 0; j < n; j++)
            if (cmap[j] && m->col_role[j])
                glp_set_col_kind(s, cmap[j], m->col_role[j] == 1 ? GLP_IV : GLP_CV);
        dived = dive(s, deadline, batch_div, up_frac, guide, tk, tn, sub, &dobj, ctx);
        if (dived) {
            /* phase 2: totals fixed, breaks integer */
            for (size_t j = 0; j < n; j++)
                if (cmap[j] && m->col_role[j] == 1) {
                    glp_set_col_kind(s, cmap[j], GLP_CV);
                    glp_set_col_bnds(s, cmap[j], GLP_FX, sub[cmap[j]], sub[cmap[j]]);
                } else if (cmap[j] && m->col_role[j] == 2)
                    glp_set_col_kind(s, cmap[j], GLP_IV);
            dived = lp_resolve(s, deadline) == 0 &&
                    dive(s, deadline, batch_div, up_frac, guide, tk, tn, sub, &dobj, ctx);
        }
    } else
        dived = dive(s, deadline, batch_div, up_frac, guide, tk, tn, sub, &dobj, ctx);
    if (dived && (accept_any || dobj + fixed_cost < *hobj - 1e-6)) {
        for (size_t j = 0; j < n; j++)
            if (cmap[j])
                hx[j + 1] = sub[cmap[j]];
        *hobj = dobj + fixed_cost;
        better = true;
    }
done:
    if (s)
        glp_delete_prob(s);
    t_free(cmap);
    t_free(rmap);
    t_free(act);
    t_free(ia);
    t_free(ja);
    t_free(ar);
    t_free(sub);
    t_free(guide);
    return better;
}

/* Decomposition by day with weekly repair: passes over the days, each day a
 * window_mip with the rest of the week fixed (the weekly hours rows see the
 * other days as constants, so hours move between days from pass to pass).
 * The time left is shared evenly by the windows still to go in the pass. */
static void window_search(const pp_mip *m, const merged *A, double deadline, double *hx,
                          double *hobj, cb_ctx *outer)
{
    size_t ng = 0;
    for (size_t j = 0; j < m->ncols; j++)
        if (m->col_int[j] && m->col_group[j] != SIZE_MAX && m->col_group[j] + 1 > ng)
            ng = m->col_group[j] + 1;
    if (ng < 2)
        return;
    /* The same windows with the same dive give the same plans: when a pass
     * gains less than 0.01 %, the next dives lean differently (guided toward
     * the incumbent, round up from 0.5, from 0.2); then each vendor's whole
     * week is a window (the other vendors fixed), with the same four dives;
     * then the day windows widen to 2 and 3 days. */
    size_t nown = 0;
    for (size_t j = 0; m->col_owner && j < m->ncols; j++)
        if (m->col_owner[j] != SIZE_MAX && m->col_owner[j] + 1 > nown)
            nown = m->col_owner[j] + 1;
    static const double lean[4] = {DIVE_UP_FRACTION, -1 /* guided */, 0.5, 0.2};
    /* stages: (1-day, vendor weeks) x each lean, then 2- and 3-day windows */
    size_t stage = 0;
    for (int pass = 0; stage < 16 && pass < 40 && go_on(deadline); pass++) {
        int kind = stage < 8 ? (stage % 2 ? 0 : 1) : (int)(stage / 4); /* 0 = vendor weeks */
        double up = stage < 8 ? lean[stage / 2] : lean[stage % 4];
        if ((kind == 0 && nown < 2) || (size_t)kind > ng) {
            stage++;
            continue;
        }
        double before = *hobj;
        size_t nwin = kind == 0 ? nown : ng - (size_t)kind + 1;
        for (size_t g = 0; g < nwin && go_on(deadline); g++) {
            /* Stop at the requested gap, as branch and bound does: it is a fixed point
             * of this deterministic sequence of windows, so the plan does not depend
             * on how fast the machine is (or how many plans share it) unless the
             * time limit comes first. */
            if ((*hobj - outer->bound) / fmax(fabs(*hobj), 1e-9) <= outer->p->mip_gap)
                return;
            tick(outer, "window pass", *hobj);
            /* the windows still to go in the pass share the time left; from the
             * constructive plan (outer->min_slice) each gets at least a quarter
             * second, so a short limit still improves the first days instead of
             * none */
            double left = deadline - now_seconds();
            double slice = left / (double)(nwin - g);
            if (outer->min_slice && slice < 0.25)
                slice = fmin(0.25, left);
            bool better;
            if (kind == 0)
                better = window_mip(m, A, 0, ng - 1, g, now_seconds() + slice, false, up, hx,
                                    hobj, outer);
            else
                better = window_mip(m, A, g, g + (size_t)kind - 1, SIZE_MAX,
                                    now_seconds() + slice, false, up, hx, hobj, outer);
            if (better)
                job_publish(outer->job, hx + 1, *hobj);
        }
        /* a pass that gains less than 0.01 % is not worth repeating */
        bool improved = *hobj < before - 1e-4 * fabs(before);
        if (kind == 0)
            report(outer, "%6.1f s  window pass %d (vendor weeks, %s %.1f) incumbent %.2f",
                   now_seconds() - outer->t0, pass + 1, up < 0 ? "guided" : "up from",
                   fmax(up, 0), *hobj);
        else
            report(outer, "%6.1f s  window pass %d (%d-day windows, %s %.1f) incumbent %.2f",
                   now_seconds() - outer->t0, pass + 1, kind, up < 0 ? "guided" : "up from",
                   fmax(up, 0), *hobj);
        if (!improved)
            stage++;
    }
}

/* First incumbent by decomposition (relax-and-fix by day): start from the LP
 * solution; for each day in turn dive on that day's sub-LP with every other
 * day held at its current values (earlier days already integral, later ones
 * still at their LP values).  Each sub-LP has the current point as a feasible
 * solution, and the result is feasible for the whole model once the last day
 * is integral.  Seven small dives are far cheaper than one dive on the whole
 * week (whose LP re-solves carry every row). */
static bool relax_and_fix(const pp_mip *m, const merged *A, double deadline, double lean,
                          double *hx, double *hobj, cb_ctx *ctx)
{
    size_t ng = 0;
    for (size_t j = 0; j < m->ncols; j++)
        if (m->col_int[j] && m->col_group[j] != SIZE_MAX && m->col_group[j] + 1 > ng)
            ng = m->col_group[j] + 1;
    if (ng < 2)
        return false;
    double t_rf0 = now_seconds();
    for (size_t g = 0; g < ng;) {
        /* A day can fail when the weekly limits (hours) no longer fit what the
         * earlier days rounded to: then the next day joins the window, and
         * finally all the days left. */
        size_t g1 = g;
        char what[80];
        snprintf(what, sizeof what, "relax-and-fix, day %zu of %zu", g + 1, ng);
        tick(ctx, what, INFINITY);
        while (true) {
            double left = deadline - now_seconds();
            double slice = left * (double)(g1 - g + 1) / (double)(ng - g);
            if (slice <= 0 || stop_asked())
                return false;
            /* A search with a plan to fall back on (ctx->rf_pace) keeps half the
             * time for it: a window of more than half the days left (after
             * single days failed) gets at most half the time left. */
            if (ctx->rf_pace)
                slice = fmin(slice, 0.5 * left);
            double end = now_seconds() + slice;
            bool ok = window_mip(m, A, g, g1, SIZE_MAX, end, true, lean, hx, hobj, ctx);
            /* ... and gives up when it falls behind: the window used up its
             * share of the time (its dive cut short, or it failed for lack of
             * time), or at the pace of the days so far the rest would not be
             * done by the deadline. */
            double now = now_seconds(), done = (double)(g1 + 1);
            if (ctx->rf_pace && (now >= end - 0.02 * slice ||
                                 (ok && now + (now - t_rf0) / done * ((double)ng - done) >
                                            deadline))) {
                ctx->rf_late = true;
                return false;
            }
            if (ok)
                break;
            if (g1 == ng - 1)
                return false;
            g1 = g1 == g ? g + 1 : ng - 1;
        }
        g = g1 + 1;
    }
    for (size_t j = 0; j < m->ncols; j++) /* every integer column had a group: check */
        if (m->col_int[j] && fabs(hx[j + 1] - floor(hx[j + 1] + 0.5)) > 1e-6)
            return false;
    return true;
}

/* Another round of cuts after one that raised the bound by this fraction; the
 * search uses the cuts when all rounds together raised it by CUT_USE_MIN_GAIN
 * (measured on the week instances: +0.63/+0.045/+0.004 % rounds on the small
 * one, +0.15/+0.017/+0.001 on the medium, +0.014 on the large). */
#define CUT_ROUND_MIN_GAIN 1e-4
#define CUT_USE_MIN_GAIN 1e-3

/* The model with the rounding cuts as extra rows: a shallow copy of m whose
 * row bounds (and the merged matrix) are extended; only those are owned. */
typedef struct cut_model {
    pp_mip m;
    merged A;
    double *row_lb, *row_ub;
} cut_model;

static void cut_model_free(cut_model *c)
{
    t_free(c->row_lb);
    t_free(c->row_ub);
    merged_free_t(&c->A);
    memset(c, 0, sizeof *c);
}

/* Rounds of MIR cuts from the model's rounding bases (pp_mip_mir_cuts), each
 * followed by a new interior-point solve of the LP with the cuts as rows,
 * while a round raises the bound by at least 0.01 % and the cuts have used
 * less than a tenth of the time.  The cuts are valid for every integer plan,
 * so *lp_obj stays a bound; the relax-and-fix and window sub-problems inherit
 * them through *out, and their LPs lean less on fractional agents.  hx
 * (1-based) is updated to the last LP point. */
static bool cut_rounds(glp_prob *lp, const pp_mip *m, const merged *A, double deadline,
                       double *hx, double *lp_obj, cb_ctx *ctx, cut_model *out)
{
    memset(out, 0, sizeof *out);
    if (m->nbases == 0)
        return true;
    pp_mip_cuts all = {0};
    double t_start = now_seconds(), budget = 0.1 * (deadline - t_start), lp_first = *lp_obj;
    double *x0 = t_malloc((m->ncols ? m->ncols : 1) * sizeof *x0); /* the plain LP point */
    bool ok = x0 != NULL;
    if (ok)
        memcpy(x0, hx + 1, m->ncols * sizeof *x0);
    for (int round = 0; ok && round < 6 && now_seconds() - t_start < budget && !stop_asked();
         round++) {
        size_t before = all.n;
        size_t got = pp_mip_mir_cuts(m, hx + 1, 1e-3, &all);
        if (got == SIZE_MAX) {
            tl_oom = true;
            ok = false;
            break;
        }
        if (got == 0)
            break;
        /* 1-based index and value buffers for glp_set_mat_row (the terms of the
         * new cuts are contiguous in `all`: one buffer holds them all) */
        size_t nt = all.nterms - all.first[before];
        int *ind = t_malloc((nt + got + 1) * sizeof *ind);
        double *val = t_malloc((nt + got + 1) * sizeof *val);
        if (!ind || !val) {
            t_free(ind);
            t_free(val);
            ok = false;
            break;
        }
        int r0 = glp_add_rows(lp, (int)got);
        for (size_t k = 0; k < got; k++) {
            int len = cut_row(&all, before + k, ind, val);
            glp_set_row_bnds(lp, r0 + (int)k, GLP_LO, all.lb[before + k], 0);
            glp_set_mat_row(lp, r0 + (int)k, len, ind, val);
        }
        glp_iptcp ipp;
        glp_init_iptcp(&ipp);
        ipp.msg_lev = GLP_MSG_OFF;
        if (glp_interior(lp, &ipp) != 0 || glp_ipt_status(lp) != GLP_OPT) {
            /* keep the previous point and bound; the rows stay (they are valid) */
            all.n = before;
            all.nterms = all.first[before];
            for (size_t k = 0; k < got; k++) /* got <= nt: ind is long enough */
                ind[k + 1] = r0 + (int)k;
            glp_del_rows(lp, (int)got, ind);
            t_free(ind);
            t_free(val);
            break;
        }
        t_free(ind);
        t_free(val);
        double obj = glp_ipt_obj_val(lp), gain = obj - *lp_obj;
        for (size_t j = 0; j < m->ncols; j++)
            hx[j + 1] = glp_ipt_col_prim(lp, (int)j + 1);
        report(ctx, "%6.1f s  rounding cuts, round %d: %zu cuts, bound %.2f (+%.3f%%)",
               now_seconds() - ctx->t0, round + 1, got, obj,
               100.0 * gain / fmax(fabs(*lp_obj), 1e-9));
        *lp_obj = fmax(*lp_obj, obj);
        if (gain < CUT_ROUND_MIN_GAIN * fabs(obj))
            break;
    }
    /* Cuts that hardly move the bound hardly steer the dives either, and they
     * slow the window LPs down (the week-long 500-contact instance: +0.014 %,
     * 8,000 instead of 5,400 pivots per day window, relax-and-fix out of
     * time): then the search goes on without them (the bound keeps them). */
    bool use = *lp_obj - lp_first >= CUT_USE_MIN_GAIN * fabs(*lp_obj);
    if (ok && all.n > 0 && !use && x0) /* the search starts from the LP point without them */
        memcpy(hx + 1, x0, m->ncols * sizeof *x0);
    if (ok && all.n > 0 && use) {
        out->m = *m;
        out->m.nrows = m->nrows + all.n;
        out->row_lb = t_malloc(out->m.nrows * sizeof *out->row_lb);
        out->row_ub = t_malloc(out->m.nrows * sizeof *out->row_ub);
        out->A.nz = A->nz + (int)all.nterms;
        out->A.ia = t_malloc(((size_t)out->A.nz + 1) * sizeof *out->A.ia);
        out->A.ja = t_malloc(((size_t)out->A.nz + 1) * sizeof *out->A.ja);
        out->A.ar = t_malloc(((size_t)out->A.nz + 1) * sizeof *out->A.ar);
        if (!out->row_lb || !out->row_ub || !out->A.ia || !out->A.ja || !out->A.ar)
            ok = false;
        else {
            memcpy(out->row_lb, m->row_lb, m->nrows * sizeof *out->row_lb);
            memcpy(out->row_ub, m->row_ub, m->nrows * sizeof *out->row_ub);
            memcpy(out->A.ia, A->ia, ((size_t)A->nz + 1) * sizeof *A->ia);
            memcpy(out->A.ja, A->ja, ((size_t)A->nz + 1) * sizeof *A->ja);
            memcpy(out->A.ar, A->ar, ((size_t)A->nz + 1) * sizeof *A->ar);
            int nz = A->nz;
            for (size_t c = 0; c < all.n; c++) {
                out->row_lb[m->nrows + c] = all.lb[c];
                out->row_ub[m->nrows + c] = INFINITY;
                for (size_t e = all.first[c]; e < all.first[c + 1]; e++) {
                    nz++;
                    out->A.ia[nz] = (int)(m->nrows + c) + 1;
                    out->A.ja[nz] = (int)all.col[e] + 1;
                    out->A.ar[nz] = all.coef[e];
                }
            }
            out->m.row_lb = out->row_lb;
            out->m.row_ub = out->row_ub;
            out->m.row_name = NULL;
            out->m.keep_names = false;
        }
        if (!ok)
            cut_model_free(out);
    }
    pp_mip_cuts_free(&all);
    t_free(x0);
    return ok;
}

/* The rounding lean of the second search's first plan (decomposition_solve).
 * Measured as the second search on the weekly instances (60 s, with the
 * cuts): 0.5 gave 23,959 / 67,940 (small / medium), 0.2 gave 24,212 / 67,817,
 * the model without cuts 24,460 / 67,974; the first search 23,981 / 67,678. */
#define SECOND_LEAN 0.5

typedef struct search_job {
    const pp_mip *m;
    const merged *A;
    double *hx; /* 1-based: the LP point on entry, the plan on return */
    double lean, deadline, mip_gap, lp_obj;
    double hobj, rf_obj; /* the plan's objective; that of the first plan */
    cb_ctx ctx;
    bool found;
    bool from_start; /* hx holds a complete plan (the caller's): window passes only */
} search_job;

/* decomposition_solve's state shared with the second search thread. */
typedef struct decomp_state {
    search_job job[2];
    pp_mip_params quiet;
    cut_model cm;
} decomp_state;

/* Relax-and-fix by day, then window passes until the gap or the deadline. */
static void run_search(search_job *J)
{
    J->rf_obj = INFINITY;
    solve_job *SJ = J->ctx.job;
    if (!J->from_start) {
        J->found = relax_and_fix(J->m, J->A, J->deadline, J->lean, J->hx, &J->hobj, &J->ctx);
        if (!J->found && J->ctx.rf_late && SJ && SJ->have_start && go_on(J->deadline)) {
            report(&J->ctx, "%6.1f s  relax-and-fix falls behind the time limit",
                   now_seconds() - J->ctx.t0);
            memcpy(J->hx + 1, SJ->start_x, J->m->ncols * sizeof *J->hx);
            J->hobj = SJ->start_obj;
            J->from_start = true;
        }
    }
    if (J->from_start) {
        J->found = true;
        J->ctx.min_slice = true;
        report(&J->ctx, "%6.1f s  window passes from the constructive plan %.2f",
               now_seconds() - J->ctx.t0, J->hobj);
        window_search(J->m, J->A, J->deadline, J->hx, &J->hobj, &J->ctx);
        return;
    }
    if (!J->found)
        return;
    J->rf_obj = J->hobj;
    report(&J->ctx, "%6.1f s  relax-and-fix by day: %.2f (LP gap %.3f%%)",
           now_seconds() - J->ctx.t0, J->hobj,
           100.0 * (J->hobj - J->lp_obj) / fmax(fabs(J->hobj), 1e-9));
    job_publish(J->ctx.job, J->hx + 1, J->hobj);
    if ((J->hobj - J->lp_obj) / fmax(fabs(J->hobj), 1e-9) > J->mip_gap)
        window_search(J->m, J->A, J->deadline, J->hx, &J->hobj, &J->ctx);
}

/* The second search (decomposition_solve).  Its GLPK environment, hooks and
 * tracked blocks are its own: a GLPK error here ends this search only (its
 * plan so far, if complete, stays in J->hx: window_mip writes it whole). */
static void *search_thread(void *arg)
{
    search_job *J = arg;
    jmp_buf jb;
    tl_cancel = J->ctx.job ? &J->ctx.job->cancel : NULL;
    glp_term_hook(silent_hook, NULL); /* GLPK's environment, and its hooks, are per thread */
    if (setjmp(jb) == 0) {
        tl_jmp = &jb;
        glp_error_hook(error_hook, NULL);
        if (J->ctx.job && J->ctx.job->mem_limit_mb > 0)
            glp_mem_limit(J->ctx.job->mem_limit_mb);
        run_search(J);
    }
    tl_jmp = NULL;
    t_free_all();
    glp_free_env(); /* this thread's GLPK environment */
    return NULL;
}

/* Large models with day groups: interior point for the LP relaxation (its
 * values and objective, no basis), relax-and-fix by day for the first plan,
 * then window passes until the deadline.  GLPK's branch and bound is left
 * out here: its node LPs carry the whole week (seconds each at this size) and
 * never moved the bound within a minute (measured).  Returns false when it
 * found nothing (the caller falls back to the simplex path). */
static bool decomposition_solve(glp_prob *lp, const pp_mip *m, const merged *A, double deadline,
                                double mip_gap, int threads, cb_ctx *ctx, pp_mip_result *res)
{
    glp_iptcp ipp;
    glp_init_iptcp(&ipp);
    ipp.msg_lev = GLP_MSG_OFF;
    if (glp_interior(lp, &ipp) != 0 || glp_ipt_status(lp) != GLP_OPT)
        return false;
    double lp_obj = glp_ipt_obj_val(lp);
    job_bound(ctx->job, lp_obj);
    report(ctx, "%6.1f s  LP relaxation %.2f by interior point (%zu rows, %zu columns)",
           now_seconds() - ctx->t0, lp_obj, m->nrows, m->ncols);
    double *hx = t_malloc((m->ncols + 1) * sizeof *hx);
    if (!hx)
        return false;
    for (size_t j = 0; j < m->ncols; j++)
        hx[j + 1] = glp_ipt_col_prim(lp, (int)j + 1);
    /* What the second search reads lives on the heap, not on this stack: after
     * a GLPK error this thread longjmps past this frame and joins it later. */
    decomp_state *D = t_calloc(1, sizeof *D);
    double *x0 = t_malloc((m->ncols + 1) * sizeof *x0); /* the second search's plan */
    if (!D || !x0 || !cut_rounds(lp, m, A, deadline, hx, &lp_obj, ctx, &D->cm)) {
        t_free(hx);
        t_free(x0);
        t_free(D);
        return false;
    }
    job_bound(ctx->job, lp_obj);
    memcpy(x0, hx, (m->ncols + 1) * sizeof *x0);
    /* Two searches, on two threads when the caller allows: the same model (with
     * its cuts when they are used) from the same LP point, whose first plans
     * round up from different fractions.  Their paths differ from the first day
     * on, and the cheaper plan of the two is taken (the first on a tie): each
     * is deterministic, so the pair is too, unless the time limit stops one. */
    ctx->bound = lp_obj; /* the bound the progress lines quote on this path */
    bool cuts_used = D->cm.A.nz > 0;
    const pp_mip *ms = cuts_used ? &D->cm.m : m;
    const merged *As = cuts_used ? &D->cm.A : A;
    search_job *job = D->job;
    job[0] = (search_job){.m = ms, .A = As, .hx = hx, .lean = DIVE_UP_FRACTION};
    job[1] = (search_job){.m = ms, .A = As, .hx = x0, .lean = SECOND_LEAN};
    D->quiet = *ctx->p;
    D->quiet.verbosity = 0; /* one voice on the progress callback */
    D->quiet.progress = NULL;
    for (int k = 0; k < 2; k++) {
        job[k].ctx = *ctx;
        job[k].hobj = lp_obj;
        job[k].deadline = deadline;
        job[k].mip_gap = mip_gap;
        job[k].lp_obj = lp_obj;
    }
    job[1].ctx.p = &D->quiet;
    job[1].ctx.rf_tail_frac = job[1].ctx.tail_frac = SECOND_TAIL_FRACTIONAL;
    job[1].ctx.rf_tail_nodes = job[1].ctx.tail_nodes = SECOND_TAIL_NODES;
    /* A limit short for the model's size (under 1 ms per column: relax-and-fix
     * by day may not finish, e.g. about 25 s for data/example's 13,893 columns
     * on a loaded machine): one search -- the second when there are two --
     * runs the window passes from the constructive plan instead, so that the
     * time improves a plan it already has (data/example at 10 s: about 498,000
     * instead of the constructive 692,969). */
    int fallback = threads > 1 ? 1 : 0;
    if (ctx->job && ctx->job->have_start && ctx->p->time_limit_seconds > 0 &&
        ctx->p->time_limit_seconds < 1e-3 * (double)m->ncols) {
        search_job *S = &job[fallback];
        memcpy(S->hx + 1, ctx->job->start_x, m->ncols * sizeof *S->hx);
        S->hobj = ctx->job->start_obj;
        S->from_start = true;
    }
    /* Longer limits: that search still starts with relax-and-fix, and turns to
     * the window passes from the constructive plan once a day uses up its share
     * of the time (a loaded machine): the time then improves a plan rather than
     * ending with none.  A solve that keeps pace is unchanged. */
    job[fallback].ctx.rf_pace = ctx->job && ctx->job->have_start;
    pthread_t tid;
    bool second = threads > 1 && pthread_create(&tid, NULL, search_thread, &job[1]) == 0;
    if (second && ctx->job) {
        ctx->job->second_tid = tid;
        ctx->job->second_running = true;
    }
    run_search(&job[0]);
    if (second) {
        pthread_join(tid, NULL);
        if (ctx->job)
            ctx->job->second_running = false;
    }
    *ctx = job[0].ctx;
    int best = job[0].found ? 0 : -1;
    if (second && job[1].found && (best < 0 || job[1].hobj < job[0].hobj - 1e-9))
        best = 1;
    cut_model_free(&D->cm);
    if (best < 0) {
        t_free(hx);
        t_free(x0);
        t_free(D);
        return false;
    }
    double hobj = job[best].hobj;
    if (second) {
        char a[32] = "no plan", b[32] = "no plan";
        if (job[0].found)
            snprintf(a, sizeof a, "%.2f", job[0].hobj);
        if (job[1].found)
            snprintf(b, sizeof b, "%.2f", job[1].hobj);
        if (job[1].from_start)
            report(ctx, "%6.1f s  two searches: %s (up from %.1f), %s (from the constructive plan)",
                   now_seconds() - ctx->t0, a, DIVE_UP_FRACTION, b);
        else
            report(ctx, "%6.1f s  two searches: %s (up from %.1f), %s (up from %.1f)",
                   now_seconds() - ctx->t0, a, DIVE_UP_FRACTION, b, SECOND_LEAN);
    }
    res->heuristic_objective = fmin(job[0].rf_obj, second ? job[1].rf_obj : INFINITY);
    res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
    if (!res->x) {
        tl_oom = true;
        t_free(hx);
        t_free(x0);
        t_free(D);
        return false;
    }
    memcpy(res->x, job[best].hx + 1, m->ncols * sizeof *res->x);
    t_free(hx);
    t_free(x0);
    t_free(D);
    res->objective = hobj;
    res->lp_objective = res->bound = fmin(lp_obj, hobj);
    res->status = (hobj - lp_obj) / fmax(fabs(hobj), 1e-9) <= mip_gap ? PP_MIP_OPTIMAL
                                                                       : PP_MIP_FEASIBLE;
    return true;
}

/* Root LP relaxation.  Small models: dual simplex from a crash basis.  Large
 * ones (>= IPM_MIN_COLS columns): GLPK's dual simplex needs tens of thousands
 * of degenerate pivots there (54 s on the 47,000-column weekly instance, 3.5 s
 * with the interior-point method), but the branch and bound and the diving
 * need an optimal *basis*, and GLPK has no crossover.  So we do a cheap one:
 * solve with glp_interior, fix every column the interior solution leaves at
 * its lower bound (zero in every optimal solution, up to tolerance), solve
 * that restricted LP with the dual simplex (few columns, fast), free the
 * columns again and finish with the primal simplex from that basis (still
 * primal feasible: the freed columns sit nonbasic at their bound), which
 * prices the freed columns in and proves optimality for the full LP.  Any
 * failure falls back to the plain dual simplex.  Returns glp_simplex's code. */
static int solve_root(glp_prob *lp, const pp_mip *m, double deadline, cb_ctx *ctx)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_OFF;
    sp.meth = GLP_DUALP; /* 3-4x faster than primal on these models (measured) */
    if (m->ncols >= IPM_MIN_COLS) {
        glp_iptcp ipp;
        glp_init_iptcp(&ipp);
        ipp.msg_lev = GLP_MSG_OFF;
        size_t n = m->ncols;
        unsigned char *fixed = t_calloc(n, 1);
        /* (the decomposition may have solved it already) */
        if (fixed && (glp_ipt_status(lp) == GLP_OPT ||
                      (glp_interior(lp, &ipp) == 0 && glp_ipt_status(lp) == GLP_OPT))) {
            size_t nfix = 0;
            for (size_t j = 0; j < n; j++)
                if (isfinite(m->col_lb[j]) && m->col_lb[j] != m->col_ub[j] &&
                    glp_ipt_col_prim(lp, (int)j + 1) - m->col_lb[j] < 1e-6) {
                    glp_set_col_bnds(lp, (int)j + 1, GLP_FX, m->col_lb[j], m->col_lb[j]);
                    fixed[j] = 1;
                    nfix++;
                }
            report(ctx, "%6.1f s  interior point %.2f, %zu of %zu columns at their bound",
                   now_seconds() - ctx->t0, glp_ipt_obj_val(lp), nfix, n);
            sp.tm_lim = ms_left(deadline);
            int rc = glp_simplex(lp, &sp);
            bool ok = rc == 0 && glp_get_status(lp) == GLP_OPT;
            for (size_t j = 0; j < n; j++)
                if (fixed[j])
                    glp_set_col_bnds(lp, (int)j + 1, bound_type(m->col_lb[j], m->col_ub[j]),
                                     m->col_lb[j],
                                     isfinite(m->col_ub[j]) ? m->col_ub[j] : 0);
            t_free(fixed);
            if (ok) {
                report(ctx, "%6.1f s  restricted LP %.2f (%d pivots)", now_seconds() - ctx->t0,
                       glp_get_obj_val(lp), glp_get_it_cnt(lp));
                sp.meth = GLP_PRIMAL;
                sp.tm_lim = ms_left(deadline);
                rc = glp_simplex(lp, &sp);
                if (rc == 0 && glp_get_status(lp) == GLP_OPT)
                    return rc;
                if (rc == GLP_ETMLIM)
                    return rc;
                sp.meth = GLP_DUALP;
            }
            glp_adv_basis(lp, 0);
        } else
            t_free(fixed);
    }
    sp.tm_lim = ms_left(deadline);
    return glp_simplex(lp, &sp);
}

/* The search itself, on the solver thread: J's model, matrix and parameters;
 * the outcome in J->res (res->x from pp_malloc), the status returned. */
static pp_status solve_body(solve_job *J, double t0, pp_mip_result *res, pp_error *err)
{
    const pp_mip *m = &J->m;
    const pp_mip_params *p = &J->p;
    const merged *Am = &J->A;
    pp_status st = PP_OK;
    double limit = p->time_limit_seconds > 0 ? p->time_limit_seconds : 1e9;
    double deadline = t0 + limit;
    const char *path = J->write_model_path;
    size_t plen = path ? strlen(path) : 0;
    bool want_lp = plen > 3 && strcmp(path + plen - 3, ".lp") == 0;
    size_t nint = 0;
    for (size_t j = 0; j < m->ncols; j++)
        nint += m->col_int[j] != 0;

    glp_term_hook(silent_hook, NULL);
    glp_prob *lp = NULL;
    double *hx = NULL;
    lp = build(m, Am);
    if (path) {
        int wrc = want_lp ? glp_write_lp(lp, NULL, path) : glp_write_mps(lp, GLP_MPS_FILE, NULL, path);
        if (wrc != 0) {
            st = pp_error_set(err, PP_EIO, "cannot write the model to '%s'", path);
            goto cleanup;
        }
    }
    /* Coverage fractions, hours and seat counts differ by orders of magnitude:
     * scaling makes the simplex steps better conditioned (as glpsol does). */
    glp_scale_prob(lp, GLP_SF_AUTO);
    glp_adv_basis(lp, 0); /* a triangular crash basis: far fewer pivots than all-slack */
    cb_ctx ctx = {.job = J, .p = p, .t0 = t0, .last_report = t0, .bound = -INFINITY,
                  .rf_tail_frac = RF_TAIL_FRACTIONAL, .rf_tail_nodes = RF_TAIL_NODES,
                  .tail_frac = TAIL_FRACTIONAL, .tail_nodes = TAIL_NODES,
                  .incumbent = INFINITY};

    if (m->col_group && p->rounding_heuristic && m->ncols >= p->decompose_min_cols) {
        if (decomposition_solve(lp, m, Am, deadline - 0.01 * limit, p->mip_gap, p->threads,
                                &ctx, res)) {
            res->seconds = now_seconds() - t0;
            goto cleanup;
        }
        report(&ctx, "%6.1f s  decomposition found no plan; simplex and branch and bound",
               now_seconds() - t0);
    }
    int rc = solve_root(lp, m, deadline, &ctx);
    bool lp_ok = rc == 0 && glp_get_status(lp) == GLP_OPT;
    if (rc == GLP_ETMLIM) {
        res->seconds = now_seconds() - t0;
        goto cleanup; /* NOSOLUTION: not even the relaxation within the limit */
    }
    if (rc == 0 && (glp_get_status(lp) == GLP_NOFEAS || glp_get_status(lp) == GLP_INFEAS)) {
        /* Primal simplex ends with GLP_NOFEAS when the relaxation is infeasible. */
        if (glp_get_status(lp) == GLP_NOFEAS) {
            res->status = PP_MIP_INFEASIBLE;
            res->seconds = now_seconds() - t0;
            goto cleanup;
        }
    }
    if (rc == 0 && glp_get_status(lp) == GLP_UNBND) {
        st = pp_error_set(err, PP_EINTERNAL, "glpk: the model is unbounded (internal error)");
        goto cleanup;
    }
    if (lp_ok) {
        res->lp_objective = glp_get_obj_val(lp);
        job_bound(J, res->lp_objective);
        report(&ctx, "%6.1f s  LP relaxation (%d pivots)", now_seconds() - t0, glp_get_it_cnt(lp));
        report(&ctx, "%6.1f s  LP relaxation %.2f (%zu rows, %zu columns, %zu integer)",
               now_seconds() - t0, res->lp_objective, m->nrows, m->ncols, nint);
    }
    if (lp_ok && nint == 0) {
        res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
        if (!res->x) {
            st = pp_error_set(err, PP_ENOMEM, "out of memory");
            goto cleanup;
        }
        for (size_t j = 0; j < m->ncols; j++)
            res->x[j] = glp_get_col_prim(lp, (int)j + 1);
        res->objective = res->bound = res->lp_objective;
        res->status = PP_MIP_OPTIMAL;
        res->seconds = now_seconds() - t0;
        goto cleanup;
    }
    hx = t_malloc((m->ncols + 1) * sizeof *hx);
    if (!hx) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    bool have_heur = false;
    double hobj = INFINITY;
    if (lp_ok && p->rounding_heuristic) {
        have_heur = rounding_heuristic(lp, m, deadline, 4, hx, &hobj);
        if (have_heur) {
            res->heuristic_objective = hobj;
            ctx.heur_x = hx;
            report(&ctx, "%6.1f s  rounding heuristic incumbent %.2f (LP gap %.3f%%)",
                   now_seconds() - t0, hobj,
                   100.0 * (hobj - res->lp_objective) / fmax(fabs(hobj), 1e-9));
            /* Only big models: small ones are solved faster by the branch and bound. */
            double gap = (hobj - res->lp_objective) / fmax(fabs(hobj), 1e-9);
            job_publish(J, hx + 1, hobj);
            if (m->col_group && nint > 1500 && gap > p->mip_gap) {
                double now = now_seconds();
                ctx.bound = res->lp_objective;
                window_search(m, Am, now + 0.85 * (deadline - now), hx, &hobj, &ctx);
                res->heuristic_objective = hobj;
            }
        }
    }
    if (lp_ok && !have_heur && J->have_start) {
        /* no rounded plan (rounding off, or it failed): the caller's plan is
         * GLPK's first incumbent, and the fallback answer */
        memcpy(hx + 1, J->start_x, m->ncols * sizeof *hx);
        hobj = J->start_obj;
        have_heur = true;
        ctx.heur_x = hx;
        report(&ctx, "%6.1f s  constructive plan %.2f is the first incumbent", now_seconds() - t0,
               hobj);
    }

    glp_iocp ip;
    glp_init_iocp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    ip.presolve = lp_ok ? GLP_OFF : GLP_ON;
    ip.mip_gap = p->mip_gap > 0 ? p->mip_gap : 0;
    ip.tm_lim = ms_left(deadline);
    ip.cb_func = callback;
    ip.cb_info = &ctx;
    ctx.mip = lp_ok ? m : NULL; /* presolve off: GLPK's columns are ours */
    /* Shift variables of one vendor and day are near-substitutes: branching on the
     * most fractional one and diving toward the LP solution finds integer plans fast. */
    ip.br_tech = GLP_BR_DTH;
    ip.bt_tech = GLP_BT_BLB;
    /* Measured on the 2-day bench instance: GMI/MIR cuts, proximity search and
     * pseudocost branching did not beat these defaults within 20 s. */
    rc = glp_intopt(lp, &ip);
    int mst = glp_mip_status(lp);
    res->seconds = now_seconds() - t0;
    res->nodes = ctx.nodes;
    bool use_glpk = false;
    if (rc == GLP_ENOPFS || mst == GLP_NOFEAS) {
        res->status = PP_MIP_INFEASIBLE;
    } else if (mst == GLP_OPT) {
        res->status = PP_MIP_OPTIMAL;
        use_glpk = true;
    } else if (mst == GLP_FEAS) {
        /* Stopping at the requested gap is "optimal within mip_gap" (plan.h). */
        res->status = rc == GLP_EMIPGAP ? PP_MIP_OPTIMAL : PP_MIP_FEASIBLE;
        use_glpk = true;
    } else if (rc == GLP_ETMLIM || rc == GLP_ESTOP) {
        if (have_heur) {
            res->status = PP_MIP_FEASIBLE; /* the limit hit before GLPK took our incumbent */
        } else
            res->status = PP_MIP_NOSOLUTION;
    } else {
        st = pp_error_set(err, PP_EINTERNAL, "glpk: glp_intopt failed (rc=%d, status=%d)", rc,
                          mst);
        goto cleanup;
    }
    if (res->status == PP_MIP_INFEASIBLE || res->status == PP_MIP_NOSOLUTION)
        goto cleanup;
    res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
    if (!res->x) {
        st = pp_error_set(err, PP_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (use_glpk) {
        for (size_t j = 0; j < m->ncols; j++)
            res->x[j] = glp_mip_col_val(lp, (int)j + 1);
        res->objective = glp_mip_obj_val(lp);
    } else {
        memcpy(res->x, hx + 1, m->ncols * sizeof *res->x);
        res->objective = hobj;
    }
    /* The bound: exhaustive search proves the incumbent; otherwise the best open
     * node's bound (never below the root LP, never above the incumbent). */
    double bound = rc == 0 ? res->objective : ctx.bound;
    if (isfinite(res->lp_objective) && !(bound >= res->lp_objective))
        bound = res->lp_objective;
    if (!isfinite(bound) || bound > res->objective)
        bound = res->objective;
    res->bound = bound;
cleanup:
    if (lp)
        glp_delete_prob(lp);
    glp_term_hook(NULL, NULL);
    t_free(hx);
    return st;
}

/* ------------------------------------------------------------------------ */
/* The solver thread and the waiting caller                                  */

static void job_release(solve_job *J)
{
    pthread_mutex_lock(&J->lock);
    int left = --J->refs;
    pthread_mutex_unlock(&J->lock);
    if (left > 0)
        return;
    pthread_mutex_destroy(&J->lock);
    pthread_cond_destroy(&J->cond);
    pp_mip_free(&J->m);
    merged_free(&J->A);
    pp_free(J->write_model_path);
    pp_free(J->best_x);
    pp_free(J->start_x);
    pp_free(J->res.x);
    pp_free(J);
}

/* Runs solve_body with GLPK's error hook set (see the top of this file). */
static void job_run(solve_job *J, double t0)
{
    jmp_buf jb;
    tl_cancel = &J->cancel;
    tl_oom = false;
    tl_glpk_msg[0] = 0;
    glp_term_hook(silent_hook, NULL);
    if (setjmp(jb) == 0) {
        tl_jmp = &jb;
        glp_error_hook(error_hook, NULL);
        if (J->mem_limit_mb > 0)
            glp_mem_limit(J->mem_limit_mb);
        J->st = solve_body(J, t0, &J->res, &J->err);
    } else {
        /* GLPK failed inside a call and would have aborted.  A second search
         * thread may still be running on our blocks: stop it and wait first. */
        tl_jmp = NULL;
        if (J->second_running) {
            atomic_store(&J->cancel, true);
            pthread_join(J->second_tid, NULL);
            J->second_running = false;
        }
        pp_free(J->res.x);
        J->res.x = NULL;
        bool mem = strstr(tl_glpk_msg, "memory") != NULL || strstr(tl_glpk_msg, "limit") != NULL;
        J->st = pp_error_set(&J->err, mem ? PP_ENOMEM : PP_EINTERNAL, "glpk: %s",
                             tl_glpk_msg[0] ? tl_glpk_msg : "internal error");
    }
    tl_jmp = NULL;
    t_free_all();
    glp_error_hook(NULL, NULL);
    glp_free_env(); /* all of this thread's GLPK objects; required after the error hook */
    if (tl_oom && J->st == PP_OK) {
        pp_free(J->res.x);
        J->res.x = NULL;
        J->st = pp_error_set(&J->err, PP_ENOMEM, "solver: out of memory");
    }
    tl_cancel = NULL;
}

typedef struct worker_arg {
    solve_job *J;
    double t0;
} worker_arg;

static void *solve_worker(void *arg)
{
    worker_arg *w = arg;
    solve_job *J = w->J;
    double t0 = w->t0;
    pp_free(w);
    job_run(J, t0);
    pthread_mutex_lock(&J->lock);
    J->done = true;
    pthread_cond_broadcast(&J->cond);
    pthread_mutex_unlock(&J->lock);
    job_release(J);
    return NULL;
}

/* Whether x (ncols values) satisfies every bound, integrality and row of m
 * (tolerance 1e-6, relative for large rows); its objective in *obj.  On a
 * violation *why names it. */
static bool start_feasible(const pp_mip *m, const double *x, double *obj, char *why,
                           size_t whylen)
{
    double *act = t_calloc(m->nrows ? m->nrows : 1, sizeof *act);
    double *mag = t_calloc(m->nrows ? m->nrows : 1, sizeof *mag);
    bool ok = act && mag;
    if (!ok)
        snprintf(why, whylen, "out of memory");
    double o = m->obj_offset;
    for (size_t j = 0; ok && j < m->ncols; j++) {
        double v = x[j];
        if (!isfinite(v) || v < m->col_lb[j] - 1e-9 || v > m->col_ub[j] + 1e-9 ||
            (m->col_int[j] && v != floor(v))) {
            snprintf(why, whylen, "column %zu = %g outside [%g, %g]%s", j, v, m->col_lb[j],
                     m->col_ub[j], m->col_int[j] ? " or not whole" : "");
            ok = false;
        }
        o += m->col_cost[j] * v;
    }
    for (size_t k = 0; ok && k < m->nnz; k++) {
        act[m->ti[k]] += m->tv[k] * x[m->tj[k]];
        mag[m->ti[k]] += fabs(m->tv[k] * x[m->tj[k]]);
    }
    for (size_t i = 0; ok && i < m->nrows; i++) {
        double tol = 1e-6 * fmax(1, mag[i]);
        if (act[i] < m->row_lb[i] - tol || act[i] > m->row_ub[i] + tol) {
            snprintf(why, whylen, "row %zu = %g outside [%g, %g]", i, act[i], m->row_lb[i],
                     m->row_ub[i]);
            ok = false;
        }
    }
    t_free(act);
    t_free(mag);
    *obj = o;
    return ok;
}

/* A lower bound that needs no LP: each column at the cheaper end of its box. */
static double box_bound(const pp_mip *m)
{
    double b = m->obj_offset;
    for (size_t j = 0; j < m->ncols; j++) {
        double c = m->col_cost[j];
        double v = c > 0 ? c * m->col_lb[j] : c < 0 ? c * m->col_ub[j] : 0;
        b += v;
    }
    return isnan(b) ? -INFINITY : b;
}

static solve_job *job_new(const pp_mip *m, const pp_mip_params *p)
{
    solve_job *J = pp_calloc(1, sizeof *J);
    if (!J)
        return NULL;
    if (pthread_mutex_init(&J->lock, NULL) != 0) {
        pp_free(J);
        return NULL;
    }
    pthread_condattr_t ca;
    bool cond_ok = pthread_condattr_init(&ca) == 0;
    if (cond_ok) {
        pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
        cond_ok = pthread_cond_init(&J->cond, &ca) == 0;
        pthread_condattr_destroy(&ca);
    }
    if (!cond_ok) {
        pthread_mutex_destroy(&J->lock);
        pp_free(J);
        return NULL;
    }
    J->refs = 1;
    atomic_init(&J->cancel, false);
    J->res.status = PP_MIP_NOSOLUTION;
    J->res.objective = J->res.bound = J->res.lp_objective = NAN;
    J->res.heuristic_objective = INFINITY;
    J->best_obj = INFINITY;
    J->bound = -INFINITY;
    J->p = *p;
    J->user_progress = p->progress;
    J->user_userdata = p->progress_userdata;
    J->p.progress = p->progress ? job_progress : NULL;
    J->p.progress_userdata = J;
    J->p.write_model_path = NULL;
    J->p.start_x = NULL;
    J->mem_limit_mb = p->glpk_mem_limit_mb;
    bool ok = pp_mip_clone(m, &J->m, false) && merge_matrix(m, &J->A) &&
              (J->best_x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *J->best_x)) != NULL;
    if (ok && p->write_model_path)
        ok = (J->write_model_path = pp_strdup(p->write_model_path)) != NULL;
    if (!ok) {
        job_release(J);
        return NULL;
    }
    return J;
}

pp_status pp_mip_solve(const pp_mip *m, const pp_mip_params *p, pp_mip_result *res,
                       pp_error *err)
{
    memset(res, 0, sizeof *res);
    res->status = PP_MIP_NOSOLUTION;
    res->objective = res->bound = res->lp_objective = NAN;
    res->heuristic_objective = INFINITY;
    double t0 = now_seconds();
    double limit = p->time_limit_seconds > 0 ? p->time_limit_seconds : 1e9;
    pp_status st = validate(m, err);
    if (st != PP_OK)
        return st;
    const char *path = p->write_model_path;
    size_t plen = path ? strlen(path) : 0;
    bool want_lp = plen > 3 && strcmp(path + plen - 3, ".lp") == 0;
    bool want_mps = plen > 4 && strcmp(path + plen - 4, ".mps") == 0;
    if (path && !want_lp && !want_mps)
        return pp_error_set(err, PP_EINVAL, "--write-model: '%s' must end in .lp or .mps", path);
    solve_job *J = job_new(m, p);
    if (!J)
        return pp_error_set(err, PP_ENOMEM, "model: out of memory");
    if (p->start_x) {
        char why[160];
        double obj = INFINITY;
        bool ok = start_feasible(m, p->start_x, &obj, why, sizeof why);
        t_free_all(); /* start_feasible's blocks, should it have left any */
        if (tl_oom) {
            tl_oom = false;
            job_release(J);
            return pp_error_set(err, PP_ENOMEM, "solver: out of memory");
        }
        if (ok) {
            J->start_x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *J->start_x);
            if (!J->start_x) {
                job_release(J);
                return pp_error_set(err, PP_ENOMEM, "solver: out of memory");
            }
            memcpy(J->start_x, p->start_x, m->ncols * sizeof *J->start_x);
            memcpy(J->best_x, p->start_x, m->ncols * sizeof *J->best_x);
            J->start_obj = J->best_obj = obj;
            J->have_start = true;
            if (p->progress && p->verbosity > 0) {
                char line[256];
                snprintf(line, sizeof line, "%6.1f s  constructive plan %.2f (kept until the "
                         "search finds a cheaper one)", now_seconds() - t0, obj);
                p->progress(p->progress_userdata, line);
            }
        } else if (p->progress && p->verbosity > 0) {
            char line[256];
            snprintf(line, sizeof line, "%6.1f s  the constructive plan is not feasible (%s); "
                     "ignored", now_seconds() - t0, why);
            p->progress(p->progress_userdata, line);
        }
    }
    /* The search runs on its own thread; this one waits and returns by the
     * deadline (or half a second after an interrupt) whatever the search is doing:
     * some GLPK calls (interior point, a long simplex) cannot be stopped from
     * outside, and the search stops itself at its next check. */
    J->refs = 2;
    pthread_t tid;
    worker_arg *w = pp_malloc(sizeof *w);
    bool threaded = false;
    if (w) {
        *w = (worker_arg){J, t0};
        threaded = pthread_create(&tid, NULL, solve_worker, w) == 0;
        if (threaded)
            pthread_detach(tid);
        else
            pp_free(w);
    }
    if (!threaded) { /* no thread: solve here (no give-up, the stop checks still work) */
        J->refs = 1;
        job_run(J, t0);
        J->done = true;
    }
    /* The search's own deadline is the limit (it publishes every plan as it
     * finds it), so little grace is needed for it to return by itself. */
    double grace = fmin(0.25, 0.05 * limit);
    double hard = t0 + limit + grace, stop_seen = INFINITY;
    bool done;
    pthread_mutex_lock(&J->lock);
    while (!(done = J->done)) {
        double now = now_seconds();
        if (pp_interrupt_requested() && !isfinite(stop_seen))
            stop_seen = now;
        if (now >= hard || now >= stop_seen + 0.5)
            break;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += 50 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&J->cond, &J->lock, &ts);
    }
    if (!done) {
        J->abandoned = true;
        atomic_store(&J->cancel, true);
    }
    pthread_mutex_unlock(&J->lock);
    /* From here on the solver thread (if still running) touches only J, under its lock. */
    pthread_mutex_lock(&J->lock);
    if (done && J->st != PP_OK) {
        st = J->st;
        if (err)
            *err = J->err;
        pthread_mutex_unlock(&J->lock);
        job_release(J);
        return st;
    }
    bool interrupted = pp_interrupt_requested() != 0;
    if (done) {
        *res = J->res;
        J->res.x = NULL;
    } else {
        res->status = PP_MIP_NOSOLUTION;
        res->nodes = 0;
    }
    /* The search's answer, unless the best plan seen (the caller's start, or an
     * incumbent published before the search was given up) is cheaper. */
    bool have = res->x && (res->status == PP_MIP_OPTIMAL || res->status == PP_MIP_FEASIBLE);
    if (isfinite(J->best_obj) && (!have || J->best_obj < res->objective - 1e-9) &&
        (res->status != PP_MIP_INFEASIBLE || J->have_start)) {
        if (!res->x)
            res->x = pp_malloc((m->ncols ? m->ncols : 1) * sizeof *res->x);
        if (!res->x) {
            pthread_mutex_unlock(&J->lock);
            job_release(J);
            return pp_error_set(err, PP_ENOMEM, "solver: out of memory");
        }
        memcpy(res->x, J->best_x, m->ncols * sizeof *res->x);
        res->objective = J->best_obj;
        /* a proven bound: the search's, else the LP's, else the box of the columns */
        double b = isfinite(res->bound) && have ? res->bound : J->bound;
        if (!isfinite(b))
            b = fmax(box_bound(m), isfinite(p->start_bound) ? p->start_bound : -INFINITY);
        res->bound = fmin(b, res->objective);
        res->status = (res->objective - res->bound) / fmax(fabs(res->objective), 1e-9) <=
                              p->mip_gap
                          ? PP_MIP_OPTIMAL
                          : PP_MIP_FEASIBLE;
        have = true;
    }
    pthread_mutex_unlock(&J->lock);
    if (have && interrupted && res->status != PP_MIP_OPTIMAL)
        res->status = PP_MIP_INTERRUPTED;
    res->seconds = now_seconds() - t0;
    job_release(J);
    return PP_OK;
}
