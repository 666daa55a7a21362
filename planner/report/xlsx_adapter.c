/*
 * xlsx_adapter.c -- plan.xlsx through libxlsxwriter; the only file that
 * includes <xlsxwriter.h>.
 *
 * Every CSV becomes a sheet with typed cells: a timestamp or date cell is an
 * Excel date with a date format, a number is a number, anything else text.
 * Headers keep the CSV column name and add the unit, e.g. "paid_hours (h)",
 * so a reader can still find a column by its CSV name. Charts are native
 * Excel charts over ranges of the workbook (cost by vendor, needed vs
 * planned on the peak day, for what-ifs cost vs service per scenario, and for
 * a capacity plan required vs available FTE per week).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/alloc.h"
#include "peakplan/timeutil.h"
#include "report_internal.h"

typedef struct book {
    lxw_workbook *wb;
    lxw_format *head, *date, *stamp, *num;
} book;

/* The unit shown after a column name, from the naming rules of formats.md. */
static const char *unit_of(const char *col)
{
    static const struct { const char *suffix, *unit; } units[] = {
        {"_pct", "%"},          {"_seconds", "s"},      {"_hours", "h"},
        {"cost", "currency"},   {"agents_needed", "agents"}, {"agents_planned", "agents"},
        {"understaffed_agents", "agents"}, {"workload_agents", "agents"}, {"agents", "agents"},
        {"offered", "contacts"}, {"offered_p10", "contacts"}, {"offered_p50", "contacts"},
        {"offered_p90", "contacts"}, {"backlog", "contacts"}, {"_fte", "FTE"},
        {"headcount", "heads"}, {"hires_starting", "people"}, {"in_training", "people"},
        {"ramping", "people"}, {"leavers", "people"}, {"hires", "people"}};
    size_t n = strlen(col);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t m = strlen(units[i].suffix);
        if (n >= m && strcmp(col + n - m, units[i].suffix) == 0)
            return units[i].unit;
    }
    return NULL;
}

static int to_datetime(const char *s, lxw_datetime *dt, int *date_only)
{
    int64_t m;
    bool d_only;
    if (!*s || !pp_parse_timestamp(s, &m, &d_only))
        return 0;
    int y, mo, d;
    int64_t day = pp_day_of_minute(m);
    pp_civil_from_days(day, &y, &mo, &d);
    int64_t mins = m - day * 1440;
    *dt = (lxw_datetime){y, mo, d, (int)(mins / 60), (int)(mins % 60), 0};
    *date_only = d_only;
    return 1;
}

static pp_status lxw_fail(lxw_error e, const char *what, pp_error *err)
{
    return pp_error_set(err, PP_EIO, "plan.xlsx: %s: %s", what, lxw_strerror(e));
}

/* Writes table `t` as sheet `name` (frozen header row, autofilter, widths). */
static lxw_worksheet *put_table(book *b, const char *name, const pp_csv *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, name);
    if (!ws)
        return NULL;
    size_t nc = pp_csv_header_count(t), rows = pp_csv_rows(t);
    double width[64] = {0};
    for (size_t c = 0; c < nc; c++) {
        char head[300];
        const char *u = unit_of(pp_csv_header(t, c));
        snprintf(head, sizeof head, u ? "%s (%s)" : "%s", pp_csv_header(t, c), u);
        worksheet_write_string(ws, 0, (lxw_col_t)c, head, b->head);
        if (c < 64)
            width[c] = (double)strlen(head) + 2;
    }
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < nc; c++) {
            const char *s = pp_csv_cell(t, r, (long)c);
            lxw_row_t row = (lxw_row_t)(r + 1);
            lxw_datetime dt;
            int date_only;
            char *end;
            double v = strtod(s, &end);
            size_t len = strlen(s);
            if (!*s)
                continue;
            if (*end == 0 && isfinite(v))
                worksheet_write_number(ws, row, (lxw_col_t)c, v, b->num);
            else if (len >= 10 && s[4] == '-' && to_datetime(s, &dt, &date_only))
                worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt,
                                         date_only ? b->date : b->stamp);
            else
                worksheet_write_string(ws, row, (lxw_col_t)c, s, NULL);
            if (c < 64 && r < 200 && (double)len + 2 > width[c])
                width[c] = (double)len + 2;
        }
    }
    for (size_t c = 0; c < nc && c < 64; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c] < 10 ? 10 : width[c], NULL);
    worksheet_freeze_panes(ws, 1, 0);
    if (nc)
        worksheet_autofilter(ws, 0, 0, (lxw_row_t)rows, (lxw_col_t)(nc - 1));
    return ws;
}

