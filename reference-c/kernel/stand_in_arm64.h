/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stand_in_arm64.h - what later revisions of the file use of arm64 and the
 * scheduler: tasks and their MPAM partid/pmg, per-CPU defaults, running a function on
 * every online CPU, and the CPU masks.
 *
 * The task's partid/pmg, the global default and each CPU's default are kept as the
 * MPAM0_EL1 value they would program, and each CPU's MPAM0_EL1 as the last
 * mpam_thread_switch() on it wrote it (arm64_mpam_current): the glue reads them back.
 * on_each_cpu() and on_each_cpu_mask() run the function once per online CPU (of the
 * mask), in ascending order, with smp_processor_id() set to it. With wait false the caller's
 * own CPU runs it at once and the others' IPIs are still pending when the step returns: they
 * are delivered as the next step begins (mpam_ref_begin_step()), so what the step left is
 * observed before them, as a caller that does not wait may find.
 *
 * Preemption is off where a kernel has it off for the file: inside on_each_cpu*()'s
 * calls; lockdep_assert_preemption_disabled() reports (PREEMPTIBLE) anywhere else.
 *
 * Not modelled: a scheduler (there are STAND_IN_TASKS tasks: `current`, running on
 * whichever CPU asks, and others that never run; for_each_process_thread() visits
 * them in order; nothing switches a task in but the file), MPAM1_EL1, interrupts
 * (their lockdep assertions hold trivially), lockdep_assert_preemption_enabled().
 */
#ifndef STAND_IN_ARM64_H
#define STAND_IN_ARM64_H

#include "stand_in_controlled.h"
#include "stand_in_bits.h"

/* arm64's asm/mpam.h declares the driver's key (the glue defines it). */
DECLARE_STATIC_KEY_FALSE(mpam_enabled);

/* MPAM0_EL1's fields, as the architecture lays them out. */
#define MPAM0_EL1_PARTID_I	GENMASK(15, 0)
#define MPAM0_EL1_PARTID_D	GENMASK(31, 16)
#define MPAM0_EL1_PMG_I		GENMASK(39, 32)
#define MPAM0_EL1_PMG_D		GENMASK(47, 40)

struct thread_struct {
	u64 mpam_partid_pmg;
};

struct task_struct {
	struct thread_struct thread;
};

/* The tasks: the first is current. */
#define STAND_IN_TASKS 2
extern struct task_struct stand_in_tasks[STAND_IN_TASKS];
#define current (&stand_in_tasks[0])

/* tasklist_lock: recorded like any lock; readers and writers alike. */
typedef struct { struct lockdep_map dep_map; } rwlock_t;
extern rwlock_t tasklist_lock;
#define read_lock(l) stand_in_lock(&(l)->dep_map, __func__)
#define read_unlock(l) stand_in_unlock(&(l)->dep_map, __func__)
#define for_each_process_thread(p, t) \
	for ((p) = (t) = &stand_in_tasks[0]; (t) < &stand_in_tasks[STAND_IN_TASKS]; (p) = (t) = (t) + 1)

/* The system-wide default MPAM0_EL1 value, and the per-CPU ones. */
extern u64 arm64_mpam_global_default;

static inline u64 stand_in_mpam_regval(u16 partid_d, u16 partid_i, u8 pmg_d, u8 pmg_i)
{
	return FIELD_PREP(MPAM0_EL1_PARTID_D, (u64)partid_d) | FIELD_PREP(MPAM0_EL1_PARTID_I, (u64)partid_i) |
	       FIELD_PREP(MPAM0_EL1_PMG_D, (u64)pmg_d) | FIELD_PREP(MPAM0_EL1_PMG_I, (u64)pmg_i);
}

static inline void mpam_set_task_partid_pmg(struct task_struct *tsk, u16 partid_d, u16 partid_i, u8 pmg_d, u8 pmg_i)
{
	WRITE_ONCE(tsk->thread.mpam_partid_pmg, stand_in_mpam_regval(partid_d, partid_i, pmg_d, pmg_i));
}

static inline u64 mpam_get_regval(struct task_struct *tsk)
{
	return READ_ONCE(tsk->thread.mpam_partid_pmg);
}

