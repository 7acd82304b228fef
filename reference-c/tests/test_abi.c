// SPDX-License-Identifier: GPL-2.0
/*
 * test_abi.c - the flat ABI (include/mpam_ref.h) over the patch: argument
 * checks, reset, snapshot sizing, drains, the hotplug core's view, the
 * cpuhp_setup_state() rollback, and that what the patch leaks shows in the
 * ledger. Built against the objects of `make lib` (needs SRC).
 */
#include "../include/mpam_ref.h"
#include "harness.h"

#define ENOENT 2
#define ENOMEM 12
#define EBUSY 16
#define EEXIST 17
#define EINVAL 22
#define ENOSPC 28
#define EOPNOTSUPP 95

static struct mpam_ref_snapshot_info info;
static struct mpam_ref_resource res[MPAM_REF_MAX_RESOURCES];
static struct mpam_ref_domain dom[16];
static struct mpam_ref_list_edit edits[MPAM_REF_EDITS_MAX];
static uint64_t masks[16 * MPAM_REF_CPUMASK_WORDS];

static int snap(void)
{
	return mpam_ref_snapshot(&info, res, MPAM_REF_MAX_RESOURCES, dom, 16, masks, 16 * MPAM_REF_CPUMASK_WORDS);
}

/* 4 CPUs, one L3 class (id 3) with components 0 (CPUs 0-1) and 1 (CPUs 2-3). */
static void platform(uint8_t alloc_capable)
{
	uint64_t lo = 0x3, hi = 0xc;

	CHECK_EQ(mpam_ref_set_possible_cpus(4), 0);
	CHECK_EQ(mpam_ref_add_class(3, MPAM_REF_CLASS_CACHE, 3), 0);
	CHECK_EQ(mpam_ref_add_component(3, 0, &lo, 1), 0);
	CHECK_EQ(mpam_ref_add_component(3, 1, &hi, 1), 0);
	CHECK_EQ(mpam_ref_map_class(0, 3, alloc_capable), 0);
}

TEST(abi_version_and_profile)
{
	CHECK_EQ(mpam_ref_abi_version(), MPAM_REF_ABI_VERSION);
	CHECK(mpam_ref_num_resources() >= 1 && mpam_ref_num_resources() <= MPAM_REF_MAX_RESOURCES);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.resource_count, mpam_ref_num_resources());
	CHECK_STR(res[0].name, "L3");
	CHECK_EQ(res[0].class_id, -1);
}

TEST(abi_configuration_errors)
{
	uint64_t m = 1;

	CHECK_EQ(mpam_ref_set_possible_cpus(0), -EINVAL);
	CHECK_EQ(mpam_ref_set_possible_cpus(MPAM_REF_MAX_CPUS + 1), -EINVAL);
	CHECK_EQ(mpam_ref_set_possible_cpus(MPAM_REF_MAX_CPUS), 0);
	CHECK_EQ(mpam_ref_set_possible_cpus(8), -EBUSY);
	CHECK_EQ(mpam_ref_add_class(1, MPAM_REF_CLASS_MEMORY, 0), 0);
	CHECK_EQ(mpam_ref_add_class(1, MPAM_REF_CLASS_CACHE, 2), -EEXIST);
	CHECK_EQ(mpam_ref_add_class(2, 7, 2), -EINVAL);
	CHECK_EQ(mpam_ref_add_component(9, 0, &m, 1), -ENOENT);
	CHECK_EQ(mpam_ref_map_class(9, 1, 1) , (int)mpam_ref_num_resources() > 9 ? 0 : -EINVAL);
	CHECK_EQ(mpam_ref_map_class(0, 9, 1), -ENOENT);
	CHECK_EQ(mpam_ref_cpu_online(MPAM_REF_MAX_CPUS), -EINVAL);
	CHECK_EQ(mpam_ref_set_cpu_node(MPAM_REF_MAX_CPUS, 0), -EINVAL);
}

TEST(abi_setup_without_alloc_capable_is_eopnotsupp)
{
	platform(0);
	CHECK_EQ(mpam_ref_setup(), -EOPNOTSUPP);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.setup_done, 1);
	CHECK_EQ(info.mpam_enabled, 0);
	CHECK_EQ(info.setup_result, -EOPNOTSUPP);
	CHECK_EQ(mpam_ref_setup(), MPAM_REF_CALLBACK_NOT_RUN);	/* once */
	CHECK_EQ(mpam_ref_add_class(5, 0, 0), -EBUSY);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);			/* disabled: the hook is not called */
	struct mpam_ref_event ev[4];
	CHECK_EQ(mpam_ref_drain_events(ev, 4), 0);
}

