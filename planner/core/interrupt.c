/* interrupt.c -- the process-wide stop request (see include/peakplan/interrupt.h).
 * A lock-free atomic int is async-signal-safe in C11 and visible to every thread. */
#include "peakplan/interrupt.h"

#include <stdatomic.h>

static atomic_int stop_requested;

void pp_interrupt_request(void) { atomic_store(&stop_requested, 1); }
int pp_interrupt_requested(void) { return atomic_load(&stop_requested); }
void pp_interrupt_clear(void) { atomic_store(&stop_requested, 0); }
