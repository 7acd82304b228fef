/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpam_ref.h - the flat C ABI of the MPAM resctrl reference.
 *
 * The reference is the patch's own drivers/resctrl/mpam_resctrl.c, built in
 * userspace against the stand-ins in reference-c/kernel/. This header is the
 * only thing the managed harness sees of it: the P/Invoke bindings in
 * interop/Generated/ are generated from this file and nothing else.
 *
 * Rules of this ABI:
 *  - plain C types only: fixed-width integers, enums, structs of those and
 *    fixed-size arrays; no bool, no pointers inside structs, no bit-fields,
 *    no variadics, no callbacks into managed code;
 *  - every output goes into caller-provided buffers, with the capacity passed
 *    in and the number needed returned, so a caller can size and retry;
 *  - all state lives behind mpam_ref_reset(): after it nothing survives, not
 *    an allocation, a WARN_ON_ONCE once-ness, an injected fault or an event;
 *  - functions that can fail return 0 or a negative errno; the errno values
 *    are the kernel's (Linux asm-generic), whatever the host libc says.
 */
#ifndef MPAM_REF_H
#define MPAM_REF_H

#include <stdint.h>

#define MPAM_REF_ABI_VERSION 25	/* 25: the rest of what the info folder shows of a resource, mpam_ref_begin_step(); 24: the LIST_CORRUPTION rule; 23: mpam_pmg_max and the rmid index encoding; 22: the HUNG_TASK rule; 21: wake_up() calls, the WAIT_ENTRY_QUEUED_AT_RETURN rule; 20: the name and scopes the filesystem is told of a resource; 19: the PREEMPTIBLE rule; 18: the filesystem's rmid reuse limit and threshold; 17: the task's, the global and the CPUs' default MPAM0_EL1 values, and the task and CPU actions; 16: the words of each changed mask that were rewritten; 15: the frees since a count, the held allocations; 14: the configurations' version; 13: a kept snapshot names the links and unlinks it followed; 12: a rule report names its site */

/*
 * A leaf call: the harness's own code alone, brief, never blocking, never calling back, never
 * running the patch's code (no IPI is delivered in it). The bindings call it without a GC
 * transition, which the observation's calls at every step would otherwise pay. gcc knows no
 * annotate attribute, and the calling convention does not change: its builds see nothing.
 */
#ifdef __clang__
#define MPAM_REF_LEAF __attribute__((annotate("leaf")))
#else
#define MPAM_REF_LEAF
#endif

/* At most this many domains are named as changed by a snapshot that kept the others (snapshot_info.changed). */
#define MPAM_REF_CHANGED_MAX 64
#define MPAM_REF_EDITS_MAX 8
/* The tasks the stand-ins keep: the first is current, the others never run. */
#define MPAM_REF_TASKS 2

/* Largest topology the stand-ins model (the kernel's NR_CPUS on arm64 defconfig). */
#define MPAM_REF_MAX_CPUS 4096
#define MPAM_REF_CPUMASK_WORDS (MPAM_REF_MAX_CPUS / 64)

/* Upper bound on the resource enum of any profile the reference is built with. */
#define MPAM_REF_MAX_RESOURCES 16

#define MPAM_REF_NAME_LEN 16
#define MPAM_REF_FUNC_LEN 64
#define MPAM_REF_TEXT_LEN 96
#define MPAM_REF_MESSAGE_LEN 160

/*
 * Returned by mpam_ref_cpu_online()/mpam_ref_cpu_offline() when the hotplug
 * core holds the CPU in the requested state already and so runs no callback
 * (a failed online leaves a CPU offline; the core never tears down a CPU it
 * holds offline). Positive, so it never collides with an errno.
 */
#define MPAM_REF_CALLBACK_NOT_RUN 1

/* The kernel's enum mpam_class_types, by value. */
enum mpam_ref_class_type {
	MPAM_REF_CLASS_CACHE = 0,
	MPAM_REF_CLASS_MEMORY = 1,
	MPAM_REF_CLASS_UNKNOWN = 2,
};

