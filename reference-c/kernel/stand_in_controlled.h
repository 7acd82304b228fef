/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stand_in_controlled.h - kernel APIs whose behaviour a test controls or
 * observes. State lives in struct stand_in_state (stand_in_controlled.c);
 * stand_in_reset() makes it pristine.
 *
 *  slab       kzalloc_node()/kfree() through a ledger: tokens, live set,
 *             double and foreign frees, failure of the Nth allocation.
 *             Freed blocks stay quarantined (poisoned; ASan-poisoned under
 *             ASan) until reset, so a double free is told from a reused address.
 *  WARN       WARN_ON()/WARN_ON_ONCE() evaluate to the condition; each call
 *             site (function + condition text) counts hits; ONCE sites
 *             "report" once until reset (a per-site epoch, not a line number).
 *  printk     captured with its level after pr_fmt, never printed.
 *  lockdep    debug checks recorded, never fatal: lockdep_assert_held(),
 *             lockdep_assert_cpus_held(), lock imbalance, sleeping in an RCU
 *             reader, and the RCU-list checks of CONFIG_PROVE_RCU_LIST. As in
 *             the kernel, RCU_LOCKDEP_WARN reports once per call site and the
 *             first such splat clears debug_locks, after which nothing reports.
 *  RCU/SRCU   reader depths; synchronize_rcu() counted (there is only one
 *             thread, so it waits for nothing).
 *  resctrl    the filesystem side: every call an event; online_ctrl_domain
 *             failure injectable; resctrl_find_domain() with the kernel's order.
 *
 * Not modelled: lock ordering/dependency chains, lock classes, IRQ state,
 * more than one task (the task is always preemptible, so
 * rcu_read_lock_any_held() is just "inside rcu_read_lock()"), GFP flags,
 * printk rate limits, resctrl's own state behind the events.
 */
#ifndef STAND_IN_CONTROLLED_H
#define STAND_IN_CONTROLLED_H

#include "stand_in_defs.h"

/* --- the recorded state ---------------------------------------------- */
#define STAND_IN_RING 4096		/* events / reports / messages kept until drained */
#define STAND_IN_MAX_WARN_SITES 64
#define STAND_IN_NAME 64
#define STAND_IN_TEXT 96
#define STAND_IN_MSG 160

struct stand_in_site {			/* one WARN or RCU_LOCKDEP_WARN call site */
	const char *func;
	const char *cond;
	bool once;
	unsigned int epoch;		/* counters below are valid while == stand_in.epoch */
	unsigned int hits;
	unsigned int reported;
};

struct stand_in_event {
	int kind, rid, domain_id, cpu;
	unsigned int weight, seq;
};

/* What a rule report says, kept once however often it is said: reports name it by its index. */
struct stand_in_rule_site {
	int kind;
	char func[STAND_IN_NAME];
	char detail[STAND_IN_TEXT];
};

/* Every distinct (kind, function, detail) reported since the library was loaded: never reset, so an index stays good. */
extern struct stand_in_rule_site *stand_in_rule_sites;
extern unsigned int stand_in_rule_site_count;

struct stand_in_rule {
	unsigned int site;		/* index into stand_in_rule_sites */
	unsigned int seq;
	bool printed;			/* a debug kernel would print it (lockdep still on, the site not yet warned) */
};

struct stand_in_msg {
	int level;
	unsigned int seq;
	char text[STAND_IN_MSG];
};

struct stand_in_alloc {			/* a ledger entry; kept after the free until reset */
	void *ptr;
	unsigned long long token;
	unsigned int size;
	int node;
	const char *site;
	int line;
	unsigned int gfp;
	bool live;
};

