// SPDX-License-Identifier: GPL-2.0
/*
 * stand_in_controlled.c - the state behind stand_in_controlled.h and
 * stand_in_mpam.h. Built without the shadow include tree on its path (it
 * uses libc), reaching the stand-in headers by their own directory.
 * See stand_in_controlled.h for what is and is not modelled.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stand_in_controlled.h"
#include "stand_in_arm64.h"
#include "stand_in_mpam.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define QUARANTINE(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define RELEASE(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define QUARANTINE(p, n) memset((p), STAND_IN_POISON_FREE, (n))
#define RELEASE(p, n) ((void)(p), (void)(n))
#endif

/* epoch 1: every static site (epoch 0) starts fresh */
struct stand_in_state stand_in = { .epoch = 1, .debug_locks = true };
unsigned int nr_cpu_ids;
struct srcu_struct mpam_srcu = { .name = "mpam_srcu" };
u16 mpam_partid_max;

static int *cpu_nodes;			/* cpu -> node, NR_CPUS entries once set */

/* Oldest-first ring: the slot for a new entry, dropping the oldest when full. */
#define RING_SLOT(ring) ({						\
	unsigned int __slot;						\
	if ((ring).count < STAND_IN_RING) {				\
		__slot = ((ring).head + (ring).count) % STAND_IN_RING;	\
		(ring).count++;						\
	} else {							\
		__slot = (ring).head;					\
		(ring).head = ((ring).head + 1) % STAND_IN_RING;	\
	}								\
	&(ring).buf[__slot]; })

/* Bounded and NUL-terminated, as snprintf("%s") would: rule reports copy two of these every time. */
static void copy_text(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strnlen(src, cap - 1) : 0;

	memcpy(dst, src ? src : "", n);
	dst[n] = 0;
}

/* --- reset ------------------------------------------------------------- */
static void ledger_release_all(void)
{
	for (unsigned int i = 0; i < stand_in.nr_allocs; i++) {
		struct stand_in_alloc *a = &stand_in.allocs[i];

		RELEASE(a->ptr, a->size ? a->size : 1);
		free(a->ptr);
	}
	free(stand_in.allocs);
	free(stand_in.index);
	free(stand_in.holders);
	free(stand_in.freed);
}

static void monitors_and_waits_reset(void);
static void waits_step_end(void);

void stand_in_reset(void)
{
	unsigned int epoch = stand_in.epoch + 1;

	ledger_release_all();
	stand_in_arm64_reset();
	monitors_and_waits_reset();
	free(cpu_nodes);
	cpu_nodes = NULL;
	void (*mask_changed)(const struct cpumask *m) = stand_in.mask_changed;
	void (*mask_written)(const struct cpumask *m, unsigned int from, unsigned int end) = stand_in.mask_written;
	void (*memory_allocated)(const void *p, size_t size) = stand_in.memory_allocated;
	void (*memory_freed)(const void *p, size_t size) = stand_in.memory_freed;
	void (*describe_node)(const void *node, char *out, unsigned int cap) = stand_in.describe_node;
	void (*list_changed)(const struct list_head *entry, const struct list_head *prev) = stand_in.list_changed;

	memset(&stand_in, 0, offsetof(struct stand_in_state, events));
	stand_in.events.head = stand_in.events.count = 0;
	stand_in.rules.head = stand_in.rules.count = 0;
	stand_in.msgs.head = stand_in.msgs.count = 0;
	stand_in.mask_changed = mask_changed;	/* installed once by whoever observes masks */
	stand_in.mask_written = mask_written;
	stand_in.memory_allocated = memory_allocated;
	stand_in.memory_freed = memory_freed;
	stand_in.describe_node = describe_node;
	stand_in.list_changed = list_changed;
	stand_in.epoch = epoch;
	stand_in.debug_locks = true;
	nr_cpu_ids = 0;
	mpam_srcu.depth = 0;
	mpam_partid_max = 0;
}

unsigned long long stand_in_list_writes;

void stand_in_mask_written(const struct cpumask *m)
{
	stand_in_mask_words_written(m, 0, BITS_TO_LONGS(NR_CPUS));
}

void stand_in_mask_words_written(const struct cpumask *m, unsigned int from, unsigned int end)
{
	if (stand_in.mask_written)
		stand_in.mask_written(m, from, end);
}

void stand_in_list_changed(const struct list_head *entry, const struct list_head *prev)
{
	if (stand_in.list_changed)
		stand_in.list_changed(entry, prev);
}

/* --- rule reports --------------------------------------------------------- */
struct stand_in_rule_site *stand_in_rule_sites;
unsigned int stand_in_rule_site_count;
static unsigned int rule_site_cap, rule_site_last;

/* Whether a field holds @s as copy_text() would have put it there (cut to the field, NULL empty). */
static bool same_text(const char *field, size_t cap, const char *s)
{
	size_t n = s ? strnlen(s, cap - 1) : 0;

	return field[n] == 0 && memcmp(field, s ? s : "", n) == 0;
}

static bool is_site(const struct stand_in_rule_site *site, int kind, const char *func, const char *detail)
{
	return site->kind == kind && same_text(site->func, sizeof(site->func), func) &&
	       same_text(site->detail, sizeof(site->detail), detail);
}

/*
 * The site's index: a walk reports at every callback, so the site found last is asked first;
 * texts are compared, never pointers (a detail may be a buffer filled anew for each report).
 */