/* What the resctrl filesystem side was told, in order. */
enum mpam_ref_event_kind {
	MPAM_REF_EVENT_ONLINE_CTRL_DOMAIN = 1,	/* resctrl_online_ctrl_domain(r, d) */
	MPAM_REF_EVENT_OFFLINE_CTRL_DOMAIN = 2,	/* resctrl_offline_ctrl_domain(r, d) */
	MPAM_REF_EVENT_ONLINE_CPU = 3,		/* resctrl_online_cpu(cpu) */
	MPAM_REF_EVENT_OFFLINE_CPU = 4,		/* resctrl_offline_cpu(cpu) */
	MPAM_REF_EVENT_ONLINE_MON_DOMAIN = 5,	/* resctrl_online_mon_domain(r, hdr) */
	MPAM_REF_EVENT_OFFLINE_MON_DOMAIN = 6,	/* resctrl_offline_mon_domain(r, hdr) */
	MPAM_REF_EVENT_RESCTRL_INIT = 7,	/* resctrl_init() */
	MPAM_REF_EVENT_RESCTRL_EXIT = 8,	/* resctrl_exit() */
};

/* The filesystem calls a scenario can make fail. */
enum mpam_ref_fs_call {
	MPAM_REF_FS_ONLINE_CTRL_DOMAIN = 1,	/* resctrl_online_ctrl_domain() */
	MPAM_REF_FS_ONLINE_MON_DOMAIN = 2,	/* resctrl_online_mon_domain() */
	MPAM_REF_FS_RESCTRL_INIT = 3,		/* resctrl_init() */
};

/* Debug-build checks that fired; recorded, never fatal. */
enum mpam_ref_rule_kind {
	MPAM_REF_RULE_LOCK_NOT_HELD = 1,	/* lockdep_assert_held(lock) */
	MPAM_REF_RULE_CPUS_NOT_HELD = 2,	/* lockdep_assert_cpus_held() */
	MPAM_REF_RULE_RCU_LIST_UNPROTECTED = 3,	/* list_for_each_entry_rcu() outside a reader, no condition */
	MPAM_REF_RULE_SRCU_CONDITION_FALSE = 4,	/* list_for_each_entry_srcu() with a false condition */
	MPAM_REF_RULE_LOCK_IMBALANCE = 5,	/* unlock of an unheld lock, recursive lock, lock held at reset */
	MPAM_REF_RULE_SLEEP_IN_RCU_READER = 6,	/* synchronize_rcu() or a sleeping lock inside a reader */
	MPAM_REF_RULE_USE_AFTER_FREE = 7,	/* a list walk reached freed memory (reported as KASAN would, and the walk ends) */
	MPAM_REF_RULE_LOCK_HELD_AT_RETURN = 8,	/* a lock or reader section still held when the step's hook or callback returned */
	MPAM_REF_RULE_LOCK_ORDER = 9,		/* a lock taken in the opposite order to one seen before: a possible deadlock */
	MPAM_REF_RULE_RCU_FREE_BEFORE_GP = 10,	/* memory of a node list_del_rcu() unlinked, freed before a grace period */
	MPAM_REF_RULE_RCU_PLAIN_LIST_OP = 11,	/* list_add()/list_add_tail()/list_del() on an RCU list */
	MPAM_REF_RULE_PREEMPTIBLE = 12,		/* lockdep_assert_preemption_disabled() with preemption on */
	MPAM_REF_RULE_WAIT_ENTRY_QUEUED_AT_RETURN = 13,	/* prepare_to_wait() with no finish_wait(): an on-stack entry still queued at return */
	MPAM_REF_RULE_HUNG_TASK = 14,		/* wait_event() on a condition nothing here makes true: the task would never wake */
	MPAM_REF_RULE_LIST_CORRUPTION = 15,	/* CONFIG_DEBUG_LIST refused a link or unlink (a double add, a double delete, a bad neighbour) */
};

/* Running totals since the last reset. Cheap to read every step. */
struct mpam_ref_counters {
	/* Bumped by every change of a domain list or of a listed domain's cpu mask. */
	uint64_t generation;
	uint64_t allocs_total;		/* successful kzalloc_node() calls */
	uint64_t frees_total;		/* kfree() of a live allocation */
	uint32_t allocs_live;		/* allocations not yet freed */
	uint32_t alloc_failures;	/* kzalloc_node() calls failed by injection */
	uint32_t double_frees;		/* kfree() of an allocation already freed */
	uint32_t foreign_frees;		/* kfree() of a pointer never allocated */
	uint32_t warn_hits;		/* WARN_ON/WARN_ON_ONCE conditions that were true (each reported hit) */
	uint32_t rule_reports;		/* rule reports a debug kernel would print (lockdep on, the site not yet warned) */
	uint32_t sync_rcu_calls;	/* synchronize_rcu() calls */
	uint32_t events_total;		/* filesystem-side events recorded */
	uint32_t messages_total;	/* printk messages captured */
	uint32_t violations;		/* every rule report, printed or not: the checks go on after lockdep goes off */
	uint32_t wake_ups;		/* wake_up() calls since the last reset, the boot's initcalls included */
	uint32_t reserved;		/* zero: keeps the fingerprint 8-aligned on every ABI */
	/* XOR over live allocations of a mix of (token, node, GFP flags, size): both sides compute it alike */
	uint64_t ledger_fingerprint;
};

