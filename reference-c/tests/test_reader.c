// SPDX-License-Identifier: GPL-2.0
/*
 * test_reader.c - the step file reader (replay/step_file.c) and the array
 * growth of replay/grow.h: what needs no patch. Built with ASan+UBSan and
 * -Wl,--wrap=realloc (to count reallocations), run by run_tests.sh with or
 * without SRC. The files are written byte by byte (step_bytes.h).
 */
#include <limits.h>
#include <sanitizer/lsan_interface.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "../replay/grow.h"
#include "../replay/step_file.h"
#include "harness.h"
#include "step_bytes.h"

/* --- realloc, counted -------------------------------------------------------------------------- */
void *__real_realloc(void *p, size_t size);
void *__wrap_realloc(void *p, size_t size);
static long reallocs;	/* of a block that exists: realloc(NULL, n) is a malloc and copies nothing */

void *__wrap_realloc(void *p, size_t size)
{
	if (p)
		reallocs++;
	return __real_realloc(p, size);
}

/* --- files ----------------------------------------------------------------------------------------- */
static char path[256];
static struct bytes bytes;
static struct step_file sf;

static void remove_temp_file(void)
{
	unlink(path);
}

static void setup(void)
{
	step_file_free(&sf);
	free(bytes.p);
	bytes = (struct bytes){ 0 };
	reallocs = 0;
	if (!*path) {
		temp_path(path, sizeof(path), ".steps");
		atexit(remove_temp_file);
	}
}

/* step_file_load() of what bytes holds. */
static int load(void)
{
	CHECK_EQ(write_bytes(path, &bytes), 0);
	return step_file_load(path, &sf);
}

