/* cli.c -- error reporting and exit codes shared by the commands. */
#include "cli.h"

#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/outset.h"
#include "peakplan/interrupt.h"
#include "peakplan/report.h"

int cli_exit_code(pp_status st)
{
    switch (st) {
    case PP_OK: return 0;
    case PP_EINVAL:
    case PP_EIO: return 2;
    case PP_EINFEASIBLE: return 3;
    case PP_ENOMEM:
    case PP_ENUMERIC:
    case PP_EINTERNAL:
    case PP_EWRITE:
    case PP_ETIMELIMIT: return 1;
    case PP_EINTERRUPTED: return cli_interrupt_exit_code();
    }
    return 1;
}

const char *cli_report_title(const char *outdir, char *buf, size_t size)
{
    /* as pp_report_write derives it from the folder (`peakplan report OUTDIR` gives
     * the same bytes), but from OUTDIR, not the temporary folder the set is made in */
    size_t len = strlen(outdir);
    while (len > 1 && outdir[len - 1] == '/')
        len--;
    size_t b = len;
    while (b > 0 && outdir[b - 1] != '/')
        b--;
    snprintf(buf, size, "peakplan %s: %.*s", "report", (int)(len - b), outdir + b);
    return buf;
}

int cli_report(const char *cmd, const pp_error *err)
{
    char buf[1200];
    pp_error_format(err, buf, sizeof buf);
    fprintf(stderr, "peakplan %s: %s\n", cmd, buf);
    return cli_exit_code(err->code);
}

int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "peakplan %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\n", usage);
    return 2;
}

int cli_parse_size(const char *s, size_t lo, size_t hi, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
        return 0;
    *out = (size_t)v;
    return 1;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    }
    return 0;
}

void cli_progress_all(const pp_progress *p, void *userdata)
{
    (void)userdata;
    if (p->stage == PP_STAGE_DONE)
        return;
    if (p->stage == PP_STAGE_NOTE || !isfinite(p->elapsed_seconds))
        fprintf(stderr, "  %s\n", p->note);
    else
        fprintf(stderr, "  %6.1f s  %s\n", p->elapsed_seconds, p->note);
}

void cli_progress_long(const pp_progress *p, void *userdata)
{
    /* the solver's reports from 5 s on; forecast notes stay for -v */
    (void)userdata;
    if (p->stage == PP_STAGE_NOTE || p->stage == PP_STAGE_DONE || !(p->elapsed_seconds >= 5.0))
        return;
    fprintf(stderr, "  solver %6.1f s  %s\n", p->elapsed_seconds, p->note);
}

/* ---- signals ----
 * Soft mode (run, plan, whatif): the first SIGINT or SIGTERM asks the library to stop
 * and keep its work (pp_interrupt_request); the command then writes what it has and
 * exits 128 + the signal.  A second signal, or the first in hard mode (commands with
 * nothing to keep), removes the temporary files and folders of unfinished output
 * sets and exits at once with 128 + the signal.  Only async-signal-safe calls here. */
static volatile sig_atomic_t first_signal, soft;

static void say(const char *msg)
{
    size_t n = strlen(msg);
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, msg, n);
        if (w <= 0)
            return;
        msg += w;
        n -= (size_t)w;
    }
}

static void on_signal(int sig)
{
    if (!first_signal) {
        first_signal = sig;
        if (soft) {
            pp_interrupt_request();
            say("\npeakplan: interrupted: finishing with what is done so far "
                "(again to quit at once)\n");
            return;
        }
    }
    pp_outset_signal_cleanup();
    say(soft ? "\npeakplan: quit\n" : "");
    _exit(128 + sig);
}

void cli_signals_install(int keep_work)
{
    soft = keep_work;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int cli_interrupted(void) { return first_signal != 0; }

int cli_interrupt_exit_code(void) { return 128 + (first_signal ? first_signal : SIGINT); }

/* `s` with the first `from` replaced by `to` (in place, within size). */
static void replace_prefix(char *s, size_t size, const char *from, const char *to)
{
    char *at = strstr(s, from);
    if (!at)
        return;
    char rest[1024];
    snprintf(rest, sizeof rest, "%s", at + strlen(from));
    snprintf(at, size - (size_t)(at - s), "%s%s", to, rest);
}

pp_status cli_report_into_set(const char *dir, const char *outdir,
                              const pp_report_params *report, pp_error *err)
{
    if (!report->html && !report->xlsx)
        return PP_OK;
    pp_status st = pp_report_write(dir, report, err);
    if (st != PP_OK && err) { /* name OUTDIR, not the temporary folder */
        replace_prefix(err->msg, sizeof err->msg, dir, outdir);
        replace_prefix(err->file, sizeof err->file, dir, outdir);
    }
    /* it reads only the set just written there: an I/O failure is a failed write (disk
     * full), exit 1 like the CSVs', not bad input */
    if (st == PP_EIO && err) {
        err->code = PP_EWRITE;
        st = PP_EWRITE;
    }
    return st;
}