/* One resource of the profile, in enum order. */
struct mpam_ref_resource {
	int32_t rid;			/* enum resctrl_res_level value */
	char name[MPAM_REF_NAME_LEN];	/* "L3", "L2", "MBA", ... */
	uint8_t class_mapped;		/* mpam_resctrl_controls[rid].class != NULL */
	uint8_t alloc_capable;		/* resctrl_res.alloc_capable */
	uint8_t cdp_enabled;		/* resctrl_arch_get_cdp_enabled(rid), 0 where the revision has no CDP */
	uint8_t mon_capable;		/* resctrl_res.mon_capable */
	int32_t class_id;		/* the mapped class's id, -1 when none */
	uint32_t first_domain;		/* index of its first control domain in the domain buffer */
	uint32_t domain_count;		/* length of its ctrl_domains list */
	uint32_t first_mon_domain;	/* index of its first monitor domain (after its control domains) */
	uint32_t mon_domain_count;	/* length of its mon_domains list (0 where the revision has none) */
	/* What the filesystem is told about the resource's sizes. */
	uint32_t default_ctrl;		/* resctrl_get_default_ctrl(r): every bit of cbm_len, or max_bw */
	uint32_t min_bw;		/* membw.min_bw */
	uint32_t bw_gran;		/* membw.bw_gran */
	uint32_t num_rmid;		/* mon.num_rmid */
	/* How the filesystem shows it: resctrl_res.name (empty while NULL), ctrl_scope, mon_scope, cdp_capable. */
	char told_name[MPAM_REF_NAME_LEN];
	int32_t ctrl_scope;		/* enum resctrl_scope, 0 while unset */
	int32_t mon_scope;
	uint8_t cdp_capable;
	/* The rest of what its info folder shows: sparse_masks, delay_linear, min_cbm_bits, shareable_bits. */
	uint8_t sparse_masks;		/* cache.arch_has_sparse_bitmasks */
	uint8_t delay_linear;		/* membw.delay_linear != 0 */
	uint8_t reserved;
	uint32_t min_cbm_bits;		/* cache.min_cbm_bits */
	uint32_t shareable_bits;	/* cache.shareable_bits */
};

/* One domain, as found walking the resource's ctrl_domains (then mon_domains) list. */
struct mpam_ref_domain {
	int32_t id;			/* hdr.id */
	int32_t type;			/* hdr.type (enum resctrl_domain_type) */
	int32_t rid;			/* hdr.rid */
	int32_t comp_id;		/* ctrl_comp->comp_id (control domains), -1 when NULL or a monitor domain */
	uint32_t cpu_count;		/* cpumask_weight(&hdr.cpu_mask) */
	uint32_t mask_offset;		/* first word of hdr.cpu_mask in the mask buffer: its home while it stays listed */
	/*
	 * What became of the mask since the last snapshot into the same buffers: -1, this snapshot
	 * copied it to mask_offset; otherwise it is unchanged at its home and this is the domain's
	 * place in that snapshot (its own place when it did not move).
	 */
	int32_t was_slot;
};

/* A domain linked into or unlinked from a list since the last snapshot (list_add*_rcu(), list_del_rcu()). */
struct mpam_ref_list_edit {
	int32_t rid;			/* the resource whose list it was */
	uint8_t monitor;		/* its mon_domains, else its ctrl_domains */
	uint8_t inserted;		/* linked, else unlinked */
	uint8_t reserved[2];
	uint32_t index;			/* its place on that list as it happened (after the edits before it) */
	uint32_t slot;			/* linked: its entry (and mask) in this snapshot's buffers */
};