/*
 * Each CPU's default MPAM0_EL1 value (arm64_mpam_default), the value its MPAM0_EL1 holds
 * (arm64_mpam_current), and how many times either was written (the glue's version).
 */
extern u64 stand_in_cpu_default[NR_CPUS];
extern u64 stand_in_cpu_current[NR_CPUS];
extern u64 stand_in_cpu_register_writes;

static inline void mpam_set_cpu_defaults(int cpu, u16 partid_d, u16 partid_i, u8 pmg_d, u8 pmg_i)
{
	WRITE_ONCE(stand_in_cpu_default[cpu], stand_in_mpam_regval(partid_d, partid_i, pmg_d, pmg_i));
	stand_in_cpu_register_writes++;
}

/* The CPU a function runs on: the one a hotplug callback is for, or on_each_cpu()'s. */
extern unsigned int stand_in_this_cpu;
#define smp_processor_id() (stand_in_this_cpu)
#define raw_smp_processor_id() (stand_in_this_cpu)

/*
 * The task switched in on this CPU: with MPAM enabled, a task in the default group (its value
 * is the global default) runs with the CPU's default; MPAM0_EL1 is written only when it changes.
 */
static inline void mpam_thread_switch(struct task_struct *tsk)
{
	unsigned int cpu = stand_in_this_cpu;
	u64 regval = mpam_get_regval(tsk);

	if (!static_branch_likely(&mpam_enabled))
		return;
	if (regval == READ_ONCE(arm64_mpam_global_default))
		regval = READ_ONCE(stand_in_cpu_default[cpu]);
	if (READ_ONCE(stand_in_cpu_current[cpu]) == regval)
		return;
	WRITE_ONCE(stand_in_cpu_current[cpu], regval);
	stand_in_cpu_register_writes++;
}

/* cpu_online_mask: what the hotplug core has set online (the glue keeps it). */
extern struct cpumask stand_in_cpu_online;
#define cpu_online_mask ((const struct cpumask *)&stand_in_cpu_online)
const struct cpumask *stand_in_cpu_possible_mask(void);
#define cpu_possible_mask (stand_in_cpu_possible_mask())
#define for_each_possible_cpu(cpu) for ((cpu) = 0; (unsigned int)(cpu) < nr_cpu_ids; (cpu)++)
#define for_each_online_cpu(cpu) \
	for ((cpu) = 0; (unsigned int)(cpu) < nr_cpu_ids; (cpu)++) if (cpumask_test_cpu((int)(cpu), cpu_online_mask))

typedef void (*smp_call_func_t)(void *info);
/* The function on each online CPU of the mask in turn, ascending, with preemption off. */
void on_each_cpu_mask(const struct cpumask *mask, smp_call_func_t func, void *info, bool wait);
void on_each_cpu(smp_call_func_t func, void *info, int wait);
/* The IPIs on_each_cpu*(..., false) left pending, delivered in the order they were sent. */
void stand_in_deliver_ipis(void);

/* preempt_disable()/preempt_enable(): a depth; lockdep's assertion reads it. */
extern int stand_in_preempt_depth;
#define preempt_disable() (stand_in_preempt_depth++)
#define preempt_enable() (stand_in_preempt_depth--)
void stand_in_assert_preemption_disabled(const char *func);
#define lockdep_assert_preemption_disabled() stand_in_assert_preemption_disabled(__func__)

#define lockdep_assert_irqs_enabled() do { } while (0)
#define lockdep_assert_preemption_enabled() do { } while (0)
#define irqs_disabled() (false)

void stand_in_arm64_reset(void);

/*
 * Caches (linux/cacheinfo.h): what a scenario says each CPU's cache at each
 * level is (id, size); a level it does not describe has id -1 and no cacheinfo.
 */
#define STAND_IN_CACHE_LEVELS 5
struct cacheinfo {
	unsigned int id;
	unsigned int level;
	unsigned int size;
};
struct cacheinfo *get_cpu_cacheinfo_level(int cpu, int level);
int get_cpu_cacheinfo_id(int cpu, int level);
void stand_in_set_cacheinfo(unsigned int cpu, unsigned int level, unsigned int id, unsigned int size);

/* NUMA nodes: how many distinct ones the topology's CPUs are on. */
unsigned int num_possible_nodes(void);

#endif /* STAND_IN_ARM64_H */