static unsigned int rule_site(int kind, const char *func, const char *detail)
{
	struct stand_in_rule_site *site;
	unsigned int i;

	if (rule_site_last < stand_in_rule_site_count && is_site(&stand_in_rule_sites[rule_site_last], kind, func, detail))
		return rule_site_last;
	for (i = 0; i < stand_in_rule_site_count; i++)
		if (is_site(&stand_in_rule_sites[i], kind, func, detail))
			return rule_site_last = i;
	if (stand_in_rule_site_count == rule_site_cap) {
		unsigned int cap = rule_site_cap ? rule_site_cap * 2 : 16;
		struct stand_in_rule_site *grown = realloc(stand_in_rule_sites, cap * sizeof(*grown));

		if (!grown)
			abort();	/* a report the harness cannot name would be a wrong report */
		stand_in_rule_sites = grown;
		rule_site_cap = cap;
	}
	site = &stand_in_rule_sites[stand_in_rule_site_count];
	site->kind = kind;
	copy_text(site->func, sizeof(site->func), func);
	copy_text(site->detail, sizeof(site->detail), detail);
	return rule_site_last = stand_in_rule_site_count++;
}

void stand_in_report_rule(int kind, const char *func, const char *detail, bool printed)
{
	struct stand_in_rule *r = RING_SLOT(stand_in.rules);

	r->site = rule_site(kind, func, detail);
	r->seq = stand_in.violations_total++;
	r->printed = printed;
	if (printed)
		stand_in.rules_total++;
}

void stand_in_lockdep_report(int kind, const char *func, const char *detail, bool lockdep_off)
{
	bool printed = stand_in.debug_locks;

	stand_in_report_rule(kind, func, detail, printed);
	if (printed && lockdep_off)
		stand_in.debug_locks = false;	/* debug_locks_off(): the kernel goes quiet */
}

/* KASAN's kind of report: printed whatever lockdep's state. */
void stand_in_report(int kind, const char *func, const char *detail)
{
	stand_in_report_rule(kind, func, detail, true);
}

/* --- lock order ------------------------------------------------------------ */
static struct lockdep_map cpu_hotplug_map = { .name = "cpu_hotplug_lock" };

static bool lock_known(struct lockdep_map *map)
{
	if (map->epoch == stand_in.epoch)
		return true;
	if (stand_in.nr_locks == STAND_IN_LOCKS)
		return false;			/* more locks than this patch has: the graph ignores them */
	map->epoch = stand_in.epoch;
	map->index = stand_in.nr_locks;
	map->reported_held = false;
	stand_in.locks[stand_in.nr_locks++] = map;
	return true;
}

/* Whether the graph has a path from lock @from to lock @to. */
static bool lock_reaches(unsigned int from, unsigned int to)
{
	unsigned int seen = 1u << from, frontier = 1u << from;

	while (frontier) {
		unsigned int next = 0;

		for (unsigned int i = 0; i < stand_in.nr_locks; i++)
			if (frontier & (1u << i))
				next |= stand_in.taken_after[i];
		if (next & (1u << to))
			return true;
		frontier = next & ~seen;
		seen |= next;
	}
	return false;
}

/* @map is taken now: every held lock gains an edge to it; an edge that closes a cycle is reported. */
static void lock_acquired(struct lockdep_map *map, const char *func)
{
	if (!lock_known(map))
		return;
	for (unsigned int h = 0; h < stand_in.nr_held_locks; h++) {
		struct lockdep_map *held = stand_in.held_locks[h];
		unsigned int bit = 1u << map->index;

		if (held == map || (stand_in.taken_after[held->index] & bit))
			continue;
		if (lock_reaches(map->index, held->index)) {
			char detail[STAND_IN_TEXT];

			snprintf(detail, sizeof(detail), "%s taken while holding %s, which was taken while holding %s",
				 map->name, held->name, map->name);
			stand_in_lockdep_report(STAND_IN_LOCK_ORDER, func, detail, true);
			continue;
		}
		stand_in.taken_after[held->index] |= bit;
	}
	if (stand_in.nr_held_locks < STAND_IN_LOCKS)
		stand_in.held_locks[stand_in.nr_held_locks++] = map;
	map->locked_in = func;
	map->reported_held = false;
}

static void lock_released(struct lockdep_map *map)
{
	for (unsigned int h = stand_in.nr_held_locks; h-- > 0;)
		if (stand_in.held_locks[h] == map) {
			memmove(&stand_in.held_locks[h], &stand_in.held_locks[h + 1],
				(stand_in.nr_held_locks - h - 1) * sizeof(stand_in.held_locks[0]));
			stand_in.nr_held_locks--;
			return;
		}
}

void stand_in_lock(struct lockdep_map *map, const char *func)
{
	if (map->held)
		stand_in_lockdep_report(STAND_IN_LOCK_IMBALANCE, func, map->name, true);
	stand_in_might_sleep(func);
	lock_acquired(map, func);
	map->held = 1;
}

void stand_in_unlock(struct lockdep_map *map, const char *func)
{
	if (!map->held)
		stand_in_lockdep_report(STAND_IN_LOCK_IMBALANCE, func, map->name, true);
	lock_released(map);
	map->held = 0;
}

void stand_in_assert_held(const struct lockdep_map *map, const char *func)
{
	if (map->held <= 0)
		stand_in_lockdep_report(STAND_IN_LOCK_NOT_HELD, func, map->name, false);
}

void stand_in_assert_cpus_held(const char *func)
{
	if (stand_in.cpus_read_depth <= 0)
		stand_in_lockdep_report(STAND_IN_CPUS_NOT_HELD, func, "cpu_hotplug_lock", false);
}

