// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only stand-in for the reference library that dies on purpose, to show that a
 * crashing or hanging reference fails one scenario at the right step and the run goes on.
 *
 * It keeps just enough state to agree with the model on a scenario that only sets a
 * topology and moves CPUs before setup (nothing mapped, no domains, MPAM disabled):
 * the hotplug core's online mask. Onlining CPU 3 dereferences NULL; onlining CPU 4
 * never returns; onlining CPU 5 forks a child that keeps the worker's stdout open for a
 * long time, then dies. Built with -DHANG_WHEN_LOADED, its constructor never returns.
 */
#include <string.h>
#include <signal.h>
#include <unistd.h>
#include "mpam_ref.h"

#ifdef HANG_WHEN_LOADED
__attribute__((constructor)) static void hang_when_loaded(void)
{
	for (;;)
		;
}
#endif

static uint32_t nr_cpus;
static uint64_t online[MPAM_REF_CPUMASK_WORDS];
static const char *const names[] = { "L3", "L2", "MBA", "SMBA", "PERF_PKG" };
#define NR_RES (sizeof(names) / sizeof(names[0]))

int32_t mpam_ref_abi_version(void) { return MPAM_REF_ABI_VERSION; }
void mpam_ref_reset(void) { nr_cpus = 0; memset(online, 0, sizeof(online)); }
int32_t mpam_ref_set_possible_cpus(uint32_t n) { nr_cpus = n; return 0; }
int32_t mpam_ref_set_cpu_node(uint32_t cpu, int32_t node) { (void)cpu; (void)node; return 0; }
int32_t mpam_ref_add_class(int32_t id, int32_t type, uint8_t level) { (void)id; (void)type; (void)level; return 0; }
int32_t mpam_ref_add_component(int32_t c, int32_t id, const uint64_t *a, uint32_t w) { (void)c; (void)id; (void)a; (void)w; return 0; }
int32_t mpam_ref_map_class(int32_t rid, int32_t c, uint8_t a) { (void)rid; (void)c; (void)a; return 0; }
int32_t mpam_ref_set_partid_max(uint16_t p) { (void)p; return 0; }
int32_t mpam_ref_setup(void) { return 0; }

int32_t mpam_ref_cpu_online(uint32_t cpu)
{
	if (cpu == 3)
		*(volatile int *)0 = 1;		/* SIGSEGV */
	while (cpu == 4)
		;				/* hang */
	if (cpu == 5) {
		if (fork() == 0) {		/* the child holds stdout */
			sleep(300);
			_exit(0);
		}
		*(volatile int *)0 = 1;
	}
	if (online[cpu / 64] & (1ull << (cpu % 64)))
		return MPAM_REF_CALLBACK_NOT_RUN;
	online[cpu / 64] |= 1ull << (cpu % 64);
	return 0;
}

int32_t mpam_ref_cpu_offline(uint32_t cpu)
{
	if (!(online[cpu / 64] & (1ull << (cpu % 64))))
		return MPAM_REF_CALLBACK_NOT_RUN;
	online[cpu / 64] &= ~(1ull << (cpu % 64));
	return 0;
}

int32_t mpam_ref_alloc_capable(void) { return 0; }
uint32_t mpam_ref_get_num_closid(void) { return 1; }
int32_t mpam_ref_get_resource(uint32_t level) { return level < NR_RES; }
void mpam_ref_fail_alloc(uint32_t nth) { (void)nth; }
int32_t mpam_ref_fail_fs(int32_t call, uint32_t nth, int32_t err) { (void)call; (void)nth; (void)err; return 0; }
uint32_t mpam_ref_num_resources(void) { return NR_RES; }
void mpam_ref_counters(struct mpam_ref_counters *out) { memset(out, 0, sizeof(*out)); }

void mpam_ref_snapshot_forget(void) { }

int32_t mpam_ref_snapshot(struct mpam_ref_snapshot_info *info,
			  struct mpam_ref_resource *res, uint32_t res_cap,
			  struct mpam_ref_domain *doms, uint32_t dom_cap,
			  uint64_t *mask, uint32_t mask_cap)
{
	(void)doms; (void)dom_cap; (void)mask; (void)mask_cap;
	memset(info, 0, sizeof(*info));
	info->resource_count = NR_RES;
	info->nr_cpu_ids = nr_cpus;
	info->mask_words = (nr_cpus + 63) / 64;
	for (uint32_t i = 0; i < NR_RES && i < res_cap; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		res[i].rid = (int32_t)i;
		strncpy(res[i].name, names[i], sizeof(res[i].name) - 1);
		res[i].class_id = -1;
	}
	return res_cap < NR_RES ? -28 /* -ENOSPC */ : 0;
}

uint32_t mpam_ref_configs(struct mpam_ref_config *out, uint32_t cap) { (void)out; (void)cap; return 0; }
/* Nothing writes a CPU's registers here: one run of 0s over the possible CPUs, as the real glue gives before CDP or a cpus write. */
uint32_t mpam_ref_cpu_registers(struct mpam_ref_register_run *out, uint32_t cap)
{
	if (nr_cpus == 0)
		return 0;
	if (cap > 0)
		out[0] = (struct mpam_ref_register_run){ .first_cpu = 0, .last_cpu = nr_cpus - 1 };
	return 1;
}
uint32_t mpam_ref_hotplug_online_mask(uint64_t *words, uint32_t cap)
{
	uint32_t n = (nr_cpus + 63) / 64;
	if (n > cap)
		n = cap;
	memcpy(words, online, n * sizeof(uint64_t));
	return n;
}

uint32_t mpam_ref_warn_sites(struct mpam_ref_warn_site *o, uint32_t c) { (void)o; (void)c; return 0; }
uint32_t mpam_ref_live_allocations(struct mpam_ref_allocation *o, uint32_t c) { (void)o; (void)c; return 0; }
uint32_t mpam_ref_unlisted_allocations(struct mpam_ref_allocation *o, uint32_t c) { (void)o; (void)c; return 0; }
void mpam_ref_begin_step(void) { }
void mpam_ref_end_step(void) { }
uint32_t mpam_ref_sizeof(int32_t type) { (void)type; return 0; }
uint32_t mpam_ref_drain_events(struct mpam_ref_event *o, uint32_t c) { (void)o; (void)c; return 0; }
uint32_t mpam_ref_drain_rule_reports(struct mpam_ref_rule_report *o, uint32_t c) { (void)o; (void)c; return 0; }
uint32_t mpam_ref_drain_messages(struct mpam_ref_message *o, uint32_t c) { (void)o; (void)c; return 0; }
int32_t mpam_ref_rule_site(uint32_t s, struct mpam_ref_rule_site *o) { (void)s; (void)o; return -22; }
uint32_t mpam_ref_snapshot_edits(struct mpam_ref_list_edit *o, uint32_t c) { (void)o; (void)c; return 0; }
