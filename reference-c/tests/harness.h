/* SPDX-License-Identifier: GPL-2.0 */
/*
 * harness.h - a tiny test runner: TEST(name) { ... } registers a case,
 * CHECK()/CHECK_EQ()/CHECK_STR() record failures and go on. main() (from
 * TEST_MAIN) runs every case after stand_in_reset() and prints KTAP v1 (as
 * kunit.py reads it): the version and plan lines, "ok N NAME" or "not ok N NAME"
 * per case after its failed checks as "# " diagnostics, then the diagnostic
 * "# C-TESTS: N passed, N failed".
 */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <stdio.h>
#include <string.h>

struct test_case { const char *name; void (*fn)(void); };

#define MAX_TESTS 256
extern struct test_case test_cases[MAX_TESTS];
extern int test_count, test_failed_now;

#define TEST(name)							\
	static void name(void);						\
	__attribute__((constructor)) static void register_##name(void)	\
	{								\
		if (test_count < MAX_TESTS)				\
			test_cases[test_count++] = (struct test_case){ #name, name }; \
	}								\
	static void name(void)

#define CHECK(cond) do {						\
	if (!(cond)) {							\
		printf("# %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
		test_failed_now = 1;					\
	}								\
} while (0)

#define CHECK_EQ(a, b) do {						\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (__a != __b) {						\
		printf("# %s:%d: %s == %s failed: %lld != %lld\n",	\
		       __FILE__, __LINE__, #a, #b, __a, __b);		\
		test_failed_now = 1;					\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *__a = (a), *__b = (b);				\
	if (!__a || !__b || strcmp(__a, __b)) {				\
		printf("# %s:%d: %s == \"%s\" failed: got \"%s\"\n",	\
		       __FILE__, __LINE__, #a, __b ? __b : "(null)", __a ? __a : "(null)"); \
		test_failed_now = 1;					\
	}								\
} while (0)

#define TEST_MAIN(reset)						\
	struct test_case test_cases[MAX_TESTS];				\
	int test_count, test_failed_now;				\
	int main(void)							\
	{								\
		int passed = 0, failed = 0;				\
		setvbuf(stdout, NULL, _IOLBF, 0);			\
		printf("KTAP version 1\n1..%d\n", test_count);		\
		for (int i = 0; i < test_count; i++) {			\
			reset();					\
			test_failed_now = 0;				\
			test_cases[i].fn();				\
			printf("%s %d %s\n", test_failed_now ? "not ok" : "ok", i + 1, test_cases[i].name); \
			if (test_failed_now)				\
				failed++;				\
			else						\
				passed++;				\
		}							\
		reset();						\
		printf("# C-TESTS: %d passed, %d failed\n", passed, failed); \
		return failed ? 1 : 0;					\
	}

#endif
