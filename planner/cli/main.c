/*
 * main.c -- `peakplan COMMAND ...`: looks the command up in one table and
 * runs it.  The usage lines live in cli.h, shared with each command's --help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "peakplan/error.h"
#include "peakplan/version.h"

typedef struct command {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
    const char *usage;
    int keeps_work; /* SIGINT/SIGTERM: finish with the work done so far (cli_signals_install) */
} command;

static const command commands[] = {
    {"run", cmd_run, "forecast -> staff -> plan on a workspace, write every output", USAGE_RUN, 1},
    {"forecast", cmd_forecast, "forecast contact volume and handle time from history",
     USAGE_FORECAST, 0},
    {"staff", cmd_staff, "turn a forecast into required agents per queue and interval",
     USAGE_STAFF, 0},
    {"plan", cmd_plan, "choose shifts and vendors for the requirements (GLPK)", USAGE_PLAN, 1},
    {"capacity", cmd_capacity, "weekly hiring and BPO contracting plan for a peak (GLPK)",
     USAGE_CAPACITY, 0},
    {"whatif", cmd_whatif, "run scenario batches side by side", USAGE_WHATIF, 1},
    {"simulate", cmd_simulate, "replay a written plan with random arrivals",
     USAGE_SIMULATE, 0},
    {"risk", cmd_risk, "cost of staffing to forecast quantiles, each plan simulated",
     USAGE_RISK, 0},
    {"erlang", cmd_erlang, "Erlang C / Erlang A calculator", USAGE_ERLANG, 0},
    {"report", cmd_report, "rebuild report.html and plan.xlsx from an output folder", USAGE_REPORT, 0},
    {"init", cmd_init, "write a starter workspace (the example, or an empty template)",
     USAGE_INIT, 0},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void on_warning(void *userdata, const char *msg)
{
    (void)userdata;
    fprintf(stderr, "peakplan: warning: %s\n", msg);
}

static void print_help(FILE *fp)
{
    fprintf(fp, "peakplan %s -- workforce staffing and capacity planner\n\n", PEAKPLAN_VERSION);
    fprintf(fp, "usage: peakplan COMMAND [OPTIONS]   (peakplan COMMAND --help for details)\n\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(fp, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(fp, "%s\n", commands[i].usage);
    fprintf(fp, "\nExit status: 0 success, 1 internal failure or write error, 2 bad input or "
                "usage,\n3 no feasible plan, 130/143 interrupted by SIGINT/SIGTERM (run, plan "
                "and whatif\nwrite the best plan found so far first).\n");
}

/* Edit distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la > 60 || lb > 60)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t best = prev + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[lb];
}

int main(int argc, char **argv)
{
    pp_set_warn_handler(on_warning, NULL);
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        if (argc > 2 && strcmp(name, "help") == 0) {
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (strcmp(argv[2], commands[i].name) == 0) {
                    char *args[] = {argv[2], "--help", NULL};
                    return commands[i].fn(2, args);
                }
        }
        print_help(stdout);
        return 0;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
        printf("peakplan %s\n", PEAKPLAN_VERSION);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0) {
            cli_signals_install(commands[i].keeps_work);
            int rc = commands[i].fn(argc - 1, argv + 1);
            /* interrupted: the work done so far is written (or the previous set kept) */
            if (cli_interrupted() && (rc == 0 || rc == 3))
                rc = cli_interrupt_exit_code();
            return rc;
        }
    fprintf(stderr, "peakplan: unknown command '%s'", name);
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (distance(name, commands[i].name) <= 2) {
            fprintf(stderr, "; did you mean '%s'?", commands[i].name);
            break;
        }
    fprintf(stderr, "\n");
    print_help(stderr);
    return 2;
}
