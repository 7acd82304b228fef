/* SPDX-License-Identifier: GPL-2.0 */
/*
 * step_file.h - reads a step file: the scenarios of vector files as the
 * harness read and checked them (`conformance steps`, written by
 * harness/Conformance/Vectors/StepFileWriter.cs). The vector format has one
 * reader, the harness's; this one only reads the binary records back.
 *
 * Format, little-endian:
 *   header   "MPAMSTP1" (8 bytes), u32 version = 2
 *   records  until the end of the file: u8 kind, u32 vector line, then by kind
 *     0 scenario                 str name, str file    (the replay resets before its steps)
 *     1 topology                 u32 cpus, u32 nodes
 *     2 class                    i32 id, i32 type, u8 level
 *     3 component                i32 class, i32 id, u32 words, u64 affinity[words]
 *     4 map                      i32 rid, i32 class, u8 alloc_capable
 *     5 partid_max               i32 value
 *     6 setup
 *     7 online                   u32 cpu
 *     8 offline                  u32 cpu
 *     9 alloc_capable
 *    10 num_closid
 *    11 get_resource             u32 level
 *    12 fail_alloc               i32 nth
 *    13 fail_fs                  i32 call, i32 nth, i32 err  (call: enum mpam_ref_fs_call)
 *    14 cache                    u32 level, u32 id, u32 size, u32 words, u64 cpus[words]
 *    15 props                    i32 class, u32 cpbm_wd, u32 mbw_pbm_bits, u32 bwa_wd,
 *                                u32 num_csu_mon, u32 num_mbwu_mon, u32 words, u64 features[words]
 *    16 mount                    u8 options (MPAM_REF_MOUNT_*: 1 cdp, 2 cdpl2)
 *    17 unmount
 *    18 schemata                 i32 rid, u32 closid, i32 type, u32 words, u64 pairs[words]
 *                                (each pair: domain id in the low 32 bits, value in the high)
 *    19 schemata_read            i32 rid, i32 domain, u32 closid, i32 type
 *    20 exit
 *    21 teardown                 i32 class
 *    22 mon_ctx_alloc            i32 event
 *    23 mon_ctx_free             i32 event
 *    24 rmid_read                i32 domain, u32 closid, u32 rmid, i32 event
 *    25 cpus_write               u32 cpu, u32 closid, u32 rmid
 *    26 task_write               u32 task, u32 closid, u32 rmid
 *    27 task_match               u32 task, u32 closid, i32 rmid (-1: the closid alone)
 *    28 pmg_max                  i32 value
 *    29 rmid_idx                 u32 closid, u32 rmid
 *    30 rmid_idx_decode          u32 idx, u8 want_rmid
 *   str = u32 length, then that many bytes (UTF-8, no NUL)
 * Every record after a scenario record is one step of that scenario.
 */
#ifndef REPLAY_STEP_FILE_H
#define REPLAY_STEP_FILE_H

#include <stdint.h>

#define STEP_MAX_FIELDS 6	/* the fixed fields of the widest record (props) */

enum step_kind {
	STEP_SCENARIO, STEP_TOPOLOGY, STEP_CLASS, STEP_COMPONENT, STEP_MAP, STEP_PARTID_MAX,
	STEP_SETUP, STEP_ONLINE, STEP_OFFLINE, STEP_ALLOC_CAPABLE, STEP_NUM_CLOSID,
	STEP_GET_RESOURCE, STEP_FAIL_ALLOC, STEP_FAIL_FS, STEP_CACHE, STEP_PROPS, STEP_MOUNT, STEP_UNMOUNT, STEP_SCHEMATA, STEP_SCHEMATA_READ, STEP_EXIT,
	STEP_TEARDOWN, STEP_MON_CTX_ALLOC, STEP_MON_CTX_FREE, STEP_RMID_READ,
	STEP_CPUS_WRITE, STEP_TASK_WRITE, STEP_TASK_MATCH, STEP_PMG_MAX, STEP_RMID_IDX, STEP_RMID_IDX_DECODE,
	STEP_KIND_COUNT,
};

/* "topology", "class", ...: the vector files' op names, by kind ("scenario" for 0). */
extern const char *const step_kind_names[STEP_KIND_COUNT];

struct step {
	enum step_kind kind;	/* never STEP_SCENARIO */
	uint32_t line;		/* the vector file's line */
	/*
	 * The record's fields in order (u32 and i32 both fit):
	 * topology cpus, nodes; class id, type, level; component class, id;
	 * map rid, class, alloc_capable; partid_max value; online/offline cpu;
	 * get_resource level; fail_alloc nth; fail_fs call, nth, err;
	 * cache level, id, size; props class, cpbm_wd, mbw_pbm_bits, bwa_wd, num_csu_mon, num_mbwu_mon.
	 */
	int64_t a, b, c, d, e, f;
	/* component, cache: the CPU mask[words]; props: the feature bits; this step's own; else 0 and NULL */
	uint32_t words;
	uint64_t *affinity;
};

struct scenario {
	char *name, *file;	/* NUL-terminated */
	uint32_t line;
	int nsteps, cap;
	struct step *steps;
};

struct step_file {
	int nscenarios, cap;
	struct scenario *scenarios;
	/* after a failed load: "FILE: byte OFFSET: expected ..." (or "FILE: ..." when unreadable) */
	char error[512];
	long long error_offset;	/* -1 when the file could not be read */
};

/*
 * Reads @path into *@out. Returns 0, or 2 with out->error set and nothing left
 * allocated (out holds no scenario). step_file_free() is safe either way.
 */
int step_file_load(const char *path, struct step_file *out);
void step_file_free(struct step_file *sf);

#endif
