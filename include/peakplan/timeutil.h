/*
 * timeutil.h -- calendar arithmetic on the workspace's local wall-clock time.
 *
 * Time is an int64_t count of minutes since 1970-01-01 00:00 of the
 * workspace's local clock (no zones, no DST: a workspace is one wall clock).
 * Days are int64_t counts since 1970-01-01.  Proleptic Gregorian calendar
 * (Howard Hinnant's days_from_civil algorithm).
 */
#ifndef PEAKPLAN_TIMEUTIL_H
#define PEAKPLAN_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PP_MINUTES_PER_DAY 1440

int64_t pp_days_from_civil(int year, int month, int day);
void pp_civil_from_days(int64_t days, int *year, int *month, int *day);
/* 0 = Monday ... 6 = Sunday. */
int pp_weekday(int64_t days);
/* Floor division of minutes to days (correct for negative times). */
int64_t pp_day_of_minute(int64_t minute);

/* Parses "YYYY-MM-DD" (exactly, valid calendar date). */
bool pp_parse_date(const char *s, int64_t *days);
/* Parses "YYYY-MM-DD HH:MM", "YYYY-MM-DDTHH:MM" (optionally ":SS" = 00) or a date
 * alone (then *date_only is set and the time is 00:00). date_only may be NULL. */
bool pp_parse_timestamp(const char *s, int64_t *minute, bool *date_only);
/* Parses "HH:MM" (00:00..24:00) into minutes after midnight. */
bool pp_parse_clock(const char *s, int *minutes);

/* Writes "YYYY-MM-DD HH:MM" (buf >= 17 bytes). */
void pp_format_timestamp(int64_t minute, char *buf, size_t size);
/* Writes "YYYY-MM-DD" (buf >= 11 bytes). */
void pp_format_date(int64_t days, char *buf, size_t size);
/* Writes "HH:MM" of the minute within its day (buf >= 6 bytes). */
void pp_format_clock(int64_t minute, char *buf, size_t size);

/* Parses a duration: a number of seconds, or a number with suffix s, m or h.
 * Returns false on anything else (negative, empty, unknown suffix). */
bool pp_parse_duration_seconds(const char *s, double *seconds);

#ifdef __cplusplus
}
#endif
#endif