/* Summary: metric/value, then a cost-by-vendor table (from the cost:V and
 * paid_hours:V metrics) and its column chart. */
static pp_status put_summary(book *b, const rp_data *d, lxw_worksheet **out, pp_error *err)
{
    const pp_csv *t = d->summary;
    lxw_worksheet *ws = put_table(b, "Summary", t);
    if (!ws)
        return pp_error_set(err, PP_EIO, "plan.xlsx: cannot add sheet Summary");
    *out = ws;
    long mc = rp_col(t, "metric"), vc = rp_col(t, "value");
    worksheet_write_string(ws, 0, 3, "vendor", b->head);
    worksheet_write_string(ws, 0, 4, "paid_hours (h)", b->head);
    worksheet_write_string(ws, 0, 5, "cost (currency)", b->head);
    worksheet_set_column(ws, 3, 5, 16, NULL);
    lxw_row_t nv = 0;
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        const char *m = pp_csv_cell(t, r, mc);
        if (strncmp(m, "cost:", 5) != 0)
            continue;
        char hk[300];
        snprintf(hk, sizeof hk, "paid_hours:%s", m + 5);
        nv++;
        worksheet_write_string(ws, nv, 3, m + 5, NULL);
        worksheet_write_number(ws, nv, 5, rp_num(t, r, vc), b->num);
        for (size_t k = 0; k < pp_csv_rows(t); k++)
            if (strcmp(pp_csv_cell(t, k, mc), hk) == 0)
                worksheet_write_number(ws, nv, 4, rp_num(t, k, vc), b->num);
    }
    if (nv == 0)
        return PP_OK;
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(s, "Summary", 1, 3, nv, 3);
    chart_series_set_values(s, "Summary", 1, 5, nv, 5);
    chart_series_set_name(s, "cost");
    chart_title_set_name(ch, "Cost by vendor");
    chart_axis_set_name(ch->x_axis, "vendor");
    chart_axis_set_name(ch->y_axis, "cost (currency)");
    chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
    worksheet_insert_chart(ws, 1, 7, ch);
    return PP_OK;
}

/* Peak day: the day with the most agents needed over all queues; its
 * intervals summed over queues on a sheet of their own, and a line chart of
 * needed vs planned on the Summary sheet. */