/* --- a good file: every kind, every field, back as written ------------------------------------------ */
TEST(step_file_round_trips_every_kind)
{
	struct bytes *b = &bytes;

	put_header(b);
	put_record(b, 0, 7); put_str(b, "first"); put_str(b, "vectors/seed/smoke/a.csv");
	put_record(b, 1, 8); put_u32(b, 12); put_u32(b, 2);
	put_record(b, 2, 9); put_i32(b, -1); put_i32(b, 2); put_u8(b, 255);
	put_record(b, 3, 10); put_i32(b, 3); put_i32(b, 4); put_u32(b, 2); put_u64(b, 0xf); put_u64(b, 0x8000000000000001ull);
	put_record(b, 4, 11); put_i32(b, 1); put_i32(b, 3); put_u8(b, 1);
	put_record(b, 5, 12); put_i32(b, 70000);
	put_record(b, 6, 13);
	put_record(b, 7, 14); put_u32(b, 0xffffffffu);
	put_record(b, 8, 15); put_u32(b, 5);
	put_record(b, 9, 16);
	put_record(b, 10, 17);
	put_record(b, 11, 18); put_u32(b, 3);
	put_record(b, 12, 19); put_i32(b, -1);
	put_record(b, 13, 20); put_i32(b, 1); put_i32(b, 2); put_i32(b, -12);
	put_record(b, 14, 21); put_u32(b, 3); put_u32(b, 7); put_u32(b, 1048576); put_u32(b, 1); put_u64(b, 0xf0);
	put_record(b, 15, 22); put_i32(b, 2); put_u32(b, 8); put_u32(b, 16); put_u32(b, 7); put_u32(b, 4); put_u32(b, 65535);
	put_u32(b, 1); put_u64(b, 0x5);
	put_record(b, 16, 23); put_u8(b, 1);
	put_record(b, 17, 24);
	put_record(b, 18, 25); put_i32(b, 0); put_u32(b, 3); put_i32(b, 2); put_u32(b, 1); put_u64(b, ((uint64_t)0xff << 32) | 7);
	put_record(b, 19, 26); put_i32(b, 1); put_i32(b, -3); put_u32(b, 4); put_i32(b, 1);
	put_record(b, 20, 27);
	put_record(b, 21, 28); put_i32(b, 9);
	put_record(b, 22, 29); put_i32(b, 1);
	put_record(b, 23, 30); put_i32(b, 3);
	put_record(b, 24, 31); put_i32(b, 0); put_u32(b, 2); put_u32(b, 3); put_i32(b, 1);
	put_record(b, 25, 32); put_u32(b, 3); put_u32(b, 5); put_u32(b, 1);
	put_record(b, 26, 33); put_u32(b, 1); put_u32(b, 65536); put_u32(b, 256);
	put_record(b, 27, 34); put_u32(b, 0); put_u32(b, 3); put_i32(b, -1);
	put_record(b, 28, 35); put_i32(b, 255);
	put_record(b, 29, 36); put_u32(b, 7); put_u32(b, 0xffffffffu);
	put_record(b, 30, 37); put_u32(b, 13); put_u8(b, 1);
	put_record(b, 0, 0xffffffffu); put_str(b, "\xc3\xbcnicode"); put_str(b, "b.csv");	/* no steps */
	put_record(b, 0, 0); put_str(b, ""); put_str(b, "");
	put_record(b, 3, 1); put_i32(b, INT32_MIN); put_i32(b, INT32_MAX); put_u32(b, 0);

	CHECK_EQ(load(), 0);
	CHECK_STR(sf.error, "");
	CHECK_EQ(sf.nscenarios, 3);
	if (sf.nscenarios != 3)
		return;
	const struct scenario *s0 = &sf.scenarios[0], *s1 = &sf.scenarios[1], *s2 = &sf.scenarios[2];

	CHECK_STR(s0->name, "first");
	CHECK_STR(s0->file, "vectors/seed/smoke/a.csv");
	CHECK_EQ(s0->line, 7);
	CHECK_EQ(s0->nsteps, 30);
	if (s0->nsteps == 30) {
		static const struct { enum step_kind kind; long long a, b, c; } want[30] = {
			{ STEP_TOPOLOGY, 12, 2, 0 }, { STEP_CLASS, -1, 2, 255 }, { STEP_COMPONENT, 3, 4, 0 },
			{ STEP_MAP, 1, 3, 1 }, { STEP_PARTID_MAX, 70000, 0, 0 }, { STEP_SETUP, 0, 0, 0 },
			{ STEP_ONLINE, 0xffffffffll, 0, 0 }, { STEP_OFFLINE, 5, 0, 0 }, { STEP_ALLOC_CAPABLE, 0, 0, 0 },
			{ STEP_NUM_CLOSID, 0, 0, 0 }, { STEP_GET_RESOURCE, 3, 0, 0 }, { STEP_FAIL_ALLOC, -1, 0, 0 },
			{ STEP_FAIL_FS, 1, 2, -12 }, { STEP_CACHE, 3, 7, 1048576 }, { STEP_PROPS, 2, 8, 16 },
			{ STEP_MOUNT, 1, 0, 0 }, { STEP_UNMOUNT, 0, 0, 0 }, { STEP_SCHEMATA, 0, 3, 2 }, { STEP_SCHEMATA_READ, 1, -3, 4 },
			{ STEP_EXIT, 0, 0, 0 }, { STEP_TEARDOWN, 9, 0, 0 }, { STEP_MON_CTX_ALLOC, 1, 0, 0 }, { STEP_MON_CTX_FREE, 3, 0, 0 },
			{ STEP_RMID_READ, 0, 2, 3 }, { STEP_CPUS_WRITE, 3, 5, 1 }, { STEP_TASK_WRITE, 1, 65536, 256 }, { STEP_TASK_MATCH, 0, 3, -1 },
			{ STEP_PMG_MAX, 255, 0, 0 }, { STEP_RMID_IDX, 7, 0xffffffffll, 0 }, { STEP_RMID_IDX_DECODE, 13, 1, 0 },
		};

		for (int k = 0; k < 30; k++) {
			const struct step *s = &s0->steps[k];

			CHECK_EQ(s->kind, want[k].kind);
			CHECK_EQ(s->line, 8 + k);
			CHECK_EQ(s->a, want[k].a);
			CHECK_EQ(s->b, want[k].b);
			CHECK_EQ(s->c, want[k].c);
			if (s->kind != STEP_COMPONENT && s->kind != STEP_CACHE && s->kind != STEP_PROPS && s->kind != STEP_SCHEMATA) {
				CHECK_EQ(s->words, 0);
				CHECK(s->affinity == NULL);
			}
		}
		CHECK_EQ(s0->steps[2].words, 2);
		CHECK(s0->steps[2].affinity && s0->steps[2].affinity[0] == 0xf &&
		      s0->steps[2].affinity[1] == 0x8000000000000001ull);
		CHECK_STR(step_kind_names[s0->steps[12].kind], "fail_fs");
		CHECK_EQ(s0->steps[13].words, 1);
		CHECK(s0->steps[13].affinity && s0->steps[13].affinity[0] == 0xf0);
		CHECK_STR(step_kind_names[s0->steps[13].kind], "cache");
		CHECK_EQ(s0->steps[14].d, 7);
		CHECK_EQ(s0->steps[14].e, 4);
		CHECK_EQ(s0->steps[14].f, 65535);
		CHECK(s0->steps[14].words == 1 && s0->steps[14].affinity[0] == 0x5);
		CHECK_STR(step_kind_names[s0->steps[14].kind], "props");
		CHECK(s0->steps[17].words == 1 && s0->steps[17].affinity[0] == (((uint64_t)0xff << 32) | 7));
		CHECK_EQ(s0->steps[18].d, 1);
		CHECK_STR(step_kind_names[s0->steps[20].kind], "teardown");
		CHECK_EQ(s0->steps[23].d, 1);
		CHECK_STR(step_kind_names[s0->steps[24].kind], "cpus_write");
		CHECK_STR(step_kind_names[s0->steps[26].kind], "task_match");
		CHECK_STR(step_kind_names[s0->steps[29].kind], "rmid_idx_decode");
	}
	CHECK_STR(s1->name, "\xc3\xbcnicode");
	CHECK_STR(s1->file, "b.csv");
	CHECK_EQ(s1->line, 0xffffffffll);
	CHECK_EQ(s1->nsteps, 0);
	CHECK_STR(s2->name, "");
	CHECK_STR(s2->file, "");
	CHECK_EQ(s2->nsteps, 1);
	if (s2->nsteps == 1) {
		CHECK_EQ(s2->steps[0].a, INT32_MIN);
		CHECK_EQ(s2->steps[0].b, INT32_MAX);
		CHECK_EQ(s2->steps[0].words, 0);
		CHECK(s2->steps[0].affinity != NULL);	/* words 0: an empty mask, never NULL */
	}
}