TEST(abi_snapshot_sizes_and_enospc)
{
	platform(1);
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(3), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	CHECK_EQ(mpam_ref_snapshot(&info, res, MPAM_REF_MAX_RESOURCES, dom, 1, masks, 1), -ENOSPC);
	CHECK_EQ(info.domain_count, 2);
	CHECK_EQ(info.mask_words, 1);
	CHECK_EQ(info.mask_words_needed, 2);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(res[0].domain_count, 2);
	CHECK_EQ(dom[0].id, 0);
	CHECK_EQ(dom[1].id, 1);
	CHECK_EQ(dom[0].comp_id, 0);
	CHECK_EQ(masks[dom[0].mask_offset], 0x1);
	CHECK_EQ(masks[dom[1].mask_offset], 0x8);
	CHECK_EQ(dom[1].cpu_count, 1);
	CHECK_EQ(info.callbacks_registered, 1);
	uint64_t online[2] = { 0, 0 };
	CHECK_EQ(mpam_ref_hotplug_online_mask(online, 2), 1);
	CHECK_EQ(online[0], 0x9);
	struct mpam_ref_counters c;
	mpam_ref_counters(&c);
	CHECK(c.generation >= 2);
}

/*
 * A snapshot writes only the masks that changed; the caller's buffer keeps the others, each at
 * its home while its domain stays listed. Lists that did not change are not walked.
 */
/* The last snapshot followed one edit: linked (or unlinked) at @index, a linked one's entry at @slot. */
static void check_one_edit(uint8_t inserted, uint32_t index, uint32_t slot)
{
	CHECK_EQ(mpam_ref_snapshot_edits(edits, MPAM_REF_EDITS_MAX), 1);
	CHECK_EQ(edits[0].inserted, inserted);
	CHECK_EQ(edits[0].index, index);
	if (inserted)
		CHECK_EQ(edits[0].slot, slot);
}

/* The one domain's mask was rewritten in words [@from, @end) and holds @count CPUs. */
static void check_rewritten_words(uint32_t from, uint32_t end, uint32_t count)
{
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 1);
	CHECK_EQ(info.changed_count, 1);
	CHECK_EQ(info.changed_from[0], from);
	CHECK_EQ(info.changed_end[0], end);
	CHECK_EQ(dom[0].cpu_count, count);
}

/* One L3 of 256 CPUs (four words a mask), set up, CPU 0 online and snapshotted. */
static void one_domain_of_256_cpus(void)
{
	uint64_t all[4] = { ~0ULL, ~0ULL, ~0ULL, ~0ULL };

	CHECK_EQ(mpam_ref_set_possible_cpus(256), 0);
	CHECK_EQ(mpam_ref_add_class(3, MPAM_REF_CLASS_CACHE, 3), 0);
	CHECK_EQ(mpam_ref_add_component(3, 0, all, 4), 0);
	CHECK_EQ(mpam_ref_map_class(0, 3, 1), 0);
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	CHECK_EQ(snap(), 0);
}

/*
 * At 256 CPUs a mask is four words and a CPU moves one: a kept snapshot rewrites the words that
 * differ from what the buffer holds, names them, and moves the weight by theirs.
 */
TEST(abi_snapshot_rewrites_only_the_words_that_changed)
{
	one_domain_of_256_cpus();
	CHECK_EQ(info.mask_words, 4);
	CHECK_EQ(mpam_ref_cpu_online(200), 0);	/* word 3 */
	check_rewritten_words(3, 4, 2);
	CHECK_EQ(masks[dom[0].mask_offset + 3], 1ULL << 8);
	CHECK_EQ(mpam_ref_cpu_online(70), 0);	/* words 1 and 2 */
	CHECK_EQ(mpam_ref_cpu_online(130), 0);
	check_rewritten_words(1, 3, 4);
	CHECK_EQ(masks[dom[0].mask_offset + 1], 1ULL << 6);
	CHECK_EQ(masks[dom[0].mask_offset + 2], 1ULL << 2);
	CHECK_EQ(mpam_ref_cpu_offline(200), 0);	/* one CPU for another in word 3: the weight is as it was */
	CHECK_EQ(mpam_ref_cpu_online(201), 0);
	check_rewritten_words(3, 4, 4);
	CHECK_EQ(masks[dom[0].mask_offset + 3], 1ULL << 9);
	CHECK_EQ(masks[dom[0].mask_offset + 0], 1ULL);
}