void stand_in_might_sleep(const char *func)
{
	if (stand_in.rcu_depth > 0)
		stand_in_lockdep_report(STAND_IN_SLEEP_IN_RCU_READER, func, "rcu_read_lock", false);
}

void stand_in_cpus_read_lock(void)
{
	if (stand_in.cpus_read_depth++ == 0)	/* a read lock taken again nests; the first take orders */
		lock_acquired(&cpu_hotplug_map, "cpus_read_lock");
	cpu_hotplug_map.held = stand_in.cpus_read_depth;
}

void stand_in_cpus_read_unlock(const char *func)
{
	if (stand_in.cpus_read_depth <= 0) {
		stand_in_lockdep_report(STAND_IN_LOCK_IMBALANCE, func, "cpu_hotplug_lock", true);
		return;
	}
	if (--stand_in.cpus_read_depth == 0)
		lock_released(&cpu_hotplug_map);
	cpu_hotplug_map.held = stand_in.cpus_read_depth;
}

void stand_in_rcu_read_unlock(const char *func)
{
	if (stand_in.rcu_depth <= 0)
		stand_in_lockdep_report(STAND_IN_LOCK_IMBALANCE, func, "rcu_read_lock", true);
	else
		stand_in.rcu_depth--;
}

#ifdef STAND_IN_REAL_RCU
/*
 * The stress run: a real grace period (liburcu), and for ThreadSanitizer the edge it cannot see
 * through liburcu's barriers: every reader section that ended (it releases the token as it
 * unlocks) happens before what follows the grace period. Then time passes: a reader still
 * holding a node that should not have been reachable gets the chance to show it.
 */
void urcu_memb_synchronize_rcu(void);
void __tsan_acquire(void *addr) __attribute__((weak));
int stand_in_rcu_grace_token;

static void real_grace_period(void)
{
	urcu_memb_synchronize_rcu();
	if (__tsan_acquire)
		__tsan_acquire(&stand_in_rcu_grace_token);
	usleep(200);
}
#else
static void real_grace_period(void) { }
#endif

void stand_in_synchronize_rcu(const char *func)
{
	stand_in_might_sleep(func);
	stand_in.sync_rcu_calls++;
	stand_in.nr_rcu_waiting = 0;		/* a grace period: every node unlinked before it may go */
	real_grace_period();
}

int stand_in_srcu_read_lock(struct srcu_struct *s)
{
	return s->depth++;
}

void stand_in_srcu_read_unlock(struct srcu_struct *s, int idx, const char *func)
{
	if (s->depth <= 0 || idx != s->depth - 1)
		stand_in_lockdep_report(STAND_IN_LOCK_IMBALANCE, func, s->name, true);
	if (s->depth > 0)
		s->depth--;
}

void stand_in_step_end(void)
{
	for (unsigned int i = 0; i < stand_in.nr_locks; i++) {
		struct lockdep_map *map = stand_in.locks[i];

		if (map == &cpu_hotplug_map || map->held <= 0 || map->reported_held)
			continue;
		map->reported_held = true;
		stand_in_lockdep_report(STAND_IN_LOCK_HELD_AT_RETURN, map->locked_in ? map->locked_in : "?", map->name, true);
	}
	if (stand_in.cpus_read_depth > 0 && !cpu_hotplug_map.reported_held) {
		cpu_hotplug_map.reported_held = true;
		stand_in_lockdep_report(STAND_IN_LOCK_HELD_AT_RETURN, "cpus_read_lock", "cpu_hotplug_lock", true);
	}
	if (stand_in.rcu_depth > 0)
		stand_in_lockdep_report(STAND_IN_LOCK_HELD_AT_RETURN, "rcu_read_lock", "rcu_read_lock", true);
	if (mpam_srcu.depth > 0)
		stand_in_lockdep_report(STAND_IN_LOCK_HELD_AT_RETURN, "srcu_read_lock", mpam_srcu.name, true);
	waits_step_end();
}

/* --- the RCU checker -------------------------------------------------------- */
void stand_in_rcu_unlinked(const struct list_head *entry)
{
	if (stand_in.nr_rcu_waiting < STAND_IN_RCU_WAITING)
		stand_in.rcu_waiting[stand_in.nr_rcu_waiting++] = entry;
}

void stand_in_rcu_list_register(const struct list_head *head, const char *name)
{
	if (stand_in.nr_rcu_lists < STAND_IN_RCU_LISTS) {
		stand_in.rcu_lists[stand_in.nr_rcu_lists] = head;
		stand_in.rcu_list_names[stand_in.nr_rcu_lists++] = name;
	}
}

/* The registered RCU list @node is on (walking forward to a head), or -1. */
static int rcu_list_of(const struct list_head *node)
{
	const struct list_head *l = node;

	for (unsigned int walked = 0; l && walked < (1u << 16); walked++) {
		for (unsigned int i = 0; i < stand_in.nr_rcu_lists; i++)
			if (stand_in.rcu_lists[i] == l)
				return (int)i;
		if (stand_in_node_freed(l) || l->next == LIST_POISON1)
			return -1;
		l = l->next;
		if (l == node)
			return -1;
	}
	return -1;
}

void stand_in_plain_list_op(const struct list_head *at, const char *op, const char *func)
{
	int list = rcu_list_of(at);
	char detail[STAND_IN_TEXT];

	if (list < 0)
		return;
	snprintf(detail, sizeof(detail), "%s() on %s, an RCU list: readers need %s_rcu()", op, stand_in.rcu_list_names[list], op);
	stand_in_report_rule(STAND_IN_RCU_PLAIN_LIST_OP, func, detail, false);
}

