// SPDX-License-Identifier: GPL-2.0
/*
 * mpam_ref.c - the flat ABI of include/mpam_ref.h around the patch's own
 * drivers/resctrl/mpam_resctrl.c, which is #included here unmodified so that
 * its statics (mpam_resctrl_controls, domain_list_lock, the static helpers)
 * are reachable, in the style of tools/testing/vma.
 *
 * Besides the ABI this file models the parts of the kernel around the file
 * that the patch touches in mpam_devices.c, and the CPU hotplug core:
 *  - mpam_enable_once(): mpam_resctrl_setup() once; on failure MPAM stays
 *    disabled; on success MPAM is enabled and the cpuhp state installed,
 *    which runs the online callback for every CPU the core holds online,
 *    ascending; a failure there rolls back like cpuhp_setup_state() (the
 *    teardown for the CPUs below, ascending; state not installed; MPAM stays
 *    enabled; the CPUs stay online).
 *  - mpam_cpu_online()/mpam_cpu_offline(): the resctrl hooks while
 *    mpam_is_enabled(); the MSC reprogramming they also do is not modelled
 *    (only its SRCU reader section is kept).
 *  - the hotplug core: which CPUs it holds online; a failed online leaves
 *    the CPU offline; online of an online CPU / offline of an offline one
 *    runs nothing (MPAM_REF_CALLBACK_NOT_RUN); the hotplug lock is held (as
 *    lockdep sees it) around every callback. The last CPU may go offline.
 * Not modelled: other cpuhp states, the MSCs, mpam_broken_work, resctrl_init().
 *
 * No libc header is included: the patch's include chain resolves to
 * reference-c/kernel/, and only <stdint.h> comes in through mpam_ref.h.
 */
#include "mpam_devices.h"
#include "drivers/resctrl/mpam_resctrl.c"

#include "mpam_ref.h"

/*
 * What mpam_ref_configs() reads changes only by a configuration the stand-ins write
 * (mpam_apply_config(), a class reset, comp->cfg[] allocated or released, mpam_partid_max), a
 * list write, a free (a listed domain freed ends a walk) or a reset: the version counts those,
 * so that a snapshot keeps the configurations it read while it stays. While no partid of any
 * component is configured, the lists do not matter: the walk finds nothing on any of them.
 * Never reset: a version is never seen twice. Not seen: a revision that writes comp->cfg[]
 * itself, not through mpam_apply_config(), or changes a listed domain's id or component in place
 * (every revision writes them through the driver, and sets them before listing); such a write
 * shows at the next version or whole snapshot (the last step of every scenario is one).
 */
static uint64_t configs_version;
static uint64_t configs_nonzero;	/* comp->cfg[] entries with a feature: those the walk shows */
static struct { uint64_t list_writes, frees; uint32_t epoch; } configs_seen;

static void configs_written(void)
{
	configs_version++;
}

static uint64_t configs_version_now(void)
{
	uint64_t list_writes = __atomic_load_n(&stand_in_list_writes, __ATOMIC_RELAXED);

	if (list_writes != configs_seen.list_writes || stand_in.frees_total != configs_seen.frees ||
	    stand_in.epoch != configs_seen.epoch) {
		configs_seen.list_writes = list_writes;
		configs_seen.frees = stand_in.frees_total;
		configs_seen.epoch = stand_in.epoch;
		if (configs_nonzero)
			configs_version++;
	}
	return configs_version;
}

#include "mpam_platform.h"
#include <generated/mpam_file_statics.h>	/* glue_restore_file_statics(): every file-scope variable of the revision */

/* CDP as the revision reports it (defined with the filesystem's actions, below). */
static bool glue_cdp_enabled(int rid);
static void glue_forget_held(void);

/*
 * Whether the filesystem is mounted: resctrl mounts once (a second mount is -EBUSY before the
 * arch is asked anything), and only a mounted filesystem is unmounted.
 */
static bool glue_fs_mounted;

/* Contexts held by mon_ctx_alloc steps (as other readers would hold them), newest last. */
#define GLUE_HELD_CONTEXTS 64
static struct { int event; void *ctx; } held[GLUE_HELD_CONTEXTS];
static unsigned int nr_held;

/*
 * Resets the class's MSCs to their reset configuration. The MSCs are not modelled; what the
 * harness observes is the driver's record of them, each partid's comp->cfg[], which goes back
 * to "nothing configured" (zeroed, as mpam_enable() first allocates it).
 */
void mpam_reset_class_locked(struct mpam_class *class)
{
#ifndef STAND_IN_MPAM_INTERNAL_H
	struct mpam_component *comp;

	list_for_each_entry(comp, &class->components, class_list) {
		if (!comp->cfg)
			continue;
		for (uint32_t partid = 0; partid <= mpam_partid_max; partid++)
			configs_nonzero -= comp->cfg[partid].features[0] != 0;
		__builtin_memset(comp->cfg, 0, sizeof(*comp->cfg) * ((size_t)mpam_partid_max + 1));
	}
	configs_written();
#else
	(void)class;
#endif
}

/* The driver keeps each partid's configuration in comp->cfg[]; the MSC writes are not modelled. */
int mpam_apply_config(struct mpam_component *comp, unsigned short partid, struct mpam_config *cfg)
{
#ifndef STAND_IN_MPAM_INTERNAL_H
	if (comp->cfg && partid <= mpam_partid_max) {
		configs_nonzero += cfg->features[0] != 0;
		configs_nonzero -= comp->cfg[partid].features[0] != 0;
		comp->cfg[partid] = *cfg;
	}
	configs_written();
#else
	(void)comp;
	(void)partid;
	(void)cfg;
#endif
	return 0;
}

/* The largest PMG every MSC supports (the driver core's; 0 until a scenario says more). */
#ifndef STAND_IN_MPAM_INTERNAL_H
u8 mpam_pmg_max;
#else
static u8 mpam_pmg_max;		/* the seed's file reads none: kept, so that the op means the same everywhere */
#endif

#ifndef STAND_IN_MPAM_INTERNAL_H
/* A kernel tree's own header declares the driver core's monitor and cache-id calls. */

/*
 * The driver core's monitor read, as a stand-in: no MSC is modelled, so a counter reads a value
 * that says what was asked (component, partid, pmg). The core would program whatever monitor a
 * bad index selects; the stand-in reports an index the class does not have as a WARN of its own
 * and refuses it.
 */
int mpam_msmon_read(struct mpam_component *comp, struct mon_cfg *ctx, enum mpam_device_features type, u64 *val)
{
	if (WARN_ON_ONCE(type == mpam_feat_msmon_csu && ctx->mon >= comp->class->props.num_csu_mon))
		return -EINVAL;
	*val = (u64)comp->comp_id * 1000000 + (u64)ctx->partid * 1000 + ctx->pmg;
	return 0;
}

void mpam_msmon_reset_mbwu(struct mpam_component *comp, struct mon_cfg *ctx)
{
	(void)comp;
	(void)ctx;
}

/* The CPUs whose cache at that level has that id, from the cacheinfo the scenario described. */
int mpam_get_cpumask_from_cache_id(unsigned long cache_id, u32 cache_level, cpumask_t *affinity)
{
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++)
		if (get_cpu_cacheinfo_id((int)cpu, (int)cache_level) == (int)cache_id)
			stand_in_cpumask_assign(affinity, cpu, true);
	return 0;
}
#endif

_Static_assert(RDT_NUM_RESOURCES <= MPAM_REF_MAX_RESOURCES, "profile larger than the ABI allows");
_Static_assert(NR_CPUS == MPAM_REF_MAX_CPUS, "cpumask size and ABI disagree");
_Static_assert(MPAM_REF_MAX_CACHE_LEVEL < STAND_IN_CACHE_LEVELS, "cache levels of the ABI and the stand-in");
_Static_assert((int)STAND_IN_LOCK_NOT_HELD == (int)MPAM_REF_RULE_LOCK_NOT_HELD &&
	       (int)STAND_IN_CPUS_NOT_HELD == (int)MPAM_REF_RULE_CPUS_NOT_HELD &&
	       (int)STAND_IN_RCU_LIST_UNPROTECTED == (int)MPAM_REF_RULE_RCU_LIST_UNPROTECTED &&
	       (int)STAND_IN_SRCU_CONDITION_FALSE == (int)MPAM_REF_RULE_SRCU_CONDITION_FALSE &&
	       (int)STAND_IN_LOCK_IMBALANCE == (int)MPAM_REF_RULE_LOCK_IMBALANCE &&
	       (int)STAND_IN_SLEEP_IN_RCU_READER == (int)MPAM_REF_RULE_SLEEP_IN_RCU_READER &&
	       (int)STAND_IN_USE_AFTER_FREE == (int)MPAM_REF_RULE_USE_AFTER_FREE &&
	       (int)STAND_IN_LOCK_HELD_AT_RETURN == (int)MPAM_REF_RULE_LOCK_HELD_AT_RETURN &&
	       (int)STAND_IN_LOCK_ORDER == (int)MPAM_REF_RULE_LOCK_ORDER &&
	       (int)STAND_IN_RCU_FREE_BEFORE_GP == (int)MPAM_REF_RULE_RCU_FREE_BEFORE_GP &&
	       (int)STAND_IN_RCU_PLAIN_LIST_OP == (int)MPAM_REF_RULE_RCU_PLAIN_LIST_OP &&
	       (int)STAND_IN_PREEMPTIBLE == (int)MPAM_REF_RULE_PREEMPTIBLE &&
	       (int)STAND_IN_WAIT_ENTRY_QUEUED_AT_RETURN == (int)MPAM_REF_RULE_WAIT_ENTRY_QUEUED_AT_RETURN &&
	       (int)STAND_IN_HUNG_TASK == (int)MPAM_REF_RULE_HUNG_TASK &&
	       (int)STAND_IN_LIST_CORRUPTION == (int)MPAM_REF_RULE_LIST_CORRUPTION, "rule kinds");
_Static_assert((int)STAND_IN_EV_ONLINE_CTRL_DOMAIN == (int)MPAM_REF_EVENT_ONLINE_CTRL_DOMAIN &&
	       (int)STAND_IN_EV_OFFLINE_CTRL_DOMAIN == (int)MPAM_REF_EVENT_OFFLINE_CTRL_DOMAIN &&
	       (int)STAND_IN_EV_ONLINE_CPU == (int)MPAM_REF_EVENT_ONLINE_CPU &&
	       (int)STAND_IN_EV_OFFLINE_CPU == (int)MPAM_REF_EVENT_OFFLINE_CPU &&
	       (int)STAND_IN_EV_ONLINE_MON_DOMAIN == (int)MPAM_REF_EVENT_ONLINE_MON_DOMAIN &&
	       (int)STAND_IN_EV_OFFLINE_MON_DOMAIN == (int)MPAM_REF_EVENT_OFFLINE_MON_DOMAIN &&
	       (int)STAND_IN_EV_RESCTRL_INIT == (int)MPAM_REF_EVENT_RESCTRL_INIT &&
	       (int)STAND_IN_EV_RESCTRL_EXIT == (int)MPAM_REF_EVENT_RESCTRL_EXIT, "event kinds");