/* One allocation's share of the ledger fingerprint (the model computes the same). */
static inline unsigned long long stand_in_ledger_mix(unsigned long long token, int node, unsigned int gfp, unsigned int size)
{
	unsigned long long x = token * 0x9e3779b97f4a7c15ull ^ ((unsigned long long)(unsigned int)node << 32) ^ gfp
			       ^ ((unsigned long long)size << 13);

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

#define STAND_IN_RING_OF(type) struct { type buf[STAND_IN_RING]; unsigned int head, count; }

/* The filesystem calls a scenario can make fail (mpam_ref.h's enum mpam_ref_fs_call). */
enum stand_in_fs_call {
	STAND_IN_FS_ONLINE_CTRL_DOMAIN = 1,	/* resctrl_online_ctrl_domain() */
	STAND_IN_FS_ONLINE_MON_DOMAIN = 2,	/* resctrl_online_mon_domain() */
	STAND_IN_FS_RESCTRL_INIT = 3,		/* resctrl_init() */
	STAND_IN_FS_CALLS
};

#define STAND_IN_RCU_WAITING 256
#define STAND_IN_RCU_LISTS 32
#define STAND_IN_LOCKS 32

struct lockdep_map {
	const char *name;
	int held;			/* depth: mutexes 0/1, rwsem readers may nest */
	const char *locked_in;		/* the function that took it last */
	unsigned int epoch;		/* known to the lock-order checker in this epoch */
	unsigned int index;		/* its node in the lock-order graph */
	bool reported_held;		/* held at a step's end: said once per acquisition */
};

struct stand_in_state {
	unsigned int epoch;		/* bumped by reset: invalidates every static site */
	bool debug_locks;
	int rcu_depth;
	int cpus_read_depth;
	unsigned int sync_rcu_calls;
	unsigned int wake_ups;		/* wake_up() calls since reset, the initcalls' included */
	unsigned long long generation;

	/* ledger */
	struct stand_in_alloc *allocs;
	unsigned int nr_allocs, cap_allocs;
	void **index;			/* open-addressed: ptr -> entry + 1 */
	unsigned int index_cap;
	unsigned long long allocs_total, frees_total;
	unsigned long long *freed;	/* token of each free since reset, in the order freed: [frees_total] */
	unsigned int cap_freed;
	unsigned int max_alloc_size;	/* the largest allocation since reset: how far back one may start */
	unsigned int allocs_live, alloc_failures, double_frees, foreign_frees;
	unsigned long long ledger_fingerprint;	/* XOR of stand_in_ledger_mix() over live allocations */
	unsigned int fail_alloc_countdown;
	unsigned long *holders;		/* stand_in_holder_add() addresses; sorted when sorted_holders */
	/* the RCU checker: nodes list_del_rcu() unlinked since the last grace period, and the RCU lists */
	const void *rcu_waiting[STAND_IN_RCU_WAITING];
	unsigned int nr_rcu_waiting;
	const struct list_head *rcu_lists[STAND_IN_RCU_LISTS];
	const char *rcu_list_names[STAND_IN_RCU_LISTS];
	unsigned int nr_rcu_lists;
	/* the lock-order checker: locks seen (graph nodes), "taken while held" edges, the held stack */
	struct lockdep_map *locks[STAND_IN_LOCKS];
	unsigned int nr_locks;
	unsigned int taken_after[STAND_IN_LOCKS];	/* bit j of [i]: lock j was taken while i was held */
	struct lockdep_map *held_locks[STAND_IN_LOCKS];
	unsigned int nr_held_locks;
	unsigned int violations_total;	/* every rule report, printed or not */
	unsigned int nr_holders, cap_holders;
	bool sorted_holders;

	/* WARN */
	struct stand_in_site *warn_sites[STAND_IN_MAX_WARN_SITES];
	unsigned int nr_warn_sites, warn_hits;

	/* resctrl fs side */
	/* Injected failures of the filesystem calls that can fail, by enum stand_in_fs_call. */
	struct { unsigned int countdown; int err; } fail_fs[STAND_IN_FS_CALLS];

	unsigned int events_total, rules_total, messages_total;

	/*
	 * Names the domain a list node belongs to ("L3 domain 1") for the RCU checker's reports;
	 * installed by whoever knows the node's container (the glue), like mask_changed.
	 */
	void (*describe_node)(const void *node, char *out, unsigned int cap);

	/* called when a CPU bit of a mask changes (the glue bumps generation for listed domains) */
	void (*mask_changed)(const struct cpumask *m);

	/*
	 * called for every write that changes a mask, cpumask_clear() too, with the words it may
	 * have changed, [from, end) (the glue's snapshots copy only those masks, and look at only those words)
	 */
	void (*mask_written)(const struct cpumask *m, unsigned int from, unsigned int end);

	/* called for every allocation the ledger makes: zeroed memory, possibly where a freed domain was */
	void (*memory_allocated)(const void *p, size_t size);

	/* called by kfree() of a live allocation, before its memory is poisoned */
	void (*memory_freed)(const void *p, size_t size);

	/*
	 * called by list_add_rcu()/list_add_tail_rcu() once @entry is linked after @prev, by
	 * list_del_rcu() (prev NULL) once it is unlinked, and by INIT_LIST_HEAD*() (prev == entry):
	 * the glue's snapshots follow these instead of walking every list. Other list primitives are
	 * only counted (stand_in_list_writes).
	 */
	void (*list_changed)(const struct list_head *entry, const struct list_head *prev);

	/* logs, last: reset empties them without clearing their buffers */
	STAND_IN_RING_OF(struct stand_in_event) events;
	STAND_IN_RING_OF(struct stand_in_rule) rules;
	STAND_IN_RING_OF(struct stand_in_msg) msgs;
};

extern struct stand_in_state stand_in;

void stand_in_reset(void);

/*
 * A rule report. Every violation is reported, all the time: @printed says whether a debug
 * kernel would have printed it. A lockdep splat prints only while debug_locks is on, and the
 * splats that call debug_locks_off() turn it off (@lockdep_off): after the first of those a
 * kernel goes quiet, the checker does not. Reports of the harness's own checks (what no
 * kernel prints) pass printed = false.
 */
void stand_in_report_rule(int kind, const char *func, const char *detail, bool printed);
/* A lockdep-class report: printed while debug_locks is on; @lockdep_off as debug_locks_off(). */
void stand_in_lockdep_report(int kind, const char *func, const char *detail, bool lockdep_off);

/* Memory the harness owns (the MPAM platform it builds), outside the slab ledger. */
void *stand_in_harness_zalloc(size_t size);
void stand_in_harness_free(void *p);

/* rule kinds: the values of enum mpam_ref_rule_kind */
enum {
	STAND_IN_LOCK_NOT_HELD = 1,
	STAND_IN_CPUS_NOT_HELD = 2,
	STAND_IN_RCU_LIST_UNPROTECTED = 3,
	STAND_IN_SRCU_CONDITION_FALSE = 4,
	STAND_IN_LOCK_IMBALANCE = 5,
	STAND_IN_SLEEP_IN_RCU_READER = 6,
	STAND_IN_USE_AFTER_FREE = 7,
	STAND_IN_LOCK_HELD_AT_RETURN = 8,
	STAND_IN_LOCK_ORDER = 9,
	STAND_IN_RCU_FREE_BEFORE_GP = 10,
	STAND_IN_RCU_PLAIN_LIST_OP = 11,
	STAND_IN_PREEMPTIBLE = 12,
	STAND_IN_WAIT_ENTRY_QUEUED_AT_RETURN = 13,
	STAND_IN_HUNG_TASK = 14,
	STAND_IN_LIST_CORRUPTION = 15,
};
/* event kinds: the values of enum mpam_ref_event_kind */
enum {
	STAND_IN_EV_ONLINE_CTRL_DOMAIN = 1,
	STAND_IN_EV_OFFLINE_CTRL_DOMAIN = 2,
	STAND_IN_EV_ONLINE_CPU = 3,
	STAND_IN_EV_OFFLINE_CPU = 4,
	STAND_IN_EV_ONLINE_MON_DOMAIN = 5,
	STAND_IN_EV_OFFLINE_MON_DOMAIN = 6,
	STAND_IN_EV_RESCTRL_INIT = 7,
	STAND_IN_EV_RESCTRL_EXIT = 8,
};

void stand_in_report(int kind, const char *func, const char *detail);

/* --- cpumask writes (reads are in defs) -------------------------------- */
static inline void stand_in_cpumask_write(struct cpumask *m, unsigned int cpu, bool on)
{
	bool was = cpumask_test_cpu((int)cpu, m);

	stand_in_cpumask_assign(m, cpu, on);
	if (was != on) {
		stand_in_mask_words_written(m, cpu / BITS_PER_LONG, cpu / BITS_PER_LONG + 1);
		if (stand_in.mask_changed)
			stand_in.mask_changed(m);
	}
}
#define cpumask_set_cpu(cpu, m) stand_in_cpumask_write((m), (cpu), true)
#define cpumask_clear_cpu(cpu, m) stand_in_cpumask_write((m), (cpu), false)

int cpu_to_node(int cpu);
void stand_in_set_cpu_node(unsigned int cpu, int node);

/* --- slab -------------------------------------------------------------- */
/*
 * The site is the calling function and __LINE__, which is the patch's own line: the glue
 * #includes it. The ledger keeps each allocation's node and GFP flags (kzalloc*() add
 * __GFP_ZERO), and folds them into a fingerprint the harness compares with the model's.
 */
void *stand_in_kzalloc_node(size_t size, int node, unsigned int gfp, const char *site, int line);
void stand_in_kfree(const void *p, const char *func);
#define kzalloc_node(size, gfp, node) stand_in_kzalloc_node((size), (node), (gfp) | __GFP_ZERO, __func__, __LINE__)
#define kzalloc(size, gfp) stand_in_kzalloc_node((size), -1, (gfp) | __GFP_ZERO, __func__, __LINE__)
#define kfree(p) stand_in_kfree((p), __func__)
/*
 * For the glue's leak walk: a set of addresses (listed nodes, held contexts), and whether a live
 * allocation contains one of them. Begin empties the set; the first query after adds sorts it.
 */
void stand_in_holders_begin(void);
void stand_in_holder_add(const void *inside);
bool stand_in_allocation_held(const struct stand_in_alloc *a);
/* The live ledger entry whose memory holds @x, or NULL. */
const struct stand_in_alloc *stand_in_allocation_containing(const void *x);
/* The live entries the holders lie in, each once, in token order (valid until the next call). */
const struct stand_in_alloc *const *stand_in_holding_allocations(unsigned int *n);
#define kmalloc(size, gfp) stand_in_kzalloc_node((size), -1, (gfp), __func__, __LINE__)
/* kmalloc_obj(obj[, gfp]): room for one obj, GFP_KERNEL unless given. */
#define STAND_IN_FIRST(a, ...) a
#define kmalloc_obj(obj, ...) ((typeof(obj) *)kmalloc(sizeof(obj), STAND_IN_FIRST(__VA_ARGS__ __VA_OPT__(,) GFP_KERNEL)))
#define kzalloc_obj(obj, ...) kmalloc_obj(obj, ##__VA_ARGS__)

/*
 * cpumask_var_t as with CONFIG_CPUMASK_OFFSTACK: allocated through the ledger,
 * so a mask that is never freed is a leak and its allocation can be made to fail.
 */
typedef struct cpumask *cpumask_var_t;
#define CPUMASK_VAR_NULL NULL
#define alloc_cpumask_var(maskp, gfp) ((*(maskp) = kmalloc(sizeof(struct cpumask), (gfp))) != NULL)
#define zalloc_cpumask_var(maskp, gfp) alloc_cpumask_var(maskp, (gfp) | __GFP_ZERO)
#define free_cpumask_var(mask) kfree(mask)

/* Scope-based freeing (linux/cleanup.h): __free(name) runs name's free on scope exit. */
#define DEFINE_FREE(_name, _type, _free) \
	static inline void __free_##_name(void *p) { _type _T = *(_type *)p; _free; }
#define __free(_name) __attribute__((__cleanup__(__free_##_name)))
DEFINE_FREE(free_cpumask_var, struct cpumask *, if (_T) free_cpumask_var(_T))
DEFINE_FREE(kfree, void *, if (_T) kfree(_T))

/* --- WARN ---------------------------------------------------------------- */
void stand_in_warn_hit(struct stand_in_site *site);

/* The condition as the source spells it: stringified here, before its macros (U16_MAX) expand. */
#define __STAND_IN_WARN(c, text, is_once) ({				\
	static struct stand_in_site __site = {				\
		.func = __func__, .cond = text, .once = (is_once) };	\
	bool __cond = !!(c);						\
	if (__cond)							\
		stand_in_warn_hit(&__site);				\
	__cond; })