/* Sizes of a snapshot, and the state around the lists. */
struct mpam_ref_snapshot_info {
	uint32_t resource_count;	/* RDT_NUM_RESOURCES of the profile */
	uint32_t domain_count;		/* domains over all resources */
	uint32_t mask_words;		/* words per cpu mask: ceil(nr_cpu_ids / 64) */
	uint32_t mask_words_needed;	/* max(domain_count, domain_cap) * mask_words */
	uint32_t nr_cpu_ids;		/* possible CPUs of the topology */
	uint8_t mpam_enabled;		/* mpam_is_enabled() */
	uint8_t setup_done;		/* mpam_enable_once() has run */
	int16_t setup_result;		/* what mpam_resctrl_setup() returned (0 before setup) */
	uint8_t callbacks_registered;	/* the cpuhp state is installed */
	uint8_t reserved[3];
	uint32_t freed_listed;		/* listed domains in freed memory (each list is read up to the first) */
	uint32_t contexts_held;		/* monitor contexts held by mon_ctx_alloc steps: live allocations no domain holds */
	/*
	 * 1: since the last snapshot into the same buffers the lists changed only by the edit_count
	 * links and unlinks mpam_ref_snapshot_edits() gives (none when nothing was allocated or freed either), so the
	 * domain entries and masks there are as they were with those edits made in order (an unlinked
	 * domain's entry removed, a linked one's inserted, whole, at its slot; the entries after each
	 * move), except the changed_count entries named in changed[] (their mask and cpu_count were
	 * rewritten and their was_slot is -1). Without edits every other entry's was_slot is its own
	 * place, and every resource's first_domain, domain_count, first_mon_domain and
	 * mon_domain_count are as they were. 0: every entry was written (was_slot says which masks).
	 */
	uint8_t domains_kept;
	uint8_t reserved2[3];
	uint32_t changed_count;
	uint32_t changed[MPAM_REF_CHANGED_MAX];
	/*
	 * Of changed[k]'s mask only words [changed_from[k], changed_end[k]) were rewritten (empty
	 * when the mask was written back to what it was): the others are as the buffer held them.
	 */
	uint32_t changed_from[MPAM_REF_CHANGED_MAX];
	uint32_t changed_end[MPAM_REF_CHANGED_MAX];
	uint32_t edit_count;		/* the edits this snapshot followed: mpam_ref_snapshot_edits() */
	uint32_t reserved3;
	/*
	 * Moves whenever what mpam_ref_configs() gives may have changed (a configuration written
	 * through the driver, a list, a free, a reset); never the same value for two different
	 * answers. A revision writing comp->cfg[] past the driver is not seen until it moves.
	 */
	uint64_t configs_version;
	/*
	 * The MPAM0_EL1 values the file left (partid_i bits 15:0, partid_d 31:16, pmg_i 39:32, pmg_d
	 * 47:40): each task's (current's first) and the global default. Each CPU's default and register are
	 * given by mpam_ref_cpu_registers(); cpu_registers_version moves with every write of either,
	 * and at a reset.
	 */
	uint64_t task_regval[MPAM_REF_TASKS];
	uint64_t global_default;
	uint64_t cpu_registers_version;
	/* The filesystem's limit and threshold for reusing an rmid (resctrl_rmid_realloc_limit, _threshold), as the file set them. */
	uint32_t rmid_realloc_limit;
	uint32_t rmid_realloc_threshold;
};

/* CPUs first_cpu..last_cpu, consecutive, have the same default MPAM0_EL1 value and the same MPAM0_EL1. */
struct mpam_ref_register_run {
	uint32_t first_cpu;
	uint32_t last_cpu;
	uint64_t default_regval;		/* arm64_mpam_default: what a task of the default group runs with there */
	uint64_t current_regval;		/* arm64_mpam_current: what the last switch-in on the CPU wrote (0 before any) */
};

/* A WARN site: the function and the condition's source text, not a line. */
struct mpam_ref_warn_site {
	char func[MPAM_REF_FUNC_LEN];
	char cond[MPAM_REF_TEXT_LEN];
	uint32_t hits;			/* true evaluations since reset */
	uint32_t reported;		/* of those, how many printed a warning (ONCE sites: at most 1) */
};

struct mpam_ref_event {
	int32_t kind;			/* enum mpam_ref_event_kind */
	int32_t rid;			/* resource, -1 for cpu events */
	int32_t domain_id;		/* hdr.id, -1 for cpu events */
	int32_t cpu;			/* the CPU, -1 for domain events */
	uint32_t domain_cpu_count;	/* weight of the domain's mask when the event was sent */
	uint32_t seq;			/* 0-based since reset */
};

