/* SPDX-License-Identifier: GPL-2.0 */
/*
 * csv.h - a small RFC 4180 reader for the vector files: comma-separated,
 * a field that starts with '"' is quoted ("" is a quote inside it, and it may
 * hold commas and newlines), records end at LF or CRLF. Lines starting with
 * '#' and empty lines are skipped. Every field knows where it is in the file.
 * A UTF-8 BOM at the very start of the file is skipped, as the harness does.
 */
#ifndef REPLAY_CSV_H
#define REPLAY_CSV_H

#include <stddef.h>

struct csv_field {
	char *value;		/* unquoted, NUL-terminated */
	int line, col;		/* 1-based position of the field's first character */
	int quoted;
	const char *raw;	/* the field's first character in the file's text */
};

struct csv_record {
	struct csv_field *fields;
	int count;
	int line;
};

/* Called for malformed CSV: line, column, what was expected. */
typedef void (*csv_error_fn)(void *ctx, int line, int col, const char *expected);

/*
 * Splits @text (a whole file) into records. Returns the number of records (*out malloc'd);
 * malformed records are reported and skipped.
 */
int csv_read(const char *text, struct csv_record **out, csv_error_fn error, void *ctx);
void csv_free(struct csv_record *records, int count);

/* Line and column of the character at @offset in the field's value. */
void csv_position(const struct csv_field *f, int offset, int *line, int *col);

#endif