#define WARN_ON(c) __STAND_IN_WARN(c, #c, false)
#define WARN_ON_ONCE(c) __STAND_IN_WARN(c, #c, true)

/* --- printk ---------------------------------------------------------------- */
#define KERN_SOH "\001"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"

__attribute__((format(printf, 1, 2))) int stand_in_printk(const char *fmt, ...);
#define printk(fmt, ...) stand_in_printk(fmt, ##__VA_ARGS__)
#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define STAND_IN_ONCE(call) ({ static bool __printed; if (!__printed) { __printed = true; call; } })
#define pr_warn_once(fmt, ...) STAND_IN_ONCE(pr_warn(fmt, ##__VA_ARGS__))
#define pr_err_once(fmt, ...) STAND_IN_ONCE(pr_err(fmt, ##__VA_ARGS__))
#define pr_info_once(fmt, ...) STAND_IN_ONCE(pr_info(fmt, ##__VA_ARGS__))
/* As built with the driver's CONFIG_ARM64_MPAM_DRIVER_DEBUG (-DDEBUG): captured. */
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

/* --- lockdep, locks ------------------------------------------------------ */
struct mutex {
	struct lockdep_map dep_map;
};
#define DEFINE_MUTEX(m) struct mutex m = { .dep_map = { .name = #m } }

