// SPDX-License-Identifier: GPL-2.0
/*
 * replay.c - the pure-C replay of vector files over the reference.
 *
 *   replay FILE.csv...           run every scenario from reset, print the
 *                                observables after every step, check the
 *                                expectations (exit 1 on a failed one)
 *   replay --bench N FILE.csv... run the files' scenarios N times, no output
 *                                per step, and report steps per second
 *
 * A malformed file is reported as file:line:column: expected ... and nothing
 * runs (exit 2). Output is line-buffered (LeakSanitizer exits before stdio
 * buffers are flushed). Every exit after the files were read frees them: a
 * leak report under LeakSanitizer would turn exit 2 (or 0, 1) into exit 1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mpam_ref.h"
#include "vector.h"

#define MAX_DOMAINS 4096
#define MAX_EVENTS 256

static struct mpam_ref_snapshot_info info;
static struct mpam_ref_resource resources[MPAM_REF_MAX_RESOURCES];
static struct mpam_ref_domain *domains;
static uint64_t *masks;
static uint32_t domain_cap, mask_cap;
static struct mpam_ref_event step_events[MAX_EVENTS], row_events[MAX_EVENTS * 8];
static uint32_t nstep_events, nrow_events;
static struct mpam_ref_rule_report step_rules[64];
static uint32_t nstep_rules;
static struct mpam_ref_warn_site warn_sites[64];
static uint32_t nwarn_sites;
static struct mpam_ref_counters counters;

static void take_snapshot(void)
{
	while (mpam_ref_snapshot(&info, resources, MPAM_REF_MAX_RESOURCES, domains, domain_cap,
				 masks, mask_cap) == -28 /* -ENOSPC */) {
		domain_cap = info.domain_count + 64;
		mask_cap = (info.domain_count + 64) * (info.mask_words ? info.mask_words : 1);
		domains = realloc(domains, domain_cap * sizeof(*domains));
		masks = realloc(masks, mask_cap * sizeof(*masks));
	}
	mpam_ref_counters(&counters);
	nwarn_sites = mpam_ref_warn_sites(warn_sites, 64);
	if (nwarn_sites > 64)
		nwarn_sites = 64;
}

static void drain(void)
{
	struct mpam_ref_message msgs[32];

	nstep_events = mpam_ref_drain_events(step_events, MAX_EVENTS);
	nstep_rules = mpam_ref_drain_rule_reports(step_rules, 64);
	while (mpam_ref_drain_messages(msgs, 32) == 32)
		;
}

/* One step through the ABI; returns the rc. */
static int run_step(const struct step *s)
{
	switch (s->op) {
	case OP_TOPOLOGY: {
		int rc = mpam_ref_set_possible_cpus((uint32_t)s->a);

		for (long long c = 0; !rc && c < s->a; c++)
			rc = mpam_ref_set_cpu_node((uint32_t)c, (int32_t)(c * s->b / s->a));
		return rc;
	}
	case OP_CLASS:
		return mpam_ref_add_class((int32_t)s->a, (int32_t)s->b, (uint8_t)s->c);
	case OP_COMPONENT:
		return mpam_ref_add_component((int32_t)s->a, (int32_t)s->b, s->mask, MASK_WORDS);
	case OP_MAP:
		return mpam_ref_map_class((int32_t)s->a, (int32_t)s->b, (uint8_t)s->c);
	case OP_PARTID_MAX:
		return mpam_ref_set_partid_max((uint16_t)s->a);
	case OP_SETUP:
		return mpam_ref_setup();
	case OP_ONLINE:
		return mpam_ref_cpu_online((uint32_t)s->a);
	case OP_OFFLINE:
		return mpam_ref_cpu_offline((uint32_t)s->a);
	case OP_FAIL_ALLOC:
		mpam_ref_fail_alloc((uint32_t)s->a);
		return 0;
	case OP_FAIL_ONLINE_CTRL_DOMAIN:
		mpam_ref_fail_online_ctrl_domain((uint32_t)s->a, (int32_t)s->b);
		return 0;
	case OP_ALLOC_CAPABLE:
		return mpam_ref_alloc_capable();
	case OP_NUM_CLOSID:
		return (int)mpam_ref_get_num_closid();
	case OP_GET_RESOURCE:
		return mpam_ref_get_resource((uint32_t)s->a);
	default:
		return 0;
	}
}

static int returns_value(enum op op)
{
	return op == OP_ALLOC_CAPABLE || op == OP_NUM_CLOSID || op == OP_GET_RESOURCE;
}