/*
 * The stand-in that sets or clears a CPU names the word it wrote: a kept snapshot looks at that
 * word of the mask, not at all 64 of a 4096-CPU one. A word of the caller's buffer outside it is
 * left as the caller left it (a scan of every word would have put the mask's own back).
 */
TEST(abi_snapshot_looks_only_at_the_words_written)
{
	one_domain_of_256_cpus();
	masks[dom[0].mask_offset] = 0xdead;	/* word 0 as the caller changed it */
	CHECK_EQ(mpam_ref_cpu_online(200), 0);	/* word 3 */
	check_rewritten_words(3, 4, 2);
	CHECK_EQ(masks[dom[0].mask_offset], 0xdead);
	masks[dom[0].mask_offset] = 0x1;
	CHECK_EQ(mpam_ref_cpu_online(70), 0);	/* word 1, then word 3 again: the run holding both is looked at */
	CHECK_EQ(mpam_ref_cpu_online(201), 0);
	check_rewritten_words(1, 4, 4);
	CHECK_EQ(masks[dom[0].mask_offset + 1], 1ULL << 6);
	CHECK_EQ(masks[dom[0].mask_offset + 3], 3ULL << 8);
}

TEST(abi_snapshot_copies_only_the_masks_that_changed)
{
	platform(1);				/* domains 0 (CPUs 0-1) and 1 (CPUs 2-3) */
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	CHECK_EQ(mpam_ref_cpu_online(2), 0);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 0);		/* the first into these buffers since the reset: all written */
	CHECK_EQ(dom[0].was_slot, -1);
	CHECK_EQ(dom[1].was_slot, -1);
	CHECK_EQ(dom[0].mask_offset, 0);	/* homes given in list order */
	CHECK_EQ(dom[1].mask_offset, 1);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 1);		/* nothing happened: nothing walked or written */
	CHECK_EQ(info.changed_count, 0);
	CHECK_EQ(dom[0].was_slot, 0);
	CHECK_EQ(dom[1].was_slot, 1);
	masks[dom[0].mask_offset] = 0xdead;
	CHECK_EQ(snap(), 0);
	CHECK_EQ(masks[dom[0].mask_offset], 0xdead);	/* left as it is */
	masks[dom[0].mask_offset] = 0x1;
	CHECK_EQ(mpam_ref_cpu_online(3), 0);	/* joins domain 1: no allocation, no list change */
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 1);
	CHECK_EQ(info.changed_count, 1);
	CHECK_EQ(info.changed[0], 1);
	CHECK_EQ(info.changed_from[0], 0);	/* its one word */
	CHECK_EQ(info.changed_end[0], 1);
	CHECK_EQ(dom[0].was_slot, 0);
	CHECK_EQ(dom[1].was_slot, -1);
	CHECK_EQ(masks[dom[1].mask_offset], 0xc);
	CHECK_EQ(dom[1].cpu_count, 2);
	CHECK_EQ(dom[0].cpu_count, 1);
	CHECK_EQ(mpam_ref_cpu_online(1), 0);
	CHECK_EQ(mpam_ref_cpu_offline(1), 0);	/* written twice, back as it was: written again */
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.changed_count, 1);
	CHECK_EQ(info.changed[0], 0);
	CHECK_EQ(info.changed_end[0], info.changed_from[0]);	/* no word differs from the buffer's */
	CHECK_EQ(dom[0].was_slot, -1);
	CHECK_EQ(dom[1].was_slot, 1);	/* what the last one flagged is unflagged */
	CHECK_EQ(masks[dom[0].mask_offset], 0x1);
	CHECK_EQ(mpam_ref_cpu_offline(3), 0);
	CHECK_EQ(mpam_ref_cpu_offline(2), 0);	/* domain 1 leaves its list and is freed: followed, no walk */
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 1);
	CHECK_EQ(info.edit_count, 1);
	check_one_edit(0, 1, 0);
	CHECK_EQ(edits[0].rid, 0);
	CHECK_EQ(edits[0].monitor, 0);
	CHECK_EQ(res[0].domain_count, 1);
	CHECK_EQ(dom[0].was_slot, 0);	/* domain 0 did not change, nor move */
	CHECK_EQ(dom[0].mask_offset, 0);
	CHECK_EQ(masks[dom[0].mask_offset], 0x1);
	CHECK_EQ(mpam_ref_cpu_online(2), 0);	/* domain 1 again, after domain 0: a new mask, the home it left */
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 1);
	check_one_edit(1, 1, 1);
	CHECK_EQ(dom[0].was_slot, 0);
	CHECK_EQ(dom[1].id, 1);
	CHECK_EQ(dom[1].was_slot, -1);
	CHECK_EQ(dom[1].cpu_count, 1);
	CHECK_EQ(dom[1].mask_offset, 1);
	CHECK_EQ(masks[1], 0x4);
	CHECK_EQ(mpam_ref_cpu_offline(0), 0);	/* domain 0 goes: domain 1 moves up, its mask stays home */
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 1);
	check_one_edit(0, 0, 0);
	CHECK_EQ(res[0].domain_count, 1);
	CHECK_EQ(dom[0].id, 1);
	CHECK_EQ(dom[0].was_slot, 1);		/* unchanged, and it was at place 1 */
	CHECK_EQ(dom[0].mask_offset, 1);
	CHECK_EQ(dom[0].cpu_count, 1);
	CHECK_EQ(masks[1], 0x4);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);	/* domain 0 again, ahead of domain 1: at place 0, in the home it left */
	CHECK_EQ(snap(), 0);
	check_one_edit(1, 0, 0);
	CHECK_EQ(res[0].domain_count, 2);
	CHECK_EQ(dom[0].id, 0);
	CHECK_EQ(dom[0].mask_offset, 0);
	CHECK_EQ(masks[0], 0x1);
	CHECK_EQ(dom[1].id, 1);
	CHECK_EQ(dom[1].was_slot, 0);		/* moved down from place 0 */
	CHECK_EQ(dom[1].mask_offset, 1);
}

