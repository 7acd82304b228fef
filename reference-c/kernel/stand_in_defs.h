/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stand_in_defs.h - kernel definitions re-implemented for userspace.
 *
 * Written from the APIs' documented semantics, not copied. Pure definitions:
 * nothing here records anything or can be made to fail (that is
 * stand_in_controlled.h). Only compiler headers (stddef.h) are included, so
 * no glibc header reaches the patch through this file.
 *
 * Not modelled: memory ordering (a single thread runs everything), list
 * debugging (CONFIG_DEBUG_LIST), cpumask_check() range warnings, NUMA beyond
 * a CPU -> node table, any resctrl field the patch does not touch.
 */
#ifndef STAND_IN_DEFS_H
#define STAND_IN_DEFS_H

#include <stdbool.h>	/* compiler headers only */
#include <stddef.h>

/* --- types ---------------------------------------------------------- */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed int s32;
typedef unsigned int gfp_t;

#define GFP_KERNEL 0x0cc0u
#define __GFP_ZERO 0x100u	/* what kzalloc*() add to the caller's flags */

#define container_of(ptr, type, member) ({				\
	void *__mptr = (void *)(ptr);					\
	((type *)((char *)__mptr - offsetof(type, member))); })

#define ___PASTE(a, b) a##b
#define __PASTE(a, b) ___PASTE(a, b)
#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

/* --- errno (Linux asm-generic values, whatever the host libc says) --- */
#define EPERM		1
#define ENOENT		2
#define EIO		5
#define E2BIG		7
#define EAGAIN		11
#define ENOMEM		12
#define EFAULT		14
#define EBUSY		16
#define EEXIST		17
#define ENODEV		19
#define EINVAL		22
#define ENOSPC		28
#define ERANGE		34
#define ENOSYS		38
#define EOPNOTSUPP	95
#define ETIMEDOUT	110
#define EPROBE_DEFER	517
#define ENOTSUPP	524

/* Workqueues are not modelled: the type is only named (prototypes take pointers to it). */
struct work_struct;

/* --- ERR_PTR family: the top MAX_ERRNO addresses carry an errno ------ */
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)

static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE(ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR_VALUE(ptr); }
static inline void *ERR_CAST(const void *ptr) { return (void *)ptr; }

/* --- doubly linked lists (non-RCU half; the RCU half records, see controlled) */
struct list_head {
	struct list_head *next, *prev;
};

/*
 * Every change of a link, RCU or plain, counts here (never reset): an observer that saw the same
 * count and no allocation or free since knows every list still has the nodes it had, in order.
 * Relaxed atomic: the stress run changes lists from more than one thread.
 */
extern unsigned long long stand_in_list_writes;

/*
 * Reports a link change to whoever follows lists (the glue's snapshots): @entry linked after
 * @prev, unlinked (prev NULL) or initialised (prev == entry). Only INIT_LIST_HEAD*() and the RCU
 * primitives report; the rest are only counted above.
 */
void stand_in_list_changed(const struct list_head *entry, const struct list_head *prev);

/* What list_del()/list_del_rcu() leave behind: addresses that fault if followed. */
#define LIST_POISON1 ((struct list_head *)0x100)
#define LIST_POISON2 ((struct list_head *)0x122)

#define LIST_HEAD_INIT(name) { &(name), &(name) }
#define LIST_HEAD(name) struct list_head name = LIST_HEAD_INIT(name)

static inline void INIT_LIST_HEAD(struct list_head *list)
{
	__atomic_fetch_add(&stand_in_list_writes, 1, __ATOMIC_RELAXED);
	list->next = list;
	list->prev = list;
	stand_in_list_changed(list, list);
}

/*
 * CONFIG_DEBUG_LIST: every link and unlink first checks its neighbours (stand_in_controlled.c
 * has the checks); a bad one is reported as list_corruption in @func's name and the change is
 * skipped, as such a kernel skips it. Not caught, there as here: a node added again somewhere
 * other than next to itself (the list is then corrupt, and a walk may never end).
 */
bool stand_in_list_add_valid(const struct list_head *new, const struct list_head *prev,
			     const struct list_head *next, const char *func);
