/*
 * capacity_handoff.c -- from the capacity plan to the shift plan: vendors_handoff.csv
 * (`peakplan capacity --handoff DATE`).
 *
 * The shift plan caps each vendor's people through vendors.csv's max_agents
 * (agents starting a shift on any one day).  The capacity plan knows, for the
 * week containing DATE, how many people each vendor has: in-house the productive
 * FTE (trainees excluded, ramping heads at their productivity), a BPO the FTE
 * it delivers.  Rounded down to whole people -- a person starts at most one
 * shift a day -- that is the limit handed over.  The file is vendors.csv cell
 * for cell (every column, unknown ones too, in their order, RFC 4180 quoting
 * only where needed), so a planner copies it over vendors.csv and runs.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "capacity/capacity_internal.h"
#include "io/csvio.h"
#include "peakplan/timeutil.h"

pp_status pp_cap_handoff_write(const pp_cap_result *r, const char *vendors_csv, int64_t day,
                               FILE *fp, pp_error *err)
{
    if (day < r->cfg.start_day || day >= r->cfg.start_day + 7 * (int64_t)r->weeks)
        return pp_error_set(err, PP_EINVAL, "handoff: the day is outside the capacity horizon");
    size_t w = (size_t)((day - r->cfg.start_day) / 7);
    pp_csv *csv = NULL;
    pp_status st = pp_csv_read_file(vendors_csv, &csv, err);
    if (st != PP_OK)
        return st;
    size_t nc = pp_csv_header_count(csv);
    long c_name = pp_csv_column(csv, "vendor"), c_max = pp_csv_column(csv, "max_agents");
    if (c_name < 0) {
        pp_csv_free(csv);
        return pp_error_set(err, PP_EINVAL, "%s: no vendor column", vendors_csv);
    }
    for (size_t c = 0; c < nc; c++) {
        if (c)
            fputc(',', fp);
        pp_csv_put_text(fp, pp_csv_header(csv, c));
    }
    if (c_max < 0)
        fputs(",max_agents", fp);
    fputc('\n', fp);
    for (size_t row = 0; row < pp_csv_rows(csv); row++) {
        const char *name = pp_csv_cell(csv, row, c_name);
        double limit = NAN;
        for (size_t si = 0; si < r->ns; si++)
            if (strcmp(r->vendors[r->staff[si].vendor].name, name) == 0)
                limit = floor(fmax(0, r->rows[w * r->ns + si].productive_fte) + 1e-6);
        char num[32] = "";
        if (!isnan(limit))
            snprintf(num, sizeof num, "%.0f", limit);
        for (size_t c = 0; c < nc; c++) {
            if (c)
                fputc(',', fp);
            pp_csv_put_text(fp, (long)c == c_max && num[0] ? num
                                                           : pp_csv_cell(csv, row, (long)c));
        }
        if (c_max < 0) {
            fputc(',', fp);
            fputs(num, fp);
        }
        fputc('\n', fp);
    }
    pp_csv_free(csv);
    if (ferror(fp))
        return pp_error_set(err, PP_EWRITE, "vendors_handoff.csv: write failed");
    return PP_OK;
}
