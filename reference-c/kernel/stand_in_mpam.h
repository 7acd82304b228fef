/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stand_in_mpam.h - the MPAM driver internals mpam_resctrl.c touches:
 * classes (type, level, components), components (comp_id, affinity,
 * class_list), mpam_srcu and mpam_partid_max. The harness builds them
 * (mpam_ref_add_class/_component); the driver's probing, MSCs, RIS, props
 * and garbage collection are not modelled.
 */
#ifndef STAND_IN_MPAM_H
#define STAND_IN_MPAM_H

#include "stand_in_controlled.h"

enum mpam_class_types {
	MPAM_CLASS_CACHE,
	MPAM_CLASS_MEMORY,
	MPAM_CLASS_UNKNOWN,
};

struct mpam_class {
	struct list_head components;	/* newest first, as mpam_component_alloc() adds them */
	cpumask_t affinity;
	u8 level;
	enum mpam_class_types type;
	int id;				/* the harness's class id (the driver's is the table's) */
	struct list_head classes_list;
};

struct mpam_component {
	u32 comp_id;
	cpumask_t affinity;
	struct list_head class_list;
	struct mpam_class *class;
};

extern struct srcu_struct mpam_srcu;
extern u16 mpam_partid_max;

/* The harness's registry of classes (stand_in_controlled.c); freed by stand_in_reset(). */
struct mpam_class *stand_in_find_class(int id);
struct mpam_class *stand_in_add_class(int id, enum mpam_class_types type, u8 level);
struct mpam_component *stand_in_add_component(struct mpam_class *class, u32 comp_id,
					      const unsigned long *bits, unsigned int words);

#endif /* STAND_IN_MPAM_H */
