/*
 * ini_reader.h (private) -- any INI file through the one inih adapter, key by key
 * with its line number (plan.ini has its own loader, pp_plan_config_load).
 */
#ifndef PEAKPLAN_INI_READER_H
#define PEAKPLAN_INI_READER_H

#include "peakplan/error.h"

/* Called for each key; returns PP_OK to go on, or an error it set in err. */
typedef pp_status (*pp_ini_key_fn)(void *ctx, const char *section, const char *key,
                                   const char *value, long line, pp_error *err);
/* Reads `path` (a regular file) and calls fn for each key in order.  Lines too
 * long or malformed are PP_EINVAL at their line; PP_EIO if unreadable. */
pp_status pp_ini_each(const char *path, pp_ini_key_fn fn, void *ctx, pp_error *err);

#endif