/* --- text ---------------------------------------------------------------------- */
struct buf { char *p; size_t len, cap; };

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);

		va_end(ap);
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n) * 2;
		b->p = realloc(b->p, b->cap);
	}
}

static void put_rc(struct buf *b, int rc, enum op op)
{
	if (returns_value(op))
		put(b, "%d", rc);
	else if (rc == MPAM_REF_CALLBACK_NOT_RUN)
		put(b, "not-run");
	else if (rc < 0 && errno_name(-rc))
		put(b, "-%s", errno_name(-rc));
	else
		put(b, "%d", rc);
}

static int bit(const uint64_t *m, uint32_t words, uint32_t cpu)
{
	return cpu / 64 < words && ((m[cpu / 64] >> (cpu % 64)) & 1);
}

static void put_cpulist(struct buf *b, const uint64_t *m, uint32_t words)
{
	int first = 1;

	for (uint32_t c = 0; c < words * 64; c++) {
		if (!bit(m, words, c))
			continue;
		uint32_t e = c;

		while (bit(m, words, e + 1))
			e++;
		put(b, first ? "%u" : ",%u", c);
		if (e > c)
			put(b, "-%u", e);
		first = 0;
		c = e;
	}
}

static void put_domains(struct buf *b)
{
	int any = 0;

	for (uint32_t r = 0; r < info.resource_count; r++) {
		const struct mpam_ref_resource *res = &resources[r];

		if (!res->class_mapped)
			continue;
		put(b, "%s%s%s[", any ? " " : "", res->name, res->alloc_capable ? "" : "~");
		any = 1;
		for (uint32_t d = res->first_domain; d < res->first_domain + res->domain_count; d++) {
			const struct mpam_ref_domain *dom = &domains[d];

			put(b, "%s%d:", d > res->first_domain ? " " : "", dom->id);
			put_cpulist(b, masks + dom->mask_offset, info.mask_words);
			if (dom->type != 0 || dom->rid != res->rid)
				put(b, "!type=%d,rid=%d", dom->type, dom->rid);
		}
		put(b, "]");
	}
	if (!any)
		put(b, "-");
}

static void put_event(struct buf *b, int kind, int rid, int domain_id, int cpu)
{
	static const char *const names[] = { "?", "online_ctrl_domain", "offline_ctrl_domain", "online_cpu", "offline_cpu" };

	if (kind == 1 || kind == 2)
		put(b, "%s(%s,%d)", names[kind], profile_name(rid), domain_id);
	else
		put(b, "%s(%d)", names[kind >= 0 && kind <= 4 ? kind : 0], cpu);
}

static void put_events(struct buf *b, const struct mpam_ref_event *ev, uint32_t n)
{
	if (!n)
		put(b, "-");
	for (uint32_t i = 0; i < n; i++) {
		if (i)
			put(b, " ");
		put_event(b, ev[i].kind, ev[i].rid, ev[i].domain_id, ev[i].cpu);
	}
}

static long long counter_value(const struct exp_counter *c)
{
	if (c->warn_func) {
		for (uint32_t i = 0; i < nwarn_sites; i++)
			if (!strcmp(warn_sites[i].func, c->warn_func) && !strcmp(warn_sites[i].cond, c->warn_cond))
				return warn_sites[i].hits;
		return 0;
	}
	const char *k = c->key;

	if (!strcmp(k, "allocs_live")) return counters.allocs_live;
	if (!strcmp(k, "allocs_total")) return (long long)counters.allocs_total;
	if (!strcmp(k, "frees")) return (long long)counters.frees_total;
	if (!strcmp(k, "alloc_failures")) return counters.alloc_failures;
	if (!strcmp(k, "double_frees")) return counters.double_frees;
	if (!strcmp(k, "foreign_frees")) return counters.foreign_frees;
	if (!strcmp(k, "warns")) return counters.warn_hits;
	if (!strcmp(k, "rules")) return counters.rule_reports;
	if (!strcmp(k, "sync_rcu")) return counters.sync_rcu_calls;
	if (!strcmp(k, "events")) return counters.events_total;
	return -1;
}

