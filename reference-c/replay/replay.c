// SPDX-License-Identifier: GPL-2.0
/*
 * replay.c - the pure-C replay of step files over the reference.
 *
 *   replay FILE.steps...           run every scenario from reset and print the
 *                                  observables after every step
 *   replay --bench N FILE.steps... run the files' scenarios N times, no output
 *   replay --bench-seconds S FILE.steps...  run them again and again until S seconds have passed
 *                                  per step, and report steps per second
 *
 * A step file is what `conformance steps --vectors GLOB --out FILE` writes:
 * the vectors as the harness read and checked them (step_file.h). The vector
 * format has that one reader; the replay checks no expectation (the harness
 * does), and the harness reads nothing of its output but the exit status.
 *
 * Exit status: 0 when every file was read and run; 2 for a bad file, reported
 * as FILE: byte OFFSET: expected ... and nothing runs; 2 for a bad command
 * line. Output is line-buffered (LeakSanitizer exits before stdio buffers are
 * flushed). Every exit after the files were read frees them: a leak report
 * under LeakSanitizer would turn exit 2 (or 0) into exit 1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mpam_ref.h"
#include "step_file.h"
#include "steps.h"

#define MAX_EVENTS 256

static struct mpam_ref_snapshot_info info;
static struct mpam_ref_resource resources[MPAM_REF_MAX_RESOURCES];
static struct mpam_ref_domain *domains;
static uint64_t *masks;
static uint32_t domain_cap, mask_cap;
static struct mpam_ref_event step_events[MAX_EVENTS];
static uint32_t nstep_events;
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

	mpam_ref_end_step();			/* the step has returned: what is still held is reported */
	nstep_events = mpam_ref_drain_events(step_events, MAX_EVENTS);
	nstep_rules = mpam_ref_drain_rule_reports(step_rules, 64);
	while (mpam_ref_drain_messages(msgs, 32) == 32)
		;
}


static int returns_value(enum step_kind kind)
{
	return kind == STEP_ALLOC_CAPABLE || kind == STEP_NUM_CLOSID || kind == STEP_GET_RESOURCE || kind == STEP_SCHEMATA_READ ||
	       kind == STEP_MON_CTX_ALLOC || kind == STEP_RMID_READ || kind == STEP_TASK_MATCH || kind == STEP_RMID_IDX ||
	       kind == STEP_RMID_IDX_DECODE;
}

/* --- names ---------------------------------------------------------------------- */
/* The profile's name of resource @rid, from the latest snapshot. */
static const char *profile_name(long long rid)
{
	for (uint32_t r = 0; r < info.resource_count; r++)
		if (resources[r].rid == rid)
			return resources[r].name;
	return "?";
}

/* enum mpam_ref_fs_call's names, as the vector files spell them. */
static const char *fs_call_name(long long call)
{
	switch (call) {
	case MPAM_REF_FS_ONLINE_CTRL_DOMAIN:
		return "online_ctrl_domain";
	case MPAM_REF_FS_ONLINE_MON_DOMAIN:
		return "online_mon_domain";
	case MPAM_REF_FS_RESCTRL_INIT:
		return "resctrl_init";
	default:
		return "?";
	}
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

/* The kernel's name of errno @value ("ENOMEM" for 12), NULL when unknown. */
static const char *errno_name(long long value)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].value == value)
			return errnos[i].name;
	return NULL;
}

