/*
 * error.h -- status codes and the caller-owned error record.
 *
 * Every fallible libpeakplan function returns a pp_status and takes a
 * `pp_error *err` as its last parameter (NULL allowed).  The record is fixed
 * size, so reporting never allocates and PP_ENOMEM can always be told.  The
 * first error set wins: later pp_error_set calls on an already-set record are
 * ignored, so the root cause survives; callers add context with
 * pp_error_prefix.  The library never prints and never exits.
 */
#ifndef PEAKPLAN_ERROR_H
#define PEAKPLAN_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pp_status {
    PP_OK = 0,
    PP_EINVAL,      /* bad input data or arguments (CLI exit 2) */
    PP_ENOMEM,      /* out of memory (exit 1) */
    PP_EIO,         /* an input cannot be read, an output path cannot be used (exit 2) */
    PP_ENUMERIC,    /* a numeric routine failed (exit 1) */
    PP_EINFEASIBLE, /* no feasible plan exists (exit 3) */
    PP_EINTERNAL,   /* solver or internal failure (exit 1) */
    PP_EWRITE,      /* writing an output failed: disk full, I/O error (exit 1) */
    PP_EINTERRUPTED, /* pp_interrupt_request() before any result existed (exit 130/143) */
    PP_ETIMELIMIT   /* the time limit ended before any plan was found (exit 1) */
} pp_status;

typedef struct pp_error {
    pp_status code;   /* PP_OK while nothing is set */
    char file[256];   /* input file the error is about, "" if none */
    long line;        /* 1-based line in `file`, 0 if unknown */
    long col;         /* 1-based CSV column (field number), 0 if unknown */
    char msg[768];    /* what is wrong (what was found) */
} pp_error;

/* Resets `err` to "no error". NULL is a no-op. */
void pp_error_clear(pp_error *err);

/* Records `code` and a printf-style message unless an error is already set.
 * Returns `code` (so `return pp_error_set(...)` reads naturally). */
pp_status pp_error_set(pp_error *err, pp_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* As pp_error_set, with the input location `file:line:col` (line/col 0 = unknown). */
pp_status pp_error_at(pp_error *err, pp_status code, const char *file, long line, long col,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* As pp_error_at, with the arguments as a va_list. */
pp_status pp_error_vset(pp_error *err, pp_status code, const char *file, long line, long col,
                        const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

/* Prepends "context: " to the message of an error that is set. */
void pp_error_prefix(pp_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Formats the error as "file:line:col: msg" (omitting unknown parts) into buf. */
void pp_error_format(const pp_error *err, char *buf, size_t size);

/* Stable lowercase name of a status code ("ok", "invalid input", ...). */
const char *pp_status_name(pp_status code);

/* Warnings (an unknown column, a fallback model) go to one process-wide sink.
 * The default sink discards them; the CLI installs one that prints to stderr.
 * The sink must be thread-safe if plans run on several threads. */
typedef void (*pp_warn_fn)(void *userdata, const char *message);
void pp_set_warn_handler(pp_warn_fn fn, void *userdata);
/* The handler set (NULL = none), its userdata into *userdata. */
pp_warn_fn pp_get_warn_handler(void **userdata);
void pp_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#ifdef __cplusplus
}
#endif
#endif
