/*
 * interrupt.h -- asking running work to stop early and keep what it has.
 *
 * A planner who presses Ctrl-C after a minute of search wants the best plan
 * found so far, not nothing.  The CLI's signal handler calls
 * pp_interrupt_request(); every long loop in the library (the solver's
 * searches, the what-if scenario loop) polls pp_interrupt_requested() and, when
 * it is set, finishes with what it has: a plan stops with status
 * PP_PLAN_INTERRUPTED and its incumbent.  The flag is process-wide (one
 * lock-free atomic), so all threads see it.
 */
#ifndef PEAKPLAN_INTERRUPT_H
#define PEAKPLAN_INTERRUPT_H

#ifdef __cplusplus
extern "C" {
#endif

/* Sets the process-wide stop request.  Async-signal-safe. */
void pp_interrupt_request(void);
/* Nonzero once a stop was requested and not cleared.  Async-signal-safe. */
int pp_interrupt_requested(void);
/* Clears the request (a new job in a long-lived process starts clean). */
void pp_interrupt_clear(void);

#ifdef __cplusplus
}
#endif
#endif