_Static_assert((int)STAND_IN_FS_ONLINE_CTRL_DOMAIN == (int)MPAM_REF_FS_ONLINE_CTRL_DOMAIN &&
	       (int)STAND_IN_FS_ONLINE_MON_DOMAIN == (int)MPAM_REF_FS_ONLINE_MON_DOMAIN &&
	       (int)STAND_IN_FS_RESCTRL_INIT == (int)MPAM_REF_FS_RESCTRL_INIT, "filesystem calls");
_Static_assert((int)MPAM_CLASS_CACHE == (int)MPAM_REF_CLASS_CACHE && (int)MPAM_CLASS_MEMORY == (int)MPAM_REF_CLASS_MEMORY &&
	       (int)MPAM_CLASS_UNKNOWN == (int)MPAM_REF_CLASS_UNKNOWN, "class types");

#define STAND_IN_RES_NAME(n) #n,
static const char *const resource_names[RDT_NUM_RESOURCES] = {
	STAND_IN_RESOURCES(STAND_IN_RES_NAME)
};

/* mpam_is_enabled() reads it; mpam_enable_once() enables it. */
DEFINE_STATIC_KEY_FALSE(mpam_enabled);

static struct {
	bool topology_set;
	bool setup_done;
	bool state_installed;		/* the "mpam:online" cpuhp state */
	int setup_result;
	cpumask_t online;		/* the hotplug core's view */
} core;

/* mpam_devices.c's online callback, as the patch leaves it. */
static int mpam_cpu_online(unsigned int cpu)
{
	guard(srcu)(&mpam_srcu);	/* the MSC walk's reader section; the walk itself is not modelled */

	if (mpam_is_enabled())
		return mpam_resctrl_online_cpu(cpu);

	return 0;
}

/* mpam_devices.c's offline callback: the resctrl hook first, then the MSCs (not modelled). */
static int mpam_cpu_offline(unsigned int cpu)
{
	if (mpam_is_enabled())
		mpam_resctrl_offline_cpu(cpu);

	guard(srcu)(&mpam_srcu);
	return 0;
}

/* cpuhp_setup_state(): startup for each online CPU, rolling back on failure. */
static int cpuhp_setup_state_model(void)
{
	int err = 0;

	cpus_read_lock();
	for (unsigned int cpu = 0; cpu < nr_cpu_ids; cpu++) {
		if (!cpumask_test_cpu((int)cpu, &core.online))
			continue;
		stand_in_this_cpu = cpu;
		err = mpam_cpu_online(cpu);
		if (!err)
			continue;
		for (unsigned int done = 0; done < cpu; done++)
			if (cpumask_test_cpu((int)done, &core.online))
				mpam_cpu_offline(done);
		break;
	}
	cpus_read_unlock();
	if (!err)
		core.state_installed = true;
	return err;
}

/* The patch's hunk of mpam_enable_once() and what follows it. */
static int mpam_enable_once_model(void)
{
	int err;

	if (core.setup_done)
		return MPAM_REF_CALLBACK_NOT_RUN;
	core.setup_done = true;

	platform_alloc_configs(mpam_partid_max);	/* mpam_enable() does it before resctrl's setup */
	err = mpam_resctrl_setup();
	core.setup_result = err;
	if (err) {
		printk(KERN_ERR "mpam: Failed to initialise resctrl: %d\n", err);
		return err;		/* "Failed to enable.": MPAM stays disabled */
	}

	static_branch_enable(&mpam_enabled);
	err = cpuhp_setup_state_model();
	if (err)
		printk(KERN_ERR "mpam: Failed to register 'dyn' cpuhp callbacks: %d\n", err);
	return err;
}

/* Whether the mask is a listed domain's: a CPU joining or leaving it changes the generation. */
static bool mask_is_listed(const struct list_head *head, const struct cpumask *m)
{
	if (!head->next)
		return false;
	for (const struct list_head *l = head->next; l != head && !stand_in_node_freed(l); l = l->next)
		if (&container_of(l, struct rdt_domain_hdr, list)->cpu_mask == m)
			return true;
	return false;
}

static void snapshot_note_dirty(const struct cpumask *m, unsigned int from, unsigned int end);
static void snapshot_note_allocated(const void *p, size_t size);
static bool snapshot_lists_unchanged(void);
static bool snapshot_followable(void);
static bool snapshot_listed(const struct cpumask *m);
static int64_t table_lookup(const struct cpumask *m);
static void snapshot_list_changed(const struct list_head *entry, const struct list_head *prev);
static void snapshot_note_freed(const void *p, size_t size);
static void describe_domain_node(const void *node, char *out, unsigned int cap);

/* Generation: a CPU joined or left a listed domain (list changes count in list_*_rcu). */
static void listed_mask_changed(const struct cpumask *m)
{
	/* the last walk's table names every listed mask, with the links and unlinks since (none when unchanged) */
	if (snapshot_lists_unchanged() || snapshot_followable()) {
		if (snapshot_listed(m))
			stand_in.generation++;
		return;
	}
	for (int rid = 0; rid < RDT_NUM_RESOURCES; rid++) {
		struct rdt_resource *r = &mpam_resctrl_controls[rid].resctrl_res;

		if (mask_is_listed(&r->ctrl_domains, m) || mask_is_listed(&r->mon_domains, m)) {
			stand_in.generation++;
			return;
		}
	}
}

/* Generation counting works before the first mpam_ref_reset() too. */
/* The glue's hooks, installed once: stand_in_reset() keeps them. */
__attribute__((constructor)) static void mpam_ref_init(void)
{
	stand_in.describe_node = describe_domain_node;
	stand_in.mask_changed = listed_mask_changed;
	stand_in.mask_written = snapshot_note_dirty;	/* any mask, listed or not: a domain may be listed again */
	stand_in.memory_allocated = snapshot_note_allocated;
	stand_in.list_changed = snapshot_list_changed;
	stand_in.memory_freed = snapshot_note_freed;
}

/* --- lifetime ------------------------------------------------------- */

int32_t mpam_ref_abi_version(void)
{
	return MPAM_REF_ABI_VERSION;
}

/* Appends src to dst (cap bytes in all): the glue has no libc. */
static void append(char *dst, unsigned int cap, const char *src)
{
	unsigned int n = 0;

	while (n < cap && dst[n])
		n++;
	for (; *src && n + 1 < cap; src++, n++)
		dst[n] = *src;
	if (n < cap)
		dst[n] = 0;
}

/* "L3's ctrl_domains": a name per resource and list, made once. */
static const char *list_name(int rid, int mon)
{
	static char names[RDT_NUM_RESOURCES][2][48];

	if (!names[rid][mon][0]) {
		append(names[rid][mon], sizeof(names[rid][mon]), resource_names[rid]);
		append(names[rid][mon], sizeof(names[rid][mon]), mon ? "'s mon_domains" : "'s ctrl_domains");
	}
	return names[rid][mon];
}

/* A domain list node's domain, for the RCU checker: "L3 domain 1". */
static void describe_domain_node(const void *node, char *out, unsigned int cap)
{
	const struct rdt_domain_hdr *hdr = container_of((const struct list_head *)node, struct rdt_domain_hdr, list);
	char id[12];
	int i = 11, v = hdr->id < 0 ? -hdr->id : hdr->id;

	if ((unsigned int)hdr->rid >= RDT_NUM_RESOURCES)
		return;
	id[i] = 0;
	do
		id[--i] = (char)('0' + v % 10);
	while ((v /= 10) && i > 1);
	if (hdr->id < 0)
		id[--i] = '-';
	out[0] = 0;
	append(out, cap, resource_names[hdr->rid]);
	append(out, cap, " domain ");
	append(out, cap, &id[i]);
}

void mpam_ref_reset(void)
{
	stand_in_reset();			/* frees every allocation */
	platform_release();			/* and every class and component */
	configs_nonzero = 0;			/* every comp->cfg[] with them */
	configs_written();
	glue_restore_file_statics();		/* the table, its lock, and whatever else the revision keeps */
	stand_in_run_initcalls();		/* each scenario boots afresh: what they set stays set */
	glue_forget_held();
	glue_fs_mounted = false;
	mpam_pmg_max = 0;
	__builtin_memset(&core, 0, sizeof(core));
	static_branch_disable(&mpam_enabled);
	/* resctrl's readers walk the domain lists under RCU: the checker holds their writers to it */
	for (int rid = 0; rid < RDT_NUM_RESOURCES; rid++) {
		stand_in_rcu_list_register(&mpam_resctrl_controls[rid].resctrl_res.ctrl_domains, list_name(rid, 0));
		stand_in_rcu_list_register(&mpam_resctrl_controls[rid].resctrl_res.mon_domains, list_name(rid, 1));
	}
}

const void *mpam_ref_domain_list(int32_t rid, uint32_t *id_offset)
{
	if (rid < 0 || rid >= RDT_NUM_RESOURCES)
		return NULL;
	*id_offset = (uint32_t)(__builtin_offsetof(struct rdt_domain_hdr, id) - __builtin_offsetof(struct rdt_domain_hdr, list));
	return &mpam_resctrl_controls[rid].resctrl_res.ctrl_domains;
}

uint32_t mpam_ref_sizeof(int32_t type)
{
	switch (type) {
	case 0:
		return (uint32_t)sizeof(struct mpam_resctrl_dom);
	case 1:
		return (uint32_t)sizeof(struct cpumask);
	default:
		return 0;
	}
}

void mpam_ref_begin_step(void)
{
	stand_in_deliver_ipis();
}

void mpam_ref_end_step(void)
{
	stand_in_step_end();
}

/* --- topology ------------------------------------------------------- */

int32_t mpam_ref_set_possible_cpus(uint32_t nr_cpus)
{
	if (nr_cpus < 1 || nr_cpus > MPAM_REF_MAX_CPUS)
		return -EINVAL;
	if (core.topology_set || core.setup_done)
		return -EBUSY;
	nr_cpu_ids = nr_cpus;
	core.topology_set = true;
	return 0;
}

int32_t mpam_ref_set_cpu_node(uint32_t cpu, int32_t node)
{
	if (cpu >= nr_cpu_ids || node < 0)
		return -EINVAL;
	stand_in_set_cpu_node(cpu, node);
	return 0;
}

int32_t mpam_ref_add_class(int32_t class_id, int32_t type, uint8_t level)
{
	if (core.setup_done)
		return -EBUSY;
	if (type < MPAM_REF_CLASS_CACHE || type > MPAM_REF_CLASS_UNKNOWN)
		return -EINVAL;
	if (platform_find_class(class_id))
		return -EEXIST;
	return platform_add_class(class_id, (enum mpam_class_types)type, level) ? 0 : -ENOMEM;
}

int32_t mpam_ref_add_component(int32_t class_id, int32_t comp_id, const uint64_t *affinity, uint32_t words)
{
	struct mpam_class *class;
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)] = { 0 };
	uint32_t n = (nr_cpu_ids + 63) / 64;

	if (core.setup_done)
		return -EBUSY;
	class = platform_find_class(class_id);
	if (!class)
		return -ENOENT;
	if (!affinity && words)
		return -EINVAL;
	for (uint32_t i = 0; i < words && i < n; i++)
		bits[i] = affinity[i];
	return platform_add_component(class, (u32)comp_id, bits, n) ? 0 : -ENOMEM;
}