bool stand_in_list_del_valid(const struct list_head *entry, const char *func);

static inline void stand_in_list_add_between(struct list_head *new, struct list_head *prev,
					     struct list_head *next, const char *func)
{
	__atomic_fetch_add(&stand_in_list_writes, 1, __ATOMIC_RELAXED);
	if (!stand_in_list_add_valid(new, prev, next, func))
		return;
	next->prev = new;
	new->next = next;
	new->prev = prev;
	prev->next = new;
}

/* list_add(), list_add_tail() and list_del() in @func's name (the patch's calls pass __func__). */
static inline void stand_in_list_add(struct list_head *new, struct list_head *head, const char *func)
{
	stand_in_list_add_between(new, head, head->next, func);
}

static inline void stand_in_list_add_tail(struct list_head *new, struct list_head *head, const char *func)
{
	stand_in_list_add_between(new, head->prev, head, func);
}

/* Poisons the node whether or not the unlink was made, as list_del() does. */
static inline void stand_in_list_del(struct list_head *entry, const char *func)
{
	__atomic_fetch_add(&stand_in_list_writes, 1, __ATOMIC_RELAXED);
	if (stand_in_list_del_valid(entry, func)) {
		entry->next->prev = entry->prev;
		entry->prev->next = entry->next;
	}
	entry->next = LIST_POISON1;
	entry->prev = LIST_POISON2;
}

/* The harness's own calls, as (list_add)(...): checked in no patch function's name. */
static inline void list_add(struct list_head *new, struct list_head *head)
{
	stand_in_list_add(new, head, "(the harness)");
}

static inline void list_add_tail(struct list_head *new, struct list_head *head)
{
	stand_in_list_add_tail(new, head, "(the harness)");
}

static inline void list_del(struct list_head *entry)
{
	stand_in_list_del(entry, "(the harness)");
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) list_entry((ptr)->next, type, member)
#define list_next_entry(pos, member) list_entry((pos)->member.next, typeof(*(pos)), member)

#define list_for_each_entry(pos, head, member)				\
	for (pos = list_first_entry(head, typeof(*pos), member);	\
	     &pos->member != (head);					\
	     pos = list_next_entry(pos, member))

/* --- cpumask: a fixed NR_CPUS-bit map, nr_cpu_ids of them possible --- */
#define NR_CPUS 4096
#define BITS_PER_LONG 64
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

typedef struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
} cpumask_t;

#define cpumask_bits(maskp) ((maskp)->bits)

extern unsigned int nr_cpu_ids;

static inline void stand_in_cpumask_assign(struct cpumask *m, unsigned int cpu, bool on)
{
	unsigned long bit = 1UL << (cpu % BITS_PER_LONG);

	if (on)
		m->bits[cpu / BITS_PER_LONG] |= bit;
	else
		m->bits[cpu / BITS_PER_LONG] &= ~bit;
}

static inline bool cpumask_test_cpu(int cpu, const struct cpumask *m)
{
	return (m->bits[(unsigned int)cpu / BITS_PER_LONG] >> ((unsigned int)cpu % BITS_PER_LONG)) & 1;
}

/*
 * Like the kernel's (small_cpumask_bits), the queries look at the first nr_cpu_ids bits
 * only: no CPU past them is ever set, and scanning all NR_CPUS bits made every snapshot
 * of a 64-CPU topology count 4096.
 */
static inline bool cpumask_empty(const struct cpumask *m)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nr_cpu_ids); i++)
		if (m->bits[i])
			return false;
	return true;
}

static inline unsigned int cpumask_weight(const struct cpumask *m)
{
	unsigned int w = 0;

	for (unsigned int i = 0; i < BITS_TO_LONGS(nr_cpu_ids); i++)
		w += (unsigned int)__builtin_popcountl(m->bits[i]);
	return w;
}

/*
 * Every write to a mask goes through a stand-in that tells the observer (the glue's snapshots
 * copy only the masks that changed): a new writer must call stand_in_mask_written() too.
 */
void stand_in_mask_written(const struct cpumask *m);
/* The same for a write that changed only words [from, end) of the mask (a bit set or cleared: one). */
void stand_in_mask_words_written(const struct cpumask *m, unsigned int from, unsigned int end);