/*
 * CONFIG_DEBUG_LIST's checks, in its order: the first that fails is reported (printed, as the
 * kernel's WARN is) and the caller skips the change. The neighbours are read only once they are
 * known to be neither NULL nor poison.
 */
bool stand_in_list_add_valid(const struct list_head *new, const struct list_head *prev,
			     const struct list_head *next, const char *func)
{
	const char *bad = !prev ? "list_add corruption: prev is NULL"
		: !next ? "list_add corruption: next is NULL"
		: next->prev != prev ? "list_add corruption: next->prev is not prev"
		: prev->next != next ? "list_add corruption: prev->next is not next"
		: new == prev || new == next ? "list_add double add: the node is already linked where it goes"
		: NULL;

	if (bad)
		stand_in_report(STAND_IN_LIST_CORRUPTION, func, bad);
	return !bad;
}

bool stand_in_list_del_valid(const struct list_head *entry, const char *func)
{
	const struct list_head *prev = entry->prev, *next = entry->next;
	const char *bad = !next ? "list_del corruption: ->next is NULL"
		: !prev ? "list_del corruption: ->prev is NULL"
		: next == LIST_POISON1 ? "list_del corruption: ->next is LIST_POISON1 (list_del() unlinked it)"
		: prev == LIST_POISON2 ? "list_del corruption: ->prev is LIST_POISON2 (it was unlinked before)"
		: prev->next != entry ? "list_del corruption: prev->next is not the node"
		: next->prev != entry ? "list_del corruption: next->prev is not the node"
		: NULL;

	if (bad)
		stand_in_report(STAND_IN_LIST_CORRUPTION, func, bad);
	return !bad;
}

/* kfree() of [p, p + size): any node in it still waiting for a grace period is reported. */
static void rcu_check_free(const void *p, size_t size, const char *func)
{
	for (unsigned int i = 0; i < stand_in.nr_rcu_waiting;) {
		const char *node = stand_in.rcu_waiting[i];

		if (node >= (const char *)p && node < (const char *)p + size) {
			char domain[32] = "a list node", detail[STAND_IN_TEXT];

			if (stand_in.describe_node)
				stand_in.describe_node(node, domain, sizeof(domain));
			snprintf(detail, sizeof(detail), "%s, which list_del_rcu() unlinked, before a grace period", domain);
			stand_in_report_rule(STAND_IN_RCU_FREE_BEFORE_GP, func, detail, false);
			stand_in.rcu_waiting[i] = stand_in.rcu_waiting[--stand_in.nr_rcu_waiting];
			continue;
		}
		i++;
	}
}

static bool site_fresh(struct stand_in_site *site)
{
	if (site->epoch == stand_in.epoch)
		return false;
	site->epoch = stand_in.epoch;
	site->hits = 0;
	site->reported = 0;
	return true;
}

bool stand_in_rcu_list_check(struct stand_in_site *site, bool cond_true, int kind,
			     const char *head_text)
{
	bool printed;

	site_fresh(site);
	if (cond_true)
		return false;
	printed = stand_in.debug_locks && !site->reported;
	if (printed)
		site->reported = 1;	/* RCU_LOCKDEP_WARN's static __warned */
	stand_in_report_rule(kind, site->func, head_text, printed);
	if (printed)
		stand_in.debug_locks = false;	/* lockdep_rcu_suspicious(): debug_locks_off() */
	return printed;
}

/* --- WARN ------------------------------------------------------------------ */
void stand_in_warn_hit(struct stand_in_site *site)
{
	if (site_fresh(site) && stand_in.nr_warn_sites < STAND_IN_MAX_WARN_SITES)
		stand_in.warn_sites[stand_in.nr_warn_sites++] = site;
	site->hits++;
	stand_in.warn_hits++;
	if (!site->once || !site->reported)
		site->reported++;
}

