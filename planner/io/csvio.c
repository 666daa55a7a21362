/*
 * csvio.c -- the libcsv adapter (the only file that includes <csv.h>) and the
 * atomic output set.
 *
 * libcsv is a push parser that knows nothing of lines, so we count them: the
 * parser runs with CSV_REPALL_NL, which reports every unquoted CR and LF as a
 * row end (an empty row for the LF of a CRLF pair and for blank lines); a row
 * starts on the current physical line and advances it by one for its LF plus
 * the LFs inside its quoted fields.  Cells are copied into one growing arena
 * (offsets, not pointers, so growing it moves nothing we hold).
 */
#include "core/alloc.h"
#include "io/csvio.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct row_info {
    size_t first_cell; /* index into cells[] */
    size_t ncells;
    long line;
} row_info;

struct pp_csv {
    char label[256];
    char *arena;
    size_t arena_len, arena_cap;
    size_t *cells; /* offsets into arena */
    size_t ncells, cells_cap;
    row_info *rows; /* rows[0] is the header */
    size_t nrows, rows_cap;
};

/* Parser state shared with the libcsv callbacks. */
typedef struct reader {
    pp_csv *csv;
    long line;         /* physical line the current record starts on */
    long pending_nl;   /* LFs inside quoted fields of the current record */
    size_t row_start;  /* first cell of the current record */
    size_t row_fields;
    pp_status st;
    pp_error *err;
} reader;

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need)
        ncap *= 2;
    void *p = pp_realloc(*buf, ncap * elem);
    if (!p)
        return -1;
    *buf = p;
    *cap = ncap;
    return 0;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    pp_csv *c = r->csv;
    if (r->st != PP_OK)
        return;
    if (grow((void **)&c->arena, &c->arena_cap, c->arena_len + len + 1, 1) ||
        grow((void **)&c->cells, &c->cells_cap, c->ncells + 1, sizeof *c->cells)) {
        r->st = pp_error_set(r->err, PP_ENOMEM, "%s: out of memory", c->label);
        return;
    }
    c->cells[c->ncells++] = c->arena_len;
    if (len)
        memcpy(c->arena + c->arena_len, s, len);
    c->arena[c->arena_len + len] = '\0';
    c->arena_len += len + 1;
    for (size_t i = 0; i < len; i++)
        if (((const char *)s)[i] == '\n')
            r->pending_nl++;
    r->row_fields++;
}

static void on_row(int term, void *data)
{
    reader *r = data;
    pp_csv *c = r->csv;
    if (r->st != PP_OK)
        return;
    if (r->row_fields > 0) {
        if (grow((void **)&c->rows, &c->rows_cap, c->nrows + 1, sizeof *c->rows)) {
            r->st = pp_error_set(r->err, PP_ENOMEM, "%s: out of memory", c->label);
            return;
        }
        c->rows[c->nrows++] = (row_info){r->row_start, r->row_fields, r->line};
    }
    r->line += r->pending_nl + (term == '\n' ? 1 : 0);
    r->pending_nl = 0;
    r->row_start = c->ncells;
    r->row_fields = 0;
}

/* Line and field number of byte `pos` of the input, for parse errors. */
static void locate(const char *data, size_t pos, long *line, long *col)
{
    long ln = 1, fld = 1;
    int quoted = 0;
    for (size_t i = 0; i < pos; i++) {
        char ch = data[i];
        if (ch == '"')
            quoted = !quoted;
        else if (ch == '\n') {
            ln++;
            if (!quoted)
                fld = 1;
        } else if (ch == ',' && !quoted)
            fld++;
    }
    *line = ln;
    *col = fld;
}

