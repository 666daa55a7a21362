/*
 * cli.h -- shared pieces of the peakplan command line (planner/cli/).
 *
 * Each command is `int cmd_X(int argc, char **argv)` where argv[0] is the
 * command name; it returns the process exit status:
 *   0 success, 1 internal failure, 2 bad input or usage, 3 no feasible plan.
 * Commands are thin: they parse options, call libpeakplan, print.  Errors are
 * printed only through cli_report / cli_usage_error, as
 *   peakplan CMD: file:line:col: message
 */
#ifndef PEAKPLAN_CLI_H
#define PEAKPLAN_CLI_H

#include <stddef.h>

#include "peakplan/error.h"
#include "peakplan/plan.h"

/* Exit status for a library status. */
int cli_exit_code(pp_status st);
/* Prints `err` for command `cmd` to stderr and returns its exit status. */
int cli_report(const char *cmd, const pp_error *err);
/* Prints "peakplan CMD: message" and the usage line to stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Progress sinks for pp_run_params / pp_plan_params: cli_progress_all prints every
 * report (-v); cli_progress_long only the solver's from 5 s on, so a long solve
 * shows elapsed, incumbent, bound and gap every few seconds and a short one stays
 * quiet (the default).  A solver report prints as "%6.1f s  note", a forecast note
 * (PP_STAGE_NOTE) as its note; PP_STAGE_DONE is not printed (the command prints its
 * own summary). */
void cli_progress_all(const pp_progress *p, void *userdata);
void cli_progress_long(const pp_progress *p, void *userdata);
/* run's "capacity" block (run_capacity.c): when `workspace` holds capacity.ini, the
 * capacity plan's heads and productive FTE per vendor in the weeks of the shift plan's
 * days beside the people of its tours; a capacity plan that fails is said, not fatal. */
struct pp_plan;
struct pp_vendor;
void cli_run_capacity_section(const char *workspace, const struct pp_plan *plan,
                              const struct pp_vendor *vendors, size_t nv);
/* The title pp_report_write would derive from OUTDIR's name, into buf. */
const char *cli_report_title(const char *outdir, char *buf, size_t size);
/* report.html and plan.xlsx (as `report` asks) into a set's temporary folder `dir`
 * (messages name `outdir` instead); a failure to write them is PP_EWRITE (exit 1). */
struct pp_report_params;
pp_status cli_report_into_set(const char *dir, const char *outdir,
                              const struct pp_report_params *report, pp_error *err);
/* SIGINT/SIGTERM handlers.  keep_work: the first signal calls pp_interrupt_request()
 * and the command finishes with what it has; a second quits at once.  Otherwise the
 * first quits at once.  Quitting removes unfinished output sets' temporary files. */
void cli_signals_install(int keep_work);
/* True once SIGINT or SIGTERM arrived. */
int cli_interrupted(void);
/* Exit status after an interrupt: 128 + the signal (130 SIGINT, 143 SIGTERM). */
int cli_interrupt_exit_code(void);
/* A whole number lo..hi in decimal (no sign, nothing after it) into *out; 1 on success. */
int cli_parse_size(const char *s, size_t lo, size_t hi, size_t *out);
/* True if argv holds -h or --help (then the command prints its help and returns 0). */
int cli_wants_help(int argc, char **argv);

/* Usage lines, defined once (git style): the global help and each command's
 * --help print the same text. */
#define USAGE_INIT "peakplan init DIR [--empty]"
#define USAGE_RUN \
    "peakplan run [WORKSPACE] [-o OUTDIR] [--time-limit S] [--quiet] [--simulate] [--no-report]\n" \
    "             [--no-xlsx]"
#define USAGE_FORECAST \
    "peakplan forecast --history F [--events F] --from DATE --days N [-o F] [--backtest DAYS] [--interval D]"
#define USAGE_STAFF "peakplan staff --forecast F --queues F [-o F] [--quantile Q]"
#define USAGE_PLAN                                                                             \
    "peakplan plan --requirements F --shifts F --vendors F [--queues F] [--start DATE --days N]\n" \
    "              [-o OUTDIR] [--time-limit S] [--gap PCT] [--penalty COST_PER_AGENT_HOUR]\n"   \
    "              [--write-model F.lp|F.mps]"
#define USAGE_WHATIF "peakplan whatif WORKSPACE --scenarios F [-o OUTDIR | --resume OUTDIR] [--threads N] [--no-report] [--no-xlsx]"
#define USAGE_CAPACITY \
    "peakplan capacity WORKSPACE [--weeks N] [-o OUTDIR] [--time-limit S] [--write-model F.lp|F.mps]\n" \
    "                  [--no-report] [--no-xlsx] [--scenarios F] [--handoff DATE] [-v]"
#define USAGE_REPORT "peakplan report OUTDIR [--workspace DIR] [--no-xlsx] [--no-html] [--title TEXT]"
#define USAGE_SIMULATE                                                                         \
    "peakplan simulate WORKSPACE --plan OUTDIR [--reps N] [--seed S] [--arrivals point|risk]\n"  \
    "                  [--handle-cv CV] [--threads N] [-o F] [-q]"
#define USAGE_RISK                                                                             \
    "peakplan risk WORKSPACE [-o OUTDIR] [--quantiles 0.5,0.8,0.9] [--reps N] [--seed S]\n"     \
    "              [--threads N] [--time-limit S] [-q]"
#define USAGE_ERLANG                                                                           \
    "peakplan erlang --calls N --interval S --aht S --target P/T [--patience S]\n"             \
    "                [--concurrency K] [--agents N|N-M] [--max-asa S] [--max-abandon PCT]\n"   \
    "                [--max-occupancy PCT] [--format text|csv]"

int cmd_run(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_staff(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_erlang(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_capacity(int argc, char **argv);
int cmd_risk(int argc, char **argv);

/* `peakplan init`, and the bundled example's folder wherever peakplan is
 * installed (cmd_init.c); NULL when it is nowhere. */
int cmd_init(int argc, char **argv);
const char *cli_example_dir(char *buf, size_t size);

/* Simulates the plan in plan_dir (cmd_simulate.c); output NULL = plan_dir/simulation.csv.
 * Used by `simulate` and `run --simulate`; returns the exit status. */
struct pp_sim_params;
int cli_simulate_plan(const char *workspace, const char *plan_dir,
                      const struct pp_sim_params *p, const char *output, int quiet);
/* As cli_simulate_plan, naming the output `shown` in what it prints (output may be
 * inside a set's temporary folder). */
int cli_simulate_plan_as(const char *workspace, const char *plan_dir,
                         const struct pp_sim_params *p, const char *output, const char *shown,
                         int quiet);

/* `peakplan capacity --scenarios F` / `--handoff DATE` (cmd_capacity_whatif.c): plans the
 * base and every scenario, writes the set with each plan's report (as `report` asks);
 * scenarios NULL = the base alone, handoff_day INT64_MIN = none.  Returns the exit status. */
struct pp_cap_params;
struct pp_report_params;
int cli_capacity_whatif(const char *workspace, const char *scenarios, long long handoff_day,
                        const struct pp_cap_params *p, const struct pp_report_params *report,
                        const char *outdir);

#endif
