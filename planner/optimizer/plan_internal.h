/* plan_internal.h -- optimizer internals shared with the tests (not installed). */
#ifndef PEAKPLAN_PLAN_INTERNAL_H
#define PEAKPLAN_PLAN_INTERNAL_H

#include "optimizer/mip.h"
#include "peakplan/error.h"

/* Solves a hand-built MIP through the same adapter path pp_plan_solve uses
 * (LP relaxation, rounding incumbent, GLPK branch and bound). x (m->ncols
 * values) may be NULL. *lp_bound is the root LP relaxation. PP_EINFEASIBLE
 * when no solution was found. */
pp_status pp_plan_solve_mip(const pp_mip *m, double time_limit_seconds, double mip_gap,
                            double *objective, double *lp_bound, double *x, pp_error *err);

#endif