/* --- printk ------------------------------------------------------------------ */
int stand_in_printk(const char *fmt, ...)
{
	struct stand_in_msg *m = RING_SLOT(stand_in.msgs);
	va_list ap;
	int level = 4;			/* default_message_loglevel */

	if (fmt[0] == '\001' && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	m->level = level;
	m->seq = stand_in.messages_total++;
	va_start(ap, fmt);
	int n = vsnprintf(m->text, sizeof(m->text), fmt, ap);
	va_end(ap);
	return n;
}

/* --- topology ------------------------------------------------------------------ */
int cpu_to_node(int cpu)
{
	if (!cpu_nodes || cpu < 0 || cpu >= NR_CPUS)
		return 0;
	return cpu_nodes[cpu];
}

void stand_in_set_cpu_node(unsigned int cpu, int node)
{
	if (cpu >= NR_CPUS)
		return;
	if (!cpu_nodes)
		cpu_nodes = calloc(NR_CPUS, sizeof(*cpu_nodes));
	if (cpu_nodes)
		cpu_nodes[cpu] = node;
}

/* --- slab ledger --------------------------------------------------------------- */
static unsigned int hash_ptr(const void *p, unsigned int cap)
{
	unsigned long long v = (unsigned long long)(unsigned long)p;

	v ^= v >> 33;
	v *= 0xff51afd7ed558ccdULL;
	v ^= v >> 33;
	return (unsigned int)v & (cap - 1);
}

/* Entry index + 1 of @p, or 0. Freed entries stay indexed until reset. */
static unsigned int ledger_find(const void *p)
{
	if (!stand_in.index_cap)
		return 0;
	for (unsigned int h = hash_ptr(p, stand_in.index_cap);; h = (h + 1) & (stand_in.index_cap - 1)) {
		unsigned long v = (unsigned long)stand_in.index[h];

		if (!v)
			return 0;
		if (stand_in.allocs[v - 1].ptr == p)
			return (unsigned int)v;
	}
}

static void ledger_index(unsigned int entry)
{
	if ((stand_in.nr_allocs + 1) * 2 > stand_in.index_cap) {
		unsigned int cap = stand_in.index_cap ? stand_in.index_cap * 2 : 64;

		free(stand_in.index);
		stand_in.index = calloc(cap, sizeof(void *));
		stand_in.index_cap = cap;
		for (unsigned int i = 0; i < entry; i++) {
			unsigned int h = hash_ptr(stand_in.allocs[i].ptr, cap);

			while (stand_in.index[h])
				h = (h + 1) & (cap - 1);
			stand_in.index[h] = (void *)(unsigned long)(i + 1);
		}
	}
	unsigned int h = hash_ptr(stand_in.allocs[entry].ptr, stand_in.index_cap);

	while (stand_in.index[h])
		h = (h + 1) & (stand_in.index_cap - 1);
	stand_in.index[h] = (void *)(unsigned long)(entry + 1);
}

void stand_in_fail_alloc(unsigned int nth)
{
	stand_in.fail_alloc_countdown = nth;
}

void *stand_in_kzalloc_node(size_t size, int node, unsigned int gfp, const char *site, int line)
{
	if (stand_in.fail_alloc_countdown && --stand_in.fail_alloc_countdown == 0) {
		stand_in.alloc_failures++;
		return NULL;
	}
	void *p = calloc(1, size ? size : 1);

	if (!p)
		return NULL;
	if (stand_in.nr_allocs == stand_in.cap_allocs) {
		unsigned int cap = stand_in.cap_allocs ? stand_in.cap_allocs * 2 : 64;
		struct stand_in_alloc *grown = realloc(stand_in.allocs, cap * sizeof(*grown));

		if (!grown) {
			free(p);
			return NULL;
		}
		stand_in.allocs = grown;
		stand_in.cap_allocs = cap;
	}
	unsigned int entry = stand_in.nr_allocs++;

	stand_in.allocs[entry] = (struct stand_in_alloc){
		.ptr = p, .token = ++stand_in.allocs_total, .size = (unsigned int)size,
		.node = node, .site = site, .line = line, .gfp = gfp, .live = true,
	};
	stand_in.ledger_fingerprint ^= stand_in_ledger_mix(stand_in.allocs[entry].token, node, gfp, (unsigned int)size);
	ledger_index(entry);
	if (size > stand_in.max_alloc_size)
		stand_in.max_alloc_size = (unsigned int)size;
	stand_in.allocs_live++;
	if (stand_in.memory_allocated)
		stand_in.memory_allocated(p, size);
	return p;
}

void stand_in_kfree(const void *p, const char *func)
{
	if (!p || IS_ERR_VALUE(p))	/* kfree() ignores NULL and ZERO_SIZE_PTR-like values */
		return;
	unsigned int e = ledger_find(p);

	if (!e) {
		stand_in.foreign_frees++;
		return;
	}
	struct stand_in_alloc *a = &stand_in.allocs[e - 1];

	if (!a->live) {
		stand_in.double_frees++;
		return;
	}
	if (stand_in.frees_total == stand_in.cap_freed) {
		unsigned int cap = stand_in.cap_freed ? stand_in.cap_freed * 2 : 64;
		unsigned long long *grown = realloc(stand_in.freed, cap * sizeof(*grown));

		if (!grown)
			abort();	/* a free the leak walk could not hear of would keep a false leak */
		stand_in.freed = grown;
		stand_in.cap_freed = cap;
	}
	a->live = false;
	stand_in.ledger_fingerprint ^= stand_in_ledger_mix(a->token, a->node, a->gfp, a->size);
	stand_in.allocs_live--;
	stand_in.freed[stand_in.frees_total++] = a->token;
	if (stand_in.memory_freed)
		stand_in.memory_freed(a->ptr, a->size ? a->size : 1);
	rcu_check_free(a->ptr, a->size ? a->size : 1, func);
	QUARANTINE(a->ptr, a->size ? a->size : 1);
}

void stand_in_holders_begin(void)
{
	stand_in.nr_holders = 0;
	stand_in.sorted_holders = false;
}

void stand_in_holder_add(const void *inside)
{
	if (stand_in.nr_holders == stand_in.cap_holders) {
		unsigned int cap = stand_in.cap_holders ? stand_in.cap_holders * 2 : 64;
		unsigned long *grown = realloc(stand_in.holders, cap * sizeof(*grown));

		if (!grown)
			abort();	/* a leak walk that forgot a holder would report a false leak */
		stand_in.holders = grown;
		stand_in.cap_holders = cap;
	}
	stand_in.holders[stand_in.nr_holders++] = (unsigned long)inside;
	stand_in.sorted_holders = false;
}

static int compare_addresses(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a, y = *(const unsigned long *)b;

	return (x > y) - (x < y);
}

bool stand_in_allocation_held(const struct stand_in_alloc *a)
{
	unsigned long start = (unsigned long)a->ptr, end = start + (a->size ? a->size : 1);
	unsigned int lo = 0, hi = stand_in.nr_holders;

	if (!stand_in.sorted_holders) {
		qsort(stand_in.holders, stand_in.nr_holders, sizeof(*stand_in.holders), compare_addresses);
		stand_in.sorted_holders = true;
	}
	while (lo < hi) {		/* the first holder at or after the allocation's start */
		unsigned int mid = lo + (hi - lo) / 2;

		if (stand_in.holders[mid] < start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < stand_in.nr_holders && stand_in.holders[lo] < end;
}

/*
 * Allocations start at least 8-byte aligned, and kfree() keeps memory until reset, so no two
 * ledger entries overlap: the first entry found at an 8-byte step back from @x, as far as the
 * largest allocation reaches, is the only one that may hold it. When that would take more
 * lookups than the ledger has entries, the ledger is walked instead.
 */
const struct stand_in_alloc *stand_in_allocation_containing(const void *x)
{
	unsigned long at = (unsigned long)x, steps = stand_in.max_alloc_size / 8 + 1;

	if (steps > stand_in.nr_allocs) {
		for (unsigned int i = 0; i < stand_in.nr_allocs; i++) {
			const struct stand_in_alloc *a = &stand_in.allocs[i];
			unsigned long start = (unsigned long)a->ptr;

			if (a->live && start <= at && at < start + (a->size ? a->size : 1))
				return a;
		}
		return NULL;
	}
	for (unsigned long back = at & ~7ul, n = 0; n < steps && back; back -= 8, n++) {
		unsigned int e = ledger_find((const void *)back);

		if (e) {
			const struct stand_in_alloc *a = &stand_in.allocs[e - 1];

			return a->live && at < back + (a->size ? a->size : 1) ? a : NULL;
		}
	}
	return NULL;
}

static int compare_tokens(const void *a, const void *b)
{
	unsigned long long x = (*(const struct stand_in_alloc *const *)a)->token;
	unsigned long long y = (*(const struct stand_in_alloc *const *)b)->token;

	return (x > y) - (x < y);
}

const struct stand_in_alloc *const *stand_in_holding_allocations(unsigned int *n)
{
	static const struct stand_in_alloc **found;
	static unsigned int cap;
	unsigned int count = 0, unique = 0;

	if (stand_in.nr_holders > cap) {
		cap = stand_in.nr_holders * 2;
		free(found);
		found = malloc(cap * sizeof(*found));
		if (!found)
			abort();	/* a held allocation left out would be reported leaked */
	}
	for (unsigned int h = 0; h < stand_in.nr_holders; h++) {
		const struct stand_in_alloc *a = stand_in_allocation_containing((const void *)stand_in.holders[h]);

		if (a)
			found[count++] = a;
	}
	qsort(found, count, sizeof(*found), compare_tokens);
	for (unsigned int i = 0; i < count; i++)
		if (!unique || found[i] != found[unique - 1])
			found[unique++] = found[i];	/* one allocation may hold a control and a monitor domain */
	*n = unique;
	return found;
}

/* --- resctrl filesystem side ------------------------------------------------------- */
static void record_event(int kind, int rid, int domain_id, int cpu, unsigned int weight)
{
	struct stand_in_event *e = RING_SLOT(stand_in.events);

	*e = (struct stand_in_event){ kind, rid, domain_id, cpu, weight, stand_in.events_total++ };
}

void stand_in_fail_fs(enum stand_in_fs_call call, unsigned int nth, int err)
{
	if ((unsigned int)call >= STAND_IN_FS_CALLS)
		return;
	stand_in.fail_fs[call].countdown = nth;
	stand_in.fail_fs[call].err = err;
}

/* The injected result of this call of a filesystem function: its error once the countdown ends, else 0. */
static int injected_fs_result(enum stand_in_fs_call call)
{
	if (stand_in.fail_fs[call].countdown && --stand_in.fail_fs[call].countdown == 0)
		return stand_in.fail_fs[call].err;
	return 0;
}

int resctrl_online_ctrl_domain(struct rdt_resource *r, struct rdt_ctrl_domain *d)
{
	record_event(STAND_IN_EV_ONLINE_CTRL_DOMAIN, (int)r->rid, d->hdr.id, -1,
		     cpumask_weight(&d->hdr.cpu_mask));
	return injected_fs_result(STAND_IN_FS_ONLINE_CTRL_DOMAIN);
}

void resctrl_offline_ctrl_domain(struct rdt_resource *r, struct rdt_ctrl_domain *d)
{
	record_event(STAND_IN_EV_OFFLINE_CTRL_DOMAIN, (int)r->rid, d->hdr.id, -1,
		     cpumask_weight(&d->hdr.cpu_mask));
}

void resctrl_online_cpu(unsigned int cpu)
{
	record_event(STAND_IN_EV_ONLINE_CPU, -1, -1, (int)cpu, 0);
}

void resctrl_offline_cpu(unsigned int cpu)
{
	record_event(STAND_IN_EV_OFFLINE_CPU, -1, -1, (int)cpu, 0);
}

#if defined(__SANITIZE_ADDRESS__)
/* A node whose memory kfree() marked: ASan knows it (elsewhere the header's poison check). */
bool stand_in_node_freed(const struct list_head *node)
{
	return __asan_address_is_poisoned(node);
}
#endif

void stand_in_use_after_free(const char *func)
{
	stand_in_report(STAND_IN_USE_AFTER_FREE, func, "a list node in freed memory");
}

struct rdt_domain_hdr *resctrl_find_domain(struct list_head *h, int id, struct list_head **pos)
{
	struct list_head *l;

	for (l = h->next; l != h && stand_in_list_visit(l, "resctrl_find_domain"); l = l->next) {
		struct rdt_domain_hdr *d = container_of(l, struct rdt_domain_hdr, list);

		if (id == d->id)
			return d;
		if (id < d->id)
			break;
	}
	if (pos)
		*pos = l;
	return NULL;
}

/* --- memory the harness itself owns (MPAM classes and components): not in the slab ledger */
void *stand_in_harness_zalloc(size_t size)
{
	return calloc(1, size);
}

void stand_in_harness_free(void *p)
{
	free(p);
}

/* --- arm64 and the scheduler (stand_in_arm64.h) -------------------------------------- */

struct task_struct stand_in_tasks[STAND_IN_TASKS];
rwlock_t tasklist_lock = { .dep_map = { .name = "tasklist_lock" } };
u64 arm64_mpam_global_default;
u64 stand_in_cpu_default[NR_CPUS];
u64 stand_in_cpu_current[NR_CPUS];
u64 stand_in_cpu_register_writes;
int stand_in_preempt_depth;
unsigned int stand_in_this_cpu;
struct cpumask stand_in_cpu_online;
/* cacheinfo[cpu][level]; level 0 unused, size 0 means "not described". */
static struct { bool set; struct cacheinfo ci; } cacheinfo[NR_CPUS][STAND_IN_CACHE_LEVELS];
/* Rows below this may have been described since the last reset: a reset clears only those
 * (the whole table is 320 KiB, and a generated scenario is a few dozen steps). */
static unsigned int cacheinfo_rows;

const struct cpumask *stand_in_cpu_possible_mask(void)
{
	static struct cpumask possible;

	cpumask_clear(&possible);
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		stand_in_cpumask_assign(&possible, cpu, true);
	return &possible;
}

static void run_on(unsigned int cpu, smp_call_func_t func, void *info)
{
	unsigned int saved = stand_in_this_cpu;

	stand_in_this_cpu = cpu;
	preempt_disable();	/* an IPI's function, or the caller's own CPU with preemption off */
	func(info);
	preempt_enable();
	stand_in_this_cpu = saved;
}

/* IPIs sent without waiting: one per CPU per call; past room for them, a call waits after all. */
#define STAND_IN_PENDING_IPIS (2 * NR_CPUS)
static struct { smp_call_func_t func; void *info; unsigned int cpu; } pending_ipis[STAND_IN_PENDING_IPIS];
static unsigned int nr_pending_ipis;

void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func, void *info, bool wait)
{
	unsigned int caller = stand_in_this_cpu;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!cpumask_test_cpu((int)cpu, mask) || !cpumask_test_cpu((int)cpu, &stand_in_cpu_online))
			continue;
		if (!wait && cpu != caller && nr_pending_ipis < STAND_IN_PENDING_IPIS) {
			pending_ipis[nr_pending_ipis].func = func;
			pending_ipis[nr_pending_ipis].info = info;
			pending_ipis[nr_pending_ipis++].cpu = cpu;
			continue;
		}
		run_on(cpu, func, info);
	}
}