/* A forgotten snapshot is taken whole; the mask buffer needs a home for every domain slot. */
TEST(abi_snapshot_forget_and_room_for_a_home_per_slot)
{
	platform(1);				/* domains 0 (CPUs 0-1) and 1 (CPUs 2-3); one word a mask */
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	CHECK_EQ(mpam_ref_cpu_online(2), 0);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 1);
	mpam_ref_snapshot_forget();
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.domains_kept, 0);		/* walked, and every mask copied again */
	CHECK_EQ(dom[0].was_slot, -1);
	CHECK_EQ(dom[1].was_slot, -1);
	CHECK_EQ(masks[dom[1].mask_offset], 0x4);
	/* 4 domain slots need 4 one-word homes: 3 words are short, and the answer says 4 */
	CHECK_EQ(mpam_ref_snapshot(&info, res, MPAM_REF_MAX_RESOURCES, dom, 4, masks, 3), -ENOSPC);
	CHECK_EQ(info.domain_count, 2);
	CHECK_EQ(info.mask_words_needed, 4);
	CHECK_EQ(mpam_ref_snapshot(&info, res, MPAM_REF_MAX_RESOURCES, dom, 4, masks, 4), 0);
	CHECK_EQ(info.domains_kept, 0);		/* other buffers than the last: walked */
	CHECK_EQ(dom[0].was_slot, -1);
	CHECK_EQ(masks[dom[0].mask_offset], 0x1);
	CHECK_EQ(masks[dom[1].mask_offset], 0x4);
}

TEST(abi_drains_copy_out_and_forget)
{
	struct mpam_ref_event ev[8];
	struct mpam_ref_rule_report rr[4];
	struct mpam_ref_rule_site site;

	platform(1);
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(2), 0);
	CHECK_EQ(mpam_ref_drain_events(ev, 1), 1);
	CHECK_EQ(ev[0].kind, MPAM_REF_EVENT_ONLINE_CTRL_DOMAIN);
	CHECK_EQ(ev[0].domain_id, 1);
	CHECK_EQ(ev[0].domain_cpu_count, 1);
	CHECK_EQ(mpam_ref_drain_events(ev, 8), 1);
	CHECK_EQ(ev[0].kind, MPAM_REF_EVENT_ONLINE_CPU);
	CHECK_EQ(ev[0].seq, 1);
	CHECK_EQ(mpam_ref_drain_events(ev, 8), 0);
	CHECK_EQ(mpam_ref_drain_rule_reports(rr, 4), 1);
	CHECK_EQ(rr[0].kind, MPAM_REF_RULE_RCU_LIST_UNPROTECTED);
	CHECK_EQ(mpam_ref_rule_site(rr[0].site, &site), 0);
	CHECK_EQ(site.kind, MPAM_REF_RULE_RCU_LIST_UNPROTECTED);
	CHECK_STR(site.func, "mpam_resctrl_get_domain_from_cpu");
	CHECK_STR(site.detail, "&r->ctrl_domains");
	CHECK_EQ(mpam_ref_drain_rule_reports(rr, 4), 0);
	CHECK_EQ(mpam_ref_rule_site(UINT32_MAX, &site), -EINVAL);
}