TEST(step_file_of_a_header_only_has_no_scenarios)
{
	put_header(&bytes);
	CHECK_EQ(load(), 0);
	CHECK_EQ(sf.nscenarios, 0);
}

/* --- malformed files: exit 2, the right byte, nothing left allocated ---------------------------------- */
TEST(step_file_malformed_files_report_the_byte_and_leak_nothing)
{
	char want[1024];

	for (int i = 0; i < NMALFORMED; i++) {
		const struct malformed *m = &malformed[i];

		setup();
		m->build(&bytes);
		int rc = load();

		snprintf(want, sizeof(want), "%s: byte %lld: expected %s", path, m->offset, m->expected);
		if (rc != 2 || sf.error_offset != m->offset || strncmp(sf.error, want, strlen(want)))
			printf("  %s: rc %d, error \"%s\"\n    wanted \"%s...\"\n", m->name, rc, sf.error, want);
		CHECK_EQ(rc, 2);
		CHECK_EQ(sf.error_offset, m->offset);
		CHECK(!strncmp(sf.error, want, strlen(want)));
		CHECK_EQ(sf.nscenarios, 0);
		CHECK(sf.scenarios == NULL);
		/* LeakSanitizer, now: the failed load must have freed what it allocated */
		if (__lsan_do_recoverable_leak_check())
			printf("  %s: leaked (see the report above)\n", m->name);
	}
	setup();
	CHECK_EQ(__lsan_do_recoverable_leak_check(), 0);
}

TEST(step_file_malformed_after_good_scenarios_frees_them)
{
	put_scenario_s(&bytes);
	put_record(&bytes, 3, 3); put_i32(&bytes, 0); put_i32(&bytes, 0); put_u32(&bytes, 1); put_u64(&bytes, 0xf);
	put_record(&bytes, 0, 4); put_str(&bytes, "t"); put_str(&bytes, "f.csv");
	put_record(&bytes, 7, 5); put_u32(&bytes, 1);
	put_record(&bytes, 99, 6);
	CHECK_EQ(load(), 2);
	CHECK(strstr(sf.error, ": expected a record kind 0-30, got 99") != NULL);
	CHECK_EQ(sf.nscenarios, 0);
	CHECK_EQ(__lsan_do_recoverable_leak_check(), 0);
}