void stand_in_lock(struct lockdep_map *map, const char *func);
void stand_in_unlock(struct lockdep_map *map, const char *func);
void stand_in_assert_held(const struct lockdep_map *map, const char *func);
void stand_in_assert_cpus_held(const char *func);
void stand_in_might_sleep(const char *func);

#define mutex_lock(m) stand_in_lock(&(m)->dep_map, __func__)
#define mutex_unlock(m) stand_in_unlock(&(m)->dep_map, __func__)
#define lockdep_is_held(m) ((m)->dep_map.held > 0)
#define lockdep_assert_held(m) stand_in_assert_held(&(m)->dep_map, __func__)
#define lockdep_assert_cpus_held() stand_in_assert_cpus_held(__func__)
/* Once-only in a kernel; every violation is reported here, like every other rule. */
#define lockdep_assert_held_once(m) lockdep_assert_held(m)

/*
 * Spinlocks: recorded like mutexes (held depth, imbalance, assertions). Not
 * modelled: interrupts (the flags are 0) and spinning (one thread).
 */
typedef struct { struct lockdep_map dep_map; } raw_spinlock_t;
typedef struct { struct lockdep_map dep_map; } spinlock_t;
#define DEFINE_RAW_SPINLOCK(l) raw_spinlock_t l = { .dep_map = { .name = #l } }
#define DEFINE_SPINLOCK(l) spinlock_t l = { .dep_map = { .name = #l } }
#define raw_spin_lock_init(l) ((void)((l)->dep_map = (struct lockdep_map){ .name = #l }))
#define spin_lock_init(l) raw_spin_lock_init(l)
#define raw_spin_lock(l) stand_in_lock(&(l)->dep_map, __func__)
#define raw_spin_unlock(l) stand_in_unlock(&(l)->dep_map, __func__)
#define raw_spin_lock_irqsave(l, flags) ((void)((flags) = 0), stand_in_lock(&(l)->dep_map, __func__))
#define raw_spin_unlock_irqrestore(l, flags) ((void)(flags), stand_in_unlock(&(l)->dep_map, __func__))
#define spin_lock(l) raw_spin_lock(l)
#define spin_unlock(l) raw_spin_unlock(l)
#define spin_lock_irqsave(l, flags) raw_spin_lock_irqsave(l, flags)
#define spin_unlock_irqrestore(l, flags) raw_spin_unlock_irqrestore(l, flags)