int32_t mpam_ref_map_class(int32_t rid, int32_t class_id, uint8_t alloc_capable)
{
	struct mpam_class *class;

	if (core.setup_done)
		return -EBUSY;
	if (rid < 0 || rid >= RDT_NUM_RESOURCES)
		return -EINVAL;
	class = platform_find_class(class_id);
	if (!class)
		return -ENOENT;
	mpam_resctrl_controls[rid].class = class;
	mpam_resctrl_controls[rid].resctrl_res.alloc_capable = alloc_capable != 0;
	return 0;
}

int32_t mpam_ref_set_class_props(int32_t class_id, const uint64_t *features, uint32_t words,
				 uint16_t cpbm_wd, uint16_t mbw_pbm_bits, uint16_t bwa_wd,
				 uint16_t num_csu_mon, uint16_t num_mbwu_mon)
{
	struct mpam_class *class;

	if (core.setup_done)
		return -EBUSY;
	class = platform_find_class(class_id);
	if (!class)
		return -ENOENT;
	if (!features && words)
		return -EINVAL;
#ifdef STAND_IN_MPAM_INTERNAL_H
	(void)class; (void)cpbm_wd; (void)mbw_pbm_bits; (void)bwa_wd; (void)num_csu_mon; (void)num_mbwu_mon;
	return -EOPNOTSUPP;	/* the stand-in's classes have no props */
#else
	bitmap_zero(class->props.features, MPAM_FEATURE_LAST);
	for (uint32_t bit = 0; bit < MPAM_FEATURE_LAST && bit / 64 < words; bit++)
		if (features[bit / 64] >> (bit % 64) & 1)
			__set_bit(bit, class->props.features);
	class->props.cpbm_wd = cpbm_wd;
	class->props.mbw_pbm_bits = mbw_pbm_bits;
	class->props.bwa_wd = bwa_wd;
	class->props.num_csu_mon = num_csu_mon;
	class->props.num_mbwu_mon = num_mbwu_mon;
	return 0;
#endif
}

int32_t mpam_ref_set_cacheinfo(const uint64_t *cpus, uint32_t words, uint32_t level, uint32_t id, uint32_t size)
{
	if (core.setup_done)
		return -EBUSY;
	if (level < MPAM_REF_MIN_CACHE_LEVEL || level > MPAM_REF_MAX_CACHE_LEVEL || (!cpus && words))
		return -EINVAL;
	/* a row per cache: its set CPUs only, so describing 4096 CPUs' caches is not 4096 squared */
	for (uint32_t w = 0; w < words; w++) {
		uint64_t past = w * 64 >= nr_cpu_ids ? ~0ull : nr_cpu_ids - w * 64 >= 64 ? 0 : ~0ull << (nr_cpu_ids - w * 64);

		if (cpus[w] & past)
			return -EINVAL;
	}
	for (uint32_t w = 0; w < words; w++)
		for (uint64_t bits = cpus[w]; bits; bits &= bits - 1)
			stand_in_set_cacheinfo(w * 64 + (uint32_t)__builtin_ctzll(bits), level, id, size);
	return 0;
}

int32_t mpam_ref_set_partid_max(uint16_t partid_max)
{
#ifndef STAND_IN_MPAM_INTERNAL_H
	if (core.setup_done)
		return -EBUSY;	/* comp->cfg[] was sized by it at setup, as mpam_enable() does */
#endif
	mpam_partid_max = partid_max;
	configs_written();
	return 0;
}

int32_t mpam_ref_set_pmg_max(uint8_t pmg_max)
{
	if (core.setup_done)
		return -EBUSY;	/* the driver core fixed it when it probed the MSCs, before mpam_enable() */
	mpam_pmg_max = pmg_max;
	return 0;
}

/* --- driving the patch ---------------------------------------------- */

int32_t mpam_ref_setup(void)
{
	return mpam_enable_once_model();
}

int32_t mpam_ref_cpu_online(uint32_t cpu)
{
	int err = 0;

	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	if (cpumask_test_cpu((int)cpu, &core.online))
		return MPAM_REF_CALLBACK_NOT_RUN;
	/* The dynamic AP states run with the CPU already in cpu_online_mask, on that CPU. */
	stand_in_cpumask_assign(&stand_in_cpu_online, cpu, true);
	stand_in_this_cpu = cpu;
	if (core.state_installed) {
		cpus_read_lock();	/* the hotplug lock, held by the core around callbacks */
		err = mpam_cpu_online(cpu);
		cpus_read_unlock();
	}
	if (err) {
		stand_in_cpumask_assign(&stand_in_cpu_online, cpu, false);
		return err;		/* the core rolls the CPU back: it stays offline */
	}
	stand_in_cpumask_assign(&core.online, cpu, true);
	return 0;
}

int32_t mpam_ref_cpu_offline(uint32_t cpu)
{
	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	if (!cpumask_test_cpu((int)cpu, &core.online))
		return MPAM_REF_CALLBACK_NOT_RUN;
	stand_in_this_cpu = cpu;
	if (core.state_installed) {
		cpus_read_lock();
		mpam_cpu_offline(cpu);
		cpus_read_unlock();
	}
	stand_in_cpumask_assign(&core.online, cpu, false);
	stand_in_cpumask_assign(&stand_in_cpu_online, cpu, false);
	return 0;
}

int32_t mpam_ref_alloc_capable(void)
{
	return resctrl_arch_alloc_capable() ? 1 : 0;
}

uint32_t mpam_ref_get_num_closid(void)
{
	return resctrl_arch_get_num_closid(NULL);
}

int32_t mpam_ref_get_resource(uint32_t level)
{
	struct rdt_resource *r = resctrl_arch_get_resource((enum resctrl_res_level)level);

	if (!r)
		return 0;
	if (level < RDT_NUM_RESOURCES && r == &mpam_resctrl_controls[level].resctrl_res)
		return 1;
	return -EFAULT;
}

/* --- fault injection -------------------------------------------------- */

void mpam_ref_fail_alloc(uint32_t nth)
{
	stand_in_fail_alloc(nth);
}

int32_t mpam_ref_fail_fs(int32_t call, uint32_t nth, int32_t err)
{
	if (call < MPAM_REF_FS_ONLINE_CTRL_DOMAIN || call > MPAM_REF_FS_RESCTRL_INIT)
		return -EINVAL;
	stand_in_fail_fs((enum stand_in_fs_call)call, nth, err);
	return 0;
}

/* --- observing ------------------------------------------------------ */

uint32_t mpam_ref_num_resources(void)
{
	return RDT_NUM_RESOURCES;
}

void mpam_ref_counters(struct mpam_ref_counters *out)
{
	*out = (struct mpam_ref_counters){
		.generation = stand_in.generation,
		.allocs_total = stand_in.allocs_total,
		.frees_total = stand_in.frees_total,
		.allocs_live = stand_in.allocs_live,
		.alloc_failures = stand_in.alloc_failures,
		.double_frees = stand_in.double_frees,
		.foreign_frees = stand_in.foreign_frees,
		.warn_hits = stand_in.warn_hits,
		.rule_reports = stand_in.rules_total,
		.violations = stand_in.violations_total,
		.ledger_fingerprint = stand_in.ledger_fingerprint,
		.sync_rcu_calls = stand_in.sync_rcu_calls,
		.wake_ups = stand_in.wake_ups,
		.events_total = stand_in.events_total,
		.messages_total = stand_in.messages_total,
	};
}

/*
 * A C string into a fixed field of @cap bytes, cut to fit and zero-filled. Every caller passes a
 * constant @cap, so inlined the zeroing is a few stores, no call; the bytes are then written into
 * the field itself (built on the stack and copied, the byte stores stalled the copy's loads). The
 * snapshot copies two names a resource every step, the drains a site's texts.
 */
static inline __attribute__((always_inline)) void copy_name(char *dst, uint32_t cap, const char *src)
{
	__builtin_memset(dst, 0, cap);
	for (uint32_t n = 0; src && src[n] && n + 1 < cap; n++)
		dst[n] = src[n];
}

/* A bound on list walks in a snapshot, so a corrupted list cannot hang the caller. */
#define WALK_LIMIT (1u << 20)

/*
 * Incremental snapshots. The caller's buffers keep what the last snapshot wrote there, so a step
 * costs what it changed, not the length of the lists:
 *  - every listed mask has a home in the mask buffer that it keeps while it stays listed, so a
 *    mask no stand-in wrote is never copied or counted again, wherever its domain moves;
 *  - when no list changed (stand_in_list_writes) and nothing was allocated or freed since, no
 *    list is walked: only the listed masks that were written are copied, found by address in
 *    the table the last walk built (info.domains_kept).
 * Everything is copied again after a reset and into other buffers. Memory allocated since the
 * last snapshot may hold a new domain where a freed one was, at the same address, its zeroed
 * mask written by no stand-in: a mask in such memory is copied.
 */
#define SNAPSHOT_DIRTY_MAX MPAM_REF_CHANGED_MAX
#define SNAPSHOT_FRESH_MAX 16
#define NO_HOME UINT32_MAX

/* A domain slot of a walk: whose mask, its weight, and where the mask buffer holds it. */
struct snap_slot {
	const struct cpumask *mask;
	uint32_t count, home;
};

static struct {
	/* the buffers the last snapshot filled, and whether they hold what slots[] says */
	const uint64_t *buffer;
	const struct mpam_ref_domain *domains;
	uint32_t words, cap, domain_cap, epoch;
	uint64_t allocs, frees, list_writes;
	bool valid;
	/* the last walk's slots, and the walk in progress (swapped when it is whole) */
	struct snap_slot *slots, *next;
	uint32_t nslots;
	uint64_t *home_used;		/* homes the walk in progress gave out, a bit each */
	uint32_t *homeless;		/* its slots whose masks need a home */
	/*
	 * the table: listed mask -> its home + 1, open-addressed by address; and each home's slot.
	 * A home stays while its mask is listed, so an edit that moves slots renumbers the moved
	 * slots' homes, not the table.
	 */
	const struct cpumask **table_mask;
	uint32_t *table_home_of;
	uint32_t *home_slot;
	uint32_t table_cap;		/* a power of two, at least twice the slots */
	/* what the last walk found, for a snapshot that keeps it */
	uint32_t first[RDT_NUM_RESOURCES], count[RDT_NUM_RESOURCES];
	uint32_t first_mon[RDT_NUM_RESOURCES], mon_count[RDT_NUM_RESOURCES];
	uint32_t freed, domain_count;
	/* the entries the last snapshot gave a was_slot other than their own place: these, or all */
	uint32_t flagged[MPAM_REF_CHANGED_MAX];
	uint32_t nflagged;
	bool flagged_all;
	/* since the last snapshot: masks written (and the words of each that may have changed), and memory allocated */
	const struct cpumask *dirty[SNAPSHOT_DIRTY_MAX];
	struct { uint32_t from, end; } dirty_words[SNAPSHOT_DIRTY_MAX];
	uint32_t ndirty;
	bool all_dirty;
	struct { const char *from, *to; } fresh[SNAPSHOT_FRESH_MAX];
	uint32_t nfresh;
	bool all_fresh;
	/* links (prev set) and unlinks (prev NULL) of listed domains since, as the primitives reported them */
	struct { const struct list_head *entry, *prev; } ops[MPAM_REF_EDITS_MAX];
	uint32_t nops;
	bool ops_lost;		/* one did not fit, or was on no domain list the last walk saw, or a listed domain was freed */
	uint32_t frees_followed;	/* frees since that held no listed domain */
	uint32_t inits_followed;	/* INIT_LIST_HEAD()s since of nodes on no list (a domain's before it is linked) */
	/* the edits the last snapshot made of them */
	struct mpam_ref_list_edit edits[MPAM_REF_EDITS_MAX];
	uint32_t nedits;
} snap;

