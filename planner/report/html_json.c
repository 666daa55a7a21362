/*
 * html_json.c -- the small JSON writers and the name list that html.c and
 * html_capacity.c share: report.html's data is one JSON object, written by hand
 * so that `peakplan report` gives the same bytes every time.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "report_internal.h"

/* A JSON string; <, > and & escaped, so the data never closes its <script>. */
void rp_jstr(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
            fprintf(fp, "\\u%04x", *p); /* never a "</script>" inside the data */
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}

/* A number with `dec` decimals, trailing zeros dropped; NaN/inf as null. */
void rp_jnum(FILE *fp, double v, int dec)
{
    if (!isfinite(v)) {
        fputs("null", fp);
        return;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", dec, v);
    if (strchr(buf, '.')) {
        size_t n = strlen(buf);
        while (buf[n - 1] == '0')
            buf[--n] = 0;
        if (buf[n - 1] == '.')
            buf[--n] = 0;
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    fputs(buf, fp);
}

/* A CSV cell for a table: its own text, so the page shows the file's figures. */
void rp_jcell(FILE *fp, const pp_csv *t, size_t r, long c)
{
    rp_jstr(fp, pp_csv_cell(t, r, c));
}

void rp_jtable(FILE *fp, const pp_csv *t)
{
    size_t nc = pp_csv_header_count(t);
    fputs("\"cols\":[", fp);
    for (size_t c = 0; c < nc; c++) {
        if (c)
            fputc(',', fp);
        rp_jstr(fp, pp_csv_header(t, c));
    }
    fputs("],\"rows\":[", fp);
    for (size_t r = 0; r < pp_csv_rows(t); r++) {
        fputs(r ? ",[" : "[", fp);
        for (size_t c = 0; c < nc; c++) {
            if (c)
                fputc(',', fp);
            rp_jcell(fp, t, r, (long)c);
        }
        fputc(']', fp);
    }
    fputc(']', fp);
}

/* Wall-clock minutes as JSON seconds (the page shows them as UTC, see report.js). */
void rp_jtime(FILE *fp, int64_t minute)
{
    fprintf(fp, "%lld", (long long)minute * 60);
}

long rp_names_find(const rp_names *nm, const char *s)
{
    for (size_t i = 0; i < nm->n; i++)
        if (strcmp(nm->s[i], s) == 0)
            return (long)i;
    return -1;
}

/* Index of `s`, added when new; -1 on out of memory. */
long rp_names_add(rp_names *nm, const char *s)
{
    long i = rp_names_find(nm, s);
    if (i >= 0)
        return i;
    if (nm->n == nm->cap) {
        size_t cap = nm->cap ? nm->cap * 2 : 16;
        char **p = pp_realloc(nm->s, cap * sizeof *p);
        if (!p)
            return -1;
        nm->s = p;
        nm->cap = cap;
    }
    if (!(nm->s[nm->n] = pp_strdup(s)))
        return -1;
    return (long)nm->n++;
}

void rp_names_free(rp_names *nm)
{
    for (size_t i = 0; i < nm->n; i++)
        pp_free(nm->s[i]);
    pp_free(nm->s);
}

