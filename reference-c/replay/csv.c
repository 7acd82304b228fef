// SPDX-License-Identifier: GPL-2.0
/* csv.c - see csv.h. */
#include <stdlib.h>
#include <string.h>

#include "csv.h"

struct cursor {
	const char *p;
	int line;
	const char *line_start;
};

static void advance_newline(struct cursor *c)
{
	if (*c->p == '\r' && c->p[1] == '\n')
		c->p++;
	c->p++;
	c->line++;
	c->line_start = c->p;
}

static int at_eol(const char *p)
{
	return *p == '\n' || (*p == '\r' && p[1] == '\n') || *p == '\r' || *p == '\0';
}

static void skip_line(struct cursor *c)
{
	while (!at_eol(c->p))
		c->p++;
	if (*c->p)
		advance_newline(c);
}

/*
 * A UTF-8 byte order mark that opens the file is not part of its first field.
 * The harness reads vector files with File.ReadAllText, which drops exactly
 * that one BOM; so does this reader, and only there: positions count from the
 * character after it (line 1, column 1), and EF BB BF anywhere else is data.
 */
static const char *skip_bom(const char *text)
{
	const unsigned char *u = (const unsigned char *)text;

	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return text + 3;
	return text;
}

int csv_read(const char *text, struct csv_record **out, csv_error_fn error, void *ctx)
{
	const char *start = skip_bom(text);
	struct cursor c = { start, 1, start };
	struct csv_record *recs = NULL;
	int nrec = 0, caprec = 0;

	while (*c.p) {
		if (*c.p == '#' || at_eol(c.p)) {	/* comment or empty line */
			skip_line(&c);
			continue;
		}
		struct csv_record rec = { NULL, 0, c.line };
		int capf = 0, bad = 0;

		for (;;) {
			struct csv_field f = { NULL, c.line, (int)(c.p - c.line_start) + 1, 0, c.p };
			size_t cap = 16, len = 0;
			char *v = malloc(cap);

			if (*c.p == '"') {
				f.quoted = 1;
				c.p++;
				for (;;) {
					if (!*c.p) {
						error(ctx, f.line, f.col, "a closing quote for the quoted field that starts here");
						bad = 1;
						break;
					}
					if (*c.p == '"') {
						if (c.p[1] == '"') {
							c.p += 2;
							v[len++] = '"';
						} else {
							c.p++;
							break;
						}
					} else if (*c.p == '\n' || *c.p == '\r') {
						const char *s = c.p;

						advance_newline(&c);
						while (s < c.p)
							v[len++] = *s++, (len + 2 >= cap ? (v = realloc(v, cap *= 2)) : v);
						continue;
					} else {
						v[len++] = *c.p++;
					}
					if (len + 2 >= cap)
						v = realloc(v, cap *= 2);
				}
				if (!bad && *c.p != ',' && !at_eol(c.p)) {
					error(ctx, c.line, (int)(c.p - c.line_start) + 1,
					      "a comma or the end of the line after a closing quote");
					bad = 1;
				}
			} else {
				while (*c.p != ',' && !at_eol(c.p)) {
					if (*c.p == '"' && !bad) {
						error(ctx, c.line, (int)(c.p - c.line_start) + 1,
						      "a quote only at the start of a field (quote the whole field and double the quotes inside)");
						bad = 1;
					}
					v[len++] = *c.p++;
					if (len + 2 >= cap)
						v = realloc(v, cap *= 2);
				}
			}
			v[len] = 0;
			f.value = v;
			if (rec.count == capf)
				rec.fields = realloc(rec.fields, (size_t)(capf = capf ? capf * 2 : 8) * sizeof(f));
			rec.fields[rec.count++] = f;
			if (bad) {
				skip_line(&c);
				break;
			}
			if (*c.p == ',') {
				c.p++;
				continue;
			}
			if (*c.p)
				advance_newline(&c);
			break;
		}
		if (bad) {
			struct csv_record tmp = rec;

			csv_free(&tmp, 1);
			continue;
		}
		if (nrec == caprec)
			recs = realloc(recs, (size_t)(caprec = caprec ? caprec * 2 : 64) * sizeof(rec));
		recs[nrec++] = rec;
	}
	*out = recs;
	return nrec;
}

void csv_free(struct csv_record *records, int count)
{
	for (int r = 0; r < count; r++) {
		for (int f = 0; f < records[r].count; f++)
			free(records[r].fields[f].value);
		free(records[r].fields);
	}
}

void csv_position(const struct csv_field *f, int offset, int *line, int *col)
{
	const char *raw = f->raw + (f->quoted ? 1 : 0);
	int l = f->line, c = f->col + (f->quoted ? 1 : 0);

	for (int v = 0; v < offset && *raw; v++) {
		if (f->quoted && raw[0] == '"' && raw[1] == '"') {
			raw += 2;
			c += 2;
		} else if (*raw == '\n') {
			raw++;
			l++;
			c = 1;
		} else {
			raw++;
			c++;
		}
	}
	*line = l;
	*col = c;
}