void stand_in_cpus_read_lock(void);
void stand_in_cpus_read_unlock(const char *func);
#define cpus_read_lock() stand_in_cpus_read_lock()
#define cpus_read_unlock() stand_in_cpus_read_unlock(__func__)

/* --- RCU, SRCU ---------------------------------------------------------- */
struct srcu_struct {
	const char *name;
	int depth;
};
#define DEFINE_STATIC_SRCU(s) static struct srcu_struct s = { .name = #s }

static inline void rcu_read_lock(void) { stand_in.rcu_depth++; }
void stand_in_rcu_read_unlock(const char *func);
#define rcu_read_unlock() stand_in_rcu_read_unlock(__func__)
void stand_in_synchronize_rcu(const char *func);
#define synchronize_rcu() stand_in_synchronize_rcu(__func__)

int stand_in_srcu_read_lock(struct srcu_struct *s);
void stand_in_srcu_read_unlock(struct srcu_struct *s, int idx, const char *func);
#define srcu_read_lock(s) stand_in_srcu_read_lock(s)
#define srcu_read_unlock(s, idx) stand_in_srcu_read_unlock((s), (idx), __func__)
/*
 * The kernel answers 1 when lockdep is off: it cannot tell. Functions, not macros: a
 * condition expanded into the patch's own line would charge the stand-in's branches
 * to the patch in the coverage build.
 */
static inline bool srcu_read_lock_held(const struct srcu_struct *s)
{
	return s->depth > 0;	/* the truth, also after lockdep went off: the checker goes on */
}

static inline bool rcu_read_lock_any_held(void)
{
	return stand_in.rcu_depth > 0;
}

/* --- guard(): scope-based lock holding via __attribute__((cleanup)) ------- */
struct stand_in_mutex_guard { struct mutex *m; const char *func; };
struct stand_in_srcu_guard { struct srcu_struct *s; int idx; const char *func; };

static inline struct stand_in_mutex_guard stand_in_mutex_guard_enter(struct mutex *m, const char *func)
{
	stand_in_lock(&m->dep_map, func);
	return (struct stand_in_mutex_guard){ m, func };
}
static inline void stand_in_mutex_guard_exit(struct stand_in_mutex_guard *g)
{
	stand_in_unlock(&g->m->dep_map, g->func);
}
static inline struct stand_in_srcu_guard stand_in_srcu_guard_enter(struct srcu_struct *s, const char *func)
{
	return (struct stand_in_srcu_guard){ s, stand_in_srcu_read_lock(s), func };
}
static inline void stand_in_srcu_guard_exit(struct stand_in_srcu_guard *g)
{
	stand_in_srcu_read_unlock(g->s, g->idx, g->func);
}

/* guard(mutex)(&m) expands to stand_in_guard_mutex(&m): a variable that unlocks at scope end. */
#define guard(name) stand_in_guard_##name
#define stand_in_guard_mutex(m)						\
	struct stand_in_mutex_guard __UNIQUE_ID(guard)			\
	__attribute__((cleanup(stand_in_mutex_guard_exit))) =		\
		stand_in_mutex_guard_enter((m), __func__)
#define stand_in_guard_srcu(s)						\
	struct stand_in_srcu_guard __UNIQUE_ID(guard)			\
	__attribute__((cleanup(stand_in_srcu_guard_exit))) =		\
		stand_in_srcu_guard_enter((s), __func__)