static inline void cpumask_clear(struct cpumask *m)
{
	bool was_empty = true;

	for (unsigned int i = 0; i < BITS_TO_LONGS(NR_CPUS); i++) {
		was_empty &= !m->bits[i];
		m->bits[i] = 0;
	}
	if (!was_empty)
		stand_in_mask_written(m);
}

static inline bool cpumask_equal(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nr_cpu_ids); i++)
		if (a->bits[i] != b->bits[i])
			return false;
	return true;
}

static inline bool cpumask_subset(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nr_cpu_ids); i++)
		if (a->bits[i] & ~b->bits[i])
			return false;
	return true;
}

static inline bool cpumask_intersects(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nr_cpu_ids); i++)
		if (a->bits[i] & b->bits[i])
			return true;
	return false;
}

/* The lowest CPU in both masks, or nr_cpu_ids when there is none: a word at a time, as find_first_and_bit(). */
static inline unsigned int cpumask_any_and(const struct cpumask *a, const struct cpumask *b)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nr_cpu_ids); i++) {
		unsigned long both = a->bits[i] & b->bits[i];

		if (both) {
			unsigned int cpu = i * BITS_PER_LONG + (unsigned int)__builtin_ctzl(both);

			return cpu < nr_cpu_ids ? cpu : nr_cpu_ids;
		}
	}
	return nr_cpu_ids;
}

static inline unsigned int cpumask_first(const struct cpumask *m)
{
	return cpumask_any_and(m, m);
}

/* printk's "%*pbl" takes these two arguments (the stand-in printk does not expand it). */
#define cpumask_pr_args(maskp) nr_cpu_ids, cpumask_bits(maskp)

/* --- the resctrl resource enum, as a per-kernel profile -------------- */
/*
 * MPAM_REF_PROFILE selects the enum resctrl_res_level of the kernel the patch
 * targets. 1 (default): L3, L2, MBA, SMBA, PERF_PKG. 2: L3, L2, MBA, SMBA
 * (kernels before PERF_PKG). X-macro so the names and the enum are one list.
 */
#ifndef MPAM_REF_PROFILE
#define MPAM_REF_PROFILE 1
#endif
#if MPAM_REF_PROFILE == 1
#define STAND_IN_RESOURCES(X) X(L3) X(L2) X(MBA) X(SMBA) X(PERF_PKG)
#elif MPAM_REF_PROFILE == 2
#define STAND_IN_RESOURCES(X) X(L3) X(L2) X(MBA) X(SMBA)
#else
#error "unknown MPAM_REF_PROFILE"
#endif

#define STAND_IN_RES_ENUM(n) RDT_RESOURCE_##n,
enum resctrl_res_level {
	STAND_IN_RESOURCES(STAND_IN_RES_ENUM)
	RDT_NUM_RESOURCES,
};
#undef STAND_IN_RES_ENUM

/* --- resctrl's arch-facing structures ------------------------------------
 * The fields every revision of the file uses, from the seed's to mainline's: a
 * superset, so one definition serves each (a revision uses the fields it knows).
 * The filesystem's own state behind them is not modelled. */

/* What a control value is for: CDP splits each closid into code and data. */
enum resctrl_conf_type {
	CDP_NONE,
	CDP_CODE,
	CDP_DATA,
};
#define CDP_NUM_TYPES (CDP_DATA + 1)

/* Which cache level (or node) a resource's domains follow. */
enum resctrl_scope {
	RESCTRL_L2_CACHE = 2,
	RESCTRL_L3_CACHE = 3,
	RESCTRL_L3_NODE,
};

enum resctrl_schema_fmt {
	RESCTRL_SCHEMA_BITMAP,
	RESCTRL_SCHEMA_RANGE,
};

enum membw_throttle_mode {
	THREAD_THROTTLE_UNDEFINED = 0,
	THREAD_THROTTLE_MAX,
	THREAD_THROTTLE_PER_THREAD,
};

