// SPDX-License-Identifier: GPL-2.0
/* vector.c - reads and validates vector files (vectors/README.md). */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "grow.h"
#include "vector.h"

const char *const op_names[OP_COUNT] = {
	"topology", "class", "component", "map", "partid_max", "setup", "online",
	"offline", "fail_alloc", "fail_online_ctrl_domain", "alloc_capable",
	"num_closid", "get_resource",
};

static const char *const known_args[OP_COUNT][4] = {
	[OP_TOPOLOGY] = { "cpus", "nodes" },
	[OP_CLASS] = { "id", "type", "level" },
	[OP_COMPONENT] = { "class", "id", "cpus" },
	[OP_MAP] = { "res", "class", "alloc_capable" },
	[OP_PARTID_MAX] = { "value" },
	[OP_ONLINE] = { "cpu", "cpus" },
	[OP_OFFLINE] = { "cpu", "cpus" },
	[OP_FAIL_ALLOC] = { "nth" },
	[OP_FAIL_ONLINE_CTRL_DOMAIN] = { "nth", "err" },
	[OP_GET_RESOURCE] = { "level" },
};

static const char *const header[8] = {
	"scenario", "op", "args", "expect_rc", "expect_domains", "expect_events",
	"expect_counters", "note",
};
#define HEADER_LINE "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note"

static const char *const counter_keys[] = {
	"allocs_live", "allocs_total", "frees", "alloc_failures", "double_frees",
	"foreign_frees", "warns", "rules", "sync_rcu", "events",
};

/* --- profile and errno ------------------------------------------------- */
static struct mpam_ref_resource profile_res[MPAM_REF_MAX_RESOURCES];
static int profile_n = -1;

int profile_count(void)
{
	if (profile_n < 0) {
		struct mpam_ref_snapshot_info info;
		static struct mpam_ref_domain d[1];
		static uint64_t m[1];

		mpam_ref_reset();
		mpam_ref_snapshot(&info, profile_res, MPAM_REF_MAX_RESOURCES, d, 0, m, 0);
		profile_n = (int)mpam_ref_num_resources();
	}
	return profile_n;
}

const char *profile_name(int rid)
{
	if (rid < 0 || rid >= profile_count())
		return "?";
	return profile_res[rid].name;
}

int profile_index(const char *name, int len)
{
	for (int i = 0; i < profile_count(); i++)
		if ((int)strlen(profile_res[i].name) == len && !strncmp(profile_res[i].name, name, (size_t)len))
			return i;
	return -1;
}

static const struct { const char *name; int value; } errnos[] = {
	{ "EPERM", 1 }, { "ENOENT", 2 }, { "ESRCH", 3 }, { "EINTR", 4 }, { "EIO", 5 }, { "ENXIO", 6 },
	{ "E2BIG", 7 }, { "ENOEXEC", 8 }, { "EBADF", 9 }, { "ECHILD", 10 }, { "EAGAIN", 11 },
	{ "ENOMEM", 12 }, { "EACCES", 13 }, { "EFAULT", 14 }, { "ENOTBLK", 15 }, { "EBUSY", 16 },
	{ "EEXIST", 17 }, { "EXDEV", 18 }, { "ENODEV", 19 }, { "ENOTDIR", 20 }, { "EISDIR", 21 },
	{ "EINVAL", 22 }, { "ENFILE", 23 }, { "EMFILE", 24 }, { "ENOTTY", 25 }, { "ETXTBSY", 26 },
	{ "EFBIG", 27 }, { "ENOSPC", 28 }, { "ESPIPE", 29 }, { "EROFS", 30 }, { "EMLINK", 31 },
	{ "EPIPE", 32 }, { "EDOM", 33 }, { "ERANGE", 34 }, { "EDEADLK", 35 }, { "ENAMETOOLONG", 36 },
	{ "ENOLCK", 37 }, { "ENOSYS", 38 }, { "ENOTEMPTY", 39 }, { "ELOOP", 40 }, { "ENOMSG", 42 },
	{ "EIDRM", 43 }, { "ENODATA", 61 }, { "ETIME", 62 }, { "EOVERFLOW", 75 }, { "EILSEQ", 84 },
	{ "EOPNOTSUPP", 95 }, { "EADDRINUSE", 98 }, { "ENOBUFS", 105 }, { "ETIMEDOUT", 110 },
	{ "EALREADY", 114 }, { "EINPROGRESS", 115 }, { "ECANCELED", 125 }, { "ERESTARTSYS", 512 },
	{ "EPROBE_DEFER", 517 }, { "ENOTSUPP", 524 },
};

const char *errno_name(int value)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].value == value)
			return errnos[i].name;
	return NULL;
}