static void put_counters(struct buf *b)
{
	put(b, "allocs_live=%u allocs_total=%llu frees=%llu alloc_failures=%u double_frees=%u foreign_frees=%u warns=%u rules=%u sync_rcu=%u events=%u",
	    counters.allocs_live, (unsigned long long)counters.allocs_total,
	    (unsigned long long)counters.frees_total, counters.alloc_failures, counters.double_frees,
	    counters.foreign_frees, counters.warn_hits, counters.rule_reports, counters.sync_rcu_calls,
	    counters.events_total);
	for (uint32_t i = 0; i < nwarn_sites; i++)
		put(b, " warn:%s:%s=%u", warn_sites[i].func, warn_sites[i].cond, warn_sites[i].hits);
}

static const char *rule_name(int kind)
{
	static const char *const names[] = { "?", "lock_not_held", "cpus_not_held", "rcu_list_unprotected",
					     "srcu_condition_false", "lock_imbalance", "sleep_in_rcu_reader" };
	return names[kind >= 1 && kind <= 6 ? kind : 0];
}

/* --- checking --------------------------------------------------------------------- */
static int domains_match(const struct row_expect *e)
{
	int next = 0;

	for (uint32_t r = 0; r < info.resource_count; r++) {
		const struct mpam_ref_resource *res = &resources[r];

		if (!res->class_mapped)
			continue;
		if (next >= e->nresources)
			return 0;
		const struct exp_resource *want = &e->resources[next++];

		if (want->rid != res->rid || want->alloc_capable != !!res->alloc_capable ||
		    (uint32_t)want->ndomains != res->domain_count)
			return 0;
		for (int i = 0; i < want->ndomains; i++) {
			const struct exp_domain *wd = &want->domains[i];
			const struct mpam_ref_domain *hd = &domains[res->first_domain + (uint32_t)i];

			if (wd->id != hd->id || wd->type != hd->type || wd->rid != hd->rid)
				return 0;
			for (uint32_t w = 0; w < MASK_WORDS; w++) {
				uint64_t have = w < info.mask_words ? masks[hd->mask_offset + w] : 0;

				if (have != wd->mask[w])
					return 0;
			}
		}
	}
	return next == e->nresources;
}

static void put_expected_domains(struct buf *b, const struct row_expect *e)
{
	if (!e->nresources)
		put(b, "-");
	for (int r = 0; r < e->nresources; r++) {
		const struct exp_resource *res = &e->resources[r];

		put(b, "%s%s%s[", r ? " " : "", profile_name(res->rid), res->alloc_capable ? "" : "~");
		for (int d = 0; d < res->ndomains; d++) {
			put(b, "%s%d:", d ? " " : "", res->domains[d].id);
			put_cpulist(b, res->domains[d].mask, MASK_WORDS);
			if (res->domains[d].type != 0 || res->domains[d].rid != res->rid)
				put(b, "!type=%d,rid=%d", res->domains[d].type, res->domains[d].rid);
		}
		put(b, "]");
	}
}

static int check(const char *path, const struct step *s, int rc)
{
	const struct row_expect *e = s->expect;
	struct buf b = { 0 };
	int failed = 0;

#define FAIL(...) do { b.len = 0; put(&b, __VA_ARGS__); } while (0)
#define EMIT() do { fprintf(stderr, "%s:%d: %s\n", path, s->line, b.p); failed = 1; } while (0)
	if (e->has_rc && e->rc != rc) {
		FAIL("expect_rc: expected ");
		put_rc(&b, e->rc, s->op);
		put(&b, " but was ");
		put_rc(&b, rc, s->op);
		EMIT();
	}
	if (s->last_of_row) {
		if (e->has_domains && !domains_match(e)) {
			FAIL("expect_domains: expected ");
			put_expected_domains(&b, e);
			put(&b, " but was ");
			put_domains(&b);
			EMIT();
		}
		if (e->has_events) {
			int same = (uint32_t)e->nevents == nrow_events;

			for (int i = 0; same && i < e->nevents; i++)
				same = e->events[i].kind == row_events[i].kind && e->events[i].rid == row_events[i].rid &&
				       e->events[i].domain_id == row_events[i].domain_id && e->events[i].cpu == row_events[i].cpu;
			if (!same) {
				FAIL("expect_events: expected ");
				if (!e->nevents)
					put(&b, "-");
				for (int i = 0; i < e->nevents; i++) {
					put(&b, i ? " " : "");
					put_event(&b, e->events[i].kind, e->events[i].rid, e->events[i].domain_id, e->events[i].cpu);
				}
				put(&b, " but was ");
				put_events(&b, row_events, nrow_events);
				EMIT();
			}
		}
		for (int i = 0; i < e->ncounters; i++) {
			long long have = counter_value(&e->counters[i]);

			if (have != e->counters[i].value) {
				FAIL("expect_counters: expected %s=%lld but was %s=%lld", e->counters[i].key,
				     e->counters[i].value, e->counters[i].key, have);
				EMIT();
			}
		}
	}
	free(b.p);
	return failed;
}