struct mpam_ref_rule_report {
	int32_t kind;			/* enum mpam_ref_rule_kind */
	uint32_t seq;			/* 0-based since reset, over every violation */
	uint8_t printed;		/* a debug kernel would have printed it */
	uint8_t reserved[3];
	uint32_t site;			/* what it says: mpam_ref_rule_site() */
};

/*
 * What rule reports say, each distinct (kind, function, detail) once: a walk reports at every
 * callback, and its reports name one site. A site's number stays good until the library is
 * unloaded (resets keep them), so a caller may fetch each once.
 */
struct mpam_ref_rule_site {
	int32_t kind;			/* enum mpam_ref_rule_kind */
	char func[MPAM_REF_FUNC_LEN];	/* the function whose check fired */
	char detail[MPAM_REF_TEXT_LEN];	/* e.g. the lock's name, the list head's expression */
};

struct mpam_ref_allocation {
	uint64_t token;			/* stable id of the allocation since reset, never an address */
	uint32_t size;
	int32_t node;
	char site[MPAM_REF_FUNC_LEN];	/* the allocating function */
	int32_t line;			/* its line in the file that function is in (the patch's, for the patch's code) */
	uint32_t gfp;			/* the GFP flags it was asked with; kzalloc*() add __GFP_ZERO (0x100) */
};

/*
 * One configured partid of a listed control domain: its component's comp->cfg[partid], for
 * every partid with a feature set (an unconfigured partid reads as the reset value).
 */
struct mpam_ref_config {
	int32_t rid;			/* the resource whose ctrl_domains list holds the domain */
	int32_t domain_id;		/* hdr.id */
	uint32_t partid;
	uint32_t cpbm;
	uint32_t mbw_pbm;
	uint16_t mbw_max;
	uint16_t reserved;
	uint64_t features;		/* bit n: the nth feature of the revision's enum mpam_device_features */
};

struct mpam_ref_message {
	int32_t level;			/* printk level digit: 3 err, 4 warning, 7 debug */
	uint32_t seq;
	char text[MPAM_REF_MESSAGE_LEN];	/* after pr_fmt, truncated */
};

/* --- lifetime ------------------------------------------------------- */

int32_t mpam_ref_abi_version(void);

/* Back to pristine: no topology, no classes, nothing mapped, MPAM disabled. */
void mpam_ref_reset(void);

/* --- topology ------------------------------------------------------- */

/* CPUs 0..nr_cpus-1 become possible and present; all start offline. -EINVAL past MPAM_REF_MAX_CPUS. */
int32_t mpam_ref_set_possible_cpus(uint32_t nr_cpus);
int32_t mpam_ref_set_cpu_node(uint32_t cpu, int32_t node);
/* A class: its id, enum mpam_class_types value and cache level. -EEXIST for a known id. */
int32_t mpam_ref_add_class(int32_t class_id, int32_t type, uint8_t level);
/* A component of a class with its affinity. Duplicate component ids are allowed (a scenario may want them). */
int32_t mpam_ref_add_component(int32_t class_id, int32_t comp_id, const uint64_t *affinity, uint32_t words);
/* mpam_resctrl_controls[rid].class = class, resctrl_res.alloc_capable = alloc_capable. */
int32_t mpam_ref_map_class(int32_t rid, int32_t class_id, uint8_t alloc_capable);
/* mpam_partid_max. -EBUSY after setup for a revision that keeps per-partid configurations (sized at setup). */
int32_t mpam_ref_set_partid_max(uint16_t partid_max);
/* mpam_pmg_max, the largest PMG every MSC supports. -EBUSY after setup: the driver core fixed it when it probed the MSCs. */
int32_t mpam_ref_set_pmg_max(uint8_t pmg_max);
/*
 * resctrl_arch_rmid_idx_encode(closid, rmid), and one half of resctrl_arch_rmid_idx_decode(idx)
 * (its rmid with want_rmid, else its closid): the value, or -EOPNOTSUPP on a revision that does
 * not define the function.
 */
int64_t mpam_ref_rmid_idx_encode(uint32_t closid, uint32_t rmid);
int64_t mpam_ref_rmid_idx_decode(uint32_t idx, uint8_t want_rmid);
/*
 * The cache at `level` (MPAM_REF_MIN_CACHE_LEVEL..MPAM_REF_MAX_CACHE_LEVEL) of every CPU in
 * `cpus`: its id and size in bytes, as cacheinfo would report them (get_cpu_cacheinfo_id()
 * and get_cpu_cacheinfo_level() answer from these; a level never described has id -1).
 * -EINVAL for a level out of range or a CPU past the topology; -EBUSY after setup.
 */
