// SPDX-License-Identifier: GPL-2.0
/* step_file.c - see step_file.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "step_file.h"

#define MAGIC "MPAMSTP1"
#define VERSION 2

const char *const step_kind_names[STEP_KIND_COUNT] = {
	"scenario", "topology", "class", "component", "map", "partid_max", "setup", "online",
	"offline", "alloc_capable", "num_closid", "get_resource", "fail_alloc",
	"fail_fs", "cache", "props", "mount", "unmount", "schemata", "schemata_read", "exit",
	"teardown", "mon_ctx_alloc", "mon_ctx_free", "rmid_read", "cpus_write", "task_write", "task_match",
	"pmg_max", "rmid_idx", "rmid_idx_decode",
};

/* The fixed fields of each step record, in order, into step a, b, c: "TYPE NAME", TYPE u32, i32 or u8. */
static const char *const fields[STEP_KIND_COUNT][STEP_MAX_FIELDS] = {
	[STEP_TOPOLOGY] = { "u32 cpus", "u32 nodes" },
	[STEP_CLASS] = { "i32 id", "i32 type", "u8 level" },
	[STEP_COMPONENT] = { "i32 class", "i32 id" },	/* then u32 words, u64 affinity[words] */
	[STEP_MAP] = { "i32 rid", "i32 class", "u8 alloc_capable" },
	[STEP_PARTID_MAX] = { "i32 value" },
	[STEP_ONLINE] = { "u32 cpu" },
	[STEP_OFFLINE] = { "u32 cpu" },
	[STEP_GET_RESOURCE] = { "u32 level" },
	[STEP_FAIL_ALLOC] = { "i32 nth" },
	[STEP_FAIL_FS] = { "i32 call", "i32 nth", "i32 err" },
	[STEP_CACHE] = { "u32 level", "u32 id", "u32 size" },	/* then u32 words, u64 cpus[words] */
	[STEP_PROPS] = { "i32 class", "u32 cpbm_wd", "u32 mbw_pbm_bits", "u32 bwa_wd", "u32 num_csu_mon",
			 "u32 num_mbwu_mon" },				/* then u32 words, u64 features[words] */
	[STEP_MOUNT] = { "u8 options" },
	[STEP_SCHEMATA] = { "i32 rid", "u32 closid", "i32 type" },	/* then u32 words, u64 pairs[words] */
	[STEP_SCHEMATA_READ] = { "i32 rid", "i32 domain", "u32 closid", "i32 type" },
	[STEP_TEARDOWN] = { "i32 class" },
	[STEP_MON_CTX_ALLOC] = { "i32 event" },
	[STEP_MON_CTX_FREE] = { "i32 event" },
	[STEP_RMID_READ] = { "i32 domain", "u32 closid", "u32 rmid", "i32 event" },
	[STEP_CPUS_WRITE] = { "u32 cpu", "u32 closid", "u32 rmid" },
	[STEP_TASK_WRITE] = { "u32 task", "u32 closid", "u32 rmid" },
	[STEP_TASK_MATCH] = { "u32 task", "u32 closid", "i32 rmid" },
	[STEP_PMG_MAX] = { "i32 value" },
	[STEP_RMID_IDX] = { "u32 closid", "u32 rmid" },
	[STEP_RMID_IDX_DECODE] = { "u32 idx", "u8 want_rmid" },
};

struct reader {
	const char *path;
	const unsigned char *p;
	size_t size, at;
	char where[64];		/* "the header", "the map record at byte 40": for messages */
	struct step_file *out;
};

