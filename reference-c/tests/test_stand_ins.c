// SPDX-License-Identifier: GPL-2.0
/*
 * test_stand_ins.c - the stand-ins of reference-c/kernel/ checked against the
 * kernel semantics they claim: resctrl_find_domain() order and insertion
 * position, the slab ledger and its injected failures, WARN once-ness and its
 * reset, guard() release on every exit path, and the lockdep / RCU checks
 * firing exactly when a debug kernel's would.
 */
#include "../kernel/stand_in_controlled.h"
#include "../kernel/stand_in_arm64.h"
#include "harness.h"

static unsigned int rules(void) { return stand_in.rules_total; }
static const struct stand_in_rule *rule(unsigned int i) { return &stand_in.rules.buf[(stand_in.rules.head + i) % STAND_IN_RING]; }
static const struct stand_in_rule_site *site(unsigned int i) { return &stand_in_rule_sites[rule(i)->site]; }

/* --- resctrl_find_domain ------------------------------------------------- */
static struct rdt_domain_hdr hdrs[8];

static struct rdt_domain_hdr *hdr(int id)
{
	static int next;
	struct rdt_domain_hdr *h = &hdrs[next++ % 8];

	memset(h, 0, sizeof(*h));
	h->id = id;
	INIT_LIST_HEAD(&h->list);
	return h;
}

static int ids(struct list_head *head, int *out)
{
	int n = 0;
	struct rdt_domain_hdr *h;

	list_for_each_entry(h, head, list)
		out[n++] = h->id;
	return n;
}

TEST(find_domain_empty_list_positions_at_head)
{
	LIST_HEAD(head);
	struct list_head *pos = NULL;

	CHECK(resctrl_find_domain(&head, 3, &pos) == NULL);
	CHECK(pos == &head);
	CHECK(resctrl_find_domain(&head, 3, NULL) == NULL);
}

TEST(find_domain_returns_existing_id)
{
	LIST_HEAD(head);
	struct rdt_domain_hdr *a = hdr(1), *b = hdr(3), *c = hdr(5);
	struct list_head *pos = NULL;

	list_add_tail(&a->list, &head);
	list_add_tail(&b->list, &head);
	list_add_tail(&c->list, &head);
	CHECK(resctrl_find_domain(&head, 3, &pos) == b);
	CHECK(resctrl_find_domain(&head, 1, &pos) == a);
	CHECK(resctrl_find_domain(&head, 5, &pos) == c);
}

TEST(find_domain_insertion_head_middle_tail_keeps_order)
{
	LIST_HEAD(head);
	struct rdt_domain_hdr *a = hdr(1), *b = hdr(3), *c = hdr(5);
	struct list_head *pos = NULL;
	int got[8], n;

	list_add_tail(&a->list, &head);
	list_add_tail(&b->list, &head);
	list_add_tail(&c->list, &head);

	CHECK(resctrl_find_domain(&head, 0, &pos) == NULL);
	CHECK(pos == &a->list);				/* head: before the first entry */
	list_add_tail_rcu(&hdr(0)->list, pos);

	CHECK(resctrl_find_domain(&head, 4, &pos) == NULL);
	CHECK(pos == &c->list);				/* middle: before the first larger id */
	list_add_tail_rcu(&hdr(4)->list, pos);

	CHECK(resctrl_find_domain(&head, 9, &pos) == NULL);
	CHECK(pos == &head);				/* tail: the head itself */
	list_add_tail_rcu(&hdr(9)->list, pos);

	n = ids(&head, got);
	CHECK_EQ(n, 6);
	int want[] = { 0, 1, 3, 4, 5, 9 };

	for (int i = 0; i < 6 && i < n; i++)
		CHECK_EQ(got[i], want[i]);
	CHECK_EQ(stand_in.generation, 3);		/* every RCU-list insertion counts */
}

TEST(find_domain_negative_ids_sort_first)
{
	LIST_HEAD(head);
	struct list_head *pos;
	int order[] = { 2, -1, 7, 0, -5 }, got[8];

	for (int i = 0; i < 5; i++) {
		CHECK(resctrl_find_domain(&head, order[i], &pos) == NULL);
		list_add_tail_rcu(&hdr(order[i])->list, pos);
	}
	CHECK_EQ(ids(&head, got), 5);
	CHECK_EQ(got[0], -5);
	CHECK_EQ(got[1], -1);
	CHECK_EQ(got[2], 0);
	CHECK_EQ(got[3], 2);
	CHECK_EQ(got[4], 7);
}

/* --- slab ledger ----------------------------------------------------------- */
static void *alloc_here(size_t n, int node) { return kzalloc_node(n, GFP_KERNEL, node); }

TEST(ledger_counts_live_total_and_zeroes)
{
	unsigned char *a = alloc_here(32, 1), *b = alloc_here(8, 0);

	CHECK(a && b);
	for (int i = 0; a && i < 32; i++)
		CHECK_EQ(a[i], 0);
	CHECK_EQ(stand_in.allocs_total, 2);
	CHECK_EQ(stand_in.allocs_live, 2);
	kfree(a);
	CHECK_EQ(stand_in.allocs_live, 1);
	CHECK_EQ(stand_in.frees_total, 1);
	CHECK(stand_in.allocs[0].token == 1 && !stand_in.allocs[0].live);
	CHECK(stand_in.allocs[1].token == 2 && stand_in.allocs[1].live);
	CHECK_EQ(stand_in.allocs[1].size, 8);
	CHECK_EQ(stand_in.allocs[0].node, 1);
	CHECK_STR(stand_in.allocs[1].site, "alloc_here");
	kfree(b);
	CHECK_EQ(stand_in.allocs_live, 0);
}