void stand_in_deliver_ipis(void)
{
	for (unsigned int i = 0; i < nr_pending_ipis; i++)
		run_on(pending_ipis[i].cpu, pending_ipis[i].func, pending_ipis[i].info);
	nr_pending_ipis = 0;
}

void on_each_cpu(smp_call_func_t func, void *info, int wait)
{
	on_each_cpu_mask(cpu_online_mask, func, info, wait);
}

void stand_in_assert_preemption_disabled(const char *func)
{
	if (stand_in_preempt_depth <= 0)
		stand_in_lockdep_report(STAND_IN_PREEMPTIBLE, func, "preemption", false);
}

/* Called by stand_in_reset(): the task, the CPUs' registers and masks start clean. */
void stand_in_arm64_reset(void)
{
	memset(stand_in_tasks, 0, sizeof(stand_in_tasks));
	tasklist_lock.dep_map.held = 0;
	arm64_mpam_global_default = 0;
	stand_in_preempt_depth = 0;
	memset(stand_in_cpu_default, 0, sizeof(stand_in_cpu_default));
	memset(stand_in_cpu_current, 0, sizeof(stand_in_cpu_current));
	stand_in_cpu_register_writes++;		/* a version: it never gives the same value for two different answers */
	stand_in_this_cpu = 0;
	nr_pending_ipis = 0;
	cpumask_clear(&stand_in_cpu_online);
	memset(cacheinfo, 0, cacheinfo_rows * sizeof(cacheinfo[0]));
	cacheinfo_rows = 0;
}