TEST(abi_setup_rollback_like_cpuhp_setup_state)
{
	struct mpam_ref_event ev[16];

	platform(1);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	CHECK_EQ(mpam_ref_cpu_online(1), 0);
	CHECK_EQ(mpam_ref_cpu_online(2), 0);
	CHECK_EQ(mpam_ref_fail_fs(MPAM_REF_FS_ONLINE_CTRL_DOMAIN, 2, -ENOMEM), 0);
	CHECK_EQ(mpam_ref_setup(), -ENOMEM);		/* CPU 2's domain is refused */
	uint32_t n = mpam_ref_drain_events(ev, 16);
	int want[][2] = { { 1, 0 }, { 3, 0 }, { 3, 1 }, { 1, 1 }, { 4, 0 }, { 4, 1 }, { 2, 0 } };
	CHECK_EQ(n, 7);
	for (uint32_t i = 0; i < n && i < 7; i++) {
		CHECK_EQ(ev[i].kind, want[i][0]);
		CHECK_EQ(ev[i].kind <= 2 ? ev[i].domain_id : ev[i].cpu, want[i][1]);
	}
	CHECK_EQ(snap(), 0);
	CHECK_EQ(res[0].domain_count, 0);
	CHECK_EQ(info.mpam_enabled, 1);
	CHECK_EQ(info.callbacks_registered, 0);
	struct mpam_ref_counters c;
	mpam_ref_counters(&c);
	CHECK_EQ(c.allocs_live, 0);
	CHECK_EQ(mpam_ref_cpu_online(3), 0);		/* no state installed: no callback */
	CHECK_EQ(mpam_ref_drain_events(ev, 16), 0);
	uint64_t online = 0;
	mpam_ref_hotplug_online_mask(&online, 1);
	CHECK_EQ(online, 0xf);
}

TEST(abi_failed_online_leaves_cpu_offline)
{
	platform(1);
	CHECK_EQ(mpam_ref_setup(), 0);
	mpam_ref_fail_alloc(1);
	CHECK_EQ(mpam_ref_cpu_online(1), -ENOMEM);
	CHECK_EQ(mpam_ref_cpu_offline(1), MPAM_REF_CALLBACK_NOT_RUN);
	CHECK_EQ(mpam_ref_cpu_online(1), 0);
	CHECK_EQ(mpam_ref_cpu_online(1), MPAM_REF_CALLBACK_NOT_RUN);
}

/* The reviewer's first point: a resource that is not alloc_capable gets a domain on no list. */
TEST(abi_not_alloc_capable_domain_leaks_per_online)
{
	struct mpam_ref_allocation live[8];
	struct mpam_ref_warn_site ws[4];
	uint64_t all = 0xf;

	platform(1);
	CHECK_EQ(mpam_ref_add_class(4, MPAM_REF_CLASS_CACHE, 2), 0);
	CHECK_EQ(mpam_ref_add_component(4, 0, &all, 1), 0);
	CHECK_EQ(mpam_ref_map_class(1, 4, 0), 0);		/* L2, not alloc_capable */
	CHECK_EQ(mpam_ref_set_cpu_node(1, 1), 0);
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	CHECK_EQ(mpam_ref_cpu_online(1), 0);
	CHECK_EQ(mpam_ref_cpu_offline(1), 0);
	CHECK_EQ(mpam_ref_cpu_offline(0), 0);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(res[1].domain_count, 0);
	CHECK_EQ(mpam_ref_live_allocations(live, 8), 2);	/* one per online of a CPU, never freed */
	CHECK_STR(live[0].site, "mpam_resctrl_alloc_domain");
	CHECK_EQ(live[1].node, 1);
	CHECK(live[0].token < live[1].token);
	CHECK_EQ(mpam_ref_warn_sites(ws, 4), 1);
	CHECK_STR(ws[0].func, "mpam_resctrl_offline_cpu");
	CHECK_STR(ws[0].cond, "!dom");
	CHECK_EQ(ws[0].hits, 2);
	CHECK_EQ(ws[0].reported, 1);
}