TEST(ledger_fails_exactly_the_nth_allocation_once)
{
	stand_in_fail_alloc(3);
	void *a = alloc_here(4, 0), *b = alloc_here(4, 0), *c = alloc_here(4, 0), *d = alloc_here(4, 0);

	CHECK(a && b && !c && d);
	CHECK_EQ(stand_in.alloc_failures, 1);
	CHECK_EQ(stand_in.allocs_total, 3);
	CHECK_EQ(stand_in.allocs_live, 3);
	stand_in_fail_alloc(1);
	CHECK(alloc_here(4, 0) == NULL);
	stand_in_fail_alloc(2);
	stand_in_fail_alloc(0);				/* disarmed */
	CHECK(alloc_here(4, 0) != NULL);
	CHECK(alloc_here(4, 0) != NULL);
	CHECK_EQ(stand_in.alloc_failures, 2);
}

TEST(ledger_double_and_foreign_frees)
{
	int on_stack;
	static int in_data;
	void *a = alloc_here(16, 0);

	kfree(a);
	kfree(a);
	CHECK_EQ(stand_in.double_frees, 1);
	CHECK_EQ(stand_in.frees_total, 1);
	kfree(&on_stack);
	kfree(&in_data);
	CHECK_EQ(stand_in.foreign_frees, 2);
	kfree(NULL);
	CHECK_EQ(stand_in.foreign_frees, 2);
	CHECK_EQ(stand_in.allocs_live, 0);
}

TEST(ledger_many_allocations_and_reset)
{
	void *p[300];

	for (int i = 0; i < 300; i++)
		p[i] = alloc_here((size_t)i + 1, 0);
	for (int i = 0; i < 300; i += 2)
		kfree(p[i]);
	CHECK_EQ(stand_in.allocs_live, 150);
	kfree(p[10]);					/* freed already */
	CHECK_EQ(stand_in.double_frees, 1);
	stand_in_reset();				/* releases all 300, live or not */
	CHECK_EQ(stand_in.allocs_live, 0);
	CHECK_EQ(stand_in.allocs_total, 0);
	CHECK_EQ(stand_in.nr_allocs, 0);
	CHECK(alloc_here(4, 0) != NULL);
	CHECK_EQ(stand_in.allocs[0].token, 1);		/* tokens restart */
}

TEST(ledger_records_each_free_in_the_order_freed)
{
	void *a = alloc_here(8, 0), *b = alloc_here(8, 0), *c = alloc_here(8, 0);

	kfree(b);
	kfree(c);
	kfree(b);					/* a double free is not a free */
	kfree(a);
	CHECK_EQ(stand_in.frees_total, 3);
	CHECK_EQ(stand_in.freed[0], 2);
	CHECK_EQ(stand_in.freed[1], 3);
	CHECK_EQ(stand_in.freed[2], 1);
	stand_in_reset();
	CHECK_EQ(stand_in.frees_total, 0);
	kfree(alloc_here(8, 0));
	CHECK_EQ(stand_in.freed[0], 1);			/* tokens and frees restart */
}

TEST(ledger_finds_the_live_allocation_an_address_lies_in)
{
	char *a = alloc_here(40, 0), *b = alloc_here(100, 0), *c = alloc_here(8, 0);
	int on_stack;

	CHECK(stand_in_allocation_containing(a) == &stand_in.allocs[0]);
	CHECK(stand_in_allocation_containing(a + 39) == &stand_in.allocs[0]);
	CHECK(stand_in_allocation_containing(b + 51) == &stand_in.allocs[1]);
	CHECK(stand_in_allocation_containing(b + 99) == &stand_in.allocs[1]);
	CHECK(stand_in_allocation_containing(&on_stack) == NULL);
	kfree(c);
	CHECK(stand_in_allocation_containing(c) == NULL);	/* freed: holds nothing */
	/* One allocation larger than the ledger is long: the ledger is walked, with the same answers. */
	char *big = alloc_here(4096, 0);

	CHECK(stand_in.max_alloc_size / 8 + 1 > stand_in.nr_allocs);
	CHECK(stand_in_allocation_containing(a + 39) == &stand_in.allocs[0]);
	CHECK(stand_in_allocation_containing(big + 4000) == &stand_in.allocs[3]);
	CHECK(stand_in_allocation_containing(c) == NULL);
	CHECK(stand_in_allocation_containing(&on_stack) == NULL);
}

TEST(ledger_names_each_holding_allocation_once_in_token_order)
{
	char *a = alloc_here(64, 0), *b = alloc_here(64, 0), *c = alloc_here(64, 0);
	int on_stack;
	unsigned int n;

	stand_in_holders_begin();
	stand_in_holder_add(c + 8);
	stand_in_holder_add(a + 16);
	stand_in_holder_add(&on_stack);			/* in no allocation */
	stand_in_holder_add(c + 40);			/* c again: a control and a monitor domain */
	const struct stand_in_alloc *const *held = stand_in_holding_allocations(&n);

	CHECK_EQ(n, 2);
	CHECK(n == 2 && held[0]->ptr == a && held[1]->ptr == c);
	(void)b;
}

/* --- WARN --------------------------------------------------------------------- */
static bool warn_once_site(int c) { return WARN_ON_ONCE(c > 2); }
static bool warn_site(int c) { return WARN_ON(c > 2); }
static bool other_once_site(void *p) { return WARN_ON_ONCE(!p); }

TEST(warn_on_once_evaluates_to_condition_and_reports_once)
{
	CHECK(!warn_once_site(1));
	CHECK_EQ(stand_in.nr_warn_sites, 0);
	CHECK(warn_once_site(3));
	CHECK(warn_once_site(4));
	CHECK(!warn_once_site(0));
	CHECK(warn_once_site(5));
	CHECK_EQ(stand_in.nr_warn_sites, 1);
	struct stand_in_site *s = stand_in.warn_sites[0];

	CHECK_STR(s->func, "warn_once_site");
	CHECK_STR(s->cond, "c > 2");
	CHECK_EQ(s->hits, 3);
	CHECK_EQ(s->reported, 1);
	CHECK_EQ(stand_in.warn_hits, 3);
}