/*
 * A class's properties as the driver merges them from its MSCs: the feature bits (bit n is
 * the nth enum mpam_device_features value of the revision's own mpam_internal.h) and the
 * widths and monitor counts that go with them. -EOPNOTSUPP for a revision whose
 * mpam_internal.h has no props (a patch built against the stand-in); -ENOENT for an unknown
 * class; -EBUSY after setup.
 */
int32_t mpam_ref_set_class_props(int32_t class_id, const uint64_t *features, uint32_t words,
				 uint16_t cpbm_wd, uint16_t mbw_pbm_bits, uint16_t bwa_wd,
				 uint16_t num_csu_mon, uint16_t num_mbwu_mon);
#define MPAM_REF_MIN_CACHE_LEVEL 1
#define MPAM_REF_MAX_CACHE_LEVEL 4
int32_t mpam_ref_set_cacheinfo(const uint64_t *cpus, uint32_t words, uint32_t level, uint32_t id, uint32_t size);

/* --- driving the patch ---------------------------------------------- */

/*
 * mpam_enable_once() as the patch's mpam_devices.c hunk has it: call
 * mpam_resctrl_setup(); on failure MPAM stays disabled and its result is
 * returned. On success MPAM is enabled and the cpuhp state is installed,
 * which runs the online callback for every CPU the hotplug core holds
 * online, in ascending order (a failure there rolls back like
 * cpuhp_setup_state() and is returned).
 */
int32_t mpam_ref_setup(void);
/* The hotplug core bringing a CPU up / taking it down through mpam_cpu_online()/mpam_cpu_offline(). */
int32_t mpam_ref_cpu_online(uint32_t cpu);
int32_t mpam_ref_cpu_offline(uint32_t cpu);

/* resctrl_arch_* entry points of the file. */
int32_t mpam_ref_alloc_capable(void);			/* resctrl_arch_alloc_capable() */
uint32_t mpam_ref_get_num_closid(void);			/* resctrl_arch_get_num_closid(NULL) */
/* resctrl_arch_get_resource(l): 1 when it returns &controls[l].resctrl_res, 0 for NULL, -EFAULT for anything else. */
int32_t mpam_ref_get_resource(uint32_t level);

/*
 * The resctrl filesystem's actions, as far as they reach the arch code. Each is
 * -EOPNOTSUPP when the revision does not define the arch function it needs (the seed
 * defines none of them).
 *  - mount: resctrl_arch_pre_mount() where defined, then as rdt_enable_ctx() does for the
 *    mount options (MPAM_REF_MOUNT_*): "cdp" resctrl_arch_set_cdp_enabled(L3, true), then
 *    "cdpl2" the same for L2, each only where cdp_capable; the first failure is returned (a
 *    failed L2 after L3 turns L3's CDP off again). The reference is built as a CONFIG_EXPERT=y kernel: without
 *    it every revision refuses CDP and all of its paths are dead code.
 *  - unmount: as rdt_kill_sb(): resctrl_arch_set_cdp_enabled(rid, false) on L3 and L2 where
 *    CDP is enabled, then resctrl_arch_reset_all_ctrls() on every resource alloc_capable by then.
 *  All four hold the hotplug lock for reading, as the filesystem does.
 *  - schemata_write: a schemata line for one resource and closid: every domain's staged
 *    configuration cleared, each listed domain's value staged as the filesystem stages it
 *    (staged_config[type]), then resctrl_arch_update_domains(r, closid), then the staging
 *    cleared again (rdt_staged_configs_clear()). -ENOENT for a domain id not listed.
 *  - schemata_read: resctrl_arch_get_config() of one domain, closid and type; the value.
 *  - exit / teardown_class: mpam_resctrl_exit(), mpam_resctrl_teardown_class(class).
 * type is enum resctrl_conf_type: 0 none, 1 code, 2 data.
 */
#define MPAM_REF_MOUNT_CDP	1	/* mount -o cdp: CDP on the L3 */
#define MPAM_REF_MOUNT_CDPL2	2	/* mount -o cdpl2: CDP on the L2 */
int32_t mpam_ref_mount(uint8_t options);
int32_t mpam_ref_unmount(void);
int32_t mpam_ref_schemata_write(int32_t rid, uint32_t closid, int32_t type,
				const int32_t *domain_ids, const uint32_t *values, uint32_t count);