TEST(step_file_unreadable_is_reported_without_an_offset)
{
	CHECK_EQ(step_file_load("/nonexistent/reference-c.steps", &sf), 2);
	CHECK_EQ(sf.error_offset, -1);
	CHECK_STR(sf.error, "/nonexistent/reference-c.steps: expected a readable step file: No such file or directory");
	CHECK_EQ(step_file_load("/", &sf), 2);	/* a directory opens, but does not read */
	CHECK_EQ(sf.error_offset, -1);
	CHECK(strstr(sf.error, "/: expected a readable step file: ") == sf.error);
}

/* --- steps grow geometrically ------------------------------------------------------------------------ */
TEST(step_file_of_a_million_steps_loads_with_few_reallocations)
{
	enum { STEPS = 1 << 20 };

	/* one realloc per step took more than 10 minutes under ASan: fail rather than hang */
	alarm(120);
	put_scenario_s(&bytes);
	for (int i = 0; i < STEPS; i++) {
		put_record(&bytes, 7, (uint32_t)i);
		put_u32(&bytes, (uint32_t)i % 4096);
	}
	CHECK_EQ(write_bytes(path, &bytes), 0);
	reallocs = 0;
	CHECK_EQ(step_file_load(path, &sf), 0);
	CHECK_EQ(sf.nscenarios, 1);
	if (sf.nscenarios == 1) {
		CHECK_EQ(sf.scenarios[0].nsteps, STEPS);
		CHECK_EQ(sf.scenarios[0].steps[STEPS - 1].line, STEPS - 1);
		CHECK_EQ(sf.scenarios[0].steps[STEPS - 1].a, (STEPS - 1) % 4096);
	}
	/* doubling: log2(2^20 / 16) moves of the steps, log2(9 MiB / 64 KiB) of the file's bytes */
	if (reallocs > 40)
		printf("  %ld reallocations\n", reallocs);
	CHECK(reallocs <= 40);
	alarm(0);
}

/* --- grow_array: doubling, and no overflow ---------------------------------------------------- */
TEST(grow_array_doubles_and_reallocates_only_when_full)
{
	int *a = NULL, cap = 0, grown = 0;

	for (int n = 0; n < 100000; n++) {
		int before = cap;
		int *g = grow_array(a, &cap, n, sizeof(*a));

		CHECK(g != NULL);
		if (!g)
			break;
		if (cap != before) {
			grown++;
			CHECK_EQ(cap, before ? before * 2 : GROW_FIRST);
		}
		a = g;
		a[n] = n;
	}
	CHECK_EQ(a[99999], 99999);
	CHECK_EQ(a[0], 0);
	/* 16 * 2^13 = 131072: 14 reallocations for 100000 appends, not 100000 */
	CHECK_EQ(grown, 14);
	CHECK_EQ(reallocs, 13);	/* the first is realloc(NULL, ...) */
	CHECK_EQ(cap, 131072);
	free(a);
}

TEST(grow_array_refuses_a_capacity_past_int_max)
{
	char dummy;
	int cap = INT_MAX / 2 + 1;

	/* doubling would overflow the int count: refused before realloc sees @array */
	CHECK(grow_array(&dummy, &cap, cap, 1) == NULL);
	CHECK_EQ(cap, INT_MAX / 2 + 1);
}

TEST(grow_array_refuses_a_byte_size_past_size_max)
{
	char dummy;
	int cap = 4;

	CHECK(grow_array(&dummy, &cap, 4, SIZE_MAX / 4) == NULL);
	CHECK_EQ(cap, 4);
}

TEST(grow_array_keeps_the_array_while_there_is_room)
{
	char dummy;
	int cap = 8;

	CHECK(grow_array(&dummy, &cap, 7, 1) == &dummy);
	CHECK_EQ(cap, 8);
}

TEST_MAIN(setup)