/*
 * The configurations' version moves with what mpam_ref_configs() reads from, and only then: a
 * step that lists or frees nothing and writes no configuration leaves it, so a snapshot keeps
 * the configurations it read. With nothing configured (the seed's components keep none), a list
 * change leaves it too: no list can show a configuration.
 */
TEST(abi_configs_version_moves_with_what_configs_are_read_from)
{
	uint64_t v;

	platform(1);
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);	/* domain 0 allocated and listed */
	CHECK_EQ(snap(), 0);
	v = info.configs_version;
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.configs_version, v);	/* nothing happened */
	CHECK_EQ(mpam_ref_cpu_online(1), 0);	/* joins domain 0: a mask, no list */
	CHECK_EQ(mpam_ref_alloc_capable(), 1);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.configs_version, v);
	CHECK_EQ(mpam_ref_cpu_online(2), 0);	/* domain 1 listed */
	CHECK_EQ(mpam_ref_cpu_offline(2), 0);	/* and unlisted and freed */
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.configs_version, v);	/* nothing configured: no list can show one */
	mpam_ref_reset();
	CHECK_EQ(snap(), 0);
	CHECK(info.configs_version > v);	/* never back to a value seen before the reset */
	v = info.configs_version;
	CHECK_EQ(mpam_ref_set_partid_max(3), 0);
	CHECK_EQ(snap(), 0);
	CHECK(info.configs_version != v);
}

TEST(abi_cacheinfo_refuses_a_cpu_past_the_possible_ones_in_any_word)
{
	uint64_t words[3] = { 0 };

	CHECK_EQ(mpam_ref_set_possible_cpus(70), 0);
	words[1] = 1ull << 5;			/* CPU 69: the last possible */
	CHECK_EQ(mpam_ref_set_cacheinfo(words, 3, 3, 1, 4096), 0);
	words[1] = 1ull << 6;			/* CPU 70 */
	CHECK_EQ(mpam_ref_set_cacheinfo(words, 3, 3, 1, 4096), -EINVAL);
	words[1] = 0;
	words[2] = 1;				/* CPU 128, a word past them */
	CHECK_EQ(mpam_ref_set_cacheinfo(words, 3, 3, 1, 4096), -EINVAL);
	words[2] = 0;
	words[0] = 1ull << 63;
	CHECK_EQ(mpam_ref_set_cacheinfo(words, 3, 3, 1, 4096), 0);
}

TEST(abi_pmg_max_is_fixed_at_setup_and_forgotten_at_reset)
{
	platform(1);
	CHECK_EQ(mpam_ref_set_pmg_max(3), 0);
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_set_pmg_max(1), -EBUSY);	/* the driver core fixed it when it probed the MSCs */
	mpam_ref_reset();
	CHECK_EQ(mpam_ref_set_pmg_max(1), 0);
}

TEST(abi_rmid_index_is_refused_where_the_revision_has_none)
{
	CHECK_EQ(mpam_ref_rmid_idx_encode(1, 0), -EOPNOTSUPP);	/* the seed defines neither */
	CHECK_EQ(mpam_ref_rmid_idx_decode(1, 1), -EOPNOTSUPP);
}

TEST(abi_reset_forgets_everything)
{
	platform(1);
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	mpam_ref_set_partid_max(7);
	mpam_ref_fail_alloc(1);
	mpam_ref_reset();
	struct mpam_ref_counters c;
	mpam_ref_counters(&c);
	CHECK_EQ(c.allocs_live + c.allocs_total + c.events_total + c.rule_reports + c.generation, 0);
	CHECK_EQ(snap(), 0);
	CHECK_EQ(info.nr_cpu_ids + info.setup_done + info.mpam_enabled + info.domain_count, 0);
	CHECK_EQ(res[0].class_mapped, 0);
	CHECK_EQ(mpam_ref_get_num_closid(), 1);
	CHECK_EQ(mpam_ref_get_resource(0), 1);
	CHECK_EQ(mpam_ref_get_resource(MPAM_REF_MAX_RESOURCES), 0);
	platform(1);					/* the injected failure did not survive */
	CHECK_EQ(mpam_ref_setup(), 0);
	CHECK_EQ(mpam_ref_cpu_online(0), 0);
	struct mpam_ref_event ev[4];
	CHECK_EQ(mpam_ref_drain_events(ev, 4), 2);
	CHECK_EQ(ev[0].seq, 0);
	struct mpam_ref_rule_report rr[2];
	CHECK_EQ(mpam_ref_drain_rule_reports(rr, 2), 1);	/* once-ness was reset too */
}

TEST_MAIN(mpam_ref_reset)