/* --- RCU lists: the update side (counted: every change is a generation) --- */
/*
 * The pointers readers follow are published with release stores (rcu_assign_pointer(),
 * WRITE_ONCE()), as the kernel's list_*_rcu() do: under the stress run's real RCU, readers on
 * other threads load them with acquire, and ThreadSanitizer holds the writers to it.
 */
static inline void INIT_LIST_HEAD_RCU(struct list_head *list)
{
	__atomic_fetch_add(&stand_in_list_writes, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&list->next, list, __ATOMIC_RELAXED);
	list->prev = list;
	stand_in_list_changed(list, list);
}

/* The links CONFIG_DEBUG_LIST checks first (stand_in_list_add_valid()), in @func's name. */
static inline void stand_in_list_add_rcu_between(struct list_head *new, struct list_head *prev,
						 struct list_head *next, const char *func)
{
	__atomic_fetch_add(&stand_in_list_writes, 1, __ATOMIC_RELAXED);
	if (!stand_in_list_add_valid(new, prev, next, func))
		return;
	new->next = next;
	new->prev = prev;
	__atomic_store_n(&prev->next, new, __ATOMIC_RELEASE);
	next->prev = new;
	stand_in_list_changed(new, prev);
}

static inline void stand_in_list_add_rcu(struct list_head *new, struct list_head *head, const char *func)
{
	stand_in_list_add_rcu_between(new, head, head->next, func);
	stand_in.generation++;
}

static inline void stand_in_list_add_tail_rcu(struct list_head *new, struct list_head *head, const char *func)
{
	stand_in_list_add_rcu_between(new, head->prev, head, func);
	stand_in.generation++;
}

#define list_add_rcu(new, head) stand_in_list_add_rcu((new), (head), __func__)
#define list_add_tail_rcu(new, head) stand_in_list_add_tail_rcu((new), (head), __func__)

/*
 * The RCU checker: a node unlinked with list_del_rcu() waits for a grace period that began
 * after the unlink (synchronize_rcu()) before its memory may be freed; kfree() of memory
 * holding a waiting node is reported. The lists resctrl's readers walk under RCU (each
 * resource's ctrl_domains and mon_domains) are registered, and a plain list_add(),
 * list_add_tail() or list_del() on them is reported: readers could see a half-made link.
 */
void stand_in_rcu_unlinked(const struct list_head *entry);
void stand_in_rcu_list_register(const struct list_head *head, const char *name);
void stand_in_plain_list_op(const struct list_head *at, const char *op, const char *func);

/*
 * Leaves ->next intact for readers still walking; ->prev poisoned whether or not the unlink
 * was made (CONFIG_DEBUG_LIST may refuse it), as the kernel's does.
 */
static inline void stand_in_list_del_rcu(struct list_head *entry, const char *func)
{
	__atomic_fetch_add(&stand_in_list_writes, 1, __ATOMIC_RELAXED);
	if (stand_in_list_del_valid(entry, func)) {
		entry->next->prev = entry->prev;
		__atomic_store_n(&entry->prev->next, entry->next, __ATOMIC_RELEASE);
		stand_in_list_changed(entry, NULL);
	}
	entry->prev = LIST_POISON2;
	stand_in_rcu_unlinked(entry);
	stand_in.generation++;
}

#define list_del_rcu(entry) stand_in_list_del_rcu((entry), __func__)

#define list_entry_rcu(ptr, type, member) container_of(ptr, type, member)

/* The plain primitives, checked against the RCU lists, in the caller's name ((list_add)(...), the harness's own call, is not checked against them). */
#define list_add(new, head) (stand_in_plain_list_op((head), "list_add", __func__), stand_in_list_add((new), (head), __func__))
#define list_add_tail(new, head) (stand_in_plain_list_op((head), "list_add_tail", __func__), stand_in_list_add_tail((new), (head), __func__))
#define list_del(entry) (stand_in_plain_list_op((entry), "list_del", __func__), stand_in_list_del((entry), __func__))

/*
 * The end of a step: every hook and callback has returned. A lock, reader section or the
 * hotplug lock still held now is reported (LOCK_HELD_AT_RETURN), once per acquisition.
 */
void stand_in_step_end(void);