static int fail(struct reader *r, size_t offset, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(struct reader *r, size_t offset, const char *fmt, ...)
{
	char *e = r->out->error;
	size_t cap = sizeof(r->out->error);
	int n = snprintf(e, cap, "%s: byte %zu: expected ", r->path, offset);
	va_list ap;

	if (n >= 0 && (size_t)n < cap) {
		va_start(ap, fmt);
		vsnprintf(e + n, cap - (size_t)n, fmt, ap);
		va_end(ap);
	}
	r->out->error_offset = (long long)offset;
	return 2;
}

/* The next @n bytes, or NULL once the file was reported cut short. */
static const unsigned char *take(struct reader *r, size_t n, const char *what)
{
	const unsigned char *p = r->p + r->at;

	if (r->size - r->at < n) {
		fail(r, r->at, "the %s (%zu byte(s)) of %s; the file ends %zu byte(s) later",
		     what, n, r->where, r->size - r->at);
		return NULL;
	}
	r->at += n;
	return p;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int read_u32(struct reader *r, const char *what, uint32_t *v)
{
	const unsigned char *p = take(r, 4, what);

	if (!p)
		return 2;
	*v = le32(p);
	return 0;
}

/* A str into *@out (malloc'd, NUL-terminated). */
static int read_string(struct reader *r, const char *name, char **out)
{
	size_t at = r->at;
	uint32_t len;
	const unsigned char *p, *nul;
	char what[32];

	snprintf(what, sizeof(what), "u32 %s length", name);
	if (read_u32(r, what, &len))
		return 2;
	if (len > r->size - r->at)
		return fail(r, at, "a %s length of at most %zu (the bytes left) in %s, got %u",
			    name, r->size - r->at, r->where, len);
	p = r->p + r->at;
	nul = memchr(p, 0, len);
	if (nul)
		return fail(r, r->at + (size_t)(nul - p), "a %s without NUL bytes in %s", name, r->where);
	*out = malloc((size_t)len + 1);
	if (!*out)
		return fail(r, at, "memory for a %s of %u bytes", name, len);
	memcpy(*out, p, len);
	(*out)[len] = 0;
	r->at += len;
	return 0;
}

static int read_scenario(struct reader *r, uint32_t line)
{
	struct step_file *sf = r->out;
	struct scenario *grown = grow_array(sf->scenarios, &sf->cap, sf->nscenarios, sizeof(*grown));
	struct scenario *sc;

	if (!grown)
		return fail(r, r->at, "room for another scenario in memory");
	sf->scenarios = grown;
	sc = &grown[sf->nscenarios++];
	*sc = (struct scenario){ .line = line };
	return read_string(r, "name", &sc->name) || read_string(r, "file", &sc->file) ? 2 : 0;
}

static int read_step(struct reader *r, enum step_kind kind, uint32_t line, size_t start)
{
	struct scenario *sc = &r->out->scenarios[r->out->nscenarios - 1];
	struct step *grown = grow_array(sc->steps, &sc->cap, sc->nsteps, sizeof(*grown));
	struct step *s;
	int64_t *args[STEP_MAX_FIELDS];

	if (!grown)
		return fail(r, start, "room for another step of scenario '%s' in memory", sc->name);
	sc->steps = grown;
	s = &grown[sc->nsteps++];
	*s = (struct step){ .kind = kind, .line = line };
	args[0] = &s->a;
	args[1] = &s->b;
	args[2] = &s->c;
	args[3] = &s->d;
	args[4] = &s->e;
	args[5] = &s->f;
	for (int i = 0; i < STEP_MAX_FIELDS && fields[kind][i]; i++) {
		const char *what = fields[kind][i];
		int u8 = what[1] == '8';
		const unsigned char *p = take(r, u8 ? 1 : 4, what);

		if (!p)
			return 2;
		*args[i] = u8 ? p[0] : what[0] == 'u' ? (int64_t)le32(p) : (int64_t)(int32_t)le32(p);
	}
	if (kind == STEP_COMPONENT || kind == STEP_CACHE || kind == STEP_PROPS || kind == STEP_SCHEMATA) {
		size_t at = r->at;
		const unsigned char *p;

		if (read_u32(r, "u32 words", &s->words))
			return 2;
		if (s->words > (r->size - r->at) / 8)
			return fail(r, at, "a words count of at most %zu (the 8-byte words left) in %s, got %u",
				    (r->size - r->at) / 8, r->where, s->words);
		s->affinity = calloc(s->words ? s->words : 1, sizeof(*s->affinity));
		if (!s->affinity)
			return fail(r, at, "memory for %u affinity words", s->words);
		p = take(r, (size_t)s->words * 8, "u64 affinity words");
		for (uint32_t w = 0; w < s->words; w++)
			s->affinity[w] = le64(p + 8 * (size_t)w);
	}
	return 0;
}

static int parse(struct reader *r)
{
	uint32_t version;

	snprintf(r->where, sizeof(r->where), "the header");
	if (r->size < 8 || memcmp(r->p, MAGIC, 8))
		return fail(r, 0, "the magic \"" MAGIC "\" (a step file of `conformance steps`)");
	r->at = 8;
	if (read_u32(r, "u32 version", &version))
		return 2;
	if (version != VERSION)
		return fail(r, 8, "version %d, got %u", VERSION, version);
	while (r->at < r->size) {
		size_t start = r->at;
		unsigned kind = r->p[r->at++];
		uint32_t line;

		if (kind >= STEP_KIND_COUNT)
			return fail(r, start, "a record kind 0-%d, got %u", STEP_KIND_COUNT - 1, kind);
		if (kind != STEP_SCENARIO && !r->out->nscenarios)
			return fail(r, start, "a scenario record (kind 0) before the first step, got a %s record",
				    step_kind_names[kind]);
		snprintf(r->where, sizeof(r->where), "the %s record at byte %zu", step_kind_names[kind], start);
		if (read_u32(r, "u32 line", &line))
			return 2;
		if (kind == STEP_SCENARIO ? read_scenario(r, line) : read_step(r, (enum step_kind)kind, line, start))
			return 2;
	}
	return 0;
}

/* The whole file, malloc'd (a pipe works too); NULL with errno set on failure. */
static unsigned char *read_all(FILE *f, size_t *size)
{
	unsigned char *buf = NULL, *grown;
	size_t cap = 0, n;

	*size = 0;
	do {
		if (*size == cap) {
			cap = cap ? cap * 2 : 65536;
			grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = grown;
		}
		n = fread(buf + *size, 1, cap - *size, f);
		*size += n;
	} while (n);
	if (ferror(f)) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	return buf;
}

int step_file_load(const char *path, struct step_file *out)
{
	struct reader r = { .path = path, .out = out };
	unsigned char *buf = NULL;
	FILE *f = fopen(path, "rb");
	int rc, err = errno;

	*out = (struct step_file){ .error_offset = -1 };
	if (f) {
		buf = read_all(f, &r.size);
		err = errno;
		fclose(f);
	}
	if (!buf) {
		snprintf(out->error, sizeof(out->error), "%s: expected a readable step file: %s", path, strerror(err));
		return 2;
	}
	r.p = buf;
	rc = parse(&r);
	free(buf);
	if (rc)
		step_file_free(out);
	return rc;
}

void step_file_free(struct step_file *sf)
{
	for (int i = 0; i < sf->nscenarios; i++) {
		struct scenario *sc = &sf->scenarios[i];

		for (int k = 0; k < sc->nsteps; k++)
			free(sc->steps[k].affinity);
		free(sc->steps);
		free(sc->name);
		free(sc->file);
	}
	free(sf->scenarios);
	sf->scenarios = NULL;
	sf->nscenarios = sf->cap = 0;
}