/* Where @m is among the masks noted as written since the last snapshot, or -1. */
static int64_t snapshot_dirty_index(const struct cpumask *m)
{
	for (uint32_t i = 0; i < snap.ndirty; i++)
		if (snap.dirty[i] == m)
			return i;
	return -1;
}

/* Whether @m is among them. */
static bool snapshot_noted(const struct cpumask *m)
{
	return snapshot_dirty_index(m) >= 0;
}

/* A mask written twice may have changed in the words of either write: the least run holding both. */
static void snapshot_note_dirty(const struct cpumask *m, unsigned int from, unsigned int end)
{
	int64_t i = snapshot_dirty_index(m);

	if (i >= 0) {
		if (from < snap.dirty_words[i].from)
			snap.dirty_words[i].from = from;
		if (end > snap.dirty_words[i].end)
			snap.dirty_words[i].end = end;
		return;
	}
	if (snap.ndirty < SNAPSHOT_DIRTY_MAX) {
		snap.dirty_words[snap.ndirty].from = from;
		snap.dirty_words[snap.ndirty].end = end;
		snap.dirty[snap.ndirty++] = m;
	} else {
		snap.all_dirty = true;
	}
}

static void snapshot_note_allocated(const void *p, size_t size)
{
	if (snap.nfresh < SNAPSHOT_FRESH_MAX) {
		snap.fresh[snap.nfresh].from = p;
		snap.fresh[snap.nfresh++].to = (const char *)p + size;
	} else {
		snap.all_fresh = true;
	}
}

/* Whether the mask buffer's copy of @m may be stale: @m was written, or is in memory allocated since. */
static bool snapshot_stale(const struct cpumask *m)
{
	if (snap.all_dirty || snap.all_fresh || snapshot_noted(m))
		return true;
	for (uint32_t i = 0; i < snap.nfresh; i++)
		if ((const char *)m >= snap.fresh[i].from && (const char *)m < snap.fresh[i].to)
			return true;
	return false;
}

/* Whether the lists are as the last walk found them: its table still names every listed mask. */
static bool snapshot_lists_unchanged(void)
{
	return snap.valid && snap.epoch == stand_in.epoch && snap.allocs == stand_in.allocs_total &&
	       snap.frees == stand_in.frees_total &&
	       snap.list_writes == __atomic_load_n(&stand_in_list_writes, __ATOMIC_RELAXED);
}

/*
 * Whether the lists are as the last walk found them but for the links and unlinks the
 * primitives reported since (ops[]): every list write is one of them, nothing was freed (a
 * listed domain freed would end a walk there), and the last walk read every list to its end.
 * Allocations do not matter: memory allocated since holds no domain the walk saw.
 */
static bool snapshot_followable(void)
{
	return snap.valid && snap.epoch == stand_in.epoch && snap.frees + snap.frees_followed == stand_in.frees_total &&
	       !snap.freed && !snap.ops_lost &&
	       snap.list_writes + snap.nops + snap.inits_followed == __atomic_load_n(&stand_in_list_writes, __ATOMIC_RELAXED);
}

static const struct cpumask *node_mask(const struct list_head *node)
{
	return &container_of(node, struct rdt_domain_hdr, list)->cpu_mask;
}

/* Whether @rid's list @head is; which resource's and which list when it is. */
static bool domain_list_head(const struct list_head *head, int *rid, bool *mon)
{
	for (int r = 0; r < RDT_NUM_RESOURCES; r++) {
		struct rdt_resource *res = &mpam_resctrl_controls[r].resctrl_res;

		if (head == &res->ctrl_domains || head == &res->mon_domains) {
			*rid = r;
			*mon = head == &res->mon_domains;
			return true;
		}
	}
	return false;
}

/* Whether @m is a listed domain's mask as the last walk and the first @nops reported edits leave the lists. */
static bool listed_after(const struct cpumask *m, uint32_t nops)
{
	bool listed = table_lookup(m) >= 0;

	for (uint32_t i = 0; i < nops; i++)
		if (node_mask(snap.ops[i].entry) == m)
			listed = snap.ops[i].prev != NULL;
	return listed;
}

/* Whether @m is a listed domain's mask, the lists being followable. */
static bool snapshot_listed(const struct cpumask *m)
{
	return listed_after(m, snap.nops);
}

/* Whether @m lies in [@from, @to) and is listed now. */
static bool listed_in(const struct cpumask *m, const char *from, const char *to)
{
	return (const char *)m >= from && (const char *)m < to && listed_after(m, snap.nops);
}

/*
 * kfree()'s report: memory that holds no listed domain (one unlinked since, say) leaves the
 * lists followable; memory that holds one ends every walk there, and only a walk says so.
 */
static void snapshot_note_freed(const void *p, size_t size)
{
	const char *from = p, *to = from + size;
	bool held = false;

	if (snap.ops_lost || !snap.valid || snap.epoch != stand_in.epoch)
		return;
	/* the masks the last walk listed, and those linked since */
	for (uint32_t slot = 0; slot < snap.domain_count && !held; slot++)
		held = listed_in(snap.slots[slot].mask, from, to);
	for (uint32_t i = 0; i < snap.nops && !held; i++)
		held = listed_in(node_mask(snap.ops[i].entry), from, to);
	if (held)
		snap.ops_lost = true;
	else
		snap.frees_followed++;
}

/*
 * The list primitives' report. Kept when it is a link after a domain list's head or after a
 * listed domain, or an unlink of a listed domain; counted when it initialises a node on no list;
 * anything else (another list, a node the last walk did not see, a domain list made empty)
 * makes the next snapshot walk.
 */
static void snapshot_list_changed(const struct list_head *entry, const struct list_head *prev)
{
	int rid;
	bool mon;

	if (snap.ops_lost || !snap.valid || snap.epoch != stand_in.epoch)
		return;
	if (prev == entry) {			/* initialised: a node on no list changes none */
		if (domain_list_head(entry, &rid, &mon) || listed_after(node_mask(entry), snap.nops))
			snap.ops_lost = true;
		else
			snap.inits_followed++;
		return;
	}
	if (snap.nops == MPAM_REF_EDITS_MAX ||
	    (prev ? !domain_list_head(prev, &rid, &mon) && !listed_after(node_mask(prev), snap.nops)
		  : !listed_after(node_mask(entry), snap.nops))) {
		snap.ops_lost = true;
		return;
	}
	snap.ops[snap.nops].entry = entry;
	snap.ops[snap.nops++].prev = prev;
}

static uint32_t table_home(const struct cpumask *m)
{
	uint64_t h = (uint64_t)(uintptr_t)m * 0x9e3779b97f4a7c15ull;

	return (uint32_t)(h >> 32) & (snap.table_cap - 1);
}

static void table_insert(const struct cpumask *m, uint32_t home)
{
	uint32_t i = table_home(m);

	while (snap.table_mask[i])
		i = (i + 1) & (snap.table_cap - 1);
	snap.table_mask[i] = m;
	snap.table_home_of[i] = home + 1;
}

/* The slot the last walk put @m at, or -1 when it was not listed. */
static int64_t table_lookup(const struct cpumask *m)
{
	for (uint32_t i = table_home(m), n = 0; n < snap.table_cap; i = (i + 1) & (snap.table_cap - 1), n++) {
		if (snap.table_mask[i] == m)
			return snap.home_slot[snap.table_home_of[i] - 1];
		if (!snap.table_mask[i])
			return -1;
	}
	return -1;
}

/* Room for a walk of @slots slots; false (and nothing remembered) if it cannot be had. */
static bool snapshot_room(uint32_t slots)
{
	if (slots <= snap.nslots)
		return true;
	uint32_t cap = 16;

	while (cap < 2 * slots)
		cap *= 2;
	stand_in_harness_free(snap.slots);
	stand_in_harness_free(snap.next);
	stand_in_harness_free(snap.home_used);
	stand_in_harness_free(snap.homeless);
	stand_in_harness_free(snap.table_mask);
	stand_in_harness_free(snap.table_home_of);
	stand_in_harness_free(snap.home_slot);
	snap.slots = stand_in_harness_zalloc(slots * sizeof(*snap.slots));
	snap.next = stand_in_harness_zalloc(slots * sizeof(*snap.next));
	snap.home_used = stand_in_harness_zalloc((slots + 63) / 64 * sizeof(*snap.home_used));
	snap.homeless = stand_in_harness_zalloc(slots * sizeof(*snap.homeless));
	snap.table_mask = stand_in_harness_zalloc(cap * sizeof(*snap.table_mask));
	snap.table_home_of = stand_in_harness_zalloc(cap * sizeof(*snap.table_home_of));
	snap.home_slot = stand_in_harness_zalloc(slots * sizeof(*snap.home_slot));
	bool ok = snap.slots && snap.next && snap.home_used && snap.homeless && snap.table_mask && snap.table_home_of &&
		  snap.home_slot;

	snap.nslots = ok ? slots : 0;
	snap.table_cap = ok ? cap : 0;
	snap.valid = false;
	return ok;
}

/* A walk in progress: where it writes, and what it knows of the buffers. */
struct snap_walk {
	struct mpam_ref_domain *domains;
	uint64_t *masks;
	uint32_t domain_cap, words, nd, freed, nhomeless;
	bool known;		/* the buffers hold what the last walk's slots say */
	bool short_buf;
};

static void copy_mask(uint64_t *to, const struct cpumask *m, uint32_t words)
{
	for (uint32_t w = 0; w < words; w++)
		to[w] = m->bits[w];
}

/*
 * Brings a home that holds @m as it was up to date, where only words [@dirty_from, @dirty_end)
 * of @m may have been written since: only the words that differ are written, and @count (the
 * weight it held) moves by theirs. At 4096 CPUs a step moves one word of 64, and the stand-in
 * that set or cleared the bit said which. The words written are [*from, *end), empty when none differ.
 */
static uint32_t refresh_mask(uint64_t *home, const struct cpumask *m, uint32_t words, uint32_t count,
			     uint32_t dirty_from, uint32_t dirty_end, uint32_t *from, uint32_t *end)
{
	int64_t weight = count;
	uint32_t first = 0, last = 0;

	for (uint32_t w = dirty_from; w < dirty_end && w < words; w++) {
		uint64_t now = m->bits[w], was = home[w];

		if (now == was)
			continue;
		weight += __builtin_popcountll(now) - __builtin_popcountll(was);
		home[w] = now;
		if (last == 0)
			first = w;
		last = w + 1;
	}
	*from = first;
	*end = last;
	return (uint32_t)weight;
}

/*
 * Appends the domains of one list: their count, or WALK_LIMIT for a list that does not end.
 * Control domains report their component. A mask the last walk saw keeps its home and is
 * copied only if it may have changed; a new one is given a home once the walk is over.
 */