int errno_value(const char *name, int len)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if ((int)strlen(errnos[i].name) == len && !strncmp(errnos[i].name, name, (size_t)len))
			return errnos[i].value;
	return 0;
}

/* --- error reporting ---------------------------------------------------- */
struct parse_ctx {
	struct vector_file *vf;
	const struct csv_record *rec;
	int field;
};

static void report_at(struct vector_file *vf, int line, int col, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d:%d: expected ", vf->path, line, col);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	vf->nerrors++;
}

static void csv_error(void *ctx, int line, int col, const char *expected)
{
	report_at(ctx, line, col, "%s", expected);
}

/* An error at @offset in field @field of the current record. */
#define ERR(pc, field_, offset, ...) do {						\
	int __l, __c;									\
	field_pos((pc), (field_), (offset), &__l, &__c);				\
	report_at((pc)->vf, __l, __c, __VA_ARGS__);					\
} while (0)

static void field_pos(const struct parse_ctx *pc, int field, int offset, int *l, int *c)
{
	const struct csv_record *r = pc->rec;

	if (field < r->count) {
		csv_position(&r->fields[field], offset, l, c);
		return;
	}
	/* a field the row left out: just past its last field */
	const struct csv_field *last = &r->fields[r->count - 1];

	csv_position(last, (int)strlen(last->value), l, c);
	if (last->quoted)
		(*c)++;
}

static const char *cell(const struct csv_record *r, int i)
{
	return i < r->count ? r->fields[i].value : "";
}

/* --- cpulists ------------------------------------------------------------- */
struct cpu_item { long long first, last; int offset, last_offset; };

/* The items read so far are dropped with the error: the caller gets nothing to free. */
static int cpulist_error(struct cpu_item **items, int *err_off, int off, const char **what, const char *text)
{
	free(*items);
	*items = NULL;
	*err_off = off;
	*what = text;
	return -1;
}

/* Items of a cpulist; -1 and *err_off on a syntax error (with *what set). */
static int parse_cpulist(const char *s, struct cpu_item **items, int *err_off, const char **what)
{
	int n = 0, cap = 0, i = 0;

	*items = NULL;
	if (!*s)
		return 0;
	for (;;) {
		struct cpu_item it = { 0, 0, i, i };
		int start = i;

		if (s[i] < '0' || s[i] > '9')
			return cpulist_error(items, err_off, i, what, "a CPU number");
		while (s[i] >= '0' && s[i] <= '9') {
			it.first = it.first * 10 + (s[i++] - '0');
			if (it.first > INT_MAX)
				return cpulist_error(items, err_off, start, what, "a CPU number that fits in an int");
		}
		it.last = it.first;
		if (s[i] == '-') {
			i++;
			it.last_offset = i;
			if (s[i] < '0' || s[i] > '9')
				return cpulist_error(items, err_off, i, what, "a CPU number");
			it.last = 0;
			while (s[i] >= '0' && s[i] <= '9') {
				it.last = it.last * 10 + (s[i++] - '0');
				if (it.last > INT_MAX)
					return cpulist_error(items, err_off, it.last_offset, what,
							     "a CPU number that fits in an int");
			}
		}
		if (n == cap)
			*items = realloc(*items, (size_t)(cap = cap ? cap * 2 : 8) * sizeof(it));
		(*items)[n++] = it;
		if (!s[i])
			return n;
		if (s[i] != ',')
			return cpulist_error(items, err_off, i, what, "',' or '-' or the end of the cpulist");
		i++;
	}
}

/* --- args cell ------------------------------------------------------------- */
struct arg { const char *key; char *value; int offset, key_offset; };

struct args {
	struct arg a[8];
	int n;
	struct parse_ctx *pc;
};

static void args_parse(struct args *args, enum op op)
{
	const char *text = cell(args->pc->rec, 2);
	int i = 0;

	args->n = 0;
	while (text[i]) {
		if (text[i] == ' ') {
			i++;
			continue;
		}
		int start = i;

		while (text[i] && text[i] != ' ')
			i++;
		const char *eq = memchr(text + start, '=', (size_t)(i - start));

		if (!eq || eq == text + start) {
			ERR(args->pc, 2, start, "key=value (the args of %s), got '%.*s'", op_names[op], i - start, text + start);
			continue;
		}
		int klen = (int)(eq - (text + start)), known = -1;

		for (int k = 0; k < 4 && known_args[op][k]; k++)
			if ((int)strlen(known_args[op][k]) == klen && !strncmp(known_args[op][k], text + start, (size_t)klen))
				known = k;
		if (known < 0) {
			if (!known_args[op][0])
				ERR(args->pc, 2, start, "no args for %s, got '%.*s'", op_names[op], klen, text + start);
			else
				ERR(args->pc, 2, start, "a known key for %s, got '%.*s'", op_names[op], klen, text + start);
			continue;
		}
		int dup = 0;

		for (int k = 0; k < args->n; k++)
			if (args->a[k].key == known_args[op][known])
				dup = 1;
		if (dup || args->n == 8) {
			ERR(args->pc, 2, start, "'%s' given once", known_args[op][known]);
			continue;
		}
		args->a[args->n++] = (struct arg){
			known_args[op][known], strndup(eq + 1, (size_t)(i - start - klen - 1)),
			start + klen + 1, start,
		};
	}
}

