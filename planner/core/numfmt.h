/*
 * numfmt.h (private) -- numbers into text for the output files, fast.
 *
 * A what-if batch writes some 40 MB of CSV (data/example, 21 plans), nearly all of
 * it fixed-decimal numbers; through fprintf("%.*f") that took 1.7 s on one thread
 * at the end of the batch.  pp_format_fixed writes the same bytes as snprintf's
 * "%.*f" in the C locale (the golden tests compare output byte for byte), from
 * integer digits where the rounding is certain and through snprintf where it is
 * not (a value within the product's rounding error of a half, huge values).
 */
#ifndef PEAKPLAN_PRIVATE_NUMFMT_H
#define PEAKPLAN_PRIVATE_NUMFMT_H

#include <float.h>
#include <stddef.h>

/* Room for any value pp_format_fixed writes with decimals <= PP_FIXED_MAX_DECIMALS. */
#define PP_FIXED_MAX_DECIMALS 17
#define PP_FIXED_BUF (DBL_MAX_10_EXP + 1 + 3 + PP_FIXED_MAX_DECIMALS + 1)

/* Writes v as snprintf(buf, PP_FIXED_BUF, "%.*f", decimals, v) would in the C locale
 * (decimals 0 .. PP_FIXED_MAX_DECIMALS; inf, nan and -0 as printf writes them) and
 * returns the length.  buf holds PP_FIXED_BUF bytes. */
size_t pp_format_fixed(char *buf, double v, int decimals);

#endif