int64_t mpam_ref_schemata_read(int32_t rid, int32_t domain_id, uint32_t closid, int32_t type);
int32_t mpam_ref_exit(void);
int32_t mpam_ref_teardown_class(int32_t class_id);

/*
 * Monitoring, as the filesystem reaches it. event is enum resctrl_event_id (1 L3 occupancy,
 * 2 MBM total, 3 MBM local). Each is -EOPNOTSUPP where the revision lacks the arch functions.
 *  An event the arch did not enable (resctrl_enable_mon_event()) is -EINVAL: the filesystem
 *  never reads one.
 *  - mon_ctx_alloc: resctrl_arch_mon_ctx_alloc() of a context that stays held (as another
 *    reader's would): the monitor index it holds, or PTR_ERR() of what it returned.
 *  - mon_ctx_free: resctrl_arch_mon_ctx_free() of the newest held context of that event;
 *    -ENOENT when none is held.
 *  - rmid_read: a read of the L3 monitor domain with that id, as mon_event_read() makes it:
 *    a context allocated, resctrl_arch_rmid_read(), the context freed; the value (the driver
 *    core's stand-in counts comp_id * 1000000 + partid * 1000 + pmg), or the error. -ENOENT for
 *    a domain not on the L3's mon_domains list.
 */
int64_t mpam_ref_mon_ctx_alloc(int32_t event);
int32_t mpam_ref_mon_ctx_free(int32_t event);
int64_t mpam_ref_rmid_read(int32_t domain_id, uint32_t closid, uint32_t rmid, int32_t event);

/*
 * The task and CPU plumbing, as the filesystem reaches it (under the hotplug lock for reading,
 * as rdtgroup_kn_lock_live() holds it). Each is -EOPNOTSUPP where the revision lacks the arch
 * function.
 *  - cpus_write: one CPU of a write to a group's cpus file, as update_closid_rmid() makes it:
 *    resctrl_arch_sync_cpu_closid_rmid() with the group's closid and rmid as the defaults, run
 *    on that CPU. -EINVAL for a CPU that is not possible or not online (the filesystem refuses
 *    those before it calls anything).
 *  - task_write: a task (0 current, up to MPAM_REF_TASKS - 1) written to a group's tasks file:
 *    resctrl_arch_set_closid_rmid(task). -EINVAL for a task past them.
 *  - task_match: resctrl_arch_match_closid(task, closid), or with rmid >= 0
 *    resctrl_arch_match_rmid(task, closid, rmid); 1 or 0. -EINVAL for a task past them.
 */
int32_t mpam_ref_cpus_write(uint32_t cpu, uint32_t closid, uint32_t rmid);
int32_t mpam_ref_task_write(uint32_t task, uint32_t closid, uint32_t rmid);
int32_t mpam_ref_task_match(uint32_t task, uint32_t closid, int32_t rmid);

/* --- fault injection -------------------------------------------------- */

/*
 * For the stress run's readers on other threads: the head of resource @rid's control domain list
 * (a struct list_head: next, then prev), and in *id_offset where a node's domain id (hdr.id, an
 * int) lies relative to the node. NULL past the resources.
 */
const void *mpam_ref_domain_list(int32_t rid, uint32_t *id_offset);

/*
 * The size of a type the patch allocates, as this build lays it out, for the model's ledger:
 * 0 struct mpam_resctrl_dom, 1 struct cpumask (a cpumask_var_t). 0 for anything else.
 */
uint32_t mpam_ref_sizeof(int32_t type);

/*
 * The start of a step, called once before its operation: the IPIs the step before sent without
 * waiting for them (on_each_cpu*(..., false)) are delivered, after that step was observed.
 */
void mpam_ref_begin_step(void);

/*
 * The end of a step, called once after its operation and before its observations are read:
 * a lock, reader section or the hotplug lock still held is reported (LOCK_HELD_AT_RETURN).
 */
MPAM_REF_LEAF void mpam_ref_end_step(void);

/* Fail the nth kzalloc_node() from now (1 = the next one); 0 disarms. */
void mpam_ref_fail_alloc(uint32_t nth);
/* Make the nth call from now of a filesystem function (enum mpam_ref_fs_call) return err; nth 0 disarms. -EINVAL for an unknown call. */
int32_t mpam_ref_fail_fs(int32_t call, uint32_t nth, int32_t err);