static pp_status put_peak_day(book *b, const rp_data *d, lxw_worksheet *summary, pp_error *err)
{
    const pp_csv *t = d->coverage;
    int step = d->step_minutes > 0 ? d->step_minutes : 30;
    long tc = rp_col(t, "interval_start"), nc = rp_col(t, "agents_needed"),
         pc = rp_col(t, "agents_planned");
    int64_t d0 = INT64_MAX, d1 = INT64_MIN;
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t m;
        if (rp_time(t, r, tc, &m)) {
            int64_t day = pp_day_of_minute(m);
            d0 = day < d0 ? day : d0;
            d1 = day > d1 ? day : d1;
        }
    }
    if (d0 > d1)
        return PP_OK;
    size_t nd = (size_t)(d1 - d0 + 1), per_day = (size_t)(1440 / step);
    double *need_day = pp_calloc(nd, sizeof *need_day);
    double *sums = pp_calloc(per_day * 2, sizeof *sums);
    if (!need_day || !sums) {
        pp_free(need_day);
        pp_free(sums);
        return pp_error_set(err, PP_ENOMEM, "report: out of memory");
    }
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t m;
        double v = rp_num(t, r, nc);
        if (rp_time(t, r, tc, &m) && isfinite(v))
            need_day[pp_day_of_minute(m) - d0] += v;
    }
    size_t peak = 0;
    for (size_t i = 1; i < nd; i++)
        if (need_day[i] > need_day[peak])
            peak = i;
    int64_t pday = d0 + (int64_t)peak;
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        int64_t m;
        if (!rp_time(t, r, tc, &m) || pp_day_of_minute(m) != pday)
            continue;
        size_t i = (size_t)((m - pday * 1440) / step);
        double nv = rp_num(t, r, nc), pv = rp_num(t, r, pc);
        sums[i * 2] += isfinite(nv) ? nv : 0;
        sums[i * 2 + 1] += isfinite(pv) ? pv : 0;
    }
    pp_free(need_day);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Peak day");
    if (!ws) {
        pp_free(sums);
        return pp_error_set(err, PP_EIO, "plan.xlsx: cannot add sheet Peak day");
    }
    worksheet_write_string(ws, 0, 0, "interval_start", b->head);
    worksheet_write_string(ws, 0, 1, "agents_needed (agents)", b->head);
    worksheet_write_string(ws, 0, 2, "agents_planned (agents)", b->head);
    worksheet_set_column(ws, 0, 2, 24, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < per_day; i++) {
        char ts[32];
        lxw_datetime dt;
        int date_only;
        pp_format_timestamp(pday * 1440 + (int64_t)i * step, ts, sizeof ts);
        to_datetime(ts, &dt, &date_only);
        worksheet_write_datetime(ws, (lxw_row_t)(i + 1), 0, &dt, b->stamp);
        worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, sums[i * 2], b->num);
        worksheet_write_number(ws, (lxw_row_t)(i + 1), 2, sums[i * 2 + 1], b->num);
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)per_day, 2);
    pp_free(sums);
    char title[64], date[16];
    pp_format_date(pday, date, sizeof date);
    snprintf(title, sizeof title, "Agents needed vs planned, peak day %s", date);
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_LINE);
    const char *names[2] = {"needed", "planned"};
    for (lxw_col_t c = 1; c <= 2; c++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(s, "Peak day", 1, 0, (lxw_row_t)per_day, 0);
        chart_series_set_values(s, "Peak day", 1, c, (lxw_row_t)per_day, c);
        chart_series_set_name(s, names[c - 1]);
    }
    chart_title_set_name(ch, title);
    chart_axis_set_name(ch->x_axis, "interval start");
    chart_axis_set_num_format(ch->x_axis, "hh:mm");
    chart_axis_set_name(ch->y_axis, "agents (all queues)");
    worksheet_insert_chart(summary, 17, 7, ch);
    return PP_OK;
}

/* Scenarios (what-if): the table, and cost vs service as a scatter chart. */
static pp_status put_scenarios(book *b, const rp_data *d, pp_error *err)
{
    const pp_csv *t = d->scenarios;
    lxw_worksheet *ws = put_table(b, "Scenarios", t);
    if (!ws)
        return pp_error_set(err, PP_EIO, "plan.xlsx: cannot add sheet Scenarios");
    lxw_row_t n = (lxw_row_t)pp_csv_rows(t);
    lxw_col_t cc = (lxw_col_t)rp_col(t, "total_cost"), sc = (lxw_col_t)rp_col(t, "service_level_pct");
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_SCATTER);
    lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
    chart_series_set_categories(s, "Scenarios", 1, sc, n, sc);
    chart_series_set_values(s, "Scenarios", 1, cc, n, cc);
    chart_series_set_name(s, "scenarios (first: base)");
    chart_series_set_labels(s);
    chart_title_set_name(ch, "Cost vs service level per scenario");
    chart_axis_set_name(ch->x_axis, "service level (%)");
    chart_axis_set_name(ch->y_axis, "total cost (currency)");
    worksheet_insert_chart(ws, n + 3, 0, ch);
    lxw_chart *bars = workbook_add_chart(b->wb, LXW_CHART_COLUMN);
    lxw_chart_series *bs = chart_add_series(bars, NULL, NULL);
    chart_series_set_categories(bs, "Scenarios", 1, 0, n, 0);
    chart_series_set_values(bs, "Scenarios", 1, cc, n, cc);
    chart_series_set_name(bs, "total cost");
    chart_title_set_name(bars, "Total cost per scenario");
    chart_axis_set_name(bars->x_axis, "scenario");
    chart_axis_set_name(bars->y_axis, "total cost (currency)");
    worksheet_insert_chart(ws, n + 3, 8, bars);
    return PP_OK;
}

/* Capacity weeks, in date order (column 0 the day; 1..4 required, productive,
 * allocated and gap FTE; 5, 6 required and gap from capacity_queues.csv; 7 = 1
 * when the week has a total row). */
enum { CW_DAY, CW_REQ, CW_PROD, CW_ALLOC, CW_GAP, CW_QREQ, CW_QGAP, CW_TOTAL, CW_N };