/* The monitor events resctrl knows. */
enum resctrl_event_id {
	QOS_FIRST_EVENT = 0x01,
	QOS_L3_OCCUP_EVENT_ID = 0x01,
	QOS_L3_MBM_TOTAL_EVENT_ID = 0x02,
	QOS_L3_MBM_LOCAL_EVENT_ID = 0x03,
	QOS_NUM_EVENTS,
};

/* Memory bandwidth is a percentage. */
#define MAX_MBA_BW 100

/* closid 0 is the default group's; the filesystem never hands it out. */
#define RESCTRL_RESERVED_CLOSID 0
#define RESCTRL_RESERVED_RMID 0

struct resctrl_staged_config {
	u32 new_ctrl;
	bool have_new_ctrl;
};

struct resctrl_cache {
	unsigned int cbm_len;
	unsigned int min_cbm_bits;
	unsigned int shareable_bits;
	bool arch_has_sparse_bitmasks;
	bool arch_has_per_cpu_cfg;
};

struct resctrl_membw {
	u32 min_bw;
	u32 max_bw;
	u32 bw_gran;
	u32 delay_linear;
	bool arch_needs_linear;
	enum membw_throttle_mode throttle_mode;
	bool mba_sc;
	u32 *mb_map;
};

struct resctrl_mon {
	u32 num_rmid;
	unsigned int mbm_cfg_mask;
	int num_mbm_cntrs;
	bool mbm_cntr_assignable;
	bool mbm_assign_on_mkdir;
};

/* What the arch says every CPU's default closid and rmid are. */
struct resctrl_cpu_defaults {
	u32 closid;
	u32 rmid;
};
enum resctrl_domain_type {
	RESCTRL_CTRL_DOMAIN,
	RESCTRL_MON_DOMAIN,
};

struct rdt_domain_hdr {
	struct list_head list;
	int id;
	enum resctrl_domain_type type;
	enum resctrl_res_level rid;
	struct cpumask cpu_mask;
};

/*
 * The filesystem's fields around the staged configurations are kept, at their places, though
 * nothing here uses them: x86's pseudo-locking region and the MBA software controller's MBps
 * values are NULL for MPAM. A read one past staged_config[] reads mbps_val, as in a kernel.
 */
struct pseudo_lock_region;
struct rdt_ctrl_domain {
	struct rdt_domain_hdr hdr;
	struct pseudo_lock_region *plr;
	struct resctrl_staged_config staged_config[CDP_NUM_TYPES];
	u32 *mbps_val;
};

/* An L3 monitor domain: the header is what the arch code fills; the filesystem's counters are not modelled. */
struct rdt_l3_mon_domain {
	struct rdt_domain_hdr hdr;
};
/* Its name before resctrl told L3 monitor domains from others: same layout, for the revisions that use it. */
struct rdt_mon_domain {
	struct rdt_domain_hdr hdr;
};

struct rdt_resource {
	enum resctrl_res_level rid;
	bool alloc_capable;
	bool mon_capable;
	enum resctrl_scope ctrl_scope;
	enum resctrl_scope mon_scope;
	struct resctrl_cache cache;
	struct resctrl_membw membw;
	struct resctrl_mon mon;
	struct list_head ctrl_domains;
	struct list_head mon_domains;
	char *name;
	enum resctrl_schema_fmt schema_fmt;
	bool cdp_capable;
};

/* The index of a closid's configuration: with CDP, data at 2n and code at 2n+1. */
static inline u32 resctrl_get_config_index(u32 closid, enum resctrl_conf_type type)
{
	switch (type) {
	case CDP_CODE:
		return closid * 2 + 1;
	case CDP_DATA:
		return closid * 2;
	case CDP_NONE:
	default:
		return closid;
	}
}

/* The reset value of a control: every bit of the bitmap, or the full bandwidth. */
static inline u32 resctrl_get_default_ctrl(struct rdt_resource *r)
{
	switch (r->schema_fmt) {
	case RESCTRL_SCHEMA_BITMAP:
		return r->cache.cbm_len >= 32 ? ~0U : (1U << r->cache.cbm_len) - 1;
	case RESCTRL_SCHEMA_RANGE:
		return r->membw.max_bw;
	}
	return 0;
}

#endif /* STAND_IN_DEFS_H */