static struct arg *arg_get(struct args *args, const char *key)
{
	for (int k = 0; k < args->n; k++)
		if (!strcmp(args->a[k].key, key))
			return &args->a[k];
	return NULL;
}

static void args_free(struct args *args)
{
	for (int k = 0; k < args->n; k++)
		free(args->a[k].value);
}

/* A decimal integer in [min, max]; 0 and an error when missing (without fallback) or malformed. */
static int arg_int(struct args *args, const char *key, long long min, long long max,
		   const long long *fallback, long long *out)
{
	struct arg *a = arg_get(args, key);

	if (!a) {
		if (fallback) {
			*out = *fallback;
			return 1;
		}
		ERR(args->pc, 2, 0, "%s=N (a decimal number from %lld to %lld)", key, min, max);
		return 0;
	}
	const char *s = a->value;
	char *end;

	if (!*s || !(s[0] == '-' || s[0] == '+' || (s[0] >= '0' && s[0] <= '9')))
		goto bad;
	long long v = strtoll(s, &end, 10);

	if (*end || v < min || v > max || (s[0] == '-' || s[0] == '+' ? !s[1] : 0))
		goto bad;
	*out = v;
	return 1;
bad:
	ERR(args->pc, 2, a->offset, "a decimal number from %lld to %lld for %s, got '%s'", min, max, key, s);
	return 0;
}

static int arg_word(struct args *args, const char *key, const char *const *choices, int n, int *out)
{
	struct arg *a = arg_get(args, key);

	if (!a) {
		ERR(args->pc, 2, 0, "%s=%s", key, n == 2 ? "0|1" : "a known word");
		return 0;
	}
	for (int i = 0; i < n; i++)
		if (!strcmp(a->value, choices[i])) {
			*out = i;
			return 1;
		}
	ERR(args->pc, 2, a->offset, "one of the known values for %s, got '%s'", key, a->value);
	return 0;
}

/* --- scenario under construction --------------------------------------------- */
struct builder {
	struct scenario *sc;
	int step_cap;		/* allocated length of sc->steps */
	int out_of_room;	/* a step of the current row did not fit */
	int nr_cpus;
	int topology_line, setup_line;
	int *classes, nclasses, class_cap;
};

static int class_known(struct builder *b, long long id)
{
	for (int i = 0; i < b->nclasses; i++)
		if (b->classes[i] == id)
			return 1;
	return 0;
}

static int declared_class(struct args *args, struct builder *b, long long *out)
{
	if (!arg_int(args, "class", INT_MIN, INT_MAX, NULL, out))
		return 0;
	if (!class_known(b, *out)) {
		ERR(args->pc, 2, arg_get(args, "class")->key_offset,
		    "a class declared by an earlier class row of this scenario, got class=%lld", *out);
		return 0;
	}
	return 1;
}

/* CPUs of @key's cpulist, written order; NULL on error. */
static long long *cpu_sequence(struct args *args, const char *key, struct builder *b, int *count)
{
	struct arg *a = arg_get(args, key);
	struct cpu_item *items;
	const char *what;
	int off, n, ok = 1;

	*count = 0;
	if (!a)
		return NULL;
	n = parse_cpulist(a->value, &items, &off, &what);
	if (n < 0) {
		ERR(args->pc, 2, a->offset + off, "a cpulist for %s (e.g. 0-3,8): %s", key, what);
		return NULL;
	}
	if (n == 0) {
		ERR(args->pc, 2, a->offset, "a non-empty cpulist for %s (e.g. 0-3,8)", key);
		return NULL;
	}
	if (!b->nr_cpus) {
		free(items);
		return NULL;		/* reported: no topology yet */
	}
	long long total = 0;

	for (int i = 0; i < n; i++) {
		if (items[i].first >= b->nr_cpus) {
			ERR(args->pc, 2, a->offset + items[i].offset,
			    "a CPU below %d (the topology has %d), got %lld", b->nr_cpus, b->nr_cpus, items[i].first);
			ok = 0;
		} else if (items[i].last >= b->nr_cpus) {
			ERR(args->pc, 2, a->offset + items[i].last_offset,
			    "a CPU below %d (the topology has %d), got %lld", b->nr_cpus, b->nr_cpus, items[i].last);
			ok = 0;
		} else {
			total += llabs(items[i].last - items[i].first) + 1;
		}
	}
	if (!ok) {
		free(items);
		return NULL;
	}
	long long *seq = malloc((size_t)total * sizeof(*seq));
	int k = 0;

	for (int i = 0; i < n; i++) {
		long long step = items[i].last >= items[i].first ? 1 : -1;

		for (long long cpu = items[i].first;; cpu += step) {
			seq[k++] = cpu;
			if (cpu == items[i].last)
				break;
		}
	}
	free(items);
	*count = k;
	return seq;
}

