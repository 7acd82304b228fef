/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stand_in_mpam.h - the MPAM driver internals mpam_resctrl.c touches, for a
 * revision that brings no mpam_internal.h of its own (a patch, like the
 * seed): classes (type, level, components), components (comp_id, affinity,
 * class_list), mpam_srcu and mpam_partid_max, with the field names the
 * driver's own header uses, so the glue builds either (glue/mpam_platform.h).
 * The driver's probing, MSCs, RIS, props and garbage collection are not modelled.
 */
#ifndef STAND_IN_MPAM_H
#define STAND_IN_MPAM_H

#include "stand_in_controlled.h"
#include "stand_in_bits.h"

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

/* As the driver's header has it: the glue enables the key where mpam_enable_once() would. */
DECLARE_STATIC_KEY_FALSE(mpam_enabled);

static inline bool mpam_is_enabled(void)
{
	return static_branch_likely(&mpam_enabled);
}

#endif /* STAND_IN_MPAM_H */