/* --- running --------------------------------------------------------------------------- */
static int run_file(const struct vector_file *vf)
{
	struct buf b = { 0 };
	int failures = 0;

	for (int i = 0; i < vf->nscenarios; i++) {
		const struct scenario *sc = &vf->scenarios[i];

		printf("== %s (%s:%d)\n", sc->name, vf->path, sc->line);
		mpam_ref_reset();
		for (int k = 0; k < sc->nsteps; k++) {
			const struct step *s = &sc->steps[k];
			int rc = run_step(s);

			drain();
			take_snapshot();
			if (s->first_of_row)
				nrow_events = 0;
			for (uint32_t e = 0; e < nstep_events && nrow_events < sizeof(row_events) / sizeof(row_events[0]); e++)
				row_events[nrow_events++] = step_events[e];

			b.len = 0;
			put(&b, "%s:%d %s", sc->name, s->line, op_names[s->op]);
			if (s->op == OP_ONLINE || s->op == OP_OFFLINE)
				put(&b, " cpu=%lld", s->a);
			else if (*s->args_text)
				put(&b, " %s", s->args_text);
			put(&b, " | rc=");
			put_rc(&b, rc, s->op);
			put(&b, " | ");
			put_domains(&b);
			put(&b, " | ");
			put_events(&b, step_events, nstep_events);
			put(&b, " | ");
			put_counters(&b);
			for (uint32_t r = 0; r < nstep_rules; r++)
				put(&b, " | rule %s in %s (%s)", rule_name(step_rules[r].kind), step_rules[r].func,
				    step_rules[r].detail);
			puts(b.p);
			failures += check(vf->path, s, rc);
		}
	}
	free(b.p);
	return failures;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench(const struct vector_file *files, int nfiles, long long iterations)
{
	unsigned long long steps = 0;
	double t0 = now();

	for (long long it = 0; it < iterations; it++)
		for (int f = 0; f < nfiles; f++)
			for (int i = 0; i < files[f].nscenarios; i++) {
				const struct scenario *sc = &files[f].scenarios[i];

				mpam_ref_reset();
				for (int k = 0; k < sc->nsteps; k++) {
					run_step(&sc->steps[k]);
					drain();
					take_snapshot();
					steps++;
				}
			}
	double t = now() - t0;

	printf("bench: %llu steps in %.3f s: %.0f steps/s (each step: op, drains, snapshot)\n",
	       steps, t, t > 0 ? (double)steps / t : 0.0);
}

/* Everything main() allocated; @status passes through. */
static int release(struct vector_file *files, int nfiles, int status)
{
	for (int f = 0; f < nfiles; f++)
		vector_free(&files[f]);
	free(files);
	mpam_ref_reset();
	free(domains);
	free(masks);
	return status;
}

static int usage(void)
{
	fprintf(stderr, "usage: replay FILE.csv...\n       replay --bench N FILE.csv...\n");
	return 2;
}

int main(int argc, char **argv)
{
	long long iterations = 0;
	int first = 1, bad = 0, failures = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	setvbuf(stderr, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "--bench")) {
		char *end;

		if (argc < 4)
			return usage();
		iterations = strtoll(argv[2], &end, 10);
		if (*end || iterations < 1)
			return usage();
		first = 3;
	}
	if (first >= argc)
		return usage();

	domain_cap = 64;
	mask_cap = 64 * MPAM_REF_CPUMASK_WORDS;
	domains = malloc(domain_cap * sizeof(*domains));
	masks = malloc(mask_cap * sizeof(*masks));

	int nfiles = argc - first;
	struct vector_file *vfs = calloc((size_t)nfiles, sizeof(*vfs));

	for (int f = 0; f < nfiles; f++) {
		vector_load(argv[first + f], &vfs[f]);
		bad |= vfs[f].nerrors > 0;
	}
	if (bad) {
		fprintf(stderr, "replay: malformed vector file(s): nothing was run\n");
		return release(vfs, nfiles, 2);
	}
	if (iterations) {
		bench(vfs, nfiles, iterations);
	} else {
		for (int f = 0; f < nfiles; f++)
			failures += run_file(&vfs[f]);
		printf("replay: %d expectation(s) failed\n", failures);
	}
	return release(vfs, nfiles, failures ? 1 : 0);
}