struct cacheinfo *get_cpu_cacheinfo_level(int cpu, int level)
{
	if (cpu < 0 || cpu >= NR_CPUS || level < 0 || level >= STAND_IN_CACHE_LEVELS || !cacheinfo[cpu][level].set)
		return NULL;
	return &cacheinfo[cpu][level].ci;
}

int get_cpu_cacheinfo_id(int cpu, int level)
{
	struct cacheinfo *ci = get_cpu_cacheinfo_level(cpu, level);

	return ci ? (int)ci->id : -1;
}

void stand_in_set_cacheinfo(unsigned int cpu, unsigned int level, unsigned int id, unsigned int size)
{
	if (cpu >= NR_CPUS || level >= STAND_IN_CACHE_LEVELS)
		return;
	if (cpu >= cacheinfo_rows)
		cacheinfo_rows = cpu + 1;
	cacheinfo[cpu][level].set = true;
	cacheinfo[cpu][level].ci = (struct cacheinfo){ .id = id, .level = level, .size = size };
}

unsigned int num_possible_nodes(void)
{
	int highest = 0;

	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (cpu_to_node((int)cpu) > highest)
			highest = cpu_to_node((int)cpu);
	return (unsigned int)highest + 1;
}

/* --- resctrl's monitor side and registration ----------------------------------------- */
unsigned int resctrl_rmid_realloc_limit;
unsigned int resctrl_rmid_realloc_threshold;

