/*
 * cmd_init.c -- `peakplan init DIR [--empty]`: a starter workspace, and where
 * the bundled example lives once peakplan is installed.
 *
 * The example is found, in order, under $PEAKPLAN_DATADIR/example (a relocated
 * install), the install's own datadir (PP_DATADIR, set by meson), and the
 * source tree the binary was built from (PP_SOURCE_EXAMPLE), so the same
 * binary works installed, uninstalled and from a destdir.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#ifndef PP_DATADIR
#define PP_DATADIR "/usr/local/share/peakplan"
#endif
#ifndef PP_SOURCE_EXAMPLE
#define PP_SOURCE_EXAMPLE "data/example"
#endif

static const char help[] =
    "Writes a starter workspace into DIR (created if missing; it must be empty).\n\n"
    "  DIR        the new workspace folder\n"
    "  --empty    every file with its header and one illustrative row to edit, instead of\n"
    "             a copy of the bundled example (two weeks around 11.11, five queues)\n\n"
    "Then: peakplan run DIR -o DIR/out\n";

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *cli_example_dir(char *buf, size_t size)
{
    const char *env = getenv("PEAKPLAN_DATADIR");
    if (env && *env) {
        /* a path that does not fit is not a folder we can use */
        if ((size_t)snprintf(buf, size, "%s/example", env) < size && is_dir(buf))
            return buf;
    }
    if ((size_t)snprintf(buf, size, "%s/example", PP_DATADIR) < size && is_dir(buf))
        return buf;
    if ((size_t)snprintf(buf, size, "%s", PP_SOURCE_EXAMPLE) < size && is_dir(buf))
        return buf;
    return NULL;
}

/* The --empty template: every workspace file with its columns and one row that
 * shows the format (docs/formats.md has every column). */
static const struct {
    const char *name, *text;
} templates[] = {
    {"history.csv", "queue,interval_start,offered,aht_seconds\n"
                    "buyer_voice,2026-01-05 08:00,42,310\n"},
    {"events.csv", "event,kind,start_date,end_date,queues,uplift_pct\n"
                   "singles_day_2026,11.11,2026-11-11,2026-11-11,,\n"},
    {"queues.csv", "queue,channel,target_pct,target_seconds,max_occupancy_pct,patience_seconds,"
                   "concurrency,shrinkage_pct,escalates_to,escalation_pct\n"
                   "buyer_voice,voice,80,20,88,120,,,,\n"},
    {"vendors.csv", "vendor,kind,queues,hourly_cost,seats,min_hours_week,max_hours_week,"
                    "max_agents,shrinkage_pct\n"
                    "inhouse,inhouse,*,32,100,,,,30\n"},
    {"shifts.csv", "shift,vendors,days,earliest_start,latest_start,start_step_minutes,"
                   "length_minutes,break_minutes,break_earliest_offset_minutes,"
                   "break_latest_offset_minutes,break_paid\n"
                   "day8,*,*,07:00,13:00,60,540,60,180,300,0\n"},
    {"scenarios.csv", "scenario,parameter,value,queue,vendor,from,to\n"
                      "volume_plus_30,volume_pct,30,,,,\n"},
    {"capacity.ini", "; the capacity plan (peakplan capacity; docs/formats.md)\n"
                     "[capacity]\n"
                     "start = 2026-06-01\n"
                     "weeks = 32\n"
                     "hours_per_fte = 40\n"
                     "occupancy_pct = 85\n"
                     "\n"
                     "[cost]\n"
                     "understaffing_penalty_per_fte_week = 15000\n"
                     "\n"
                     "[shrinkage]\n"
                     "default = 30\n"},
    {"staff.csv", "vendor,headcount,attrition_pct_week,class_every_weeks,class_min,class_max,"
                  "hire_cost,training_weeks,ramp_pct,weekly_cost,overtime_max_pct\n"
                  "inhouse,100,0.5,2,8,24,2500,3,50;75;90,1280,10\n"},
    {"capacity_scenarios.csv", "scenario,parameter,value,queue,vendor,from,to\n"
                               "attrition_plus5,attrition_points_year,5,,inhouse,,\n"},
    {"plan.ini", "; peakplan workspace settings (docs/formats.md)\n"
                 "[plan]\n"
                 "; first day planned, number of days, interval length\n"
                 "start = 2026-11-02\n"
                 "days = 7\n"
                 "interval_minutes = 30\n"
                 "; quantile = 0.8    ; staff to the p80 forecast instead of the point forecast\n"
                 "\n"
                 "[solver]\n"
                 "time_limit_seconds = 120\n"
                 "mip_gap_pct = 1\n"
                 "\n"
                 "[cost]\n"
                 "understaffing_penalty_per_agent_hour = 150\n"},
};

