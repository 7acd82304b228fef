// SPDX-License-Identifier: GPL-2.0
/*
 * test_reader.c - the parts of the vector reader that need no patch: the CSV
 * reader (replay/csv.c) and the array growth of replay/grow.h. Built with
 * ASan+UBSan and run by run_tests.sh with or without SRC.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../replay/csv.h"
#include "../replay/grow.h"
#include "harness.h"

static int errors, error_line, error_col;

static void on_error(void *ctx, int line, int col, const char *expected)
{
	(void)ctx;
	(void)expected;
	errors++;
	error_line = line;
	error_col = col;
}

static struct csv_record *recs;
static int nrecs;

static void read_text(const char *text)
{
	errors = error_line = error_col = 0;
	nrecs = csv_read(text, &recs, on_error, NULL);
}

static void reset(void)
{
	if (recs)
		csv_free(recs, nrecs);
	free(recs);
	recs = NULL;
	nrecs = 0;
}

/* --- UTF-8 byte order mark: skipped at the very start only, like File.ReadAllText ---------- */
TEST(csv_bom_at_start_is_not_part_of_the_first_field)
{
	read_text("\xEF\xBB\xBFscenario,op\ns,setup\n");
	CHECK_EQ(errors, 0);
	CHECK_EQ(nrecs, 2);
	CHECK_STR(recs[0].fields[0].value, "scenario");
	/* positions count from the character after the BOM */
	CHECK_EQ(recs[0].fields[0].line, 1);
	CHECK_EQ(recs[0].fields[0].col, 1);
	CHECK_EQ(recs[0].fields[1].col, 10);
	CHECK_EQ(recs[1].fields[1].line, 2);
	CHECK_EQ(recs[1].fields[1].col, 3);
}

TEST(csv_bom_then_comment_line_is_still_a_comment)
{
	read_text("\xEF\xBB\xBF# a comment\nx,y\n");
	CHECK_EQ(nrecs, 1);
	CHECK_STR(recs[0].fields[0].value, "x");
	CHECK_EQ(recs[0].line, 2);
}

TEST(csv_bom_then_quoted_field_is_still_quoted)
{
	read_text("\xEF\xBB\xBF\"a,b\",c\n");
	CHECK_EQ(errors, 0);
	CHECK_EQ(nrecs, 1);
	CHECK_EQ(recs[0].fields[0].quoted, 1);
	CHECK_STR(recs[0].fields[0].value, "a,b");
	CHECK_EQ(recs[0].fields[1].col, 7);
}

TEST(csv_bom_error_positions_match_the_file_without_it)
{
	int line, col;

	read_text("a,b\nc,\"d\"e\n");
	line = error_line;
	col = error_col;
	CHECK_EQ(errors, 1);
	reset();
	read_text("\xEF\xBB\xBF" "a,b\nc,\"d\"e\n");
	CHECK_EQ(errors, 1);
	CHECK_EQ(error_line, line);
	CHECK_EQ(error_col, col);
}

TEST(csv_bom_only_file_has_no_records)
{
	read_text("\xEF\xBB\xBF");
	CHECK_EQ(nrecs, 0);
	CHECK_EQ(errors, 0);
}

TEST(csv_bom_later_in_the_file_is_data)
{
	read_text("a\n\xEF\xBB\xBF" "b,\xEF\xBB\xBF" "c\n");
	CHECK_EQ(nrecs, 2);
	CHECK_STR(recs[1].fields[0].value, "\xEF\xBB\xBF" "b");
	CHECK_STR(recs[1].fields[1].value, "\xEF\xBB\xBF" "c");
}

TEST(csv_second_bom_at_start_is_data)
{
	/* File.ReadAllText drops one BOM; a second one is a U+FEFF in the first field */
	read_text("\xEF\xBB\xBF\xEF\xBB\xBF" "a\n");
	CHECK_EQ(nrecs, 1);
	CHECK_STR(recs[0].fields[0].value, "\xEF\xBB\xBF" "a");
}

TEST(csv_partial_bom_is_data)
{
	read_text("\xEF\xBB" "a\n");
	CHECK_EQ(nrecs, 1);
	CHECK_STR(recs[0].fields[0].value, "\xEF\xBB" "a");
}

/* --- grow_array: doubling, and no overflow ---------------------------------------------------- */
TEST(grow_array_doubles_and_reallocates_only_when_full)
{
	int *a = NULL, cap = 0, reallocs = 0;

	for (int n = 0; n < 100000; n++) {
		int before = cap;
		int *g = grow_array(a, &cap, n, sizeof(*a));

		CHECK(g != NULL);
		if (!g)
			break;
		if (cap != before) {
			reallocs++;
			CHECK_EQ(cap, before ? before * 2 : GROW_FIRST);
		}
		a = g;
		a[n] = n;
	}
	CHECK_EQ(a[99999], 99999);
	CHECK_EQ(a[0], 0);
	/* 16 * 2^13 = 131072: 14 reallocations for 100000 appends, not 100000 */
	CHECK_EQ(reallocs, 14);
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

TEST_MAIN(reset)