TEST(warn_on_reports_every_hit_sites_in_first_hit_order)
{
	CHECK(other_once_site(NULL));
	CHECK(warn_site(9));
	CHECK(warn_site(9));
	CHECK_EQ(stand_in.nr_warn_sites, 2);
	CHECK_STR(stand_in.warn_sites[0]->func, "other_once_site");
	CHECK_STR(stand_in.warn_sites[0]->cond, "!p");
	CHECK_STR(stand_in.warn_sites[1]->func, "warn_site");
	CHECK_EQ(stand_in.warn_sites[1]->reported, 2);
	CHECK_EQ(stand_in.warn_hits, 3);
}

TEST(warn_on_once_onceness_resets)
{
	CHECK(warn_once_site(3));
	CHECK(warn_once_site(3));
	stand_in_reset();
	CHECK_EQ(stand_in.nr_warn_sites, 0);
	CHECK_EQ(stand_in.warn_hits, 0);
	CHECK(warn_once_site(3));
	CHECK_EQ(stand_in.nr_warn_sites, 1);
	CHECK_EQ(stand_in.warn_sites[0]->hits, 1);
	CHECK_EQ(stand_in.warn_sites[0]->reported, 1);	/* reported again after reset */
}

/* --- printk ---------------------------------------------------------------------- */
TEST(printk_captured_with_level)
{
	pr_err("bad %d\n", 7);
	pr_debug("dbg %s", "x");
	printk("plain");
	CHECK_EQ(stand_in.messages_total, 3);
	CHECK_EQ(stand_in.msgs.buf[0].level, 3);
	CHECK_STR(stand_in.msgs.buf[0].text, "bad 7\n");
	CHECK_EQ(stand_in.msgs.buf[1].level, 7);
	CHECK_STR(stand_in.msgs.buf[1].text, "dbg x");
	CHECK_EQ(stand_in.msgs.buf[2].level, 4);
}

/* --- guard() ------------------------------------------------------------------------ */
static DEFINE_MUTEX(test_lock);
static DEFINE_MUTEX(other_lock);
DEFINE_STATIC_SRCU(test_srcu);

static int guard_early_return(int x)
{
	guard(mutex)(&test_lock);
	if (x)
		return test_lock.dep_map.held;
	return -1;
}

static int guard_in_loop(int mode)
{
	int n = 0;

	for (int i = 0; i < 4; i++) {
		guard(mutex)(&test_lock);
		if (!test_lock.dep_map.held)
			return -100;
		if (mode == 0 && i == 1)
			continue;
		if (mode == 1 && i == 2)
			break;
		n++;
	}
	return n;
}

static int guard_goto(void)
{
	int held_inside;

	{
		guard(mutex)(&test_lock);
		held_inside = test_lock.dep_map.held;
		goto out;
	}
out:
	return held_inside;
}

static int srcu_guard_return(int x)
{
	guard(srcu)(&test_srcu);
	if (x)
		return test_srcu.depth;
	{
		guard(srcu)(&test_srcu);
		if (test_srcu.depth != 2)
			return -2;
	}
	return test_srcu.depth;
}

TEST(guard_mutex_released_on_early_return_and_fallthrough)
{
	CHECK_EQ(guard_early_return(1), 1);
	CHECK_EQ(test_lock.dep_map.held, 0);
	CHECK_EQ(guard_early_return(0), -1);
	CHECK_EQ(test_lock.dep_map.held, 0);
	CHECK_EQ(rules(), 0);
}

TEST(guard_mutex_released_on_break_and_continue)
{
	CHECK_EQ(guard_in_loop(0), 3);
	CHECK_EQ(test_lock.dep_map.held, 0);
	CHECK_EQ(guard_in_loop(1), 2);
	CHECK_EQ(test_lock.dep_map.held, 0);
	CHECK_EQ(guard_in_loop(2), 4);
	CHECK_EQ(rules(), 0);				/* each iteration's lock met an unlock */
}

TEST(guard_mutex_released_on_goto_out_of_scope)
{
	CHECK_EQ(guard_goto(), 1);
	CHECK_EQ(test_lock.dep_map.held, 0);
	CHECK_EQ(rules(), 0);
}

TEST(guard_srcu_released_on_every_path_and_nests)
{
	CHECK_EQ(srcu_guard_return(1), 1);
	CHECK_EQ(test_srcu.depth, 0);
	CHECK_EQ(srcu_guard_return(0), 1);
	CHECK_EQ(test_srcu.depth, 0);
	{
		guard(mutex)(&other_lock);
		{
			guard(srcu)(&test_srcu);
			CHECK_EQ(test_srcu.depth, 1);
		}
		CHECK_EQ(test_srcu.depth, 0);
		CHECK_EQ(other_lock.dep_map.held, 1);
	}
	CHECK_EQ(other_lock.dep_map.held, 0);
	CHECK_EQ(rules(), 0);
}

/* --- lockdep ------------------------------------------------------------------------- */
static void needs_test_lock(void) { lockdep_assert_held(&test_lock); }
static void needs_cpus(void) { lockdep_assert_cpus_held(); }

TEST(lockdep_assert_held_fires_only_without_the_lock)
{
	mutex_lock(&test_lock);
	needs_test_lock();
	mutex_unlock(&test_lock);
	CHECK_EQ(rules(), 0);
	mutex_lock(&other_lock);
	needs_test_lock();				/* another lock does not do */
	mutex_unlock(&other_lock);
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_LOCK_NOT_HELD);
	CHECK_STR(site(0)->func, "needs_test_lock");
	CHECK_STR(site(0)->detail, "test_lock");
}

TEST(lockdep_assert_cpus_held_fires_only_outside_cpus_read_lock)
{
	cpus_read_lock();
	needs_cpus();
	cpus_read_lock();				/* readers nest */
	cpus_read_unlock();
	needs_cpus();
	cpus_read_unlock();
	CHECK_EQ(rules(), 0);
	needs_cpus();
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_CPUS_NOT_HELD);
	CHECK_STR(site(0)->func, "needs_cpus");
}

static void needs_preemption_off(void) { lockdep_assert_preemption_disabled(); }