static int write_text(const char *dir, const char *name, const char *text, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wx");
    if (!fp) {
        fprintf(stderr, "peakplan init: %s: %s\n", path, strerror(errno));
        return 1;
    }
    int bad = fwrite(text, 1, len, fp) != len;
    bad |= fclose(fp) != 0;
    if (bad) {
        fprintf(stderr, "peakplan init: %s: cannot write: %s\n", path, strerror(errno));
        remove(path);
        return 1;
    }
    return 0;
}

static int copy_file(const char *from_dir, const char *to_dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", from_dir, name);
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "peakplan init: %s: %s\n", path, strerror(errno));
        return 1;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
        if (len + n > cap) {
            size_t ncap = cap ? cap * 2 : 1 << 20;
            while (ncap < len + n)
                ncap *= 2;
            char *t = realloc(text, ncap);
            if (!t) {
                free(text);
                fclose(in);
                fprintf(stderr, "peakplan init: out of memory\n");
                return 1;
            }
            text = t;
            cap = ncap;
        }
        memcpy(text + len, chunk, n);
        len += n;
    }
    int bad = ferror(in);
    fclose(in);
    int rc = bad ? (fprintf(stderr, "peakplan init: %s: read error\n", path), 1)
                 : write_text(to_dir, name, text ? text : "", len);
    free(text);
    return rc;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {{"empty", no_argument, NULL, 'e'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int empty = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'e': empty = 1; break;
        case 'h': printf("usage: %s\n\n%s", USAGE_INIT, help); return 0;
        default: return cli_usage_error("init", USAGE_INIT, "bad option");
        }
    }
    if (argc - optind != 1)
        return cli_usage_error("init", USAGE_INIT, "give one folder");
    const char *dir = argv[optind];

    if (mkdir(dir, 0777) != 0) {
        if (errno != EEXIST || !is_dir(dir)) {
            fprintf(stderr, "peakplan init: %s: %s\n", dir, strerror(errno));
            return 2;
        }
        DIR *d = opendir(dir);
        struct dirent *e;
        int used = 0;
        while (d && (e = readdir(d)) != NULL)
            used |= strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
        if (d)
            closedir(d);
        if (used) {
            fprintf(stderr, "peakplan init: %s is not empty; give a new or empty folder\n", dir);
            return 2;
        }
    }

    if (empty) {
        for (size_t i = 0; i < sizeof templates / sizeof templates[0]; i++)
            if (write_text(dir, templates[i].name, templates[i].text, strlen(templates[i].text)))
                return 1;
        printf("peakplan: template workspace in %s/ (edit every file; docs/formats.md)\n", dir);
        return 0;
    }

    char buf[4096];
    const char *example = cli_example_dir(buf, sizeof buf);
    if (!example) {
        fprintf(stderr, "peakplan init: the bundled example is not installed (looked in "
                        "$PEAKPLAN_DATADIR/example, %s/example, %s); use --empty\n",
                PP_DATADIR, PP_SOURCE_EXAMPLE);
        return 1;
    }
    DIR *d = opendir(example);
    if (!d) {
        fprintf(stderr, "peakplan init: %s: %s\n", example, strerror(errno));
        return 1;
    }
    char *names[64];
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nn < 64) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", example, e->d_name);
        if (e->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, nn, sizeof names[0], name_cmp);
    int rc = 0;
    for (size_t i = 0; i < nn; i++) {
        if (!rc && (!names[i] || copy_file(example, dir, names[i])))
            rc = 1;
        free(names[i]);
    }
    if (!rc)
        printf("peakplan: the example workspace (from %s) in %s/\n", example, dir);
    return rc;
}
