/*
 * csvio.h -- strict CSV input and atomic CSV output (library-internal).
 *
 * Reading: the whole file is parsed by libcsv (the only user of <csv.h> is
 * csvio.c) into a table of NUL-terminated cells, each row remembering the
 * physical line it starts on, so every later complaint about a cell can say
 * `file:line:column` (column = 1-based field number).  Strict RFC 4180:
 * quoted fields may hold commas, quotes ("") and newlines; a UTF-8 BOM is
 * skipped; CRLF and LF both end lines; blank lines are skipped; a row with
 * more or fewer fields than the header, a stray quote, an unterminated quote
 * or invalid UTF-8 is an error.
 *
 * Writing: output sets live in outset.h (included here): a set replaces the
 * previous one whole or not at all.
 */
#ifndef PEAKPLAN_CSVIO_H
#define PEAKPLAN_CSVIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "io/outset.h"
#include "peakplan/error.h"

typedef struct pp_csv pp_csv;

/* Longest cell accepted, in bytes (longer: PP_EINVAL at the cell). */
#define PP_CSV_MAX_CELL (1024 * 1024)

/* Opens `path` for reading if it is a regular file; a FIFO, device or folder is
 * refused (PP_EIO) without blocking. *fp is the stream on success, else NULL. */
pp_status pp_open_regular(const char *path, FILE **fp, pp_error *err);

/* Reads and parses `path`. *out owns the table (pp_csv_free). PP_EIO if the
 * file cannot be read or is not a regular file, PP_EINVAL for malformed CSV
 * (with file:line:col): also a NUL byte, a cell over PP_CSV_MAX_CELL, or a
 * one-column header holding `;` or a tab (another separator). */
pp_status pp_csv_read_file(const char *path, pp_csv **out, pp_error *err);
/* Parses `len` bytes of `data`, feeding libcsv `chunk` bytes at a time (0 = all
 * at once); `label` names the input in messages. */
pp_status pp_csv_parse_buffer(const char *label, const char *data, size_t len, size_t chunk,
                              pp_csv **out, pp_error *err);
void pp_csv_free(pp_csv *csv); /* NULL is a no-op */

const char *pp_csv_label(const pp_csv *csv);
size_t pp_csv_rows(const pp_csv *csv);          /* data rows, header excluded */
size_t pp_csv_header_count(const pp_csv *csv);
const char *pp_csv_header(const pp_csv *csv, size_t i);
/* Index of the column with header `name`, or -1. */
long pp_csv_column(const pp_csv *csv, const char *name);
/* Cell text ("" when col < 0). Borrowed until pp_csv_free. */
const char *pp_csv_cell(const pp_csv *csv, size_t row, long col);
/* Physical line the data row starts on (the header is line 1 unless blank lines precede it). */
long pp_csv_line(const pp_csv *csv, size_t row);

/* Checks the header against `required` and `optional` (NULL-terminated lists).
 * An unknown column close to a known one (pp_did_you_mean) is PP_EINVAL at its
 * header cell; then the first missing required one is PP_EINVAL at line 1.
 * Columns named x_... are the user's own and pass silently; other unknown
 * columns get one warning for the file (pp_warn). */
pp_status pp_csv_check_columns(const pp_csv *csv, const char *const *required,
                               const char *const *optional, pp_error *err);

/* The known name `name` is probably a slip for, or NULL: the closest name of the
 * NULL-terminated lists in `lists` (itself NULL-terminated) within an edit
 * distance of 1 (or one per four letters), or one containing `name` (4+ letters),
 * case-insensitive; names differing only in digits (offered_p25, offered_p10) are
 * siblings, not slips. */
const char *pp_did_you_mean(const char *name, const char *const *const *lists);

/* True if the cell is empty or only blanks. */
bool pp_csv_blank(const pp_csv *csv, size_t row, long col);
/* Parses a number in [lo, hi]; a blank cell gives `blank_value` unless it is NAN,
 * in which case a blank is an error ("missing value"). Errors name the cell. */
pp_status pp_csv_number(const pp_csv *csv, size_t row, long col, double lo, double hi,
                        double blank_value, double *out, pp_error *err);
/* As pp_csv_number, but a blank cell (or an absent column) gives NAN: "not given". */
pp_status pp_csv_number_opt(const pp_csv *csv, size_t row, long col, double lo, double hi,
                            double *out, pp_error *err);
/* Items of the list "a;b;c" in a cell (a what-if sweep): the number of ';' plus one. */
size_t pp_csv_list_count(const pp_csv *csv, size_t row, long col);
/* Called for list item i (0-based) with its text as written (blanks around it
 * trimmed) and its value: checks the value (errors name `label`, "sweep item N")
 * and keeps what it needs of the text. */
typedef pp_status (*pp_csv_list_item_fn)(void *ctx, size_t i, const char *label, const char *tok,
                                         double v, pp_error *err);
/* Parses the list "a;b;c" in a cell into vals[0 .. pp_csv_list_count - 1]: plain
 * decimal numbers (as pp_csv_number takes them: no "nan", "inf" or hex), none empty,
 * none longer than tok_max - 1 characters, none repeated; `each` sees every item
 * before the repeat check.  Errors name the cell and the item ("sweep item 2 is
 * empty (a sweep is a list of numbers: -10;0;10)"). */
pp_status pp_csv_number_list(const pp_csv *csv, size_t row, long col, size_t tok_max,
                             double *vals, pp_csv_list_item_fn each, void *ctx, pp_error *err);
/* Error at a cell into err: "file:line:col: <header>: <message> (found "<cell>")". */
pp_status pp_csv_fail(const pp_csv *csv, size_t row, long col, pp_error *err, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));

/* ---- output ---- */

/* Output sets (pp_outset_new, pp_outset_single, ...) are in outset.h. */

/* Writes a text field, quoted per RFC 4180 only when needed. */
void pp_csv_put_text(FILE *fp, const char *s);

#endif