TEST(lockdep_assert_preemption_disabled_fires_only_with_preemption_on)
{
	preempt_disable();
	needs_preemption_off();
	preempt_disable();				/* the depth nests */
	preempt_enable();
	needs_preemption_off();
	preempt_enable();
	CHECK_EQ(rules(), 0);
	needs_preemption_off();
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_PREEMPTIBLE);
	CHECK_STR(site(0)->func, "needs_preemption_off");
	CHECK_STR(site(0)->detail, "preemption");
}

TEST(lock_imbalance_reported)
{
	mutex_lock(&test_lock);
	mutex_lock(&test_lock);				/* recursive: printed, and lockdep goes off */
	CHECK_EQ(rules(), 1);
	mutex_unlock(&test_lock);
	mutex_unlock(&test_lock);			/* not held any more: reported, not printed */
	cpus_read_unlock();				/* the same */
	CHECK_EQ(rules(), 1);
	CHECK_EQ(stand_in.violations_total, 3);
	for (unsigned int i = 0; i < 3; i++) {
		CHECK_EQ(site(i)->kind, STAND_IN_LOCK_IMBALANCE);
		CHECK_EQ(rule(i)->printed, i == 0);
	}
}

TEST(checks_go_on_after_lockdep_is_off)
{
	mutex_lock(&test_lock);
	mutex_lock(&test_lock);				/* the splat that turns lockdep off */
	mutex_unlock(&test_lock);
	CHECK(!stand_in.debug_locks);
	lockdep_assert_held(&test_lock);		/* not held: reported though no kernel prints it */
	CHECK_EQ(stand_in.violations_total, 2);
	CHECK_EQ(site(1)->kind, STAND_IN_LOCK_NOT_HELD);
	CHECK_EQ(rule(1)->printed, 0);
}

TEST(a_lock_held_when_the_step_ends_is_reported_once)
{
	mutex_lock(&test_lock);
	stand_in_step_end();
	stand_in_step_end();
	CHECK_EQ(stand_in.violations_total, 1);
	CHECK_EQ(site(0)->kind, STAND_IN_LOCK_HELD_AT_RETURN);
	CHECK_STR(site(0)->detail, "test_lock");
	mutex_unlock(&test_lock);
	stand_in_step_end();
	CHECK_EQ(stand_in.violations_total, 1);
}

/* --- wait queues ----------------------------------------------------------- */
static DECLARE_WAIT_QUEUE_HEAD(test_waiters);

/* The one report so far: printed, of this kind, naming this function and this detail. */
#define CHECK_ONE_PRINTED_REPORT(want_kind, want_func, want_detail) do {	\
	CHECK_EQ(stand_in.violations_total, 1);				\
	CHECK_EQ(rule(0)->printed, 1);					\
	CHECK_EQ(site(0)->kind, (want_kind));				\
	CHECK_STR(site(0)->func, (want_func));				\
	CHECK_STR(site(0)->detail, (want_detail));			\
} while (0)

TEST(a_wait_entry_taken_off_by_finish_wait_is_not_reported)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(&test_waiters, &wait, TASK_INTERRUPTIBLE);
	prepare_to_wait(&test_waiters, &wait, TASK_INTERRUPTIBLE);	/* queued once, as list_empty() keeps it */
	CHECK_EQ(test_waiters.waiters, 1);
	schedule();
	CHECK(signal_pending(current));
	finish_wait(&test_waiters, &wait);
	CHECK_EQ(test_waiters.waiters, 0);
	CHECK(!signal_pending(current));
	stand_in_step_end();
	CHECK_EQ(stand_in.violations_total, 0);
}

static void wait_and_leave_queued(void)
{
	DEFINE_WAIT(wait);

	prepare_to_wait(&test_waiters, &wait, TASK_INTERRUPTIBLE);
	schedule();
}

TEST(a_wait_entry_still_queued_when_the_step_ends_is_reported_once)
{
	wait_and_leave_queued();
	CHECK_EQ(stand_in.violations_total, 0);
	stand_in_step_end();
	CHECK_ONE_PRINTED_REPORT(STAND_IN_WAIT_ENTRY_QUEUED_AT_RETURN, "wait_and_leave_queued", "&test_waiters");
	CHECK_EQ(test_waiters.waiters, 0);
	CHECK(!signal_pending(current));		/* delivered on the way back to user space */
	stand_in_step_end();
	CHECK_EQ(stand_in.violations_total, 1);
}

static bool test_ready;

static void wait_for_ready(void)
{
	wait_event(test_waiters, test_ready);
}

TEST(a_wait_event_nothing_can_end_is_a_hung_task)
{
	test_ready = true;
	wait_for_ready();
	CHECK_EQ(stand_in.violations_total, 0);
	test_ready = false;
	wait_for_ready();
	CHECK_ONE_PRINTED_REPORT(STAND_IN_HUNG_TASK, "wait_for_ready", "test_ready");
}

TEST(wake_up_is_counted_with_nobody_waiting)
{
	unsigned int before = stand_in.wake_ups;

	wake_up(&test_waiters);
	wake_up(&test_waiters);
	CHECK_EQ(stand_in.wake_ups, before + 2);
	CHECK_EQ(test_waiters.waiters, 0);
}

/* --- the filesystem type a mount finds ----------------------------------------- */
TEST(the_filesystem_type_is_registered_from_a_good_resctrl_init_until_resctrl_exit)
{
	CHECK_EQ(stand_in_fs_type(), STAND_IN_FS_TYPE_NEVER_INITIALISED);
	stand_in_fail_fs(STAND_IN_FS_RESCTRL_INIT, 1, -EIO);
	CHECK_EQ(resctrl_init(), -EIO);
	CHECK_EQ(stand_in_fs_type(), STAND_IN_FS_TYPE_UNREGISTERED);
	CHECK_EQ(resctrl_init(), 0);
	CHECK_EQ(stand_in_fs_type(), STAND_IN_FS_TYPE_REGISTERED);
	resctrl_exit();
	CHECK_EQ(stand_in_fs_type(), STAND_IN_FS_TYPE_UNREGISTERED);
	stand_in_reset();
	CHECK_EQ(stand_in_fs_type(), STAND_IN_FS_TYPE_NEVER_INITIALISED);
}

