/* cli.c -- error reporting and exit codes shared by the commands. */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_exit_code(pp_status st)
{
    switch (st) {
    case PP_OK: return 0;
    case PP_EINVAL:
    case PP_EIO: return 2;
    case PP_EINFEASIBLE: return 3;
    case PP_ENOMEM:
    case PP_ENUMERIC:
    case PP_EINTERNAL: return 1;
    }
    return 1;
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

void cli_progress_all(void *userdata, const char *line)
{
    (void)userdata;
    fprintf(stderr, "  %s\n", line);
}

void cli_progress_long(void *userdata, const char *line)
{
    /* solver lines start with the elapsed seconds ("  12.3 s  ..."); forecast notes
     * do not and stay for -v */
    char *end;
    double elapsed = strtod(line, &end);
    if (end != line && elapsed >= 5.0)
        fprintf(stderr, "  solver %s\n", line);
    (void)userdata;
}