static uint32_t snapshot_list(struct snap_walk *w, struct list_head *head, bool ctrl)
{
	uint32_t count = 0;

	if (!head->next)
		return 0;
	for (struct list_head *l = head->next; l != head && count < WALK_LIMIT; l = l->next, count++, w->nd++) {
		if (stand_in_node_freed(l)) {
			w->freed++;	/* a freed domain still listed: the list is read up to it */
			break;
		}
		struct rdt_domain_hdr *hdr = container_of(l, struct rdt_domain_hdr, list);
		struct mpam_resctrl_dom *dom = container_of(hdr, struct mpam_resctrl_dom, resctrl_ctrl_dom.hdr);
		const struct cpumask *m = &hdr->cpu_mask;
		uint32_t nd = w->nd;

		if (nd >= w->domain_cap) {
			w->short_buf = true;
			continue;
		}
		int64_t old = w->known ? table_lookup(m) : -1;
		const struct snap_slot *was = old >= 0 ? &snap.slots[old] : NULL;
		bool copy = !was || snapshot_stale(m);
		struct snap_slot *now = &snap.next[nd];

		*now = (struct snap_slot){ .mask = m, .count = copy ? cpumask_weight(m) : was->count,
					   .home = was ? was->home : NO_HOME };
		w->domains[nd] = (struct mpam_ref_domain){
			.id = hdr->id, .type = (int32_t)hdr->type, .rid = (int32_t)hdr->rid,
			.comp_id = ctrl && dom->ctrl_comp ? (int32_t)dom->ctrl_comp->comp_id : -1,
			.cpu_count = now->count,
			.mask_offset = was ? was->home * w->words : 0,
			.was_slot = copy ? -1 : (int32_t)old,
		};
		if (!was) {
			snap.homeless[w->nhomeless++] = nd;
		} else {
			snap.home_used[was->home / 64] |= 1ull << (was->home % 64);
			if (copy)
				copy_mask(&w->masks[was->home * w->words], m, w->words);
		}
	}
	return count;
}

/* A home no listed mask holds, the first at or after *@from (where the next search starts). */
static uint32_t home_take(uint32_t *from)
{
	uint32_t home = *from;

	while (snap.home_used[home / 64] & (1ull << (home % 64)))
		home++;
	snap.home_used[home / 64] |= 1ull << (home % 64);
	*from = home + 1;
	return home;
}

/* The walk's new masks get the homes no listed mask holds, and are copied there. */
static void snapshot_give_homes(struct snap_walk *w)
{
	uint32_t from = 0;

	for (uint32_t i = 0; i < w->nhomeless; i++) {
		uint32_t slot = snap.homeless[i], home = home_take(&from);

		snap.next[slot].home = home;
		w->domains[slot].mask_offset = home * w->words;
		copy_mask(&w->masks[home * w->words], snap.next[slot].mask, w->words);
	}
}

/* The slots from @from to @end moved: their homes say where they are now. */
static void homes_moved(uint32_t from, uint32_t end)
{
	for (uint32_t slot = from; slot < end; slot++)
		snap.home_slot[snap.slots[slot].home] = slot;
}

/* The table of the walk just done: every slot's mask, by address. */
static void snapshot_build_table(uint32_t nd)
{
	__builtin_memset(snap.table_mask, 0, snap.table_cap * sizeof(*snap.table_mask));
	for (uint32_t slot = 0; slot < nd; slot++)
		table_insert(snap.slots[slot].mask, snap.slots[slot].home);
	homes_moved(0, nd);
}

/* --- following links and unlinks: the last walk's slots, table and homes, edited ------------ */

/* The list a slot is on. */
static void slot_list(uint32_t slot, int *rid, bool *mon)
{
	for (int r = 0; r < RDT_NUM_RESOURCES; r++) {
		if (slot >= snap.first[r] && slot < snap.first[r] + snap.count[r]) {
			*rid = r;
			*mon = false;
			return;
		}
		if (slot >= snap.first_mon[r] && slot < snap.first_mon[r] + snap.mon_count[r]) {
			*rid = r;
			*mon = true;
			return;
		}
	}
	*rid = -1;
}

static uint32_t list_first(int rid, bool mon)
{
	return mon ? snap.first_mon[rid] : snap.first[rid];
}

/* A list grew or shrank by one: the lists after it (a resource's monitor list follows its control list) move. */
static void list_moved(int rid, bool mon, int by)
{
	if (mon) {
		snap.mon_count[rid] += by;
	} else {
		snap.count[rid] += by;
		snap.first_mon[rid] += by;
	}
	for (int r = rid + 1; r < RDT_NUM_RESOURCES; r++) {
		snap.first[r] += by;
		snap.first_mon[r] += by;
	}
}

/* Linear probing's deletion: the entries after the hole that may not skip it move back into it. */
static void table_remove(const struct cpumask *m)
{
	uint32_t cap = snap.table_cap, i = table_home(m);

	while (snap.table_mask[i] != m)
		i = (i + 1) & (cap - 1);
	snap.table_mask[i] = NULL;
	for (uint32_t j = (i + 1) & (cap - 1); snap.table_mask[j]; j = (j + 1) & (cap - 1)) {
		uint32_t home = table_home(snap.table_mask[j]);

		if (((j - home) & (cap - 1)) >= ((j - i) & (cap - 1))) {	/* its probe passes the hole */
			snap.table_mask[i] = snap.table_mask[j];
			snap.table_home_of[i] = snap.table_home_of[j];
			snap.table_mask[j] = NULL;
			i = j;
		}
	}
}


/* Whether every reported edit can be made in these buffers: each linked node is in live memory and stays listed, and the rows fit. */
static bool snapshot_can_follow(uint32_t domain_cap)
{
	uint32_t nd = snap.domain_count;

	for (uint32_t i = 0; i < snap.nops; i++) {
		if (!snap.ops[i].prev) {
			nd--;
			continue;
		}
		if (stand_in_node_freed(snap.ops[i].entry) || ++nd > domain_cap)
			return false;
		for (uint32_t j = i + 1; j < snap.nops; j++)
			if (snap.ops[j].entry == snap.ops[i].entry)
				return false;	/* linked and unlinked (or linked twice) since: walk */
	}
	return true;
}

/*
 * Makes the reported edits, in order, in the slots, the table, the homes and the caller's
 * entries, and names them in info. A linked domain's entry and mask are written whole.
 */
static void snapshot_follow(struct mpam_ref_snapshot_info *info, struct mpam_ref_domain *domains, uint64_t *masks,
			    uint32_t words)
{
	uint32_t nd = snap.domain_count;

	for (uint32_t i = 0; i < snap.nops; i++) {
		const struct list_head *entry = snap.ops[i].entry, *prev = snap.ops[i].prev;
		const struct cpumask *m = node_mask(entry);
		struct mpam_ref_list_edit *edit = &snap.edits[snap.nedits++];
		uint32_t slot;
		int rid;
		bool mon;

		if (!prev) {
			slot = (uint32_t)table_lookup(m);
			slot_list(slot, &rid, &mon);
			*edit = (struct mpam_ref_list_edit){ .rid = rid, .monitor = mon, .index = slot - list_first(rid, mon) };
			snap.home_used[snap.slots[slot].home / 64] &= ~(1ull << (snap.slots[slot].home % 64));
			table_remove(m);
			__builtin_memmove(&snap.slots[slot], &snap.slots[slot + 1], (nd - slot - 1) * sizeof(*snap.slots));
			__builtin_memmove(&domains[slot], &domains[slot + 1], (nd - slot - 1) * sizeof(*domains));
			nd--;
			homes_moved(slot, nd);
			for (uint32_t e = 0; e + 1 < snap.nedits; e++)
				if (snap.edits[e].inserted && snap.edits[e].slot > slot)
					snap.edits[e].slot--;
			list_moved(rid, mon, -1);
			continue;
		}
		if (domain_list_head(prev, &rid, &mon)) {
			slot = list_first(rid, mon);
		} else {
			slot = (uint32_t)table_lookup(node_mask(prev)) + 1;
			slot_list(slot - 1, &rid, &mon);
		}
		struct rdt_domain_hdr *hdr = container_of(entry, struct rdt_domain_hdr, list);
		struct mpam_resctrl_dom *dom = container_of(hdr, struct mpam_resctrl_dom, resctrl_ctrl_dom.hdr);
		uint32_t from = 0, home = home_take(&from);

		__builtin_memmove(&snap.slots[slot + 1], &snap.slots[slot], (nd - slot) * sizeof(*snap.slots));
		__builtin_memmove(&domains[slot + 1], &domains[slot], (nd - slot) * sizeof(*domains));
		nd++;
		for (uint32_t e = 0; e + 1 < snap.nedits; e++)
			if (snap.edits[e].inserted && snap.edits[e].slot >= slot)
				snap.edits[e].slot++;
		snap.slots[slot] = (struct snap_slot){ .mask = m, .count = cpumask_weight(m), .home = home };
		domains[slot] = (struct mpam_ref_domain){
			.id = hdr->id, .type = (int32_t)hdr->type, .rid = (int32_t)hdr->rid,
			.comp_id = !mon && dom->ctrl_comp ? (int32_t)dom->ctrl_comp->comp_id : -1,
			.cpu_count = snap.slots[slot].count,
			.mask_offset = home * words,
			.was_slot = -1,
		};
		copy_mask(&masks[home * words], m, words);
		table_insert(m, home);
		homes_moved(slot, nd);
		*edit = (struct mpam_ref_list_edit){ .rid = rid, .monitor = mon, .inserted = 1,
						     .index = slot - list_first(rid, mon), .slot = slot };
		list_moved(rid, mon, +1);
	}
	snap.domain_count = nd;
	info->edit_count = snap.nedits;
}

/*
 * The lists are as the last walk found them, or as the links and unlinks since made them: make
 * those, copy the listed masks that were written, and name their domains in info. What the last
 * snapshot flagged is unflagged first; after edits every entry may have moved, and all are.
 */
static void snapshot_keep(struct mpam_ref_snapshot_info *info, struct mpam_ref_domain *domains, uint64_t *masks,
			  uint32_t words)
{
	for (uint32_t i = 0, n = snap.flagged_all ? snap.domain_count : snap.nflagged; i < n; i++) {
		uint32_t d = snap.flagged_all ? i : snap.flagged[i];

		domains[d].was_slot = (int32_t)d;
	}
	snapshot_follow(info, domains, masks, words);
	info->changed_count = 0;
	for (uint32_t i = 0; i < snap.ndirty; i++) {
		const struct cpumask *m = snap.dirty[i];
		int64_t slot = table_lookup(m);

		if (slot < 0 || domains[slot].was_slot < 0)
			continue;	/* not a listed domain's mask, or one just linked (written whole) */
		struct snap_slot *at = &snap.slots[slot];

		at->count = refresh_mask(&masks[at->home * words], m, words, at->count,
					 snap.dirty_words[i].from, snap.dirty_words[i].end,
					 &info->changed_from[info->changed_count], &info->changed_end[info->changed_count]);
		domains[slot].cpu_count = at->count;
		domains[slot].was_slot = -1;
		info->changed[info->changed_count++] = (uint32_t)slot;
	}
	info->domains_kept = 1;
	snap.flagged_all = info->edit_count > 0;
	snap.nflagged = info->changed_count;
	__builtin_memcpy(snap.flagged, info->changed, info->changed_count * sizeof(info->changed[0]));
}

/*
 * One resource's row, a field at a time: a compound literal would zero the row first (GCC makes
 * that a rep stos, which cost more than the rest of an unchanged step's snapshot). The row has no
 * padding, so every byte is still written.
 */