/* --- layouts the patch's undefined behaviour depends on ----------------------- */
TEST(one_past_staged_config_is_mbps_val_as_in_a_kernel)
{
	struct rdt_ctrl_domain d;

	CHECK(offsetof(struct rdt_ctrl_domain, staged_config) == offsetof(struct rdt_ctrl_domain, plr) + sizeof(d.plr));
	CHECK(offsetof(struct rdt_ctrl_domain, mbps_val) ==
	      offsetof(struct rdt_ctrl_domain, staged_config) + sizeof(d.staged_config));
}

TEST(locks_taken_in_both_orders_are_a_cycle)
{
	mutex_lock(&test_lock);
	mutex_lock(&other_lock);			/* test_lock, then other_lock */
	mutex_unlock(&other_lock);
	mutex_unlock(&test_lock);
	CHECK_EQ(stand_in.violations_total, 0);
	mutex_lock(&other_lock);
	mutex_lock(&test_lock);				/* the other way round */
	CHECK_EQ(stand_in.violations_total, 1);
	CHECK_EQ(site(0)->kind, STAND_IN_LOCK_ORDER);
	CHECK_EQ(rule(0)->printed, 1);
	mutex_unlock(&test_lock);
	mutex_unlock(&other_lock);
}

TEST(freeing_an_unlinked_node_before_a_grace_period_is_reported)
{
	struct list_head head;
	struct item { int id; struct list_head node; } *a = kzalloc(sizeof(*a), GFP_KERNEL), *b = kzalloc(sizeof(*b), GFP_KERNEL);

	INIT_LIST_HEAD_RCU(&head);
	list_add_tail_rcu(&a->node, &head);
	list_add_tail_rcu(&b->node, &head);
	list_del_rcu(&a->node);
	synchronize_rcu();
	kfree(a);					/* after a grace period: fine */
	CHECK_EQ(stand_in.violations_total, 0);
	list_del_rcu(&b->node);
	kfree(b);					/* before one */
	CHECK_EQ(stand_in.violations_total, 1);
	CHECK_EQ(site(0)->kind, STAND_IN_RCU_FREE_BEFORE_GP);
	CHECK_STR(site(0)->func, "freeing_an_unlinked_node_before_a_grace_period_is_reported");
}

TEST(a_plain_list_op_on_a_registered_rcu_list_is_reported)
{
	static struct list_head rcu_list, plain;
	struct list_head x, y, z;

	INIT_LIST_HEAD(&rcu_list);
	INIT_LIST_HEAD(&plain);
	stand_in_rcu_list_register(&rcu_list, "rcu_list");
	list_add_tail(&z, &plain);			/* not an RCU list */
	list_add_tail_rcu(&x, &rcu_list);
	CHECK_EQ(stand_in.violations_total, 0);
	list_add_tail(&y, &rcu_list);
	list_del(&x);					/* a node of it */
	CHECK_EQ(stand_in.violations_total, 2);
	CHECK_EQ(site(0)->kind, STAND_IN_RCU_PLAIN_LIST_OP);
	CHECK_EQ(site(1)->kind, STAND_IN_RCU_PLAIN_LIST_OP);
	CHECK_EQ(rule(0)->printed, 0);
}

/* --- RCU lists ------------------------------------------------------------------------- */
struct item { int v; struct list_head node; };

static int walk_nocond(struct list_head *items)
{
	struct item *it;
	int sum = 0;

	list_for_each_entry_rcu(it, items, node)
		sum += it->v;
	return sum;
}

static int walk_cond(struct list_head *items, bool cond)
{
	struct item *it;
	int sum = 0;

	list_for_each_entry_rcu(it, items, node, cond)
		sum += it->v;
	return sum;
}

static int walk_locked(struct list_head *items)
{
	struct item *it;
	int sum = 0;

	list_for_each_entry_rcu(it, items, node, lockdep_is_held(&test_lock))
		sum += it->v;
	return sum;
}

static int walk_srcu(struct list_head *items)
{
	struct item *it;
	int sum = 0;

	list_for_each_entry_srcu(it, items, node, srcu_read_lock_held(&test_srcu))
		sum += it->v;
	return sum;
}

static struct item it1 = { .v = 1 }, it2 = { .v = 2 };
static void two_items(struct list_head *h)
{
	INIT_LIST_HEAD_RCU(h);
	list_add_tail_rcu(&it1.node, h);
	list_add_tail_rcu(&it2.node, h);
}

TEST(rcu_list_walk_outside_reader_reported_once_per_site)
{
	LIST_HEAD(h);

	two_items(&h);
	CHECK_EQ(walk_nocond(&h), 3);
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_RCU_LIST_UNPROTECTED);
	CHECK_STR(site(0)->func, "walk_nocond");
	CHECK_STR(site(0)->detail, "items");
	CHECK_EQ(walk_nocond(&h), 3);
	CHECK_EQ(rules(), 1);				/* RCU_LOCKDEP_WARN: once per site */
	CHECK(!stand_in.debug_locks);			/* and lockdep is off after the splat */
	needs_test_lock();
	needs_cpus();
	CHECK_EQ(rules(), 1);
	stand_in.debug_locks = true;			/* as if lockdep were on again: */
	CHECK_EQ(walk_nocond(&h), 3);
	CHECK_EQ(rules(), 1);				/* the site's own once-flag still holds */
	CHECK_EQ(walk_cond(&h, false), 3);
	CHECK_EQ(rules(), 2);				/* another site reports */
	stand_in_reset();
	two_items(&h);
	CHECK_EQ(walk_nocond(&h), 3);
	CHECK_EQ(rules(), 1);				/* reported again after reset */
}