/* --- observing ------------------------------------------------------ */

uint32_t mpam_ref_num_resources(void);
MPAM_REF_LEAF void mpam_ref_counters(struct mpam_ref_counters *out);

/*
 * Every resource in enum order and its ctrl_domains list in list order.
 * Fills what fits, always fills *info, and returns 0, or -ENOSPC when a
 * buffer was too small (info says how much is needed). The mask buffer needs
 * room for domain_cap masks: a listed mask keeps its place there (its home)
 * while it stays listed, so a snapshot into the same buffers as the last one
 * copies only the masks that changed (mpam_ref_domain.was_slot), and one
 * whose lists did not change rewrites only those domains (info.domains_kept).
 */
MPAM_REF_LEAF int32_t mpam_ref_snapshot(struct mpam_ref_snapshot_info *info,
					struct mpam_ref_resource *resources, uint32_t resource_cap,
					struct mpam_ref_domain *domains, uint32_t domain_cap,
					uint64_t *mask_words, uint32_t mask_cap);

/* The next snapshot walks every list and copies every mask, as if its buffers were new. */
MPAM_REF_LEAF void mpam_ref_snapshot_forget(void);

/*
 * Every configured partid of every listed control domain, resources in enum order, domains in
 * list order, partids ascending. Fills up to cap and returns how many there are (0 for a
 * revision whose components keep no configuration).
 */
uint32_t mpam_ref_configs(struct mpam_ref_config *out, uint32_t cap);
/*
 * The CPUs' default MPAM0_EL1 values and their MPAM0_EL1s over the possible CPUs, as runs of
 * equal pairs in CPU order (none before a topology). Fills up to cap and returns how many there are.
 */
uint32_t mpam_ref_cpu_registers(struct mpam_ref_register_run *out, uint32_t cap);

/* The hotplug core's view: which CPUs it holds online. Returns words written. */
MPAM_REF_LEAF uint32_t mpam_ref_hotplug_online_mask(uint64_t *words, uint32_t cap);

/* Every WARN site hit since reset, in first-hit order. Returns the number of sites. */
uint32_t mpam_ref_warn_sites(struct mpam_ref_warn_site *out, uint32_t cap);
/* Live allocations, oldest first. Returns the number live. */
uint32_t mpam_ref_live_allocations(struct mpam_ref_allocation *out, uint32_t cap);
/*
 * Live allocations that neither hold a listed domain (a header on some resource's control or
 * monitor list lies inside them) nor are a monitor context a mon_ctx_alloc step holds: leaked,
 * oldest first. Returns how many.
 */
uint32_t mpam_ref_unlisted_allocations(struct mpam_ref_allocation *out, uint32_t cap);
/* The same, of the allocations made after the one whose token is `after` only (0: all of them). */
uint32_t mpam_ref_unlisted_allocations_after(uint64_t after, struct mpam_ref_allocation *out, uint32_t cap);
/*
 * The live allocations that hold a listed domain or are a context a step holds, by token, each
 * once: what a leak walk that knew what had leaked then no longer counts, or counts again when
 * one leaves. Returns how many.
 */
uint32_t mpam_ref_held_allocations(struct mpam_ref_allocation *out, uint32_t cap);
/*
 * The tokens of the allocations freed after the first `after` frees since reset, in the order
 * they were freed (a leak walk that knew what leaked then removes these). Returns how many.
 */
uint32_t mpam_ref_freed_after(uint64_t after, uint64_t *tokens, uint32_t cap);

/* Drains: copy out and forget, oldest first. Return the number copied. */
MPAM_REF_LEAF uint32_t mpam_ref_drain_events(struct mpam_ref_event *out, uint32_t cap);
MPAM_REF_LEAF uint32_t mpam_ref_drain_rule_reports(struct mpam_ref_rule_report *out, uint32_t cap);
MPAM_REF_LEAF uint32_t mpam_ref_drain_messages(struct mpam_ref_message *out, uint32_t cap);
/* The links and unlinks the last snapshot followed (snapshot_info.edit_count), in order. Returns how many. */
MPAM_REF_LEAF uint32_t mpam_ref_snapshot_edits(struct mpam_ref_list_edit *out, uint32_t cap);
/* The site a rule report names: 0, or -EINVAL for a number no report gave. */
int32_t mpam_ref_rule_site(uint32_t site, struct mpam_ref_rule_site *out);

#endif /* MPAM_REF_H */
