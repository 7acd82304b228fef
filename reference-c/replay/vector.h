/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vector.h - the scenario vectors of vectors/README.md, parsed and
 * validated: every problem is reported as file:line:column: expected ...,
 * and a file with any problem runs nothing.
 */
#ifndef REPLAY_VECTOR_H
#define REPLAY_VECTOR_H

#include <stdint.h>

#include "mpam_ref.h"

enum op {
	OP_TOPOLOGY, OP_CLASS, OP_COMPONENT, OP_MAP, OP_PARTID_MAX, OP_SETUP, OP_ONLINE,
	OP_OFFLINE, OP_FAIL_ALLOC, OP_FAIL_ONLINE_CTRL_DOMAIN, OP_ALLOC_CAPABLE,
	OP_NUM_CLOSID, OP_GET_RESOURCE, OP_COUNT,
};

extern const char *const op_names[OP_COUNT];

#define MASK_WORDS MPAM_REF_CPUMASK_WORDS

struct exp_domain {
	int id, type, rid;
	uint64_t mask[MASK_WORDS];
};

struct exp_resource {
	int rid, alloc_capable, ndomains;
	struct exp_domain *domains;
};

struct exp_event {
	int kind, rid, domain_id, cpu;
};

struct exp_counter {
	char *key;		/* as written, e.g. "allocs_live" or "warn:f:c" */
	char *warn_func;	/* non-NULL for warn:FUNC:COND */
	char *warn_cond;
	long long value;
};

struct row_expect {
	int has_rc, rc;
	int has_domains, nresources;
	struct exp_resource *resources;
	int has_events, nevents;
	struct exp_event *events;
	int ncounters;
	struct exp_counter *counters;
	char *note;
};

struct step {
	enum op op;
	int line;
	int first_of_row, last_of_row;
	long long a, b, c;	/* op arguments, see replay.c */
	uint64_t *mask;		/* component affinity, this step's own */
	/* shared by the steps of one row (online cpus=0-3 is four steps): its first step owns them */
	char *args_text;
	struct row_expect *expect;
};

struct scenario {
	char *name;
	int line;
	int nsteps;
	struct step *steps;
};

struct vector_file {
	const char *path;
	int nscenarios;
	struct scenario *scenarios;
	int nerrors;
};

/*
 * Parses @path; errors go to stderr. Returns 0, or -1 when the file could not be read.
 * Whatever it returns, vector_free() releases what it allocated.
 */
int vector_load(const char *path, struct vector_file *out);
void vector_free(struct vector_file *vf);

/* Profile lookups through the ABI (names from a snapshot). */
int profile_count(void);
const char *profile_name(int rid);
int profile_index(const char *name, int len);

/* Errno names. */
const char *errno_name(int value);
int errno_value(const char *name, int len);

#endif
