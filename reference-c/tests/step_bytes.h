/* SPDX-License-Identifier: GPL-2.0 */
/*
 * step_bytes.h - step files for the tests, written byte by byte (the format
 * of replay/step_file.h; no harness needed), and the malformed ones every
 * test of the reader and of the replay goes through.
 */
#ifndef TESTS_STEP_BYTES_H
#define TESTS_STEP_BYTES_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct bytes { unsigned char *p; size_t len, cap; };

static inline void put_raw(struct bytes *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = realloc(b->p, b->cap);
	}
	if (n)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static inline void put_u8(struct bytes *b, uint8_t v) { put_raw(b, &v, 1); }

static inline void put_u32(struct bytes *b, uint32_t v)
{
	unsigned char le[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	put_raw(b, le, 4);
}

static inline void put_i32(struct bytes *b, int32_t v) { put_u32(b, (uint32_t)v); }
static inline void put_u64(struct bytes *b, uint64_t v) { put_u32(b, (uint32_t)v); put_u32(b, (uint32_t)(v >> 32)); }

static inline void put_str(struct bytes *b, const char *s)
{
	put_u32(b, (uint32_t)strlen(s));
	put_raw(b, s, strlen(s));
}

static inline void put_header(struct bytes *b) { put_raw(b, "MPAMSTP1", 8); put_u32(b, 2); }
static inline void put_record(struct bytes *b, uint8_t kind, uint32_t line) { put_u8(b, kind); put_u32(b, line); }

/* the header (12 bytes), then a scenario "s" of "f.csv", line 2, at byte 12 (19 bytes): steps start at byte 31 */
static inline void put_scenario_s(struct bytes *b)
{
	put_header(b);
	put_record(b, 0, 2);
	put_str(b, "s");
	put_str(b, "f.csv");
}

static inline int write_bytes(const char *path, const struct bytes *b)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(b->p ? (const void *)b->p : "", 1, b->len, f) == b->len;

	return (f && !fclose(f) && ok) ? 0 : -1;
}

/* --- malformed files: what is wrong, at which byte ------------------------------------------------ */
struct malformed {
	const char *name;
	long long offset;
	const char *expected;	/* what follows "FILE: byte OFFSET: expected " */
	void (*build)(struct bytes *b);
};

static inline void m_empty(struct bytes *b) { (void)b; }
static inline void m_short_magic(struct bytes *b) { put_raw(b, "MPAM", 4); }
static inline void m_bad_magic(struct bytes *b) { put_raw(b, "MPAMSTP2", 8); put_u32(b, 1); }
static inline void m_version(struct bytes *b) { put_raw(b, "MPAMSTP1", 8); put_u32(b, 1); }
static inline void m_version_cut(struct bytes *b) { put_raw(b, "MPAMSTP1\2\0", 10); }
static inline void m_kind_31(struct bytes *b) { put_scenario_s(b); put_record(b, 6, 3); put_record(b, 31, 4); }
static inline void m_kind_255(struct bytes *b) { put_scenario_s(b); put_u8(b, 255); }
static inline void m_step_first(struct bytes *b) { put_header(b); put_record(b, 6, 3); }
static inline void m_line_cut(struct bytes *b) { put_scenario_s(b); put_u8(b, 6); put_raw(b, "\3\0", 2); }
static inline void m_topology_cut(struct bytes *b) { put_scenario_s(b); put_record(b, 1, 3); put_u32(b, 8); put_raw(b, "\1", 1); }
static inline void m_class_cut(struct bytes *b) { put_scenario_s(b); put_record(b, 2, 3); put_i32(b, 0); put_i32(b, 0); }
static inline void m_fail_cut(struct bytes *b) { put_scenario_s(b); put_record(b, 13, 3); put_i32(b, 1); put_i32(b, 1); }
static inline void m_name_cut(struct bytes *b) { put_header(b); put_record(b, 0, 2); put_raw(b, "\1\0\0", 3); }
static inline void m_name_too_long(struct bytes *b) { put_header(b); put_record(b, 0, 2); put_u32(b, 0xffffffffu); put_raw(b, "s", 1); }
static inline void m_file_too_long(struct bytes *b) { put_header(b); put_record(b, 0, 2); put_str(b, "s"); put_u32(b, 6); put_raw(b, "f.csv", 5); }
static inline void m_name_nul(struct bytes *b) { put_header(b); put_record(b, 0, 2); put_u32(b, 3); put_raw(b, "a\0b", 3); put_str(b, "f"); }
static inline void m_words_huge(struct bytes *b)
{
	put_scenario_s(b);
	put_record(b, 3, 3);
	put_i32(b, 0);
	put_i32(b, 0);
	put_u32(b, 0x40000000u);
	put_u64(b, 0xf);
}

static inline void m_affinity_cut(struct bytes *b)
{
	put_scenario_s(b);
	put_record(b, 3, 3);
	put_i32(b, 0);
	put_i32(b, 0);
	put_u32(b, 2);
	put_u64(b, 0xf);
	put_u32(b, 0);
}

static const struct malformed malformed[] = {
	{ "empty file", 0, "the magic \"MPAMSTP1\" (a step file of `conformance steps`)", m_empty },
	{ "magic cut short", 0, "the magic \"MPAMSTP1\"", m_short_magic },
	{ "bad magic", 0, "the magic \"MPAMSTP1\"", m_bad_magic },
	{ "bad version", 8, "version 2, got 1", m_version },
	{ "version cut short", 8, "the u32 version (4 byte(s)) of the header; the file ends 2 byte(s) later", m_version_cut },
	{ "unknown kind 31", 36, "a record kind 0-30, got 31", m_kind_31 },
	{ "unknown kind 255", 31, "a record kind 0-30, got 255", m_kind_255 },
	{ "step before any scenario", 12, "a scenario record (kind 0) before the first step, got a setup record", m_step_first },
	{ "line cut short", 32, "the u32 line (4 byte(s)) of the setup record at byte 31; the file ends 2 byte(s) later", m_line_cut },
	{ "topology cut short", 40, "the u32 nodes (4 byte(s)) of the topology record at byte 31; the file ends 1 byte(s) later", m_topology_cut },
	{ "class cut short", 44, "the u8 level (1 byte(s)) of the class record at byte 31; the file ends 0 byte(s) later", m_class_cut },
	{ "fail_fs cut short", 44, "the i32 err (4 byte(s)) of the fail_fs record at byte 31", m_fail_cut },
	{ "name length cut short", 17, "the u32 name length (4 byte(s)) of the scenario record at byte 12; the file ends 3 byte(s) later", m_name_cut },
	{ "name length past the end", 17, "a name length of at most 1 (the bytes left) in the scenario record at byte 12, got 4294967295", m_name_too_long },
	{ "file length past the end", 22, "a file length of at most 5 (the bytes left) in the scenario record at byte 12, got 6", m_file_too_long },
	{ "NUL in a name", 22, "a name without NUL bytes in the scenario record at byte 12", m_name_nul },
	{ "words past the end", 44, "a words count of at most 1 (the 8-byte words left) in the component record at byte 31, got 1073741824", m_words_huge },
	{ "affinity cut short", 44, "a words count of at most 1 (the 8-byte words left) in the component record at byte 31, got 2", m_affinity_cut },
};
#define NMALFORMED (int)(sizeof(malformed) / sizeof(malformed[0]))

/* A temporary file name ending in @suffix (the file exists, empty). */
static inline void temp_path(char *path, size_t size, const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/reference-c-test.XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	if (fd >= 0)
		close(fd);
}

#endif
