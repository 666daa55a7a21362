/*
 * erlang_table.c -- a staffing table from libpeakplan, as a program of your own
 * would use it.
 *
 *   cc erlang_table.c $(pkg-config --cflags --libs peakplan) -o erlang_table
 *   ./erlang_table [AHT_SECONDS [INTERVAL_SECONDS [SL_PCT/SECONDS]]]
 *
 * For 25, 50, ... 400 calls per interval it prints the fewest agents that
 * answer SL_PCT % of calls within SECONDS (Erlang C; default 80/20, AHT 180 s,
 * 30-minute intervals), with the service level, mean wait and occupancy they
 * give, as CSV.
 */
#include <stdio.h>
#include <stdlib.h>

#include <peakplan/peakplan.h>

int main(int argc, char **argv)
{
    double aht = argc > 1 ? atof(argv[1]) : 180;
    double interval = argc > 2 ? atof(argv[2]) : 1800;
    double sl_pct = 80, sl_seconds = 20;
    if (argc > 3 && sscanf(argv[3], "%lf/%lf", &sl_pct, &sl_seconds) != 2) {
        fprintf(stderr, "erlang_table: target must be PCT/SECONDS, e.g. 80/20\n");
        return 2;
    }

    pp_staff_target target;
    pp_staff_target_init(&target);   /* no targets, Erlang C, one contact at a time */
    target.sl_fraction = sl_pct / 100;
    target.sl_seconds = sl_seconds;

    printf("# libpeakplan %s (headers %s, API %d)\n", pp_version(), PEAKPLAN_VERSION,
           PEAKPLAN_API_VERSION);
    printf("calls,agents,service_level_pct,asa_seconds,occupancy_pct\n");
    for (int calls = 25; calls <= 400; calls += 25) {
        pp_erlang_metrics m;
        pp_error err;
        pp_error_clear(&err);
        if (pp_erlang_min_agents(calls, interval, aht, &target, PP_STAFF_MAX_AGENTS, &m, NULL,
                                 &err) != PP_OK) {
            char msg[1200];
            pp_error_format(&err, msg, sizeof msg);
            fprintf(stderr, "erlang_table: %s\n", msg);
            return 1;
        }
        printf("%d,%ld,%.2f,%.2f,%.2f\n", calls, m.agents, 100 * m.service_level, m.asa_seconds,
               100 * m.occupancy);
    }
    return 0;
}