/* Returns the offset of the first invalid UTF-8 sequence, or len if valid. */
static size_t utf8_check(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned char b = s[i];
        size_t n;
        uint32_t cp;
        if (b < 0x80) {
            i++;
            continue;
        } else if ((b & 0xE0) == 0xC0) {
            n = 1;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            n = 2;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            n = 3;
            cp = b & 0x07;
        } else
            return i;
        for (size_t k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

/* One pass over the raw bytes before libcsv sees them: the offset of the first
 * NUL byte (libcsv keeps it, but every cell is read as a C string, so it would
 * silently cut the cell short), or of the first cell longer than
 * PP_CSV_MAX_CELL (a runaway quote or a binary file; refused before libcsv
 * grows a buffer for it).  *what says which; len if neither. */
static size_t scan_cells(const char *data, size_t len, int *what)
{
    size_t cell_start = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = data[i];
        if (ch == '\0') {
            *what = 0;
            return i;
        }
        if (ch == '"')
            quoted = !quoted;
        else if (!quoted && (ch == ',' || ch == '\n' || ch == '\r')) {
            cell_start = i + 1;
            continue;
        }
        if (i - cell_start >= PP_CSV_MAX_CELL) {
            *what = 1;
            return cell_start;
        }
    }
    return len;
}

pp_status pp_csv_parse_buffer(const char *label, const char *data, size_t len, size_t chunk,
                              pp_csv **out, pp_error *err)
{
    *out = NULL;
    pp_csv *c = pp_calloc(1, sizeof *c);
    if (!c)
        return pp_error_set(err, PP_ENOMEM, "%s: out of memory", label);
    snprintf(c->label, sizeof c->label, "%s", label);

    size_t bom = (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    size_t bad = utf8_check((const unsigned char *)data + bom, len - bom);
    if (bad != len - bom) {
        long line, col;
        locate(data, bom + bad, &line, &col);
        pp_csv_free(c);
        return pp_error_at(err, PP_EINVAL, label, line, col,
                           "invalid UTF-8 (byte 0x%02X)", (unsigned char)data[bom + bad]);
    }
    int what = 0;
    bad = scan_cells(data + bom, len - bom, &what);
    if (bad != len - bom) {
        long line, col;
        locate(data, bom + bad, &line, &col);
        pp_csv_free(c);
        return what == 0 ? pp_error_at(err, PP_EINVAL, label, line, col,
                                        "a NUL byte inside a cell (is this a text file?)")
                         : pp_error_at(err, PP_EINVAL, label, line, col,
                                       "a cell longer than %d bytes (an unclosed quote?)",
                                       PP_CSV_MAX_CELL);
    }

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_REPALL_NL) != 0) {
        pp_csv_free(c);
        return pp_error_set(err, PP_ENOMEM, "%s: cannot initialise the CSV parser", label);
    }
    /* libcsv grows its field buffer by this much at a time (128 bytes by default:
     * quadratic copying for a big cell). */
    csv_set_blk_size(&p, 64 * 1024);
    /* the parser's buffers go through the library's allocation hook too */
    csv_set_realloc_func(&p, pp_realloc);
    csv_set_free_func(&p, pp_free);
    reader r = {.csv = c, .line = 1, .st = PP_OK, .err = err};
    if (chunk == 0)
        chunk = len ? len : 1;
    pp_status st = PP_OK;
    for (size_t off = bom; off < len && st == PP_OK; off += chunk) {
        size_t n = len - off < chunk ? len - off : chunk;
        size_t used = csv_parse(&p, data + off, n, on_field, on_row, &r);
        st = r.st;
        if (st == PP_OK && used != n) {
            long line, col;
            locate(data, off + used, &line, &col);
            int e = csv_error(&p);
            st = pp_error_at(err, e == CSV_ENOMEM ? PP_ENOMEM : PP_EINVAL, label, line, col,
                             "malformed CSV: %s (a quote inside an unquoted field, or text "
                             "after a closing quote)",
                             csv_strerror(e));
        }
    }
    if (st == PP_OK && csv_fini(&p, on_field, on_row, &r) != 0) {
        long line, col;
        locate(data, len, &line, &col);
        st = pp_error_at(err, PP_EINVAL, label, r.line, col,
                         "malformed CSV: unterminated quoted field at end of file");
        (void)line;
    }
    if (st == PP_OK)
        st = r.st;
    csv_free(&p);
    if (st != PP_OK) {
        pp_csv_free(c);
        return st;
    }
    if (c->nrows == 0) {
        pp_csv_free(c);
        return pp_error_at(err, PP_EINVAL, label, 1, 0, "empty file: a header row is required");
    }
    /* Header: names unique and non-empty; every data row as wide as the header. */
    row_info *h = &c->rows[0];
    if (h->ncells == 1) {
        /* Every peakplan file has several columns: one column holding `;` or a tab is a
         * file written with another separator (a spreadsheet in a comma-decimal locale). */
        const char *name = c->arena + c->cells[h->first_cell];
        const char *sep = strchr(name, ';') ? "`;`" : strchr(name, '\t') ? "tab" : NULL;
        if (sep) {
            st = pp_error_at(err, PP_EINVAL, label, h->line, 1,
                             "the header is a single column \"%.60s\"; the file looks "
                             "%s-separated: peakplan reads comma-separated CSV",
                             name, sep);
            pp_csv_free(c);
            return st;
        }
    }
    for (size_t i = 0; i < h->ncells; i++) {
        const char *name = c->arena + c->cells[h->first_cell + i];
        if (!*name) {
            st = pp_error_at(err, PP_EINVAL, label, h->line, (long)i + 1, "empty column name");
            break;
        }
        for (size_t k = 0; k < i; k++)
            if (strcmp(name, c->arena + c->cells[h->first_cell + k]) == 0) {
                st = pp_error_at(err, PP_EINVAL, label, h->line, (long)i + 1,
                                 "duplicate column name (\"%s\" is also column %zu)", name, k + 1);
                break;
            }
        if (st != PP_OK)
            break;
    }
    for (size_t r_i = 1; st == PP_OK && r_i < c->nrows; r_i++) {
        row_info *ri = &c->rows[r_i];
        if (ri->ncells != h->ncells)
            st = pp_error_at(err, PP_EINVAL, label, ri->line,
                             (long)(ri->ncells < h->ncells ? ri->ncells + 1 : h->ncells + 1),
                             "row has %zu fields, the header has %zu", ri->ncells, h->ncells);
    }
    if (st != PP_OK) {
        pp_csv_free(c);
        return st;
    }
    *out = c;
    return PP_OK;
}