TEST(rcu_list_walk_inside_reader_or_with_true_condition_not_reported)
{
	LIST_HEAD(h);

	two_items(&h);
	rcu_read_lock();
	CHECK_EQ(walk_nocond(&h), 3);
	rcu_read_unlock();
	CHECK_EQ(walk_cond(&h, true), 3);
	mutex_lock(&test_lock);
	CHECK_EQ(walk_locked(&h), 3);
	mutex_unlock(&test_lock);
	CHECK_EQ(rules(), 0);
	CHECK(stand_in.debug_locks);
	CHECK_EQ(walk_cond(&h, false), 3);
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_RCU_LIST_UNPROTECTED);
}

/* The patch's case: the update-side mutex held, an SRCU reader open, no condition passed. */
TEST(rcu_list_walk_under_mutex_and_srcu_without_condition_reported)
{
	LIST_HEAD(h);

	two_items(&h);
	mutex_lock(&test_lock);
	srcu_read_lock(&test_srcu);
	CHECK_EQ(walk_nocond(&h), 3);
	srcu_read_unlock(&test_srcu, 0);
	mutex_unlock(&test_lock);
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_RCU_LIST_UNPROTECTED);
}

TEST(rcu_list_walk_with_false_lockdep_condition_reported)
{
	LIST_HEAD(h);

	two_items(&h);
	CHECK_EQ(walk_locked(&h), 3);			/* test_lock not held */
	CHECK_EQ(rules(), 1);
}

TEST(srcu_list_walk_checks_its_condition)
{
	LIST_HEAD(h);

	two_items(&h);
	{
		guard(srcu)(&test_srcu);
		CHECK_EQ(walk_srcu(&h), 3);
	}
	CHECK_EQ(rules(), 0);
	CHECK_EQ(walk_srcu(&h), 3);
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_SRCU_CONDITION_FALSE);
	CHECK_STR(site(0)->func, "walk_srcu");
}

/* --- use after free: a walk reaching freed memory is reported and stops ------------------- */
TEST(walk_into_freed_memory_is_reported_and_stops_without_crashing)
{
	LIST_HEAD(h);
	struct item *a = kzalloc_node(sizeof(*a), GFP_KERNEL, 0), *b = kzalloc_node(sizeof(*b), GFP_KERNEL, 0);
	struct item *c = kzalloc_node(sizeof(*c), GFP_KERNEL, 0);

	a->v = 1;
	b->v = 2;
	c->v = 4;
	list_add_tail_rcu(&a->node, &h);
	list_add_tail_rcu(&b->node, &h);
	list_add_tail_rcu(&c->node, &h);
	mutex_lock(&test_lock);				/* the walk's lockdep condition holds */
	CHECK_EQ(walk_locked(&h), 7);
	CHECK_EQ(rules(), 0);
	kfree(b);					/* freed while still listed: poisoned, quarantined */
	CHECK(stand_in_node_freed(&b->node));
	CHECK(!stand_in_node_freed(&a->node));
	CHECK_EQ(walk_locked(&h), 1);			/* the walk reaches b, is reported, and ends there */
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_USE_AFTER_FREE);
	CHECK_STR(site(0)->func, "walk_locked");
	mutex_unlock(&test_lock);
	kfree(a);
	kfree(c);
}

TEST(find_domain_stops_at_freed_memory)
{
	LIST_HEAD(h);
	struct rdt_domain_hdr *one = kzalloc_node(sizeof(*one), GFP_KERNEL, 0), *three = kzalloc_node(sizeof(*three), GFP_KERNEL, 0);
	struct list_head *pos = NULL;

	one->id = 1;
	three->id = 3;
	list_add_tail_rcu(&one->list, &h);
	list_add_tail_rcu(&three->list, &h);
	kfree(three);
	CHECK(resctrl_find_domain(&h, 5, &pos) == NULL);
	CHECK(pos == &three->list);			/* where the walk stopped */
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_USE_AFTER_FREE);
	CHECK_STR(site(0)->func, "resctrl_find_domain");
	kfree(one);
}

TEST(list_del_rcu_poisons_prev_keeps_next_and_counts)
{
	LIST_HEAD(h);

	two_items(&h);
	unsigned long long g = stand_in.generation;

	list_del_rcu(&it1.node);
	CHECK(it1.node.prev == LIST_POISON2);
	CHECK(it1.node.next == &it2.node);		/* a reader on it1 can still move on */
	CHECK(h.next == &it2.node);
	CHECK_EQ(stand_in.generation, g + 1);
	CHECK_EQ(walk_cond(&h, true), 2);
}

/* CONFIG_DEBUG_LIST: the change is refused and reported; without the check, each of these crashes or corrupts. */
TEST(a_second_list_del_rcu_is_refused_and_reported)
{
	LIST_HEAD(h);

	two_items(&h);
	list_del_rcu(&it1.node);
	unsigned long long g = stand_in.generation;

	list_del_rcu(&it1.node);			/* ->prev is LIST_POISON2: unlinking would write through it */
	CHECK_ONE_PRINTED_REPORT(STAND_IN_LIST_CORRUPTION, "a_second_list_del_rcu_is_refused_and_reported",
				 "list_del corruption: ->prev is LIST_POISON2 (it was unlinked before)");
	CHECK(h.next == &it2.node && it2.node.prev == &h);
	CHECK_EQ(stand_in.generation, g + 1);		/* the primitive ran */
	CHECK_EQ(walk_cond(&h, true), 2);
}

TEST(a_node_added_next_to_itself_is_refused_and_reported)
{
	LIST_HEAD(h);

	two_items(&h);
	list_add_tail_rcu(&it2.node, &h);		/* it2 is h's last node: new == prev */
	CHECK_ONE_PRINTED_REPORT(STAND_IN_LIST_CORRUPTION, "a_node_added_next_to_itself_is_refused_and_reported",
				 "list_add double add: the node is already linked where it goes");
	CHECK(h.prev == &it2.node && it2.node.next == &h && it2.node.prev == &it1.node);
	CHECK_EQ(walk_cond(&h, true), 3);
}