static const char *rule_name(int kind)
{
	static const char *const names[] = { "?", "lock_not_held", "cpus_not_held", "rcu_list_unprotected",
					     "srcu_condition_false", "lock_imbalance", "sleep_in_rcu_reader", "use_after_free",
					     "lock_held_at_return", "lock_order", "rcu_free_before_gp", "rcu_plain_list_op" };
	return names[kind >= 1 && kind <= 11 ? kind : 0];
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

/* -ENAME for a known negative errno, else the number. */
static void put_errno(struct buf *b, long long value)
{
	if (value < 0 && errno_name(-value))
		put(b, "-%s", errno_name(-value));
	else
		put(b, "%lld", value);
}

static void put_rc(struct buf *b, int rc, enum step_kind kind)
{
	if (returns_value(kind))
		put(b, "%d", rc);
	else if (rc == MPAM_REF_CALLBACK_NOT_RUN)
		put(b, "not-run");
	else
		put_errno(b, rc);
}

static int bit(const uint64_t *m, uint64_t words, uint64_t cpu)
{
	return cpu / 64 < words && ((m[cpu / 64] >> (cpu % 64)) & 1);
}

static void put_cpulist(struct buf *b, const uint64_t *m, uint64_t words)
{
	int first = 1;

	for (uint64_t c = 0; c < words * 64; c++) {
		if (!bit(m, words, c))
			continue;
		uint64_t e = c;

		while (bit(m, words, e + 1))
			e++;
		put(b, first ? "%llu" : ",%llu", (unsigned long long)c);
		if (e > c)
			put(b, "-%llu", (unsigned long long)e);
		first = 0;
		c = e;
	}
}

/* The step's args as a vector file writes them (every field, defaults included). */
static void put_args(struct buf *b, const struct step *s)
{
	static const char *const types[] = { "cache", "memory", "unknown" };

	switch (s->kind) {
	case STEP_TOPOLOGY:
		put(b, " cpus=%lld nodes=%lld", (long long)s->a, (long long)s->b);
		break;
	case STEP_CLASS:
		if (s->b >= 0 && s->b <= 2)
			put(b, " id=%lld type=%s level=%lld", (long long)s->a, types[s->b], (long long)s->c);
		else
			put(b, " id=%lld type=%lld level=%lld", (long long)s->a, (long long)s->b, (long long)s->c);
		break;
	case STEP_COMPONENT:
		put(b, " class=%lld id=%lld cpus=", (long long)s->a, (long long)s->b);
		put_cpulist(b, s->affinity, s->words);
		break;
	case STEP_MAP:
		put(b, " res=%s class=%lld alloc_capable=%lld", profile_name(s->a), (long long)s->b, (long long)s->c);
		break;
	case STEP_PARTID_MAX:
	case STEP_PMG_MAX:
		put(b, " value=%lld", (long long)s->a);
		break;
	case STEP_ONLINE:
	case STEP_OFFLINE:
		put(b, " cpu=%lld", (long long)s->a);
		break;
	case STEP_GET_RESOURCE:
		put(b, " level=%lld", (long long)s->a);
		break;
	case STEP_FAIL_ALLOC:
		put(b, " nth=%lld", (long long)s->a);
		break;
	case STEP_FAIL_FS:
		put(b, " call=%s nth=%lld err=", fs_call_name(s->a), (long long)s->b);
		put_errno(b, s->c);
		break;
	case STEP_MOUNT:
		put(b, " cdp=%lld cdpl2=%lld", (long long)(s->a & MPAM_REF_MOUNT_CDP), (long long)((s->a & MPAM_REF_MOUNT_CDPL2) >> 1));
		break;
	case STEP_SCHEMATA:
		put(b, " res=%s closid=%lld type=%lld domains=", profile_name(s->a), (long long)s->b, (long long)s->c);
		for (uint32_t i = 0; i < s->words; i++)
			put(b, "%s%d:%u", i ? "," : "", (int32_t)(uint32_t)s->affinity[i], (uint32_t)(s->affinity[i] >> 32));
		break;
	case STEP_SCHEMATA_READ:
		put(b, " res=%s domain=%lld closid=%lld type=%lld", profile_name(s->a), (long long)s->b, (long long)s->c, (long long)s->d);
		break;
	case STEP_TEARDOWN:
		put(b, " class=%lld", (long long)s->a);
		break;
	case STEP_RMID_IDX:
		put(b, " closid=%lld rmid=%lld", (long long)s->a, (long long)s->b);
		break;
	case STEP_RMID_IDX_DECODE:
		put(b, " idx=%lld field=%s", (long long)s->a, s->b ? "rmid" : "closid");
		break;
	case STEP_MON_CTX_ALLOC:
	case STEP_MON_CTX_FREE:
		put(b, " event=%lld", (long long)s->a);
		break;
	case STEP_RMID_READ:
		put(b, " domain=%lld closid=%lld rmid=%lld event=%lld", (long long)s->a, (long long)s->b, (long long)s->c, (long long)s->d);
		break;
	case STEP_CPUS_WRITE:
		put(b, " cpu=%lld closid=%lld rmid=%lld", (long long)s->a, (long long)s->b, (long long)s->c);
		break;
	case STEP_TASK_WRITE:
		put(b, " task=%lld closid=%lld rmid=%lld", (long long)s->a, (long long)s->b, (long long)s->c);
		break;
	case STEP_TASK_MATCH:
		put(b, " task=%lld closid=%lld", (long long)s->a, (long long)s->b);
		if ((int32_t)s->c >= 0)
			put(b, " rmid=%lld", (long long)s->c);
		break;
	case STEP_PROPS:
		put(b, " class=%lld features=0x%llx cpbm_wd=%lld mbw_pbm_bits=%lld bwa_wd=%lld csu_mon=%lld mbwu_mon=%lld",
		    (long long)s->a, (unsigned long long)(s->words ? s->affinity[0] : 0), (long long)s->b, (long long)s->c,
		    (long long)s->d, (long long)s->e, (long long)s->f);
		break;
	case STEP_CACHE:
		put(b, " cpus=");
		put_cpulist(b, s->affinity, s->words);
		put(b, " level=%lld id=%lld size=%lld", (long long)s->a, (long long)s->b, (long long)s->c);
		break;
	default:
		break;
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
	static const char *const names[] = { "?", "online_ctrl_domain", "offline_ctrl_domain", "online_cpu", "offline_cpu",
					     "online_mon_domain", "offline_mon_domain", "resctrl_init", "resctrl_exit" };

	if (kind == 1 || kind == 2 || kind == 5 || kind == 6)
		put(b, "%s(%s,%d)", names[kind], profile_name(rid), domain_id);
	else if (kind == 7 || kind == 8)
		put(b, "%s()", names[kind]);
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

/* --- running --------------------------------------------------------------------------- */
static unsigned long long run_file(const struct step_file *sf)
{
	struct buf b = { 0 };
	unsigned long long steps = 0;

	for (int i = 0; i < sf->nscenarios; i++) {
		const struct scenario *sc = &sf->scenarios[i];

		printf("== %s (%s:%u)\n", sc->name, sc->file, sc->line);
		mpam_ref_reset();
		for (int k = 0; k < sc->nsteps; k++, steps++) {
			const struct step *s = &sc->steps[k];
			int rc = replay_step(s);

			drain();
			take_snapshot();
			b.len = 0;
			put(&b, "%s:%u %s", sc->name, s->line, step_kind_names[s->kind]);
			put_args(&b, s);
			put(&b, " | rc=");
			put_rc(&b, rc, s->kind);
			put(&b, " | ");
			put_domains(&b);
			put(&b, " | ");
			put_events(&b, step_events, nstep_events);
			put(&b, " | ");
			put_counters(&b);
			for (uint32_t r = 0; r < nstep_rules; r++) {
				struct mpam_ref_rule_site site;

				if (mpam_ref_rule_site(step_rules[r].site, &site))
					site = (struct mpam_ref_rule_site){ .kind = step_rules[r].kind, .func = "?", .detail = "?" };
				put(&b, " | rule %s%s in %s (%s)", rule_name(step_rules[r].kind), step_rules[r].printed ? "" : " (not printed)", site.func,
				    site.detail);
			}
			puts(b.p);
		}
	}
	free(b.p);
	return steps;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* @iterations passes over every scenario, or (@iterations 0) whole passes until @seconds passed. */
static void bench(const struct step_file *files, int nfiles, long long iterations, double seconds)
{
	unsigned long long steps = 0;
	double t0 = now();

	for (long long it = 0; iterations ? it < iterations : (it == 0 || now() - t0 < seconds); it++)
		for (int f = 0; f < nfiles; f++)
			for (int i = 0; i < files[f].nscenarios; i++) {
				const struct scenario *sc = &files[f].scenarios[i];

				mpam_ref_reset();
				for (int k = 0; k < sc->nsteps; k++) {
					replay_step(&sc->steps[k]);
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
static int release(struct step_file *files, int nfiles, int status)
{
	for (int f = 0; f < nfiles; f++)
		step_file_free(&files[f]);
	free(files);
	mpam_ref_reset();
	free(domains);
	free(masks);
	return status;
}

static int usage(void)
{
	fprintf(stderr, "usage: replay FILE.steps...\n       replay --bench N FILE.steps...\n"
		"       replay --bench-seconds S FILE.steps...\n"
		"(a step file: conformance steps --vectors GLOB --out FILE)\n");
	return 2;
}

int main(int argc, char **argv)
{
	long long iterations = 0;
	double seconds = 0;
	int first = 1, bad = 0, nscenarios = 0;

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
	} else if (argc > 1 && !strcmp(argv[1], "--bench-seconds")) {
		char *end;

		if (argc < 4)
			return usage();
		seconds = strtod(argv[2], &end);
		if (*end || !(seconds > 0))
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
	struct step_file *files = calloc((size_t)nfiles, sizeof(*files));

	for (int f = 0; f < nfiles; f++) {
		if (step_file_load(argv[first + f], &files[f])) {
			fprintf(stderr, "%s\n", files[f].error);
			bad = 1;
		}
		nscenarios += files[f].nscenarios;
	}
	if (bad) {
		fprintf(stderr, "replay: malformed step file(s): nothing was run\n");
		return release(files, nfiles, 2);
	}
	/* the profile's resource names, for the args of the first steps */
	mpam_ref_reset();
	take_snapshot();
	if (iterations || seconds > 0) {
		bench(files, nfiles, iterations, seconds);
	} else {
		unsigned long long steps = 0;

		for (int f = 0; f < nfiles; f++)
			steps += run_file(&files[f]);
		printf("replay: %d scenario(s), %llu step(s) run\n", nscenarios, steps);
	}
	return release(files, nfiles, 0);
}