pp_status pp_open_regular(const char *path, FILE **fp, pp_error *err)
{
    *fp = NULL;
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0)
        return pp_error_at(err, PP_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        pp_status st = pp_error_at(err, PP_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
        close(fd);
        return st;
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        if (S_ISDIR(sb.st_mode))
            return pp_error_at(err, PP_EIO, path, 0, 0, "is a folder, not a file");
        return pp_error_at(err, PP_EIO, path, 0, 0,
                           "not a regular file (a pipe, FIFO or device): peakplan reads its "
                           "inputs from regular files; save the data to a file first");
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *fp = fdopen(fd, "rb");
    if (!*fp) {
        pp_status st = pp_error_at(err, PP_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
        close(fd);
        return st;
    }
    return PP_OK;
}

pp_status pp_csv_read_file(const char *path, pp_csv **out, pp_error *err)
{
    *out = NULL;
    FILE *fp;
    pp_status ost = pp_open_regular(path, &fp, err);
    if (ost != PP_OK)
        return ost;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    pp_status st = PP_OK;
    for (;;) {
        if (grow((void **)&buf, &cap, len + 65536, 1)) {
            st = pp_error_set(err, PP_ENOMEM, "%s: out of memory", path);
            break;
        }
        size_t got = fread(buf + len, 1, 65536, fp);
        len += got;
        if (got < 65536) {
            if (ferror(fp))
                st = pp_error_at(err, PP_EIO, path, 0, 0, "read error: %s", strerror(errno));
            break;
        }
    }
    fclose(fp);
    if (st == PP_OK)
        st = pp_csv_parse_buffer(path, buf ? buf : "", len, 0, out, err);
    pp_free(buf);
    return st;
}

void pp_csv_free(pp_csv *c)
{
    if (!c)
        return;
    pp_free(c->arena);
    pp_free(c->cells);
    pp_free(c->rows);
    pp_free(c);
}

const char *pp_csv_label(const pp_csv *c) { return c->label; }
size_t pp_csv_rows(const pp_csv *c) { return c->nrows - 1; }
size_t pp_csv_header_count(const pp_csv *c) { return c->rows[0].ncells; }

const char *pp_csv_header(const pp_csv *c, size_t i)
{
    return c->arena + c->cells[c->rows[0].first_cell + i];
}

long pp_csv_column(const pp_csv *c, const char *name)
{
    for (size_t i = 0; i < c->rows[0].ncells; i++)
        if (strcmp(pp_csv_header(c, i), name) == 0)
            return (long)i;
    return -1;
}

const char *pp_csv_cell(const pp_csv *c, size_t row, long col)
{
    const row_info *ri = &c->rows[row + 1];
    if (col < 0 || (size_t)col >= ri->ncells)
        return "";
    return c->arena + c->cells[ri->first_cell + (size_t)col];
}

long pp_csv_line(const pp_csv *c, size_t row) { return c->rows[row + 1].line; }

static bool in_list(const char *name, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

/* Edit distance between the lower-cased names (names are short: one row of a
 * fixed buffer; longer names are simply "far"). */
static size_t name_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return SIZE_MAX;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
            size_t best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* True if `known` contains `name` (case-insensitive): "shrinkage" in "shrinkage_pct". */
static bool contained_in(const char *name, const char *known)
{
    size_t n = strlen(name), k = strlen(known);
    for (size_t i = 0; n <= k && i + n <= k; i++)
        if (strncasecmp(known + i, name, n) == 0)
            return true;
    return false;
}

/* True if a and b differ only in their digits (offered_p25 beside offered_p10): a
 * sibling column, such as another quantile, rather than a slip. */
static bool digit_siblings(const char *a, const char *b)
{
    bool digits = false;
    for (;;) {
        while (*a >= '0' && *a <= '9')
            a++, digits = true;
        while (*b >= '0' && *b <= '9')
            b++, digits = true;
        if (!*a || !*b)
            return digits && !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
        a++, b++;
    }
}

const char *pp_did_you_mean(const char *name, const char *const *const *lists)
{
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (; *lists; lists++)
        for (const char *const *k = *lists; *k; k++) {
            size_t d = name_distance(name, *k), len = strlen(*k);
            /* Close: a slip of one or two letters (one per four of the name), or a
             * known name that contains this one (a dropped suffix such as "_pct"). */
            bool close = d == 0 || d <= 1 || 4 * d <= len ||
                         (strlen(name) >= 4 && contained_in(name, *k));
            if (close && d < best_d && !digit_siblings(name, *k)) {
                best = *k;
                best_d = d;
            }
        }
    return best;
}

pp_status pp_csv_check_columns(const pp_csv *c, const char *const *required,
                               const char *const *optional, pp_error *err)
{
    const char *const *lists[3] = {required ? required : (const char *const[]){NULL},
                                   optional ? optional : (const char *const[]){NULL}, NULL};
    char unknown[512] = "";
    size_t used = 0, count = 0;
    for (size_t i = 0; i < pp_csv_header_count(c); i++) {
        const char *h = pp_csv_header(c, i);
        if (in_list(h, required) || in_list(h, optional))
            continue;
        if (strncmp(h, "x_", 2) == 0) /* the users' own columns, documented */
            continue;
        /* A misspelt known column would silently take its default (a vendor with no
         * shrinkage): refuse it rather than ignore it. */
        const char *near = pp_did_you_mean(h, lists);
        if (near)
            return pp_error_at(err, PP_EINVAL, c->label, c->rows[0].line, (long)i + 1,
                               "unknown column \"%s\"; did you mean \"%s\"?", h, near);
        int n = snprintf(unknown + used, sizeof unknown - used, "%s\"%s\"", count ? ", " : "", h);
        if (n > 0 && (size_t)n < sizeof unknown - used)
            used += (size_t)n;
        count++;
    }
    for (const char *const *r = required; r && *r; r++)
        if (pp_csv_column(c, *r) < 0)
            return pp_error_at(err, PP_EINVAL, c->label, c->rows[0].line, 0,
                               "missing required column \"%s\"", *r);
    if (count)
        pp_warn("%s: ignoring unknown column%s %s (name your own columns x_... to silence "
                "this)",
                c->label, count > 1 ? "s" : "", unknown);
    return PP_OK;
}

bool pp_csv_blank(const pp_csv *c, size_t row, long col)
{
    for (const char *s = pp_csv_cell(c, row, col); *s; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

__attribute__((format(printf, 5, 0)))
static pp_status vfail(const pp_csv *c, size_t row, long col, pp_error *err, const char *fmt,
                       va_list ap)
{
    char what[512];
    vsnprintf(what, sizeof what, fmt, ap);
    const char *cell = pp_csv_cell(c, row, col);
    const char *name = col >= 0 ? pp_csv_header(c, (size_t)col) : "";
    return pp_error_at(err, PP_EINVAL, c->label, pp_csv_line(c, row), col + 1,
                       "%s: %s (found \"%.80s\")", name, what, cell);
}

pp_status pp_csv_fail(const pp_csv *c, size_t row, long col, pp_error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    pp_status st = vfail(c, row, col, err, fmt, ap);
    va_end(ap);
    return st;
}

pp_status pp_csv_number(const pp_csv *c, size_t row, long col, double lo, double hi,
                        double blank_value, double *out, pp_error *err)
{
    if (col < 0 || pp_csv_blank(c, row, col)) {
        if (isnan(blank_value) && col >= 0)
            return pp_csv_fail(c, row, col, err, "missing value");
        *out = blank_value;
        return PP_OK;
    }
    const char *s = pp_csv_cell(c, row, col);
    while (*s == ' ' || *s == '\t')
        s++;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    /* strtod also takes "nan", "inf" and hex: only plain decimal numbers are data. */
    bool plain = true;
    for (const char *k = s; k < end; k++)
        if (!strchr("0123456789+-.eE", *k))
            plain = false;
    if (end == s || *end != '\0' || !plain || !isfinite(v))
        return pp_csv_fail(c, row, col, err, "not a number");
    if (v < lo)
        return pp_csv_fail(c, row, col, err, lo == 0 ? "must not be negative" : "must be at least %g",
                           lo);
    if (v > hi)
        return pp_csv_fail(c, row, col, err, "must be at most %g", hi);
    *out = v;
    return PP_OK;
}

pp_status pp_csv_number_opt(const pp_csv *c, size_t row, long col, double lo, double hi,
                            double *out, pp_error *err)
{
    if (col < 0 || pp_csv_blank(c, row, col)) {
        *out = NAN;
        return PP_OK;
    }
    return pp_csv_number(c, row, col, lo, hi, NAN, out, err);
}

size_t pp_csv_list_count(const pp_csv *c, size_t row, long col)
{
    size_t n = 1;
    for (const char *p = pp_csv_cell(c, row, col); *p; p++)
        n += *p == ';';
    return n;
}

pp_status pp_csv_number_list(const pp_csv *c, size_t row, long col, size_t tok_max,
                             double *vals, pp_csv_list_item_fn each, void *ctx, pp_error *err)
{
    size_t n = pp_csv_list_count(c, row, col);
    char *tok = pp_malloc(tok_max);
    if (!tok)
        return pp_error_set(err, PP_ENOMEM, "out of memory");
    pp_status st = PP_OK;
    const char *p = pp_csv_cell(c, row, col);
    for (size_t i = 0; i < n && st == PP_OK; i++) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        char label[48];
        snprintf(label, sizeof label, "sweep item %zu", i + 1);
        if (len == 0) {
            st = pp_csv_fail(c, row, col, err,
                             "%s is empty (a sweep is a list of numbers: -10;0;10)", label);
            break;
        }
        if (len >= tok_max) {
            st = pp_csv_fail(c, row, col, err, "%s is longer than %zu characters", label,
                             tok_max - 1);
            break;
        }
        memcpy(tok, p, len);
        tok[len] = '\0';
        /* strtod also takes "nan", "inf" and hex: only plain decimals */
        bool plain = true;
        for (const char *q = tok; *q; q++)
            if (!strchr("0123456789+-.eE", *q))
                plain = false;
        char *end;
        double v = strtod(tok, &end);
        if (!plain || end == tok || *end || !isfinite(v)) {
            st = pp_csv_fail(c, row, col, err, "%s (\"%s\") is not a number", label, tok);
            break;
        }
        if ((st = each(ctx, i, label, tok, v, err)) != PP_OK)
            break;
        for (size_t j = 0; j < i && st == PP_OK; j++)
            if (vals[j] == v)
                st = pp_csv_fail(c, row, col, err, "%s (\"%s\") repeats item %zu", label, tok,
                                 j + 1);
        vals[i] = v;
        p = e ? e + 1 : p + len;
    }
    pp_free(tok);
    return st;
}

void pp_csv_put_text(FILE *fp, const char *s)
{
    if (strpbrk(s, ",\"\r\n"))
        csv_fwrite(fp, s, strlen(s));
    else
        fputs(s, fp);
}