static int by_week(const void *a, const void *b)
{
    const double *x = a, *y = b;
    return x[CW_DAY] < y[CW_DAY] ? -1 : x[CW_DAY] > y[CW_DAY];
}

/* The row of `day` in w[0..*nw), added when new. */
static size_t week_row(double (*w)[CW_N], size_t *nw, double day)
{
    size_t k = 0;
    while (k < *nw && w[k][CW_DAY] != day)
        k++;
    if (k == *nw)
        w[(*nw)++][CW_DAY] = day;
    return k;
}

static double num0(const pp_csv *t, size_t r, long c)
{
    double v = rp_num(t, r, c);
    return isfinite(v) ? v : 0;
}

/* Capacity weeks: per week the required FTE (the total row of capacity.csv, which
 * has each queue once; without one, capacity_queues.csv summed over queues),
 * productive and allocated FTE summed over the vendor rows, and the gap (as the
 * requirement), as the page computes them (html_capacity.c); and a line chart of
 * required vs available FTE on the sheet `chart_on` (Capacity summary, if any). */
static pp_status put_capacity_weeks(book *b, const rp_data *d, lxw_worksheet *chart_on,
                                    pp_error *err)
{
    const pp_csv *t = d->capacity, *q = d->cap_queues;
    long ws_c = rp_col(t, "week_start"), kc = rp_col(t, "kind"), pc = rp_col(t, "productive_fte"),
         ac = rp_col(t, "allocated_fte"), rc = rp_col(t, "required_fte"),
         gc = rp_col(t, "gap_fte"), qw = rp_col(q, "week_start"), qr = rp_col(q, "required_fte"),
         qg = rp_col(q, "gap_fte");
    size_t rows = pp_csv_rows(t), nw = 0;
    double (*w)[CW_N] = pp_calloc(rows ? rows : 1, sizeof *w);
    if (!w)
        return pp_error_set(err, PP_ENOMEM, "report: out of memory");
    for (size_t r = 0; r < rows; r++) {
        int64_t m;
        if (!rp_time(t, r, ws_c, &m))
            continue;
        size_t k = week_row(w, &nw, (double)pp_day_of_minute(m));
        if (pp_csv_blank(t, r, kc)) {
            w[k][CW_REQ] += num0(t, r, rc);
            w[k][CW_GAP] += num0(t, r, gc);
            w[k][CW_TOTAL] = 1;
        } else {
            w[k][CW_PROD] += num0(t, r, pc);
            w[k][CW_ALLOC] += num0(t, r, ac);
        }
    }
    for (size_t r = 0; q && r < pp_csv_rows(q); r++) {
        int64_t m;
        if (!rp_time(q, r, qw, &m))
            continue;
        double day = (double)pp_day_of_minute(m);
        for (size_t k = 0; k < nw; k++)
            if (w[k][CW_DAY] == day) {
                w[k][CW_QREQ] += num0(q, r, qr);
                w[k][CW_QGAP] += num0(q, r, qg);
            }
    }
    for (size_t k = 0; k < nw; k++)
        if (!w[k][CW_TOTAL]) {
            w[k][CW_REQ] = w[k][CW_QREQ];
            w[k][CW_GAP] = w[k][CW_QGAP];
        }
    qsort(w, nw, sizeof *w, by_week);
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, "Capacity weeks");
    if (!ws) {
        pp_free(w);
        return pp_error_set(err, PP_EIO, "plan.xlsx: cannot add sheet Capacity weeks");
    }
    static const char *const head[] = {"week_start", "required_fte (FTE)", "productive_fte (FTE)",
                                       "allocated_fte (FTE)", "gap_fte (FTE)"};
    for (lxw_col_t c = 0; c < 5; c++)
        worksheet_write_string(ws, 0, c, head[c], b->head);
    worksheet_set_column(ws, 0, 4, 22, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t i = 0; i < nw; i++) {
        char date[16];
        lxw_datetime dt;
        int date_only;
        pp_format_date((int64_t)w[i][0], date, sizeof date);
        to_datetime(date, &dt, &date_only);
        worksheet_write_datetime(ws, (lxw_row_t)(i + 1), 0, &dt, b->date);
        for (lxw_col_t c = 1; c < 5; c++)
            worksheet_write_number(ws, (lxw_row_t)(i + 1), c, w[i][c], b->num);
    }
    pp_free(w);
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)nw, 4);
    if (nw == 0)
        return PP_OK;
    lxw_chart *ch = workbook_add_chart(b->wb, LXW_CHART_LINE);
    const char *names[] = {"required", "available (productive FTE)", "allocated to queues",
                           "gap (uncovered)"};
    /* the page's colours: required red, available blue, allocated green dashed, the gap
     * thick light red so the weeks it leaves uncovered stand out */
    lxw_chart_line lines[] = {{.color = 0xD62728, .width = 2.25},
                              {.color = 0x1F77B4, .width = 1.5},
                              {.color = 0x2CA02C, .width = 1.5, .dash_type = LXW_CHART_LINE_DASH_DASH},
                              {.color = 0xF08080, .width = 3.5}};
    for (lxw_col_t c = 1; c < 5; c++) {
        lxw_chart_series *s = chart_add_series(ch, NULL, NULL);
        chart_series_set_categories(s, "Capacity weeks", 1, 0, (lxw_row_t)nw, 0);
        chart_series_set_values(s, "Capacity weeks", 1, c, (lxw_row_t)nw, c);
        chart_series_set_name(s, names[c - 1]);
        chart_series_set_line(s, &lines[c - 1]);
    }
    chart_title_set_name(ch, "Required vs available FTE per week");
    chart_axis_set_name(ch->x_axis, "week starting");
    chart_axis_set_num_format(ch->x_axis, "yyyy-mm-dd");
    chart_axis_set_name(ch->y_axis, "FTE");
    worksheet_insert_chart(chart_on ? chart_on : ws, 1, chart_on ? 3 : 6, ch);
    return PP_OK;
}