/*
 * The read side, with CONFIG_PROVE_RCU_LIST's checks.
 *
 * list_for_each_entry_rcu(pos, head, member[, cond]) checks, once per call
 * site, RCU_LOCKDEP_WARN(!cond && !rcu_read_lock_any_held()); no cond means
 * cond = 0. The kernel does NOT accept "some lock is held" in place of the
 * condition: only the lockdep expression the caller passes counts.
 *
 * So the patch's mpam_resctrl_get_domain_from_cpu(), which walks
 * r->ctrl_domains holding domain_list_lock (and, on the online path, an SRCU
 * reader of mpam_srcu) but passes no condition, trips it in a real
 * PROVE_RCU_LIST kernel: a cpuhp callback runs in the preemptible hotplug
 * thread, outside rcu_read_lock(), rcu_read_lock_any_held() is false (SRCU
 * readers and mutexes are not part of it), and !0 && !false is true. The fix
 * in the kernel would be to pass lockdep_is_held(&domain_list_lock). We
 * report it (RCU_LIST_UNPROTECTED) on the first callback that walks a list;
 * the splat clears debug_locks, so it is the last lockdep report until reset.
 */
bool stand_in_rcu_list_check(struct stand_in_site *site, bool cond_true, int kind,
			     const char *head_text);

#define __stand_in_list_cond(dummy, cond, ...) (cond)
#define __stand_in_list_check(kind, headtext, ok) ({			\
	static struct stand_in_site __site = { .func = __func__, .cond = headtext, .once = true }; \
	stand_in_rcu_list_check(&__site, (ok), (kind), headtext); })

/*
 * Freed memory stays quarantined and poisoned until reset (kfree()). A walk that reaches a node
 * in freed memory is reported, as KASAN reports the read, and ends there: following the poison
 * would crash the run. stand_in_node_freed() is the same check, silent, for the harness's walks.
 */
#if defined(__SANITIZE_ADDRESS__)
bool stand_in_node_freed(const struct list_head *node);
#else
#define STAND_IN_POISON_FREE 0x6b	/* slab's POISON_FREE, what kfree() fills freed memory with */

/* Inline, as the walks below call it at every node: one load and a compare, no call. */
static inline bool stand_in_node_freed(const struct list_head *node)
{
	unsigned long word;

	__builtin_memcpy(&word, node, sizeof(word));
	return word == 0x0101010101010101UL * STAND_IN_POISON_FREE;
}
#endif

/* KASAN's report of a walk that reached freed memory. */
void stand_in_use_after_free(const char *func);

static inline bool stand_in_list_visit(const struct list_head *node, const char *func)
{
	if (__builtin_expect(!stand_in_node_freed(node), 1))
		return true;
	stand_in_use_after_free(func);
	return false;
}

/* The node after @node (head->next for the first), or @head itself where that node is in freed memory (reported). */
static inline struct list_head *stand_in_list_step(struct list_head *node, struct list_head *head, const char *func)
{
	struct list_head *next = node->next;

	if (next != head && !stand_in_list_visit(next, func))
		return head;
	return next;
}

