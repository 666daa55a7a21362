/*
 * shift_breaks.c -- the `breaks` cell of shifts.csv: several breaks per shift.
 *
 * A cell lists the breaks in time order, items joined by ';':
 *     LENGTH@EARLIEST-LATEST[:paid|:unpaid]     e.g. 15@90-150;60@210-330:unpaid
 * LENGTH minutes, starting EARLIEST to LATEST minutes (inclusive) after the
 * shift start; `:paid` / `:unpaid` (or the short forms `p` / `u` right after
 * LATEST: 15@90-150p) override the row's break_paid (default 0 = unpaid).
 * Checks: at most PP_MAX_BREAKS items, LENGTH > 0, each window inside the
 * shift (after its start, ending before its end, as for the single break),
 * and no overlap possible: break b + 1 never starts before break b's latest
 * placement has ended, so any placements form a valid day and keep the
 * breaks in order (the optimizer relies on this, docs/optimizer.md).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/workspace_internal.h"

/* A whole number 0..1440 at *p; advances *p.  False when none. */
static bool take_int(const char **p, int *out)
{
    while (**p == ' ')
        ++*p;
    if (!isdigit((unsigned char)**p))
        return false;
    long v = 0;
    while (isdigit((unsigned char)**p)) {
        v = v * 10 + (**p - '0');
        if (v > 1440)
            return false;
        ++*p;
    }
    *out = (int)v;
    return true;
}

bool pp_parse_shift_breaks(const char *cell, bool default_paid, int length_minutes,
                           pp_break_rule out[PP_MAX_BREAKS], int *nb, char *msg, size_t size)
{
    *nb = 0;
    const char *p = cell;
    for (int item = 1;; item++) {
        pp_break_rule R = {0, 0, 0, default_paid};
        if (*nb == PP_MAX_BREAKS) {
            snprintf(msg, size, "more than %d breaks", PP_MAX_BREAKS);
            return false;
        }
        if (!take_int(&p, &R.minutes) || *p++ != '@' || !take_int(&p, &R.earliest_offset) ||
            *p++ != '-' || !take_int(&p, &R.latest_offset)) {
            snprintf(msg, size,
                     "break %d: not LENGTH@EARLIEST-LATEST in minutes (e.g. "
                     "15@90-150;60@210-330:unpaid)",
                     item);
            return false;
        }
        if (strncmp(p, ":paid", 5) == 0 && !isalpha((unsigned char)p[5])) {
            R.paid = true;
            p += 5;
        } else if (strncmp(p, ":unpaid", 7) == 0) {
            R.paid = false;
            p += 7;
        } else if (*p == 'p' || *p == 'u') {
            R.paid = *p++ == 'p';
        }
        while (*p == ' ')
            p++;
        if (*p != ';' && *p != '\0') {
            snprintf(msg, size, "break %d: unexpected '%c' (a marker is :paid or :unpaid)", item,
                     *p);
            return false;
        }
        if (R.minutes <= 0) {
            snprintf(msg, size, "break %d: length must be above 0", item);
            return false;
        }
        if (R.latest_offset < R.earliest_offset) {
            snprintf(msg, size, "break %d: latest offset %d is before the earliest %d", item,
                     R.latest_offset, R.earliest_offset);
            return false;
        }
        if (R.earliest_offset < 1 || R.latest_offset + R.minutes >= length_minutes) {
            snprintf(msg, size,
                     "break %d: the window lies outside the shift (a %d-minute break must "
                     "start after the shift starts and end before it ends, length %d)",
                     item, R.minutes, length_minutes);
            return false;
        }
        if (*nb > 0) {
            const pp_break_rule *P = &out[*nb - 1];
            if (R.earliest_offset < P->latest_offset + P->minutes) {
                snprintf(msg, size,
                         "break %d may start (%d) before break %d ends (latest %d): windows "
                         "must not overlap",
                         item, R.earliest_offset, item - 1, P->latest_offset + P->minutes);
                return false;
            }
        }
        out[(*nb)++] = R;
        if (*p == '\0')
            return true;
        p++; /* ';' */
        while (*p == ' ')
            p++;
        if (*p == '\0') /* a trailing ';' */
            return true;
    }
}