_Static_assert(sizeof(struct mpam_ref_resource) == 4 * sizeof(int32_t) + 2 * MPAM_REF_NAME_LEN + 10 * sizeof(uint32_t) + 8 * sizeof(uint8_t),
	       "struct mpam_ref_resource has padding a field-wise fill would leave unwritten");

static void snapshot_resource(struct mpam_ref_resource *out, int rid)
{
	struct mpam_resctrl_res *res = &mpam_resctrl_controls[rid];
	struct rdt_resource *r = &res->resctrl_res;

	out->rid = rid;
	copy_name(out->name, MPAM_REF_NAME_LEN, resource_names[rid]);
	out->class_mapped = res->class != NULL;
	out->alloc_capable = r->alloc_capable;
	out->cdp_enabled = glue_cdp_enabled(rid);
	out->mon_capable = r->mon_capable;
	out->class_id = res->class ? platform_id_of(res->class) : -1;
	out->first_domain = snap.first[rid];
	out->domain_count = snap.count[rid];
	out->first_mon_domain = snap.first_mon[rid];
	out->mon_domain_count = snap.mon_count[rid];
	out->default_ctrl = resctrl_get_default_ctrl(r);
	out->min_bw = r->membw.min_bw;
	out->bw_gran = r->membw.bw_gran;
	out->num_rmid = r->mon.num_rmid;
	copy_name(out->told_name, MPAM_REF_NAME_LEN, r->name);	/* NULL: empty */
	out->ctrl_scope = r->ctrl_scope;
	out->mon_scope = r->mon_scope;
	out->cdp_capable = r->cdp_capable;
	out->sparse_masks = r->cache.arch_has_sparse_bitmasks;
	out->delay_linear = r->membw.delay_linear != 0;
	out->reserved = 0;
	out->min_cbm_bits = r->cache.min_cbm_bits;
	out->shareable_bits = r->cache.shareable_bits;
}

int32_t mpam_ref_snapshot(struct mpam_ref_snapshot_info *info,
			  struct mpam_ref_resource *resources, uint32_t resource_cap,
			  struct mpam_ref_domain *domains, uint32_t domain_cap,
			  uint64_t *mask_words, uint32_t mask_cap)
{
	uint32_t words = (nr_cpu_ids + 63) / 64;
	bool room = snapshot_room(domain_cap);	/* growing forgets what the buffers held */
	struct snap_walk w = {
		.domains = domains, .masks = mask_words, .domain_cap = domain_cap, .words = words,
		/* every home a domain slot could need must fit */
		.short_buf = resource_cap < RDT_NUM_RESOURCES || (uint64_t)domain_cap * words > mask_cap || !room,
	};
	bool same_buffers = snap.valid && snap.buffer == mask_words && snap.domains == domains && snap.words == words &&
			    snap.cap == mask_cap && snap.domain_cap == domain_cap && snap.epoch == stand_in.epoch;
	bool keep = same_buffers && !w.short_buf && !snap.all_dirty &&
		    (snapshot_lists_unchanged() || (snapshot_followable() && snapshot_can_follow(domain_cap)));

	/*
	 * The arrays are read up to their counts: only what comes before them, and after, is set.
	 * The fields before them are set below, each once (a memset of them became a rep stos, slow at that size).
	 */
	_Static_assert(__builtin_offsetof(struct mpam_ref_snapshot_info, changed) == 44,
		       "a field was added before changed[]: set it below, as every other is");
	__builtin_memset(info->reserved, 0, sizeof(info->reserved));
	__builtin_memset(info->reserved2, 0, sizeof(info->reserved2));
	info->domains_kept = 0;
	info->changed_count = 0;
	info->edit_count = 0;
	info->reserved3 = 0;
	info->configs_version = 0;
	__builtin_memset(info->task_regval, 0, sizeof(info->task_regval));
	info->global_default = 0;
	info->cpu_registers_version = 0;
	info->rmid_realloc_limit = 0;
	info->rmid_realloc_threshold = 0;
	snap.nedits = 0;
	w.known = same_buffers;
	if (keep) {
		snapshot_keep(info, domains, mask_words, words);
		w.nd = snap.domain_count;
		w.freed = snap.freed;
	} else if (w.short_buf) {
		w.domain_cap = 0;	/* only counted, for the sizes the caller needs */
	} else {
		__builtin_memset(snap.home_used, 0, (domain_cap + 63) / 64 * sizeof(*snap.home_used));
	}
	for (int rid = 0; rid < RDT_NUM_RESOURCES; rid++) {
		struct mpam_resctrl_res *res = &mpam_resctrl_controls[rid];
		struct rdt_resource *r = &res->resctrl_res;

		if (!keep) {
			snap.first[rid] = w.nd;
			snap.count[rid] = snapshot_list(&w, &r->ctrl_domains, true);
			snap.first_mon[rid] = w.nd;
			snap.mon_count[rid] = snapshot_list(&w, &r->mon_domains, false);
		}
		if ((uint32_t)rid < resource_cap)
			snapshot_resource(&resources[rid], rid);
	}
	if (!keep && !w.short_buf) {
		struct snap_slot *swap = snap.slots;

		snapshot_give_homes(&w);
		snap.slots = snap.next;
		snap.next = swap;
		snap.domain_count = w.nd;
		snap.freed = w.freed;
		snap.flagged_all = true;
		snapshot_build_table(w.nd);
	}
	info->resource_count = RDT_NUM_RESOURCES;
	info->domain_count = w.nd;
	info->mask_words = words;
	info->mask_words_needed = (w.nd > domain_cap ? w.nd : domain_cap) * words;
	info->nr_cpu_ids = nr_cpu_ids;
	info->mpam_enabled = mpam_is_enabled();
	info->setup_done = core.setup_done;
	info->setup_result = (int16_t)core.setup_result;
	info->callbacks_registered = core.state_installed;
	info->freed_listed = w.freed;
	info->contexts_held = nr_held;
	info->configs_version = configs_version_now();
	for (int t = 0; t < MPAM_REF_TASKS; t++)
		info->task_regval[t] = READ_ONCE(stand_in_tasks[t].thread.mpam_partid_pmg);
	info->global_default = READ_ONCE(arm64_mpam_global_default);
	info->cpu_registers_version = stand_in_cpu_register_writes;
	info->rmid_realloc_limit = resctrl_rmid_realloc_limit;
	info->rmid_realloc_threshold = resctrl_rmid_realloc_threshold;
	/* what the buffers hold now, for the next snapshot; a short buffer holds nothing whole */
	snap.valid = !w.short_buf;
	snap.buffer = mask_words;
	snap.domains = domains;
	snap.ndirty = 0;
	snap.all_dirty = false;
	snap.nfresh = 0;
	snap.all_fresh = false;
	snap.nops = 0;
	snap.ops_lost = false;
	snap.frees_followed = 0;
	snap.inits_followed = 0;
	snap.words = words;
	snap.cap = mask_cap;
	snap.domain_cap = domain_cap;
	snap.epoch = stand_in.epoch;
	snap.allocs = stand_in.allocs_total;
	snap.frees = stand_in.frees_total;
	snap.list_writes = __atomic_load_n(&stand_in_list_writes, __ATOMIC_RELAXED);
	return w.short_buf ? -ENOSPC : 0;
}

uint32_t mpam_ref_snapshot_edits(struct mpam_ref_list_edit *out, uint32_t cap)
{
	uint32_t n = snap.nedits < cap ? snap.nedits : cap;

	__builtin_memcpy(out, snap.edits, n * sizeof(*out));
	return n;
}

void mpam_ref_snapshot_forget(void)
{
	snap.valid = false;
}

uint32_t mpam_ref_cpu_registers(struct mpam_ref_register_run *out, uint32_t cap)
{
	uint32_t n = 0;

	for (uint32_t cpu = 0; cpu < nr_cpu_ids; cpu++) {
		u64 dflt = READ_ONCE(stand_in_cpu_default[cpu]), cur = READ_ONCE(stand_in_cpu_current[cpu]);

		if (cpu > 0 && dflt == READ_ONCE(stand_in_cpu_default[cpu - 1]) && cur == READ_ONCE(stand_in_cpu_current[cpu - 1])) {
			if (n <= cap)
				out[n - 1].last_cpu = cpu;
			continue;
		}
		if (n < cap)
			out[n] = (struct mpam_ref_register_run){ .first_cpu = cpu, .last_cpu = cpu, .default_regval = dflt, .current_regval = cur };
		n++;
	}
	return n;
}

uint32_t mpam_ref_configs(struct mpam_ref_config *out, uint32_t cap)
{
	uint32_t n = 0;

#ifndef STAND_IN_MPAM_INTERNAL_H
	_Static_assert(MPAM_FEATURE_LAST <= 64, "features fit a u64");
	for (int rid = 0; rid < RDT_NUM_RESOURCES; rid++) {
		struct list_head *head = &mpam_resctrl_controls[rid].resctrl_res.ctrl_domains;
		uint32_t walked = 0;

		if (!head->next)
			continue;
		for (struct list_head *l = head->next; l != head && walked < WALK_LIMIT && !stand_in_node_freed(l);
		     l = l->next, walked++) {
			struct rdt_domain_hdr *hdr = container_of(l, struct rdt_domain_hdr, list);
			struct mpam_component *comp =
				container_of(hdr, struct mpam_resctrl_dom, resctrl_ctrl_dom.hdr)->ctrl_comp;

			if (!comp || !comp->cfg)
				continue;
			for (uint32_t partid = 0; partid <= mpam_partid_max; partid++) {
				const struct mpam_config *cfg = &comp->cfg[partid];

				if (!cfg->features[0])	/* one word: asserted above */
					continue;
				if (n < cap)
					out[n] = (struct mpam_ref_config){
						.rid = rid, .domain_id = hdr->id, .partid = partid,
						.cpbm = cfg->cpbm, .mbw_pbm = cfg->mbw_pbm, .mbw_max = cfg->mbw_max,
						.features = cfg->features[0],
					};
				n++;
			}
		}
	}
#else
	(void)out;
	(void)cap;
#endif
	return n;
}

uint32_t mpam_ref_hotplug_online_mask(uint64_t *words, uint32_t cap)
{
	uint32_t n = (nr_cpu_ids + 63) / 64;

	if (n > cap)
		n = cap;
	for (uint32_t i = 0; i < n; i++)
		words[i] = core.online.bits[i];
	return n;
}

uint32_t mpam_ref_warn_sites(struct mpam_ref_warn_site *out, uint32_t cap)
{
	for (uint32_t i = 0; i < stand_in.nr_warn_sites && i < cap; i++) {
		const struct stand_in_site *s = stand_in.warn_sites[i];

		copy_name(out[i].func, MPAM_REF_FUNC_LEN, s->func);
		copy_name(out[i].cond, MPAM_REF_TEXT_LEN, s->cond);
		out[i].hits = s->hits;
		out[i].reported = s->reported;
	}
	return stand_in.nr_warn_sites;
}

static void copy_allocation(struct mpam_ref_allocation *out, const struct stand_in_alloc *a)
{
	out->token = a->token;
	out->size = a->size;
	out->node = a->node;
	out->line = a->line;
	out->gfp = a->gfp;
	copy_name(out->site, MPAM_REF_FUNC_LEN, a->site);
}

