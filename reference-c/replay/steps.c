// SPDX-License-Identifier: GPL-2.0
/*
 * steps.c - one step of a step file through the ABI: what the replay and the stress run share.
 */
#include "mpam_ref.h"
#include "steps.h"

int replay_step(const struct step *s)
{
	mpam_ref_begin_step();		/* what the step before sent without waiting arrives */
	switch (s->kind) {
	case STEP_TOPOLOGY: {
		/* past MPAM_REF_MAX_CPUS the first call fails: c * b stays far from overflow */
		int rc = mpam_ref_set_possible_cpus((uint32_t)s->a);

		for (long long c = 0; !rc && c < s->a; c++)
			rc = mpam_ref_set_cpu_node((uint32_t)c, (int32_t)(c * s->b / s->a));
		return rc;
	}
	case STEP_CLASS:
		return mpam_ref_add_class((int32_t)s->a, (int32_t)s->b, (uint8_t)s->c);
	case STEP_COMPONENT:
		return mpam_ref_add_component((int32_t)s->a, (int32_t)s->b, s->affinity, s->words);
	case STEP_MAP:
		return mpam_ref_map_class((int32_t)s->a, (int32_t)s->b, (uint8_t)s->c);
	case STEP_PARTID_MAX:
		if (s->a < 0 || s->a > 65535)
			return -22;	/* -EINVAL: not a u16, as the harness's side does */
		return mpam_ref_set_partid_max((uint16_t)s->a);
	case STEP_PMG_MAX:
		if (s->a < 0 || s->a > 255)
			return -22;	/* -EINVAL: not a u8, as the harness's side does */
		return mpam_ref_set_pmg_max((uint8_t)s->a);
	case STEP_RMID_IDX:
		return (int)mpam_ref_rmid_idx_encode((uint32_t)s->a, (uint32_t)s->b);
	case STEP_RMID_IDX_DECODE:
		return (int)mpam_ref_rmid_idx_decode((uint32_t)s->a, (uint8_t)s->b);
	case STEP_SETUP:
		return mpam_ref_setup();
	case STEP_ONLINE:
		return mpam_ref_cpu_online((uint32_t)s->a);
	case STEP_OFFLINE:
		return mpam_ref_cpu_offline((uint32_t)s->a);
	case STEP_FAIL_ALLOC:
		mpam_ref_fail_alloc((uint32_t)s->a);
		return 0;
	case STEP_FAIL_FS:
		return mpam_ref_fail_fs((int32_t)s->a, (uint32_t)s->b, (int32_t)s->c);
	case STEP_ALLOC_CAPABLE:
		return mpam_ref_alloc_capable();
	case STEP_NUM_CLOSID:
		return (int)mpam_ref_get_num_closid();
	case STEP_GET_RESOURCE:
		return mpam_ref_get_resource((uint32_t)s->a);
	case STEP_MOUNT:
		return mpam_ref_mount((uint8_t)s->a);
	case STEP_UNMOUNT:
		return mpam_ref_unmount();
	case STEP_SCHEMATA: {
		int32_t ids[64];
		uint32_t values[64];
		uint32_t n = s->words < 64 ? s->words : 64;

		for (uint32_t i = 0; i < n; i++) {
			ids[i] = (int32_t)(uint32_t)s->affinity[i];
			values[i] = (uint32_t)(s->affinity[i] >> 32);
		}
		return mpam_ref_schemata_write((int32_t)s->a, (uint32_t)s->b, (int32_t)s->c, ids, values, n);
	}
	case STEP_SCHEMATA_READ:
		return (int)mpam_ref_schemata_read((int32_t)s->a, (int32_t)s->b, (uint32_t)s->c, (int32_t)s->d);
	case STEP_EXIT:
		return mpam_ref_exit();
	case STEP_TEARDOWN:
		return mpam_ref_teardown_class((int32_t)s->a);
	case STEP_MON_CTX_ALLOC:
		return (int)mpam_ref_mon_ctx_alloc((int32_t)s->a);
	case STEP_MON_CTX_FREE:
		return mpam_ref_mon_ctx_free((int32_t)s->a);
	case STEP_RMID_READ:
		return (int)mpam_ref_rmid_read((int32_t)s->a, (uint32_t)s->b, (uint32_t)s->c, (int32_t)s->d);
	case STEP_CPUS_WRITE:
		return mpam_ref_cpus_write((uint32_t)s->a, (uint32_t)s->b, (uint32_t)s->c);
	case STEP_TASK_WRITE:
		return mpam_ref_task_write((uint32_t)s->a, (uint32_t)s->b, (uint32_t)s->c);
	case STEP_TASK_MATCH:
		return mpam_ref_task_match((uint32_t)s->a, (uint32_t)s->b, (int32_t)s->c);
	case STEP_PROPS:
		return mpam_ref_set_class_props((int32_t)s->a, s->affinity, s->words, (uint16_t)s->b, (uint16_t)s->c,
						(uint16_t)s->d, (uint16_t)s->e, (uint16_t)s->f);
	case STEP_CACHE:
		return mpam_ref_set_cacheinfo(s->affinity, s->words, (uint32_t)s->a, (uint32_t)s->b, (uint32_t)s->c);
	default:
		return 0;
	}
}
