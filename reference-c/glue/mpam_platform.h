/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpam_platform.h - the MPAM platform a scenario describes (classes and their
 * components), built in the glue's translation unit so that the objects have
 * the layout of whichever mpam_internal.h the revision is compiled with: the
 * stand-in's (stand_in_mpam.h) or a kernel tree's own. Only the fields both
 * have are set: type, level, affinity, the component lists, comp_id, class.
 * The scenario names classes by its own ids; the driver has none, so they
 * live in a side table here. Everything is the harness's memory, released by
 * platform_release(); mpam_classes is the driver's list of all classes.
 */
#ifndef MPAM_PLATFORM_H
#define MPAM_PLATFORM_H

#define PLATFORM_MAX_CLASSES 64

struct list_head mpam_classes = LIST_HEAD_INIT(mpam_classes);

static struct {
	int id;
	struct mpam_class *class;
} platform_ids[PLATFORM_MAX_CLASSES];
static unsigned int platform_nr_ids;

static struct mpam_class *platform_find_class(int id)
{
	for (unsigned int i = 0; i < platform_nr_ids; i++)
		if (platform_ids[i].id == id)
			return platform_ids[i].class;
	return NULL;
}

static int platform_id_of(const struct mpam_class *class)
{
	for (unsigned int i = 0; i < platform_nr_ids; i++)
		if (platform_ids[i].class == class)
			return platform_ids[i].id;
	return -1;
}

static struct mpam_class *platform_add_class(int id, enum mpam_class_types type, u8 level)
{
	struct mpam_class *c;

	if (platform_nr_ids == PLATFORM_MAX_CLASSES)
		return NULL;
	c = stand_in_harness_zalloc(sizeof(*c));
	if (!c)
		return NULL;
	c->type = type;
	c->level = level;
	INIT_LIST_HEAD(&c->components);
	(list_add_tail)(&c->classes_list, &mpam_classes);	/* unchecked: see platform_release() */
	platform_ids[platform_nr_ids].id = id;
	platform_ids[platform_nr_ids].class = c;
	platform_nr_ids++;
	return c;
}

static struct mpam_component *platform_add_component(struct mpam_class *class, u32 comp_id,
						     const unsigned long *bits, unsigned int words)
{
	struct mpam_component *comp = stand_in_harness_zalloc(sizeof(*comp));

	if (!comp)
		return NULL;
	comp->comp_id = comp_id;
	comp->class = class;
	for (unsigned int i = 0; i < words && i < BITS_TO_LONGS(NR_CPUS); i++) {
		comp->affinity.bits[i] = bits[i];
		class->affinity.bits[i] |= bits[i];
	}
	/* mpam_component_alloc() adds at the head: a walk meets the newest first. */
	(list_add)(&comp->class_list, &class->components);	/* unchecked: see platform_release() */
	return comp;
}

/*
 * Each component's per-partid configuration array (comp->cfg), as mpam_enable() allocates it
 * before resctrl's setup: zeroed, which the driver reads as "reset". Only a revision whose
 * own mpam_internal.h has it; the stand-in's components have none.
 */
static void platform_alloc_configs(u16 partid_max)
{
#ifndef STAND_IN_MPAM_INTERNAL_H
	struct mpam_class *c;
	struct mpam_component *comp;

	list_for_each_entry(c, &mpam_classes, classes_list)
		list_for_each_entry(comp, &c->components, class_list)
			if (!comp->cfg)
				comp->cfg = stand_in_harness_zalloc(sizeof(*comp->cfg) * ((size_t)partid_max + 1));
	configs_written();
#else
	(void)partid_max;
#endif
}

/*
 * The harness builds and frees the platform's lists itself, with the plain primitives unchecked
 * (the names in parentheses): the patch's own list ops are checked against the RCU lists, and
 * that check walks a list to its head, which made describing n components cost n squared.
 */
static void platform_release(void)
{
	while (!list_empty(&mpam_classes)) {
		struct mpam_class *c = list_first_entry(&mpam_classes, struct mpam_class, classes_list);

		while (!list_empty(&c->components)) {
			struct mpam_component *comp =
				list_first_entry(&c->components, struct mpam_component, class_list);

			(list_del)(&comp->class_list);
#ifndef STAND_IN_MPAM_INTERNAL_H
			stand_in_harness_free(comp->cfg);
#endif
			stand_in_harness_free(comp);
		}
		(list_del)(&c->classes_list);
		stand_in_harness_free(c);
	}
	platform_nr_ids = 0;
}

#endif /* MPAM_PLATFORM_H */