uint32_t mpam_ref_live_allocations(struct mpam_ref_allocation *out, uint32_t cap)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < stand_in.nr_allocs; i++) {
		const struct stand_in_alloc *a = &stand_in.allocs[i];

		if (!a->live)
			continue;
		if (n < cap)
			copy_allocation(&out[n], a);
		n++;
	}
	return n;
}

/* Adds every node on the list, up to the first freed one, to the stand-ins' holder set. */
static void hold_nodes(struct list_head *head)
{
	uint32_t walked = 0;

	if (!head->next)
		return;
	for (struct list_head *l = head->next; l != head && walked < WALK_LIMIT && !stand_in_node_freed(l);
	     l = l->next, walked++)
		stand_in_holder_add(l);
}

/* The holder set: every listed domain's node, up to a freed one, and every context a step holds. */
static void hold_listed_and_held(void)
{
	stand_in_holders_begin();
	for (int rid = 0; rid < RDT_NUM_RESOURCES; rid++) {
		hold_nodes(&mpam_resctrl_controls[rid].resctrl_res.ctrl_domains);
		hold_nodes(&mpam_resctrl_controls[rid].resctrl_res.mon_domains);
	}
	for (uint32_t c = 0; c < nr_held; c++)
		stand_in_holder_add(held[c].ctx);
}

uint32_t mpam_ref_held_allocations(struct mpam_ref_allocation *out, uint32_t cap)
{
	unsigned int n;

	hold_listed_and_held();
	const struct stand_in_alloc *const *holding = stand_in_holding_allocations(&n);

	for (uint32_t i = 0; i < n && i < cap; i++)
		copy_allocation(&out[i], holding[i]);
	return n;
}

uint32_t mpam_ref_unlisted_allocations(struct mpam_ref_allocation *out, uint32_t cap)
{
	return mpam_ref_unlisted_allocations_after(0, out, cap);
}

uint32_t mpam_ref_unlisted_allocations_after(uint64_t after, struct mpam_ref_allocation *out, uint32_t cap)
{
	uint32_t n = 0, first = stand_in.nr_allocs;

	/* The ledger is in token order: its entries after `after` are the last ones. */
	while (first > 0 && stand_in.allocs[first - 1].token > after)
		first--;
	hold_listed_and_held();
	for (uint32_t i = first; i < stand_in.nr_allocs; i++) {
		const struct stand_in_alloc *a = &stand_in.allocs[i];

		if (!a->live || stand_in_allocation_held(a))
			continue;
		if (n < cap)
			copy_allocation(&out[n], a);
		n++;
	}
	return n;
}

uint32_t mpam_ref_freed_after(uint64_t after, uint64_t *tokens, uint32_t cap)
{
	uint32_t n = 0;

	for (uint64_t f = after; f < stand_in.frees_total; f++, n++)
		if (n < cap)
			tokens[n] = stand_in.freed[f];
	return n;
}

#define DRAIN(ring, out, cap, copy) ({					\
	uint32_t __n = 0;						\
	while ((ring).count && __n < (cap)) {				\
		typeof(&(ring).buf[0]) from = &(ring).buf[(ring).head];	\
		typeof(&(out)[0]) to = &(out)[__n++];			\
		copy;							\
		(ring).head = ((ring).head + 1) % STAND_IN_RING;	\
		(ring).count--;						\
	}								\
	__n; })

uint32_t mpam_ref_drain_events(struct mpam_ref_event *out, uint32_t cap)
{
	return DRAIN(stand_in.events, out, cap,
		     *to = ((struct mpam_ref_event){ from->kind, from->rid, from->domain_id,
						     from->cpu, from->weight, from->seq }));
}

uint32_t mpam_ref_drain_rule_reports(struct mpam_ref_rule_report *out, uint32_t cap)
{
	return DRAIN(stand_in.rules, out, cap, ({
		to->kind = stand_in_rule_sites[from->site].kind;
		to->seq = from->seq;
		to->printed = from->printed;
		to->site = from->site;
	}));
}

int32_t mpam_ref_rule_site(uint32_t site, struct mpam_ref_rule_site *out)
{
	if (site >= stand_in_rule_site_count)
		return -EINVAL;
	out->kind = stand_in_rule_sites[site].kind;
	copy_name(out->func, MPAM_REF_FUNC_LEN, stand_in_rule_sites[site].func);
	copy_name(out->detail, MPAM_REF_TEXT_LEN, stand_in_rule_sites[site].detail);
	return 0;
}

uint32_t mpam_ref_drain_messages(struct mpam_ref_message *out, uint32_t cap)
{
	return DRAIN(stand_in.msgs, out, cap, ({
		to->level = from->level;
		to->seq = from->seq;
		copy_name(to->text, MPAM_REF_MESSAGE_LEN, from->text);
	}));
}

/* --- the filesystem's actions that reach the arch code ------------------------------------
 * The arch functions are reached through weak references: a revision that does not define
 * one leaves it NULL, and the action is -EOPNOTSUPP (the prototypes match every revision's).
 */
void resctrl_arch_pre_mount(void);
u32 resctrl_arch_get_config(struct rdt_resource *r, struct rdt_ctrl_domain *d, u32 closid, enum resctrl_conf_type type);
int resctrl_arch_update_domains(struct rdt_resource *r, u32 closid);
void resctrl_arch_reset_all_ctrls(struct rdt_resource *r);
void mpam_resctrl_exit(void);
void mpam_resctrl_teardown_class(struct mpam_class *class);
#pragma weak resctrl_arch_pre_mount
#pragma weak resctrl_arch_get_cdp_enabled
#pragma weak resctrl_arch_set_cdp_enabled
#pragma weak resctrl_arch_get_config
#pragma weak resctrl_arch_update_domains
#pragma weak resctrl_arch_reset_all_ctrls
#pragma weak mpam_resctrl_exit
#pragma weak mpam_resctrl_teardown_class
void *resctrl_arch_mon_ctx_alloc(struct rdt_resource *r, enum resctrl_event_id evtid);
void resctrl_arch_mon_ctx_free(struct rdt_resource *r, enum resctrl_event_id evtid, void *arch_mon_ctx);
int resctrl_arch_rmid_read(struct rdt_resource *r, struct rdt_domain_hdr *hdr, u32 closid, u32 rmid,
			   enum resctrl_event_id eventid, void *arch_priv, u64 *val, void *arch_mon_ctx);
#pragma weak resctrl_arch_mon_ctx_alloc
#pragma weak resctrl_arch_mon_ctx_free
#pragma weak resctrl_arch_rmid_read
u32 resctrl_arch_rmid_idx_encode(u32 closid, u32 rmid);
void resctrl_arch_rmid_idx_decode(u32 idx, u32 *closid, u32 *rmid);
#pragma weak resctrl_arch_rmid_idx_encode
#pragma weak resctrl_arch_rmid_idx_decode


/* Whether a weakly referenced function is defined (a call, so no "always true" warning where it is). */
static bool glue_defined(const void *fn)
{
	return fn != NULL;
}

static struct rdt_ctrl_domain *glue_ctrl_domain(struct rdt_resource *r, int id)
{
	struct rdt_domain_hdr *hdr;

	if (!r->ctrl_domains.next)
		return NULL;
	for (struct list_head *l = r->ctrl_domains.next; l != &r->ctrl_domains && !stand_in_node_freed(l); l = l->next) {
		hdr = container_of(l, struct rdt_domain_hdr, list);
		if (hdr->id == id)
			return container_of(hdr, struct rdt_ctrl_domain, hdr);
	}
	return NULL;
}

/* rdt_staged_configs_clear(): nothing staged in any listed domain of the resource. */
static void glue_staged_configs_clear(struct rdt_resource *r)
{
	if (!r->ctrl_domains.next)
		return;
	for (struct list_head *l = r->ctrl_domains.next; l != &r->ctrl_domains && !stand_in_node_freed(l); l = l->next)
		__builtin_memset(container_of(l, struct rdt_ctrl_domain, hdr.list)->staged_config, 0,
				 sizeof(((struct rdt_ctrl_domain *)0)->staged_config));
}

/*
 * The filesystem calls the arch code from mount, unmount and the schemata files holding the
 * hotplug lock for reading (cpus_read_lock() in rdt_get_tree(), rdt_kill_sb() and
 * rdtgroup_kn_lock_live()); the actions below do the same around their calls.
 */
static int32_t glue_mount(uint8_t options);
static int32_t glue_unmount(void);
static int32_t glue_schemata_write(int32_t rid, uint32_t closid, int32_t type,
				   const int32_t *domain_ids, const uint32_t *values, uint32_t count);
static int64_t glue_schemata_read(int32_t rid, int32_t domain_id, uint32_t closid, int32_t type);

/* One of the filesystem's actions, under the hotplug lock for reading as the filesystem holds it. */
#define UNDER_CPUS_READ_LOCK(type, call) ({	\
	type __ret;				\
	cpus_read_lock();			\
	__ret = (call);				\
	cpus_read_unlock();			\
	__ret; })

int32_t mpam_ref_mount(uint8_t options)
{
	return UNDER_CPUS_READ_LOCK(int32_t, glue_mount(options));
}

int32_t mpam_ref_unmount(void)
{
	return UNDER_CPUS_READ_LOCK(int32_t, glue_unmount());
}

int32_t mpam_ref_schemata_write(int32_t rid, uint32_t closid, int32_t type,
				const int32_t *domain_ids, const uint32_t *values, uint32_t count)
{
	return UNDER_CPUS_READ_LOCK(int32_t, glue_schemata_write(rid, closid, type, domain_ids, values, count));
}

int64_t mpam_ref_schemata_read(int32_t rid, int32_t domain_id, uint32_t closid, int32_t type)
{
	return UNDER_CPUS_READ_LOCK(int64_t, glue_schemata_read(rid, domain_id, closid, type));
}

/* The filesystem's rmid index, as it numbers its monitoring groups (no lock: the calls take none). */
int64_t mpam_ref_rmid_idx_encode(uint32_t closid, uint32_t rmid)
{
	if (!glue_defined((const void *)resctrl_arch_rmid_idx_encode))
		return -EOPNOTSUPP;
	return resctrl_arch_rmid_idx_encode(closid, rmid);
}

int64_t mpam_ref_rmid_idx_decode(uint32_t idx, uint8_t want_rmid)
{
	u32 closid = 0, rmid = 0;

	if (!glue_defined((const void *)resctrl_arch_rmid_idx_decode))
		return -EOPNOTSUPP;
	resctrl_arch_rmid_idx_decode(idx, &closid, &rmid);
	return want_rmid ? rmid : closid;
}

/*
 * Whether a mount finds the filesystem type. A revision that calls resctrl_init() registers it
 * there (mainline, at the end of a setup that succeeds) and resctrl_exit() takes it away; one
 * that never calls it (a "TODO: call resctrl_init()" in its setup) is taken to register it where
 * the later patch does, when setup returns 0. Either way, no mount follows a failed setup.
 */
static bool glue_fs_registered(void)
{
	switch (stand_in_fs_type()) {
	case STAND_IN_FS_TYPE_REGISTERED:
		return true;
	case STAND_IN_FS_TYPE_UNREGISTERED:
		return false;
	case STAND_IN_FS_TYPE_NEVER_INITIALISED:
		break;
	}
	return core.setup_done && core.setup_result == 0;
}

