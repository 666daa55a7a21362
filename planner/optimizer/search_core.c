/*
 * search_core.c -- what every part of the search leans on: each solver
 * thread's tracked memory, the job's shared best plan and bound, progress
 * lines, and the clock.
 *
 * Design
 * ------
 * The search runs on one or two solver threads (solve.c, search_decomp.c)
 * while the caller's thread waits for it.  Two things shape this file.
 * First, GLPK may end any call by a longjmp out of the search (lp.h,
 * pp_lp_guard: out of memory, or the memory limit), so a frame cannot count
 * on reaching its own cleanup: every buffer goes on the thread's list of
 * live blocks (pp_tmalloc) and the thread's entry frees what is left
 * (pp_tfree_all).  The list is an intrusive doubly linked header in front of
 * each block, so freeing one is O(1) and the blocks need no arena size.
 * Second, the caller may give up on the search at its deadline: every plan
 * and bound the search finds is published into the job at once
 * (pp_search_publish, under the job's lock), so the caller always answers
 * with the best plan found so far, and the search polls stop_asked()
 * (search.h) between solver calls and hands GLPK only the time left
 * (pp_search_ms_left).
 */
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "optimizer/search.h"

/* ------------------------------------------------------------------------ */
/* Tracked blocks                                                            */

typedef union tblock {
    struct {
        union tblock *prev, *next;
    } l;
    max_align_t align;
} tblock;

static _Thread_local tblock *tl_blocks; /* this thread's live blocks */
_Thread_local bool pp_search_oom;
_Thread_local atomic_bool *pp_search_cancel;
_Thread_local atomic_bool *pp_search_enough;

static void *t_link(tblock *b)
{
    if (!b) {
        pp_search_oom = true;
        return NULL;
    }
    b->l.prev = NULL;
    b->l.next = tl_blocks;
    if (tl_blocks)
        tl_blocks->l.prev = b;
    tl_blocks = b;
    return b + 1;
}

void *pp_tmalloc(size_t size)
{
    if (size > SIZE_MAX - sizeof(tblock))
        return t_link(NULL);
    return t_link(pp_malloc(sizeof(tblock) + size));
}

void *pp_tcalloc(size_t count, size_t size)
{
    if (size && count > (SIZE_MAX - sizeof(tblock)) / size)
        return t_link(NULL);
    tblock *b = pp_malloc(sizeof(tblock) + count * size);
    if (b)
        memset(b + 1, 0, count * size);
    return t_link(b);
}

void pp_tfree(void *p)
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

void pp_tfree_all(void)
{
    while (tl_blocks) {
        tblock *b = tl_blocks;
        tl_blocks = b->l.next;
        pp_free(b);
    }
}

/* ------------------------------------------------------------------------ */
/* The job's best plan and bound, progress                                   */

/* Offers a complete plan (ncols values; feasible for the model) as the job's
 * best so far. */
void pp_search_publish(solve_job *J, const double *x, double obj)
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
void pp_search_offer_bound(solve_job *J, double bound)
{
    if (!J || !isfinite(bound))
        return;
    pthread_mutex_lock(&J->lock);
    if (bound > J->bound)
        J->bound = bound;
    pthread_mutex_unlock(&J->lock);
}

double pp_search_gap(double incumbent, double bound)
{
    if (!isfinite(incumbent) || !isfinite(bound))
        return NAN;
    return (incumbent - bound) / fmax(fabs(incumbent), 1e-9);
}

void pp_search_report(cb_ctx *c, pp_stage stage, double incumbent, double bound, double gap,
                      const char *fmt, ...)
{
    if (c->p->verbosity <= 0 || !c->p->progress)
        return;
    char note[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(note, sizeof note, fmt, ap);
    va_end(ap);
    pp_progress pr = {.elapsed_seconds = now_seconds() - c->t0,
                      .incumbent = isfinite(incumbent) ? incumbent : NAN,
                      .bound = isfinite(bound) ? bound : NAN,
                      .gap = gap,
                      .stage = stage,
                      .note = note};
    c->p->progress(&pr, c->p->progress_userdata);
}

/* Progress while the heuristics run (outside GLPK's tree, whose callback reports
 * on its own): at most every s->progress_seconds (5 s), elapsed, incumbent, bound and gap, so a
 * long solve is never silent.  `incumbent` may be INFINITY (none yet); c->bound holds the LP bound
 * on these paths. */
void pp_search_tick(cb_ctx *c, const char *what, double incumbent)
{
    double now = now_seconds();
    if (now - c->last_report < c->s->progress_seconds)
        return;
    c->last_report = now;
    if (isfinite(incumbent))
        pp_search_report(c, PP_STAGE_SEARCH, incumbent, c->bound,
                         pp_search_gap(incumbent, c->bound),
                         "%s  incumbent %.2f  bound %.2f  gap %.3f%%", what, incumbent, c->bound,
                         100.0 * (incumbent - c->bound) / fmax(fabs(incumbent), 1e-9));
    else
        pp_search_report(c, PP_STAGE_SEARCH, NAN, c->bound, NAN, "%s  no incumbent yet  bound %.2f",
                         what, c->bound);
}

/* Cut k of c as lp.h's 1-based index and value arrays (room for its terms + 1);
 * returns the number of terms. */
int pp_search_cut_row(const pp_mip_cuts *c, size_t k, int *ind, double *val)
{
    int len = 0;
    for (size_t e = c->first[k]; e < c->first[k + 1]; e++) {
        len++;
        ind[len] = (int)c->col[e] + 1;
        val[len] = c->coef[e];
    }
    return len;
}

/* GLPK's tm_lim for a call that must end by the deadline (1 ms once a stop is asked for). */
int pp_search_ms_left(double deadline)
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
