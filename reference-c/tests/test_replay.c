// SPDX-License-Identifier: GPL-2.0
/*
 * test_replay.c - the replay binary's exit status and output: every malformed
 * step file of step_bytes.h exits 2 with its FILE: byte OFFSET: expected ...
 * line and no sanitizer report (LeakSanitizer turns a leak into exit 1), and
 * good files run. $REPLAY names the ASan+UBSan replay of `make lib
 * FLAVOR=sanitize` (run_tests.sh builds it; needs SRC).
 */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "step_bytes.h"

static char steps_path[256], bad_path[256], out_path[256], err_path[256];
static char out[65536], errors[16384];
static struct bytes bytes;

static void remove_temp_files(void)
{
	unlink(steps_path);
	unlink(bad_path);
	unlink(out_path);
	unlink(err_path);
}

static void setup(void)
{
	free(bytes.p);
	bytes = (struct bytes){ 0 };
	if (!*steps_path) {
		temp_path(steps_path, sizeof(steps_path), ".steps");
		temp_path(bad_path, sizeof(bad_path), ".steps");
		temp_path(out_path, sizeof(out_path), ".out");
		temp_path(err_path, sizeof(err_path), ".err");
		atexit(remove_temp_files);
	}
}

static void read_text(const char *path, char *text, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0;

	if (f) {
		n = fread(text, 1, size - 1, f);
		fclose(f);
	}
	text[n] = 0;
}

