/* cmd_report.c -- `peakplan report OUTDIR`: rebuild report.html and plan.xlsx
 * from the CSV files of a run or whatif output folder (docs/reports.md). */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "peakplan/report.h"

static const char help[] =
    "Rebuilds report.html (charts, one self-contained page that opens offline) and\n"
    "plan.xlsx (typed sheets, Excel charts) from the CSV files of OUTDIR, the output\n"
    "folder of `peakplan run` or `peakplan whatif`. Each file is written to a temporary\n"
    "name and renamed into place.\n\n"
    "  OUTDIR             output folder (summary.csv, or scenarios_summary.csv and base/)\n"
    "  -w, --workspace D  workspace folder: adds history and events to the forecast charts\n"
    "                     and the queues' service targets\n"
    "      --no-xlsx      do not write plan.xlsx\n"
    "      --no-html      do not write report.html\n"
    "      --title TEXT   page and workbook title\n";

int cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {{"workspace", required_argument, NULL, 'w'},
                                         {"no-xlsx", no_argument, NULL, 'X'},
                                         {"no-html", no_argument, NULL, 'H'},
                                         {"title", required_argument, NULL, 'T'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    pp_report_params rp;
    pp_report_params_init(&rp);
    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "w:h", opts, NULL)) != -1) {
        switch (c) {
        case 'w': rp.workspace = optarg; break;
        case 'X': rp.xlsx = false; break;
        case 'H': rp.html = false; break;
        case 'T': rp.title = optarg; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_REPORT, help); return 0;
        default: return cli_usage_error("report", USAGE_REPORT, "bad option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("report", USAGE_REPORT, "one OUTDIR folder is required");
    pp_error err;
    pp_error_clear(&err);
    if (pp_report_write(argv[optind], &rp, &err) != PP_OK)
        return cli_report("report", &err);
    return 0;
}