TEST(a_link_into_a_head_never_initialised_is_refused_and_reported)
{
	struct list_head zeroed = { 0 }, x = { 0 };

	list_add_tail(&x, &zeroed);			/* its prev is NULL */
	CHECK_ONE_PRINTED_REPORT(STAND_IN_LIST_CORRUPTION, "a_link_into_a_head_never_initialised_is_refused_and_reported",
				 "list_add corruption: prev is NULL");
	CHECK(x.next == NULL && x.prev == NULL && zeroed.next == NULL);
}

TEST(a_neighbour_that_does_not_point_back_is_reported_and_list_del_still_poisons)
{
	LIST_HEAD(h);
	struct list_head x, y, stray;

	list_add_tail(&x, &h);
	list_del(&x);
	list_del(&x);					/* ->next is LIST_POISON1 */
	CHECK_EQ(stand_in.violations_total, 1);
	CHECK_STR(site(0)->detail, "list_del corruption: ->next is LIST_POISON1 (list_del() unlinked it)");
	CHECK(x.next == LIST_POISON1 && x.prev == LIST_POISON2 && list_empty(&h));
	list_add_tail(&y, &h);
	y.prev = &stray;				/* h.next is y, whose prev is not h */
	list_add(&x, &h);
	CHECK_EQ(stand_in.violations_total, 2);
	CHECK_STR(site(1)->detail, "list_add corruption: next->prev is not prev");
	CHECK(h.next == &y);
}

TEST(synchronize_rcu_counted_and_flagged_inside_reader)
{
	synchronize_rcu();
	synchronize_rcu();
	CHECK_EQ(stand_in.sync_rcu_calls, 2);
	CHECK_EQ(rules(), 0);
	rcu_read_lock();
	synchronize_rcu();
	rcu_read_unlock();
	CHECK_EQ(rules(), 1);
	CHECK_EQ(site(0)->kind, STAND_IN_SLEEP_IN_RCU_READER);
	rcu_read_lock();
	mutex_lock(&test_lock);				/* a sleeping lock in a reader */
	mutex_unlock(&test_lock);
	rcu_read_unlock();
	CHECK_EQ(rules(), 2);
}

/* --- the resctrl filesystem side ---------------------------------------------------------- */
TEST(fs_side_events_and_online_failure_injection)
{
	struct rdt_resource r = { .rid = RDT_RESOURCE_MBA };
	struct rdt_ctrl_domain d = { .hdr = { .id = 4 } };

	nr_cpu_ids = 16;	/* the event records the domain's weight over the possible CPUs */
	cpumask_set_cpu(3, &d.hdr.cpu_mask);
	cpumask_set_cpu(9, &d.hdr.cpu_mask);
	stand_in_fail_fs(STAND_IN_FS_ONLINE_CTRL_DOMAIN, 2, -EIO);
	CHECK_EQ(resctrl_online_ctrl_domain(&r, &d), 0);
	CHECK_EQ(resctrl_online_ctrl_domain(&r, &d), -EIO);
	CHECK_EQ(resctrl_online_ctrl_domain(&r, &d), 0);
	resctrl_offline_ctrl_domain(&r, &d);
	resctrl_online_cpu(3);
	resctrl_offline_cpu(9);
	CHECK_EQ(stand_in.events_total, 6);
	CHECK_EQ(stand_in.events.buf[1].kind, STAND_IN_EV_ONLINE_CTRL_DOMAIN);	/* the failed call is an event */
	CHECK_EQ(stand_in.events.buf[1].rid, RDT_RESOURCE_MBA);
	CHECK_EQ(stand_in.events.buf[1].domain_id, 4);
	CHECK_EQ(stand_in.events.buf[1].weight, 2);
	CHECK_EQ(stand_in.events.buf[3].kind, STAND_IN_EV_OFFLINE_CTRL_DOMAIN);
	CHECK_EQ(stand_in.events.buf[4].cpu, 3);
	CHECK_EQ(stand_in.events.buf[5].kind, STAND_IN_EV_OFFLINE_CPU);
	CHECK_EQ(stand_in.events.buf[5].seq, 5);
}

TEST(err_ptr_family_and_cpumask)
{
	void *e = ERR_PTR(-ENOMEM);
	cpumask_t m = { 0 };

	CHECK(IS_ERR(e));
	CHECK_EQ(PTR_ERR(e), -12);
	CHECK(!IS_ERR(&m));
	CHECK(IS_ERR_OR_NULL(NULL));
	nr_cpu_ids = 4096;
	CHECK(cpumask_empty(&m));
	cpumask_set_cpu(4095, &m);
	cpumask_set_cpu(0, &m);
	CHECK(cpumask_test_cpu(4095, &m) && cpumask_test_cpu(0, &m) && !cpumask_test_cpu(64, &m));
	CHECK_EQ(cpumask_weight(&m), 2);
	/* Like the kernel's, weight and emptiness look at the possible CPUs only. */
	nr_cpu_ids = 64;
	CHECK_EQ(cpumask_weight(&m), 1);
	nr_cpu_ids = 4096;
	cpumask_clear_cpu(4095, &m);
	cpumask_clear_cpu(0, &m);
	CHECK(cpumask_empty(&m));
	CHECK_EQ(EOPNOTSUPP, 95);
	CHECK_EQ(EINVAL, 22);
}

/* The lowest CPU, a word at a time: past the first word, and never one past the possible CPUs. */
TEST(cpumask_first_and_any_and_find_the_lowest_possible_cpu)
{
	cpumask_t a = { 0 }, b = { 0 };

	nr_cpu_ids = 200;
	CHECK_EQ(cpumask_first(&a), 200);
	cpumask_set_cpu(199, &a);
	cpumask_set_cpu(130, &a);
	CHECK_EQ(cpumask_first(&a), 130);
	cpumask_set_cpu(3, &b);
	CHECK_EQ(cpumask_any_and(&a, &b), 200);	/* no CPU in both */
	cpumask_set_cpu(199, &b);
	CHECK_EQ(cpumask_any_and(&a, &b), 199);
	cpumask_set_cpu(130, &b);
	CHECK_EQ(cpumask_any_and(&a, &b), 130);
	cpumask_set_cpu(110, &a);
	nr_cpu_ids = 100;			/* 110 (in a word looked at), 130 and 199 are past the possible CPUs now */
	CHECK_EQ(cpumask_first(&a), 100);
	CHECK_EQ(cpumask_any_and(&a, &b), 100);
	nr_cpu_ids = 4096;
}