/* --- expectations ---------------------------------------------------------------- */
static int read_int(const char *s, int *i, int *out)
{
	int start = *i;
	long long v = 0;

	if (s[*i] == '-')
		(*i)++;
	int digits = *i;

	while (s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[(*i)++] - '0');
		if (v > INT_MAX)
			return 0;
	}
	if (*i == digits)
		return 0;
	*out = (int)(s[start] == '-' ? -v : v);
	return 1;
}

/* Domain text: 0 ok, else -1 with *off and *what. */
static int parse_domains(const char *s, struct row_expect *e, int *off, const char **what)
{
	static char msg[160];
	int i = 0;

	e->nresources = 0;
	e->resources = NULL;
	if (!strcmp(s, "-"))
		return 0;
	for (;;) {
		int start = i;

		while (s[i] && s[i] != '[' && s[i] != '~' && s[i] != ' ')
			i++;
		int rid = profile_index(s + start, i - start);

		if (rid < 0) {
			*off = start;
			*what = "a resource name of the profile, or - for nothing mapped";
			return -1;
		}
		if (e->nresources && rid <= e->resources[e->nresources - 1].rid) {
			*off = start;
			*what = "resources in enum order, each once";
			return -1;
		}
		e->resources = realloc(e->resources, (size_t)(e->nresources + 1) * sizeof(*e->resources));
		struct exp_resource *r = &e->resources[e->nresources++];

		*r = (struct exp_resource){ rid, 1, 0, NULL };
		if (s[i] == '~') {
			r->alloc_capable = 0;
			i++;
		}
		if (s[i] != '[') {
			*off = i;
			*what = "'['";
			return -1;
		}
		i++;
		while (s[i] && s[i] != ']') {
			if (r->ndomains) {
				if (s[i] != ' ') {
					*off = i;
					*what = "' '";
					return -1;
				}
				i++;
			}
			int at = i, id;

			if (!read_int(s, &i, &id)) {
				*off = at;
				*what = "a domain id";
				return -1;
			}
			if (r->ndomains && id <= r->domains[r->ndomains - 1].id) {
				*off = at;
				snprintf(msg, sizeof(msg), "domain ids in ascending order, each once (after %d)",
					 r->domains[r->ndomains - 1].id);
				*what = msg;
				return -1;
			}
			r->domains = realloc(r->domains, (size_t)(r->ndomains + 1) * sizeof(*r->domains));
			struct exp_domain *d = &r->domains[r->ndomains++];

			memset(d, 0, sizeof(*d));
			d->id = id;
			d->type = 0;		/* RESCTRL_CTRL_DOMAIN */
			d->rid = rid;
			if (s[i] != ':') {
				*off = i;
				*what = "':'";
				return -1;
			}
			i++;
			int ls = i;

			while (s[i] && s[i] != ' ' && s[i] != ']' && s[i] != '!')
				i++;
			char *list = strndup(s + ls, (size_t)(i - ls));
			struct cpu_item *items;
			int eoff, n = parse_cpulist(list, &items, &eoff, what);

			free(list);
			if (n < 0) {
				*off = ls + eoff;
				return -1;
			}
			for (int k = 0; k < n; k++) {
				long long lo = items[k].first < items[k].last ? items[k].first : items[k].last;
				long long hi = items[k].first < items[k].last ? items[k].last : items[k].first;

				if (items[k].first >= MPAM_REF_MAX_CPUS || items[k].last >= MPAM_REF_MAX_CPUS) {
					*off = ls + (items[k].first >= MPAM_REF_MAX_CPUS ? items[k].offset : items[k].last_offset);
					*what = "a CPU below 4096";
					free(items);
					return -1;
				}
				for (long long c = lo; c <= hi; c++)
					d->mask[c / 64] |= 1ULL << (c % 64);
			}
			free(items);
			if (s[i] == '!') {
				i++;
				if (strncmp(s + i, "type=", 5)) {
					*off = i;
					*what = "'type='";
					return -1;
				}
				i += 5;
				if (!read_int(s, &i, &d->type)) {
					*off = i;
					*what = "a domain type number";
					return -1;
				}
				if (strncmp(s + i, ",rid=", 5)) {
					*off = i;
					*what = "',rid='";
					return -1;
				}
				i += 5;
				if (!read_int(s, &i, &d->rid)) {
					*off = i;
					*what = "a rid number";
					return -1;
				}
			}
		}
		if (s[i] != ']') {
			*off = i;
			*what = "']'";
			return -1;
		}
		i++;
		if (!s[i])
			return 0;
		if (s[i] != ' ') {
			*off = i;
			*what = "one space before the next resource, or the end";
			return -1;
		}
		i++;
	}
}