int resctrl_online_mon_domain(struct rdt_resource *r, struct rdt_domain_hdr *hdr)
{
	record_event(STAND_IN_EV_ONLINE_MON_DOMAIN, (int)r->rid, hdr->id, -1, cpumask_weight(&hdr->cpu_mask));
	return injected_fs_result(STAND_IN_FS_ONLINE_MON_DOMAIN);
}

void resctrl_offline_mon_domain(struct rdt_resource *r, struct rdt_domain_hdr *hdr)
{
	record_event(STAND_IN_EV_OFFLINE_MON_DOMAIN, (int)r->rid, hdr->id, -1, cpumask_weight(&hdr->cpu_mask));
}

static bool mon_events_enabled[QOS_NUM_EVENTS];

bool resctrl_enable_mon_event(enum resctrl_event_id eventid, bool any_cpu, unsigned int binary_bits, void *arch_priv)
{
	(void)any_cpu;
	(void)binary_bits;
	(void)arch_priv;
	if ((unsigned int)eventid >= QOS_NUM_EVENTS || mon_events_enabled[eventid])
		return false;
	mon_events_enabled[eventid] = true;
	return true;
}

bool stand_in_mon_event_enabled(int eventid)
{
	return eventid >= 0 && eventid < QOS_NUM_EVENTS && mon_events_enabled[eventid];
}

static enum stand_in_fs_type fs_type;

int resctrl_init(void)
{
	int err;

	record_event(STAND_IN_EV_RESCTRL_INIT, -1, -1, -1, 0);
	err = injected_fs_result(STAND_IN_FS_RESCTRL_INIT);
	fs_type = err ? STAND_IN_FS_TYPE_UNREGISTERED : STAND_IN_FS_TYPE_REGISTERED;
	return err;
}

void resctrl_exit(void)
{
	record_event(STAND_IN_EV_RESCTRL_EXIT, -1, -1, -1, 0);
	fs_type = STAND_IN_FS_TYPE_UNREGISTERED;
}

enum stand_in_fs_type stand_in_fs_type(void)
{
	return fs_type;
}

/* --- wait queues ------------------------------------------------------------------------ */
static bool task_interrupted;

/* The entries queued and not yet taken off: where each is, its queue, and who queued it. */
static struct {
	const struct wait_queue_entry *entry;
	wait_queue_head_t *wq;
	const char *queue, *func;
} waiting[STAND_IN_WAITING];
static unsigned int nr_waiting;

void stand_in_prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state, const char *queue,
			      const char *func)
{
	if (!w->queued && nr_waiting < STAND_IN_WAITING) {
		w->queued = true;
		wq->waiters++;
		waiting[nr_waiting].entry = w;
		waiting[nr_waiting].wq = wq;
		waiting[nr_waiting].queue = queue;
		waiting[nr_waiting].func = func;
		nr_waiting++;
	}
	w->state = state;
}

void stand_in_finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w)
{
	w->state = TASK_RUNNING;
	if (w->queued) {
		w->queued = false;
		wq->waiters--;
		for (unsigned int i = 0; i < nr_waiting; i++)
			if (waiting[i].entry == w) {
				waiting[i] = waiting[--nr_waiting];
				break;
			}
	}
	task_interrupted = false;
}

/*
 * The step returned: an entry still queued was on a stack frame that is gone, and the next
 * wake_up() of its queue would call into it. Reported once; the stand-in forgets it (it never
 * touches the dead frame). The pending signal is delivered on the way back to user space.
 */
static void waits_step_end(void)
{
	for (unsigned int i = 0; i < nr_waiting; i++) {
		waiting[i].wq->waiters--;
		stand_in_report(STAND_IN_WAIT_ENTRY_QUEUED_AT_RETURN, waiting[i].func, waiting[i].queue);
	}
	nr_waiting = 0;
	task_interrupted = false;
}

void stand_in_schedule(const char *func)
{
	stand_in_printk(KERN_WARNING "stand-in: %s sleeps and nothing can wake it: the task is interrupted\n", func);
	task_interrupted = true;
}

bool stand_in_signal_pending(void)
{
	return task_interrupted;
}

void stand_in_wake_up(wait_queue_head_t *wq)
{
	(void)wq;
	stand_in.wake_ups++;
}

void stand_in_wait_unwoken(const char *func, const char *condition)
{
	stand_in_printk(KERN_WARNING "stand-in: %s waits for %s, which nothing here makes true: it would sleep for good\n",
			func, condition);
	stand_in_report(STAND_IN_HUNG_TASK, func, condition);
}

static void monitors_and_waits_reset(void)
{
	resctrl_rmid_realloc_limit = 0;
	resctrl_rmid_realloc_threshold = 0;
	memset(mon_events_enabled, 0, sizeof(mon_events_enabled));
	fs_type = STAND_IN_FS_TYPE_NEVER_INITIALISED;
	task_interrupted = false;
	nr_waiting = 0;
}

/* --- initcalls ------------------------------------------------------------------------- */
#define STAND_IN_MAX_INITCALLS 32
static initcall_t initcalls[STAND_IN_MAX_INITCALLS];
static unsigned int nr_initcalls;

void stand_in_register_initcall(initcall_t fn)
{
	if (nr_initcalls < STAND_IN_MAX_INITCALLS)
		initcalls[nr_initcalls++] = fn;
}

void stand_in_run_initcalls(void)
{
	for (unsigned int i = 0; i < nr_initcalls; i++)
		initcalls[i]();
}