/* $REPLAY with the arguments (NULL-terminated); its exit status, stdout in out[], stderr in errors[]. */
static int run_replay(const char *arg, ...)
{
	const char *replay = getenv("REPLAY");
	const char *argv[8] = { replay };
	int argc = 1, status;
	va_list ap;
	pid_t pid;

	CHECK(replay != NULL);
	if (!replay)
		return -1;
	va_start(ap, arg);
	for (const char *a = arg; a && argc < 7; a = va_arg(ap, const char *))
		argv[argc++] = a;
	va_end(ap);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(o, 1);
		dup2(e, 2);
		execv(replay, (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	read_text(out_path, out, sizeof(out));
	read_text(err_path, errors, sizeof(errors));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A scenario the replay can run: one L3 class of one component, CPUs 0-3. */
static void good_file(struct bytes *b)
{
	put_scenario_s(b);
	put_record(b, 1, 3); put_u32(b, 8); put_u32(b, 1);
	put_record(b, 2, 4); put_i32(b, 0); put_i32(b, 0); put_u8(b, 3);
	put_record(b, 3, 5); put_i32(b, 0); put_i32(b, 0); put_u32(b, 1); put_u64(b, 0xf);
	put_record(b, 4, 6); put_i32(b, 0); put_i32(b, 0); put_u8(b, 1);
	put_record(b, 6, 7);
	put_record(b, 7, 8); put_u32(b, 1);
	put_record(b, 5, 9); put_i32(b, 70000);
	put_record(b, 5, 10); put_i32(b, -1);
	put_record(b, 5, 11); put_i32(b, 3);
	put_record(b, 10, 12);
	put_record(b, 13, 13); put_i32(b, 1); put_i32(b, 1); put_i32(b, -12);
}

TEST(replay_of_a_malformed_file_exits_2_without_a_leak_report)
{
	char want[1024];

	for (int i = 0; i < NMALFORMED; i++) {
		const struct malformed *m = &malformed[i];

		setup();
		m->build(&bytes);
		CHECK_EQ(write_bytes(bad_path, &bytes), 0);
		int rc = run_replay(bad_path, NULL);

		snprintf(want, sizeof(want), "%s: byte %lld: expected %s", bad_path, m->offset, m->expected);
		if (rc != 2 || strstr(errors, "Sanitizer") || strncmp(errors, want, strlen(want)))
			printf("  %s: exit status %d, stderr:\n%s", m->name, rc, errors);
		CHECK_EQ(rc, 2);
		CHECK(strstr(errors, "Sanitizer") == NULL);
		CHECK(!strncmp(errors, want, strlen(want)));
		CHECK(strstr(errors, "\nreplay: malformed step file(s): nothing was run\n") != NULL);
		CHECK_STR(out, "");
	}
}

TEST(replay_of_a_good_file_runs_every_step)
{
	good_file(&bytes);
	CHECK_EQ(write_bytes(steps_path, &bytes), 0);
	CHECK_EQ(run_replay(steps_path, NULL), 0);
	CHECK_STR(errors, "");
	CHECK(strstr(out, "== s (f.csv:2)\n") == out);
	CHECK(strstr(out, "\ns:3 topology cpus=8 nodes=1 | rc=0 | - | - | allocs_live=0 ") != NULL);
	CHECK(strstr(out, "\ns:4 class id=0 type=cache level=3 | rc=0 |") != NULL);
	CHECK(strstr(out, "\ns:5 component class=0 id=0 cpus=0-3 | rc=0 |") != NULL);
	CHECK(strstr(out, "\ns:6 map res=L3 class=0 alloc_capable=1 | rc=0 | L3[] |") != NULL);
	CHECK(strstr(out, "\ns:8 online cpu=1 | rc=0 | L3[0:1] | online_ctrl_domain(L3,0) online_cpu(1) |") != NULL);
	/* a partid_max that is no u16 is the replay's -EINVAL, as on the harness's side */
	CHECK(strstr(out, "\ns:9 partid_max value=70000 | rc=-EINVAL |") != NULL);
	CHECK(strstr(out, "\ns:10 partid_max value=-1 | rc=-EINVAL |") != NULL);
	CHECK(strstr(out, "\ns:11 partid_max value=3 | rc=0 |") != NULL);
	CHECK(strstr(out, "\ns:12 num_closid | rc=4 |") != NULL);
	CHECK(strstr(out, "\ns:13 fail_fs call=online_ctrl_domain nth=1 err=-ENOMEM | rc=0 |") != NULL);
	CHECK(strstr(out, "\nreplay: 1 scenario(s), 11 step(s) run\n") != NULL);
	if (test_failed_now)
		printf("  stdout:\n%s  stderr:\n%s", out, errors);
}

TEST(replay_of_several_files_runs_each_from_reset)
{
	good_file(&bytes);
	CHECK_EQ(write_bytes(steps_path, &bytes), 0);
	CHECK_EQ(run_replay(steps_path, steps_path, NULL), 0);
	CHECK_STR(errors, "");
	/* the second run onlines CPU 1 into a fresh domain again: reset in between */
	char *first = strstr(out, "\ns:8 online cpu=1 | rc=0 | L3[0:1] |");

	CHECK(first != NULL);
	CHECK(first && strstr(first + 1, "\ns:8 online cpu=1 | rc=0 | L3[0:1] |") != NULL);
	CHECK(strstr(out, "\nreplay: 2 scenario(s), 22 step(s) run\n") != NULL);
}

TEST(replay_with_one_bad_file_runs_nothing)
{
	good_file(&bytes);
	CHECK_EQ(write_bytes(steps_path, &bytes), 0);
	setup();
	m_version(&bytes);
	CHECK_EQ(write_bytes(bad_path, &bytes), 0);
	CHECK_EQ(run_replay(steps_path, bad_path, NULL), 2);
	CHECK_STR(out, "");
	CHECK(strstr(errors, ": byte 8: expected version 2, got 1\n") != NULL);
	CHECK(strstr(errors, "Sanitizer") == NULL);
	CHECK_EQ(run_replay("/nonexistent/reference-c.steps", NULL), 2);
	CHECK(strstr(errors, "/nonexistent/reference-c.steps: expected a readable step file: ") == errors);
	CHECK(strstr(errors, "Sanitizer") == NULL);
}

TEST(replay_bench_runs_the_steps_n_times)
{
	good_file(&bytes);
	CHECK_EQ(write_bytes(steps_path, &bytes), 0);
	CHECK_EQ(run_replay("--bench", "3", steps_path, NULL), 0);
	CHECK(strstr(out, "bench: 33 steps in ") == out);
	CHECK_STR(errors, "");
}

TEST(replay_usage_exits_2)
{
	CHECK_EQ(run_replay(NULL), 2);
	CHECK(strstr(errors, "usage: replay FILE.steps...") == errors);
	CHECK_EQ(run_replay("--bench", "0", steps_path, NULL), 2);
	CHECK_EQ(run_replay("--bench", "x", steps_path, NULL), 2);
}

TEST_MAIN(setup)