static int parse_events(const char *s, struct row_expect *e, int *off, const char **what)
{
	static const char *const kinds[] = { "online_ctrl_domain", "offline_ctrl_domain", "online_cpu", "offline_cpu" };
	int i = 0;

	e->nevents = 0;
	e->events = NULL;
	if (!strcmp(s, "-"))
		return 0;
	for (;;) {
		int start = i, kind = 0;

		while ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_')
			i++;
		for (int k = 0; k < 4; k++)
			if ((int)strlen(kinds[k]) == i - start && !strncmp(kinds[k], s + start, (size_t)(i - start)))
				kind = k + 1;
		if (!kind) {
			*off = start;
			*what = "an event: online_ctrl_domain(R,ID), offline_ctrl_domain(R,ID), online_cpu(N), offline_cpu(N), or - for none";
			return -1;
		}
		if (s[i] != '(') {
			*off = i;
			*what = "'('";
			return -1;
		}
		i++;
		struct exp_event ev = { kind, -1, -1, -1 };

		if (kind <= 2) {
			int ns = i;

			while (s[i] && s[i] != ',' && s[i] != ')' && s[i] != ' ')
				i++;
			ev.rid = profile_index(s + ns, i - ns);
			if (ev.rid < 0) {
				*off = ns;
				*what = "a resource name of the profile";
				return -1;
			}
			if (s[i] != ',') {
				*off = i;
				*what = "','";
				return -1;
			}
			i++;
			if (!read_int(s, &i, &ev.domain_id)) {
				*off = i;
				*what = "a domain id";
				return -1;
			}
		} else if (!read_int(s, &i, &ev.cpu)) {
			*off = i;
			*what = "a CPU number";
			return -1;
		}
		if (s[i] != ')') {
			*off = i;
			*what = "')'";
			return -1;
		}
		i++;
		e->events = realloc(e->events, (size_t)(e->nevents + 1) * sizeof(ev));
		e->events[e->nevents++] = ev;
		if (!s[i])
			return 0;
		if (s[i] != ' ') {
			*off = i;
			*what = "one space before the next event";
			return -1;
		}
		i++;
	}
}

static void parse_counters(struct parse_ctx *pc, const char *s, struct row_expect *e)
{
	int i = 0;

	while (s[i]) {
		if (s[i] == ' ') {
			i++;
			continue;
		}
		int start = i;

		while (s[i] && s[i] != ' ')
			i++;
		int len = i - start, eq = -1;

		for (int k = len - 1; k >= 0; k--)
			if (s[start + k] == '=') {
				eq = k;
				break;
			}
		if (eq <= 0) {
			ERR(pc, 6, start, "counter=N (a known counter or warn:FUNC:COND), got '%.*s'", len, s + start);
			continue;
		}
		long long v = 0;
		int ok = eq + 1 < len;

		for (int k = eq + 1; k < len; k++) {
			if (s[start + k] < '0' || s[start + k] > '9' || v > (LLONG_MAX - 9) / 10) {
				ok = 0;
				break;
			}
			v = v * 10 + (s[start + k] - '0');
		}
		if (!ok) {
			ERR(pc, 6, start + eq + 1, "a non-negative decimal count for %.*s", eq, s + start);
			continue;
		}
		struct exp_counter c = { strndup(s + start, (size_t)eq), NULL, NULL, v };

		if (!strncmp(c.key, "warn:", 5)) {
			char *site = c.key + 5, *colon = strchr(site, ':');

			if (!colon || colon == site || !colon[1]) {
				ERR(pc, 6, start, "warn:FUNCTION:CONDITION=N (e.g. warn:mpam_resctrl_offline_cpu:!dom=1), got '%.*s'", len, s + start);
				free(c.key);
				continue;
			}
			c.warn_func = strndup(site, (size_t)(colon - site));
			c.warn_cond = strdup(colon + 1);
		} else {
			int known = 0;

			for (size_t k = 0; k < sizeof(counter_keys) / sizeof(counter_keys[0]); k++)
				known |= !strcmp(counter_keys[k], c.key);
			if (!known) {
				ERR(pc, 6, start, "a counter (allocs_live, allocs_total, frees, alloc_failures, double_frees, foreign_frees, warns, rules, sync_rcu, events or warn:FUNC:COND), got '%s'", c.key);
				free(c.key);
				continue;
			}
		}
		e->counters = realloc(e->counters, (size_t)(e->ncounters + 1) * sizeof(c));
		e->counters[e->ncounters++] = c;
	}
}

