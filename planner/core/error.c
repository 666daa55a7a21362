/* error.c -- the error record and the warning sink (see include/peakplan/error.h). */
#include "peakplan/error.h"

#include <stdio.h>
#include <string.h>

void pp_error_clear(pp_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

pp_status pp_error_vset(pp_error *err, pp_status code, const char *file, long line, long col,
                        const char *fmt, va_list ap)
{
    if (!err || err->code != PP_OK)
        return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    return code;
}

pp_status pp_error_set(pp_error *err, pp_status code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pp_error_vset(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

pp_status pp_error_at(pp_error *err, pp_status code, const char *file, long line, long col,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pp_error_vset(err, code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

void pp_error_prefix(pp_error *err, const char *fmt, ...)
{
    if (!err || err->code == PP_OK)
        return;
    char tmp[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    size_t used = n < 0 ? 0 : (size_t)n;
    if (used + 3 < sizeof tmp) {
        memcpy(tmp + used, ": ", 2);
        size_t room = sizeof tmp - used - 3;
        size_t len = strnlen(err->msg, room);
        memcpy(tmp + used + 2, err->msg, len);
        tmp[used + 2 + len] = '\0';
        memcpy(err->msg, tmp, sizeof tmp);
    }
}

void pp_error_format(const pp_error *err, char *buf, size_t size)
{
    if (!buf || size == 0)
        return;
    if (!err || err->code == PP_OK) {
        snprintf(buf, size, "no error");
        return;
    }
    if (err->file[0] && err->line > 0 && err->col > 0)
        snprintf(buf, size, "%s:%ld:%ld: %s", err->file, err->line, err->col, err->msg);
    else if (err->file[0] && err->line > 0)
        snprintf(buf, size, "%s:%ld: %s", err->file, err->line, err->msg);
    else if (err->file[0])
        snprintf(buf, size, "%s: %s", err->file, err->msg);
    else
        snprintf(buf, size, "%s", err->msg);
}

const char *pp_status_name(pp_status code)
{
    switch (code) {
    case PP_OK: return "ok";
    case PP_EINVAL: return "invalid input";
    case PP_ENOMEM: return "out of memory";
    case PP_EIO: return "input/output error";
    case PP_ENUMERIC: return "numeric failure";
    case PP_EINFEASIBLE: return "infeasible";
    case PP_EINTERNAL: return "internal error";
    case PP_EWRITE: return "write error";
    case PP_EINTERRUPTED: return "interrupted";
    case PP_ETIMELIMIT: return "time limit";
    }
    return "unknown status";
}

static pp_warn_fn warn_fn;
static void *warn_userdata;

void pp_set_warn_handler(pp_warn_fn fn, void *userdata)
{
    warn_fn = fn;
    warn_userdata = userdata;
}

pp_warn_fn pp_get_warn_handler(void **userdata)
{
    *userdata = warn_userdata;
    return warn_fn;
}

void pp_warn(const char *fmt, ...)
{
    if (!warn_fn)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    warn_fn(warn_userdata, buf);
}