/*
 * rdt_enable_ctx() as far as the arch goes: "cdpl2" asks resctrl_arch_set_cdp_enabled() for the
 * L2 first, then "cdp" for the L3; the filesystem checks no capability (the arch answers for
 * that). A failing L2 returns as it is; a failing L3 turns the L2's CDP off again, asked or not.
 */
static int32_t glue_mount(uint8_t options)
{
	int err;

	if (!glue_defined((const void *)resctrl_arch_set_cdp_enabled))
		return -EOPNOTSUPP;
	if (!glue_fs_registered())
		return -ENODEV;		/* get_fs_type() finds no "resctrl" */
	if (glue_fs_mounted)
		return -EBUSY;
	if (glue_defined((const void *)resctrl_arch_pre_mount))
		resctrl_arch_pre_mount();
	if (options & MPAM_REF_MOUNT_CDPL2) {
		err = resctrl_arch_set_cdp_enabled(RDT_RESOURCE_L2, true);
		if (err)
			return err;
	}
	if (options & MPAM_REF_MOUNT_CDP) {
		err = resctrl_arch_set_cdp_enabled(RDT_RESOURCE_L3, true);
		if (err) {
			resctrl_arch_set_cdp_enabled(RDT_RESOURCE_L2, false);
			return err;
		}
	}
	glue_fs_mounted = true;
	return 0;
}

/* rdt_kill_sb(): rdt_disable_ctx() (CDP off for the L3 and the L2, unasked), then every alloc_capable resource back to defaults. */
static int32_t glue_unmount(void)
{
	if (!glue_defined((const void *)resctrl_arch_reset_all_ctrls) || !glue_defined((const void *)resctrl_arch_set_cdp_enabled))
		return -EOPNOTSUPP;
	if (!glue_fs_mounted)
		return -EINVAL;
	resctrl_arch_set_cdp_enabled(RDT_RESOURCE_L3, false);
	resctrl_arch_set_cdp_enabled(RDT_RESOURCE_L2, false);
	for (int rid = 0; rid < RDT_NUM_RESOURCES; rid++) {
		struct rdt_resource *r = resctrl_arch_get_resource(rid);

		if (r && r->alloc_capable)
			resctrl_arch_reset_all_ctrls(r);
	}
	glue_fs_mounted = false;
	return 0;
}

static int32_t glue_schemata_write(int32_t rid, uint32_t closid, int32_t type,
				   const int32_t *domain_ids, const uint32_t *values, uint32_t count)
{
	struct rdt_resource *r;
	int err;

	if (!glue_defined((const void *)resctrl_arch_update_domains))
		return -EOPNOTSUPP;
	if (rid < 0 || rid >= RDT_NUM_RESOURCES || type < CDP_NONE || type > CDP_DATA || (count && (!domain_ids || !values)))
		return -EINVAL;
	r = resctrl_arch_get_resource(rid);
	for (uint32_t i = 0; i < count; i++)
		if (!glue_ctrl_domain(r, domain_ids[i]))
			return -ENOENT;
	glue_staged_configs_clear(r);
	for (uint32_t i = 0; i < count; i++) {
		struct resctrl_staged_config *cfg = &glue_ctrl_domain(r, domain_ids[i])->staged_config[type];

		cfg->new_ctrl = values[i];
		cfg->have_new_ctrl = true;
	}
	err = resctrl_arch_update_domains(r, closid);
	glue_staged_configs_clear(r);
	return err;
}

static int64_t glue_schemata_read(int32_t rid, int32_t domain_id, uint32_t closid, int32_t type)
{
	struct rdt_ctrl_domain *d;

	if (!glue_defined((const void *)resctrl_arch_get_config))
		return -EOPNOTSUPP;
	if (rid < 0 || rid >= RDT_NUM_RESOURCES || type < CDP_NONE || type > CDP_DATA)
		return -EINVAL;
	d = glue_ctrl_domain(resctrl_arch_get_resource(rid), domain_id);
	if (!d)
		return -ENOENT;
	return resctrl_arch_get_config(resctrl_arch_get_resource(rid), d, closid, (enum resctrl_conf_type)type);
}

int32_t mpam_ref_exit(void)
{
	if (!glue_defined((const void *)mpam_resctrl_exit))
		return -EOPNOTSUPP;
	mpam_resctrl_exit();
	return 0;
}

int32_t mpam_ref_teardown_class(int32_t class_id)
{
	struct mpam_class *class;

	if (!glue_defined((const void *)mpam_resctrl_teardown_class))
		return -EOPNOTSUPP;
	class = platform_find_class(class_id);
	if (!class)
		return -ENOENT;
	mpam_resctrl_teardown_class(class);
	return 0;
}

/* --- monitoring -------------------------------------------------------------------------- */

/* Forgets the held contexts: their memory is the ledger's, which the reset has already freed. */
static void glue_forget_held(void)
{
	nr_held = 0;
}

static bool glue_monitoring_defined(void)
{
	return glue_defined((const void *)resctrl_arch_mon_ctx_alloc) && glue_defined((const void *)resctrl_arch_mon_ctx_free) &&
	       glue_defined((const void *)resctrl_arch_rmid_read);
}

/* The filesystem only reads the events the arch enabled with resctrl_enable_mon_event(). */
static bool glue_event_valid(int32_t event)
{
	return event >= QOS_FIRST_EVENT && event < QOS_NUM_EVENTS && stand_in_mon_event_enabled(event);
}

int64_t mpam_ref_mon_ctx_alloc(int32_t event)
{
	void *ctx;

	if (!glue_monitoring_defined())
		return -EOPNOTSUPP;
	if (!glue_event_valid(event) || nr_held == GLUE_HELD_CONTEXTS)
		return -EINVAL;
	ctx = resctrl_arch_mon_ctx_alloc(resctrl_arch_get_resource(RDT_RESOURCE_L3), (enum resctrl_event_id)event);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	held[nr_held].event = event;
	held[nr_held].ctx = ctx;
	nr_held++;
	return *(int *)ctx;
}

int32_t mpam_ref_mon_ctx_free(int32_t event)
{
	if (!glue_monitoring_defined())
		return -EOPNOTSUPP;
	for (unsigned int i = nr_held; i-- > 0;) {
		if (held[i].event != event)
			continue;
		resctrl_arch_mon_ctx_free(resctrl_arch_get_resource(RDT_RESOURCE_L3), (enum resctrl_event_id)event, held[i].ctx);
		for (; i + 1 < nr_held; i++)
			held[i] = held[i + 1];
		nr_held--;
		return 0;
	}
	return -ENOENT;
}

/* mon_event_read() as far as the arch code goes: a context for the read, the read, the context freed. */
static int64_t glue_rmid_read(int32_t domain_id, uint32_t closid, uint32_t rmid, int32_t event)
{
	struct rdt_resource *r = resctrl_arch_get_resource(RDT_RESOURCE_L3);
	struct rdt_domain_hdr *hdr, *found = NULL;
	u64 val = 0;
	void *ctx;
	int err;

	if (!glue_monitoring_defined())
		return -EOPNOTSUPP;
	if (!glue_event_valid(event))
		return -EINVAL;
	if (r->mon_domains.next)
		for (struct list_head *l = r->mon_domains.next; l != &r->mon_domains && !stand_in_node_freed(l); l = l->next) {
			hdr = container_of(l, struct rdt_domain_hdr, list);
			if (hdr->id == domain_id)
				found = hdr;
		}
	if (!found)
		return -ENOENT;
	ctx = resctrl_arch_mon_ctx_alloc(r, (enum resctrl_event_id)event);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	err = resctrl_arch_rmid_read(r, found, closid, rmid, (enum resctrl_event_id)event, NULL, &val, ctx);
	resctrl_arch_mon_ctx_free(r, (enum resctrl_event_id)event, ctx);
	return err ? err : (int64_t)val;
}

int64_t mpam_ref_rmid_read(int32_t domain_id, uint32_t closid, uint32_t rmid, int32_t event)
{
	return UNDER_CPUS_READ_LOCK(int64_t, glue_rmid_read(domain_id, closid, rmid, event));
}

/* --- the task and CPU plumbing ------------------------------------------------------------ */
bool resctrl_arch_match_closid(struct task_struct *tsk, u32 closid);
bool resctrl_arch_match_rmid(struct task_struct *tsk, u32 closid, u32 rmid);
#pragma weak resctrl_arch_sync_cpu_closid_rmid
#pragma weak resctrl_arch_set_closid_rmid
#pragma weak resctrl_arch_match_closid
#pragma weak resctrl_arch_match_rmid

/* update_closid_rmid() of one CPU: on_each_cpu_mask() of a mask holding it alone. */
static int32_t glue_cpus_write(uint32_t cpu, uint32_t closid, uint32_t rmid)
{
	struct resctrl_cpu_defaults defaults = { .closid = closid, .rmid = rmid };
	struct cpumask one;

	if (!glue_defined((const void *)resctrl_arch_sync_cpu_closid_rmid))
		return -EOPNOTSUPP;
	if (cpu >= nr_cpu_ids || !cpumask_test_cpu((int)cpu, &stand_in_cpu_online))
		return -EINVAL;
	cpumask_clear(&one);
	stand_in_cpumask_assign(&one, cpu, true);
	on_each_cpu_mask(&one, resctrl_arch_sync_cpu_closid_rmid, &defaults, true);
	return 0;
}

_Static_assert(STAND_IN_TASKS == MPAM_REF_TASKS, "the ABI gives every task the stand-ins keep");

static int32_t glue_task_write(uint32_t task, uint32_t closid, uint32_t rmid)
{
	if (!glue_defined((const void *)resctrl_arch_set_closid_rmid))
		return -EOPNOTSUPP;
	if (task >= MPAM_REF_TASKS)
		return -EINVAL;
	resctrl_arch_set_closid_rmid(&stand_in_tasks[task], closid, rmid);
	return 0;
}

static int32_t glue_task_match(uint32_t task, uint32_t closid, int32_t rmid)
{
	if (!glue_defined(rmid < 0 ? (const void *)resctrl_arch_match_closid : (const void *)resctrl_arch_match_rmid))
		return -EOPNOTSUPP;
	if (task >= MPAM_REF_TASKS)
		return -EINVAL;
	if (rmid < 0)
		return resctrl_arch_match_closid(&stand_in_tasks[task], closid);
	return resctrl_arch_match_rmid(&stand_in_tasks[task], closid, (u32)rmid);
}

int32_t mpam_ref_cpus_write(uint32_t cpu, uint32_t closid, uint32_t rmid)
{
	return UNDER_CPUS_READ_LOCK(int32_t, glue_cpus_write(cpu, closid, rmid));
}

int32_t mpam_ref_task_write(uint32_t task, uint32_t closid, uint32_t rmid)
{
	return UNDER_CPUS_READ_LOCK(int32_t, glue_task_write(task, closid, rmid));
}

int32_t mpam_ref_task_match(uint32_t task, uint32_t closid, int32_t rmid)
{
	return UNDER_CPUS_READ_LOCK(int32_t, glue_task_match(task, closid, rmid));
}

static bool glue_cdp_enabled(int rid)
{
	return glue_defined((const void *)resctrl_arch_get_cdp_enabled) && resctrl_arch_get_cdp_enabled((enum resctrl_res_level)rid);
}