/* The walk's checks live in the step function, so they add no branch to the patch's lines. */
#define list_for_each_entry_rcu(pos, head, member, cond...)		\
	for (__stand_in_list_check(STAND_IN_RCU_LIST_UNPROTECTED, #head, \
				   __stand_in_list_cond(dummy, ##cond, 0) || rcu_read_lock_any_held()), \
	     pos = list_entry_rcu(stand_in_list_step((head), (head), __func__), typeof(*pos), member); \
	     &pos->member != (head);					\
	     pos = list_entry_rcu(stand_in_list_step(&pos->member, (head), __func__), typeof(*pos), member))

#define list_for_each_entry_srcu(pos, head, member, cond)		\
	for (__stand_in_list_check(STAND_IN_SRCU_CONDITION_FALSE, #head, (cond)), \
	     pos = list_entry_rcu(stand_in_list_step((head), (head), __func__), typeof(*pos), member); \
	     &pos->member != (head);					\
	     pos = list_entry_rcu(stand_in_list_step(&pos->member, (head), __func__), typeof(*pos), member))

/* --- the resctrl filesystem side ----------------------------------------- */
int resctrl_online_ctrl_domain(struct rdt_resource *r, struct rdt_ctrl_domain *d);
/* Monitor domains: events too. */
int resctrl_online_mon_domain(struct rdt_resource *r, struct rdt_domain_hdr *hdr);
void resctrl_offline_mon_domain(struct rdt_resource *r, struct rdt_domain_hdr *hdr);
/* The events the arch enabled, and the filesystem's own registration (recorded). */
bool resctrl_enable_mon_event(enum resctrl_event_id eventid, bool any_cpu, unsigned int binary_bits, void *arch_priv);
/* Whether the arch enabled the event (the filesystem only ever reads those). */
bool stand_in_mon_event_enabled(int eventid);
int resctrl_init(void);
void resctrl_exit(void);
/*
 * Whether "mount -t resctrl" would find the filesystem type: registered by a resctrl_init()
 * that returned 0, gone again at resctrl_exit(); NEVER until the patch first calls resctrl_init().
 */
enum stand_in_fs_type { STAND_IN_FS_TYPE_NEVER_INITIALISED, STAND_IN_FS_TYPE_REGISTERED, STAND_IN_FS_TYPE_UNREGISTERED };
enum stand_in_fs_type stand_in_fs_type(void);
extern unsigned int resctrl_rmid_realloc_limit;
extern unsigned int resctrl_rmid_realloc_threshold;
/* The filesystem's check that a counter may be read here: it may sleep unless IRQs are off (never, here). */
#define resctrl_arch_rmid_read_context_check() stand_in_might_sleep(__func__)
void resctrl_offline_ctrl_domain(struct rdt_resource *r, struct rdt_ctrl_domain *d);
void resctrl_online_cpu(unsigned int cpu);
void resctrl_offline_cpu(unsigned int cpu);
/*
 * Walks @h, sorted by ascending hdr.id: the header with @id, else NULL with
 * *pos (if pos) at the first entry of larger id, or at @h when there is none,
 * so list_add_tail_rcu(new, *pos) keeps the list sorted.
 */
struct rdt_domain_hdr *resctrl_find_domain(struct list_head *h, int id, struct list_head **pos);

/* Make the nth call from now of one filesystem function return err (0 disarms). */
void stand_in_fail_fs(enum stand_in_fs_call call, unsigned int nth, int err);
/* Fail the nth kzalloc_node() from now (0 disarms). */
void stand_in_fail_alloc(unsigned int nth);

/* --- wait queues (linux/wait.h) --------------------------------------------
 * One thread, no scheduler: nothing can wake a task that sleeps. schedule()
 * therefore leaves the task interrupted (signal_pending() is then true until
 * finish_wait(), or until the step returns to user space and the signal is
 * delivered), so a wait loop ends the way an interrupted one does instead of
 * hanging; wait_event() on a false condition does not sleep: with the boot's
 * initcalls run and no other thread, nothing could make it true, so the task
 * would sleep for good, uninterruptible, and the hung task detector would name
 * it (HUNG_TASK, with the condition). wake_up() is counted
 * (nobody waits when it is called: the count is what a respin can lose).
 * prepare_to_wait() queues an entry that is not queued yet, finish_wait()
 * takes it off; an entry still queued when the step returns lived on a stack
 * that is gone, and is reported (WAIT_ENTRY_QUEUED_AT_RETURN). Not modelled:
 * exclusive waits, wake functions, more than STAND_IN_WAITING queued entries.
 */
#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define STAND_IN_WAITING	8

typedef struct { int waiters; } wait_queue_head_t;
struct wait_queue_entry { int state; bool queued; };
#define DECLARE_WAIT_QUEUE_HEAD(name) wait_queue_head_t name = { 0 }
#define DEFINE_WAIT(name) struct wait_queue_entry name = { TASK_RUNNING, false }
#define init_waitqueue_head(wq) ((void)((wq)->waiters = 0))

void stand_in_prepare_to_wait(wait_queue_head_t *wq, struct wait_queue_entry *w, int state, const char *queue,
			      const char *func);
void stand_in_finish_wait(wait_queue_head_t *wq, struct wait_queue_entry *w);
void stand_in_schedule(const char *func);
bool stand_in_signal_pending(void);
void stand_in_wake_up(wait_queue_head_t *wq);
void stand_in_wait_unwoken(const char *func, const char *condition);

#define prepare_to_wait(wq, w, state) stand_in_prepare_to_wait((wq), (w), (state), #wq, __func__)
#define finish_wait(wq, w) stand_in_finish_wait((wq), (w))
#define schedule() stand_in_schedule(__func__)
#define signal_pending(task) ((void)(task), stand_in_signal_pending())
#define wake_up(wq) stand_in_wake_up(wq)
#define wait_event(wq, condition) \
	do { if (!(condition)) stand_in_wait_unwoken(__func__, #condition); } while (0)

/* --- initcalls (linux/init.h) -------------------------------------------------
 * A file's initcalls are registered when the library loads and run, in order of
 * registration, by stand_in_run_initcalls(): the glue runs them at every reset,
 * since each scenario boots afresh. Levels are not ordered against each other.
 */
typedef int (*initcall_t)(void);
void stand_in_register_initcall(initcall_t fn);
void stand_in_run_initcalls(void);
#define stand_in_initcall(fn) \
	__attribute__((constructor)) static void __PASTE(stand_in_initcall_, fn)(void) { stand_in_register_initcall(fn); }
#define device_initcall_sync(fn) stand_in_initcall(fn)
#define device_initcall(fn) stand_in_initcall(fn)
#define late_initcall(fn) stand_in_initcall(fn)
#define late_initcall_sync(fn) stand_in_initcall(fn)
#define subsys_initcall(fn) stand_in_initcall(fn)
#define arch_initcall(fn) stand_in_initcall(fn)

#endif /* STAND_IN_CONTROLLED_H */