TEST_MAIN(stand_in_reset)

/* A rule report's site keeps its texts cut to the fields, NUL-terminated; NULL is an empty text. */
TEST(rule_report_texts_are_cut_to_their_fields)
{
	char long_detail[300];

	stand_in_reset();
	memset(long_detail, 'x', sizeof(long_detail) - 1);
	long_detail[sizeof(long_detail) - 1] = 0;
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "some_function", long_detail, true);
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, NULL, NULL, false);
	CHECK_EQ(stand_in.rules.count, 2);
	CHECK_EQ(strcmp(site(0)->func, "some_function"), 0);
	CHECK_EQ(strlen(site(0)->detail), STAND_IN_TEXT - 1);
	CHECK_EQ(site(0)->detail[STAND_IN_TEXT - 2], 'x');
	CHECK_EQ(site(1)->func[0], 0);
	CHECK_EQ(site(1)->detail[0], 0);
}

/*
 * Reports that say the same thing share a site, whatever buffer said it; a text that differs
 * only past the field's cut is the same site (its report reads the same); any other difference,
 * the kind included, is another site. Sites outlive a reset.
 */
TEST(rule_reports_that_say_the_same_share_a_site)
{
	char buffer[STAND_IN_TEXT + 8];
	unsigned int before;

	stand_in_reset();
	before = stand_in_rule_site_count;
	strcpy(buffer, "lock_a");
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "f", buffer, true);
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "f", "lock_a", false);
	CHECK_EQ(rule(1)->site, rule(0)->site);
	strcpy(buffer, "lock_b");
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "f", buffer, false);
	stand_in_report_rule(STAND_IN_LOCK_ORDER, "f", "lock_a", false);
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "g", "lock_a", false);
	CHECK(rule(2)->site != rule(0)->site);
	CHECK(rule(3)->site != rule(0)->site && rule(3)->site != rule(2)->site);
	CHECK(rule(4)->site != rule(0)->site && rule(4)->site != rule(3)->site);
	CHECK_EQ(stand_in_rule_site_count, before + 4);
	CHECK_EQ(strcmp(stand_in_rule_sites[rule(2)->site].detail, "lock_b"), 0);
	CHECK_EQ(stand_in_rule_sites[rule(3)->site].kind, STAND_IN_LOCK_ORDER);

	memset(buffer, 'y', sizeof(buffer) - 1);
	buffer[sizeof(buffer) - 1] = 0;
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "f", buffer, false);
	buffer[sizeof(buffer) - 2] = 'z';		/* past the cut */
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "f", buffer, false);
	buffer[STAND_IN_TEXT - 2] = 'z';		/* the field's last character */
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "f", buffer, false);
	CHECK_EQ(rule(6)->site, rule(5)->site);
	CHECK(rule(7)->site != rule(5)->site);

	stand_in_reset();
	stand_in_report_rule(STAND_IN_LOCK_NOT_HELD, "f", "lock_a", false);
	CHECK_EQ(stand_in_rule_sites[rule(0)->site].kind, STAND_IN_LOCK_NOT_HELD);
	CHECK_EQ(strcmp(stand_in_rule_sites[rule(0)->site].detail, "lock_a"), 0);
	CHECK_EQ(stand_in_rule_site_count, before + 6);
}


/* --- cacheinfo ----------------------------------------------------------- */
TEST(a_reset_forgets_the_cacheinfo_of_every_cpu_described_since_the_last)
{
	stand_in_arm64_reset();
	stand_in_set_cacheinfo(4000, 3, 7, 4096);	/* the highest row, described first */
	stand_in_set_cacheinfo(2, 2, 1, 512);
	CHECK(get_cpu_cacheinfo_level(4000, 3) != NULL);
	CHECK_EQ(get_cpu_cacheinfo_id(2, 2), 1);
	stand_in_arm64_reset();
	CHECK(get_cpu_cacheinfo_level(4000, 3) == NULL);
	CHECK(get_cpu_cacheinfo_level(2, 2) == NULL);
	stand_in_set_cacheinfo(1, 3, 5, 4096);		/* a smaller table next */
	stand_in_arm64_reset();
	CHECK(get_cpu_cacheinfo_level(1, 3) == NULL);
	CHECK(get_cpu_cacheinfo_level(4000, 3) == NULL);
}

/* --- IPIs ---------------------------------------------------------------- */
static unsigned long long ran_on;

static void note_cpu(void *info)
{
	(void)info;
	ran_on |= 1ull << smp_processor_id();
}

TEST(an_ipi_not_waited_for_arrives_as_the_next_step_begins)
{
	stand_in_arm64_reset();
	nr_cpu_ids = 4;
	for (int cpu = 0; cpu < 3; cpu++)
		cpumask_set_cpu(cpu, &stand_in_cpu_online);	/* CPU 3 is offline */
	stand_in_this_cpu = 1;
	ran_on = 0;
	on_each_cpu(note_cpu, NULL, 1);
	CHECK_EQ(ran_on, 0x7ull);
	ran_on = 0;
	on_each_cpu(note_cpu, NULL, 0);
	CHECK_EQ(ran_on, 0x2ull);			/* the caller's own CPU, at once */
	CHECK_EQ(stand_in_this_cpu, 1u);
	stand_in_deliver_ipis();
	CHECK_EQ(ran_on, 0x7ull);
	ran_on = 0;
	stand_in_deliver_ipis();			/* each delivered once */
	CHECK_EQ(ran_on, 0ull);
	on_each_cpu(note_cpu, NULL, 0);
	stand_in_arm64_reset();				/* a reset drops what was pending */
	ran_on = 0;
	stand_in_deliver_ipis();
	CHECK_EQ(ran_on, 0ull);
}