static struct row_expect *parse_expect(struct parse_ctx *pc, enum op op)
{
	struct row_expect *e = calloc(1, sizeof(*e));
	const struct csv_record *r = pc->rec;
	const char *rc = cell(r, 3), *dom = cell(r, 4), *ev = cell(r, 5), *cnt = cell(r, 6);
	const char *what;
	int off;

	e->note = strdup(cell(r, 7));
	if (*rc) {
		if (!strcmp(rc, "not-run")) {
			if (op != OP_ONLINE && op != OP_OFFLINE)
				ERR(pc, 3, 0, "not-run only on online and offline rows");
			else
				e->has_rc = 1, e->rc = MPAM_REF_CALLBACK_NOT_RUN;
		} else if (rc[0] == '-' && rc[1] == 'E') {
			int v = errno_value(rc + 1, (int)strlen(rc + 1));

			if (!v)
				ERR(pc, 3, 1, "a kernel errno name such as EINVAL or ENOMEM");
			else
				e->has_rc = 1, e->rc = -v;
		} else {
			int i = 0, v;

			if (rc[0] == '+')
				i++;
			if (read_int(rc, &i, &v) && !rc[i])
				e->has_rc = 1, e->rc = v;
			else
				ERR(pc, 3, 0, "0, an errno by name (-EINVAL), not-run, or an integer");
		}
	}
	if (*dom) {
		if (parse_domains(dom, e, &off, &what))
			ERR(pc, 4, off, "canonical domain text (e.g. L3[0:0-3 1:4-7] MBA~[]): %s", what);
		else
			e->has_domains = 1;
	}
	if (*ev) {
		if (parse_events(ev, e, &off, &what))
			ERR(pc, 5, off, "%s", what);
		else
			e->has_events = 1;
	}
	if (*cnt)
		parse_counters(pc, cnt, e);
	return e;
}

/* --- rows ---------------------------------------------------------------------------- */
static void expect_free(struct row_expect *e)
{
	for (int r = 0; r < e->nresources; r++)
		free(e->resources[r].domains);
	free(e->resources);
	free(e->events);
	for (int c = 0; c < e->ncounters; c++) {
		free(e->counters[c].key);
		free(e->counters[c].warn_func);
		free(e->counters[c].warn_cond);
	}
	free(e->counters);
	free(e->note);
	free(e);
}

/* Appends @s (the scenario now owns its mask); a step that does not fit is dropped and noted. */
static void add_step(struct builder *b, struct step s)
{
	struct scenario *sc = b->sc;
	struct step *steps = grow_array(sc->steps, &b->step_cap, sc->nsteps, sizeof(s));

	if (!steps) {
		free(s.mask);
		b->out_of_room = 1;
		return;
	}
	sc->steps = steps;
	sc->steps[sc->nsteps++] = s;
}

static int is_configuration(enum op op)
{
	return op == OP_TOPOLOGY || op == OP_CLASS || op == OP_COMPONENT || op == OP_MAP;
}