pp_status rp_write_xlsx(const rp_data *d, const char *path, pp_error *err)
{
    book b = {0};
    if (!(b.wb = workbook_new(path)))
        return pp_error_set(err, PP_EIO, "%s: cannot create workbook", path);
    lxw_doc_properties props = {.title = (char *)d->title, .comments = "made by peakplan"};
    workbook_set_properties(b.wb, &props);
    b.head = workbook_add_format(b.wb);
    format_set_bold(b.head);
    format_set_bg_color(b.head, 0xF3F3F3);
    format_set_bottom(b.head, LXW_BORDER_THIN);
    b.date = workbook_add_format(b.wb);
    format_set_num_format(b.date, "yyyy-mm-dd");
    b.stamp = workbook_add_format(b.wb);
    format_set_num_format(b.stamp, "yyyy-mm-dd hh:mm");
    b.num = workbook_add_format(b.wb);
    format_set_num_format(b.num, "General");
    pp_status st = PP_OK;
    lxw_worksheet *summary = NULL;
    if (d->summary)
        st = put_summary(&b, d, &summary, err);
    if (st == PP_OK && d->scenarios)
        st = put_scenarios(&b, d, err);
    struct { const char *name; const pp_csv *t; } sheets[] = {
        {"Roster", d->roster},         {"Coverage", d->coverage},
        {"Forecast", d->forecast},     {"Requirements", d->requirements},
        {"Allocation", d->allocation}, {"Simulation", d->simulation},
        {"Capacity summary", d->cap_summary}, {"Capacity", d->capacity},
        {"Capacity queues", d->cap_queues}, {"Hiring plan", d->hiring}};
    lxw_worksheet *cap_summary = NULL;
    for (size_t i = 0; i < sizeof sheets / sizeof sheets[0] && st == PP_OK; i++) {
        lxw_worksheet *ws = sheets[i].t ? put_table(&b, sheets[i].name, sheets[i].t) : NULL;
        if (sheets[i].t && !ws)
            st = pp_error_set(err, PP_EIO, "plan.xlsx: cannot add sheet %s", sheets[i].name);
        if (sheets[i].t == d->cap_summary)
            cap_summary = ws;
    }
    if (st == PP_OK && d->capacity)
        st = put_capacity_weeks(&b, d, cap_summary, err);
    if (st == PP_OK && d->coverage && summary)
        st = put_peak_day(&b, d, summary, err);
    lxw_error e = workbook_close(b.wb); /* frees the workbook whatever happens */
    if (st == PP_OK && e != LXW_NO_ERROR)
        st = lxw_fail(e, path, err);
    return st;
}