static void parse_row(struct parse_ctx *pc, struct builder *b)
{
	const struct csv_record *r = pc->rec;
	const char *optext = cell(r, 1);
	int opi = -1;

	for (int i = 0; i < OP_COUNT; i++)
		if (!strcmp(op_names[i], optext))
			opi = i;
	if (opi < 0) {
		ERR(pc, 1, 0, "an op (topology, class, component, map, partid_max, setup, online, offline, fail_alloc, fail_online_ctrl_domain, alloc_capable, num_closid, get_resource), got '%s'", optext);
		return;
	}
	enum op op = (enum op)opi;
	struct args args = { .pc = pc };

	args_parse(&args, op);
	if (op == OP_TOPOLOGY && b->topology_line)
		ERR(pc, 1, 0, "one topology row per scenario (the first is at line %d)", b->topology_line);
	if (op == OP_SETUP && b->setup_line)
		ERR(pc, 1, 0, "one setup row per scenario: mpam_enable_once() runs once (setup is at line %d)", b->setup_line);
	if (is_configuration(op) && b->setup_line)
		ERR(pc, 1, 0, "%s before setup (line %d): the platform is described before MPAM is enabled", optext, b->setup_line);
	if ((op == OP_COMPONENT || op == OP_ONLINE || op == OP_OFFLINE) && !b->nr_cpus)
		ERR(pc, 1, 0, "a topology row before the first row that names a CPU (%s)", optext);

	struct row_expect *e = parse_expect(pc, op);
	struct step s = { .op = op, .line = r->line, .args_text = strdup(cell(r, 2)), .expect = e };
	long long *cpus = NULL;
	int ncpus = 0, nsteps_before = b->sc->nsteps;

	switch (op) {
	case OP_TOPOLOGY: {
		static const long long one = 1;
		long long n, m;
		int okn = arg_int(&args, "cpus", 1, MPAM_REF_MAX_CPUS, NULL, &n);
		int okm = arg_int(&args, "nodes", 1, MPAM_REF_MAX_CPUS, &one, &m);

		if (okn && okm) {
			s.a = n;
			s.b = m;
			add_step(b, s);
			if (!b->topology_line)
				b->nr_cpus = (int)n;
		}
		break;
	}
	case OP_CLASS: {
		static const char *const types[] = { "cache", "memory", "unknown" };
		static const long long zero = 0;
		long long id, level;
		int type;
		int ok = arg_int(&args, "id", INT_MIN, INT_MAX, NULL, &id);

		if (ok && class_known(b, id)) {
			ERR(pc, 2, arg_get(&args, "id")->key_offset, "a class id not declared before in this scenario, got %lld", id);
		} else if (ok) {
			int *classes = grow_array(b->classes, &b->class_cap, b->nclasses, sizeof(int));

			if (classes) {
				b->classes = classes;
				b->classes[b->nclasses++] = (int)id;
			} else {
				b->out_of_room = 1;
			}
		}
		ok &= arg_word(&args, "type", types, 3, &type);
		ok &= arg_int(&args, "level", 0, 255, &zero, &level);
		if (ok) {
			s.a = id;
			s.b = type;
			s.c = level;
			add_step(b, s);
		}
		break;
	}
	case OP_COMPONENT: {
		long long cls, id;
		int ok = declared_class(&args, b, &cls);

		ok &= arg_int(&args, "id", INT_MIN, INT_MAX, NULL, &id);
		if (!arg_get(&args, "cpus"))
			ERR(pc, 2, 0, "cpus=LIST (a cpulist such as 0-3,8)");
		cpus = cpu_sequence(&args, "cpus", b, &ncpus);
		if (ok && cpus) {
			s.a = cls;
			s.b = id;
			s.mask = calloc(MASK_WORDS, sizeof(uint64_t));
			for (int i = 0; i < ncpus; i++)
				s.mask[cpus[i] / 64] |= 1ULL << (cpus[i] % 64);
			add_step(b, s);
		}
		break;
	}
	case OP_MAP: {
		static const char *const bits[] = { "0", "1" };
		const char *names[MPAM_REF_MAX_RESOURCES];
		long long cls;
		int res, cap;

		for (int i = 0; i < profile_count(); i++)
			names[i] = profile_name(i);
		int ok = arg_word(&args, "res", names, profile_count(), &res);

		ok &= declared_class(&args, b, &cls);
		ok &= arg_word(&args, "alloc_capable", bits, 2, &cap);
		if (ok) {
			s.a = res;
			s.b = cls;
			s.c = cap;
			add_step(b, s);
		}
		break;
	}
	case OP_PARTID_MAX:
		if (arg_int(&args, "value", 0, 65535, NULL, &s.a))
			add_step(b, s);
		break;
	case OP_ONLINE:
	case OP_OFFLINE: {
		int one = arg_get(&args, "cpu") != NULL, many = arg_get(&args, "cpus") != NULL;

		if (one == many) {
			ERR(pc, 2, many ? arg_get(&args, "cpus")->key_offset : 0, "exactly one of cpu=N or cpus=LIST");
		} else if (one) {
			long long cpu;

			if (arg_int(&args, "cpu", 0, INT_MAX, NULL, &cpu)) {
				if (b->nr_cpus && cpu >= b->nr_cpus) {
					ERR(pc, 2, arg_get(&args, "cpu")->key_offset + 4,
					    "a CPU below %d (the topology has %d), got %lld", b->nr_cpus, b->nr_cpus, cpu);
				} else if (b->nr_cpus) {
					s.a = cpu;
					add_step(b, s);
				}
			}
		} else {
			cpus = cpu_sequence(&args, "cpus", b, &ncpus);
			for (int i = 0; i < ncpus; i++) {
				s.a = cpus[i];
				add_step(b, s);
			}
		}
		break;
	}
	case OP_FAIL_ALLOC:
		if (arg_int(&args, "nth", 0, INT_MAX, NULL, &s.a))
			add_step(b, s);
		break;
	case OP_FAIL_ONLINE_CTRL_DOMAIN: {
		struct arg *err = arg_get(&args, "err");
		int ok = arg_int(&args, "nth", 0, INT_MAX, NULL, &s.a);

		s.b = -12;
		if (err) {
			const char *v = err->value;
			int i = 0, n;

			if (v[0] == '-' && v[1] == 'E' && errno_value(v + 1, (int)strlen(v + 1)))
				s.b = -errno_value(v + 1, (int)strlen(v + 1));
			else if (read_int(v, &i, &n) && !v[i] && n < 0)
				s.b = n;
			else {
				ERR(pc, 2, err->offset, "a negative errno for err (-ENOMEM, -EINVAL, ... or -N), got '%s'", v);
				ok = 0;
			}
		}
		if (ok)
			add_step(b, s);
		break;
	}
	case OP_GET_RESOURCE:
		if (arg_int(&args, "level", 0, UINT32_MAX, NULL, &s.a))
			add_step(b, s);
		break;
	default:
		add_step(b, s);
		break;
	}
	free(cpus);
	args_free(&args);
	if (op == OP_SETUP && !b->setup_line)
		b->setup_line = r->line;
	if (op == OP_TOPOLOGY && !b->topology_line)
		b->topology_line = r->line;
	if (b->out_of_room) {
		ERR(pc, 1, 0, "a scenario that fits in memory (no room past %d steps and %d classes)",
		    b->sc->nsteps, b->nclasses);
		b->out_of_room = 0;
	}
	if (b->sc->nsteps > nsteps_before) {
		b->sc->steps[nsteps_before].first_of_row = 1;
		b->sc->steps[b->sc->nsteps - 1].last_of_row = 1;
	} else {
		/* a row that added no step (an error, or no room) keeps its expect and args itself */
		expect_free(e);
		free(s.args_text);
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return NULL;
	size_t cap = 4096, len = 0, n;
	char *buf = malloc(cap);

	while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (cap - len - 1 == 0)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	buf[len] = 0;
	return buf;
}

int vector_load(const char *path, struct vector_file *vf)
{
	char *text = slurp(path);
	struct csv_record *recs;
	int n;

	memset(vf, 0, sizeof(*vf));
	vf->path = path;
	if (!text) {
		fprintf(stderr, "%s:1:1: expected a readable vector file\n", path);
		vf->nerrors = 1;
		return -1;
	}
	n = csv_read(text, &recs, csv_error, vf);
	if (n == 0) {
		report_at(vf, 1, 1, "the header line " HEADER_LINE);
		goto out;
	}
	struct parse_ctx pc = { vf, &recs[0], 0 };

	for (int i = 0; i < 8 || i < recs[0].count; i++) {
		if (i < 8 && i < recs[0].count && !strcmp(recs[0].fields[i].value, header[i]))
			continue;
		ERR(&pc, i < recs[0].count ? i : recs[0].count, 0, "the header line " HEADER_LINE " (field %d is '%s')",
		    i + 1, i < 8 ? header[i] : "nothing");
		goto out;
	}

	struct builder b = { 0 };
	int scenario_cap = 0;

	for (int r = 1; r < n; r++) {
		pc.rec = &recs[r];
		if (recs[r].count > 8) {
			ERR(&pc, 8, 0, "8 fields (" HEADER_LINE "; quote a field that holds a comma), got %d", recs[r].count);
			continue;
		}
		const char *name = cell(&recs[r], 0);

		if (!*name) {
			ERR(&pc, 0, 0, "a scenario name in the first field");
			continue;
		}
		if (!b.sc || strcmp(b.sc->name, name)) {
			for (int s = 0; s < vf->nscenarios; s++)
				if (!strcmp(vf->scenarios[s].name, name))
					ERR(&pc, 0, 0, "scenario names unique per file and a scenario's rows contiguous: '%s' already began at line %d",
					    name, vf->scenarios[s].line);
			struct scenario *scenarios = grow_array(vf->scenarios, &scenario_cap, vf->nscenarios,
								sizeof(*scenarios));

			if (!scenarios) {
				ERR(&pc, 0, 0, "a file that fits in memory (no room past %d scenarios)", vf->nscenarios);
				break;
			}
			vf->scenarios = scenarios;
			free(b.classes);
			b = (struct builder){ .sc = &vf->scenarios[vf->nscenarios++] };
			*b.sc = (struct scenario){ strdup(name), recs[r].line, 0, NULL };
		}
		parse_row(&pc, &b);
	}
	free(b.classes);
out:
	csv_free(recs, n);
	free(recs);
	free(text);
	return 0;
}

void vector_free(struct vector_file *vf)
{
	for (int i = 0; i < vf->nscenarios; i++) {
		struct scenario *sc = &vf->scenarios[i];

		for (int k = 0; k < sc->nsteps; k++) {
			struct step *s = &sc->steps[k];

			free(s->mask);
			if (s->first_of_row) {
				expect_free(s->expect);
				free(s->args_text);
			}
		}
		free(sc->steps);
		free(sc->name);
	}
	free(vf->scenarios);
	vf->scenarios = NULL;
	vf->nscenarios = 0;
}
