// SPDX-License-Identifier: GPL-2.0
/*
 * test_vector.c - the vector file loader (replay/vector.c) and the replay's
 * exit status on malformed files. Built against the objects of `make lib`
 * (needs SRC) and linked with -Wl,--wrap=realloc to count reallocations.
 * $REPLAY names the ASan+UBSan replay binary of the same build.
 */
#include <fcntl.h>
#include <sanitizer/lsan_interface.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../replay/vector.h"
#include "harness.h"

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
#define HEADER "scenario,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n"
#define BOM "\xEF\xBB\xBF"

static char csv_path[256], err_path[256];
static char errors[16384];

static void temp_path(char *path, size_t size, const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/reference-c-test.XXXXXX%s", dir && *dir ? dir : "/tmp", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	CHECK(f != NULL);
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

static void read_errors(void)
{
	FILE *f = fopen(err_path, "rb");
	size_t n = 0;

	if (f) {
		n = fread(errors, 1, sizeof(errors) - 1, f);
		fclose(f);
	}
	errors[n] = 0;
}

/* vector_load() of @text, its stderr in errors[]. */
static void load(const char *text, struct vector_file *vf)
{
	int saved = dup(2), fd;

	write_file(csv_path, text);
	fflush(stderr);
	fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fd, 2);
	close(fd);
	vector_load(csv_path, vf);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	read_errors();
}

static void remove_temp_files(void)
{
	unlink(csv_path);
	unlink(err_path);
}

static void setup(void)
{
	mpam_ref_reset();
	reallocs = 0;
	if (!*csv_path) {
		temp_path(csv_path, sizeof(csv_path), ".csv");
		temp_path(err_path, sizeof(err_path), ".err");
		atexit(remove_temp_files);
	}
}

/* A scenario that parses: every kind of expectation, and a row of several steps. */
static const char valid[] =
	HEADER
	"s,topology,cpus=8,0,-,-,,\n"
	"s,class,id=0 type=cache level=3,0,,,,\n"
	"s,component,class=0 id=0 cpus=0-3,0,,,,\n"
	"s,map,res=L3 class=0 alloc_capable=1,0,L3[],-,allocs_live=0,\n"
	"s,setup,,0,L3[],-,,\n"
	"s,online,cpus=0-3,0,L3[0:0-3],\"online_ctrl_domain(L3,0) online_cpu(0) online_cpu(1) online_cpu(2) online_cpu(3)\",allocs_live=1 warn:f:c=0,a note\n";

/* --- a UTF-8 BOM opens the file: skipped, like the harness (File.ReadAllText) does ---------------- */
TEST(vector_file_with_bom_loads)
{
	struct vector_file plain, bom;
	char *with_bom = malloc(sizeof(valid) + 3);

	strcpy(with_bom, BOM);
	strcat(with_bom, valid);
	load(valid, &plain);
	CHECK_EQ(plain.nerrors, 0);
	load(with_bom, &bom);
	CHECK_EQ(bom.nerrors, 0);
	CHECK_STR(errors, "");
	CHECK_EQ(bom.nscenarios, 1);
	CHECK_EQ(bom.nscenarios, plain.nscenarios);
	if (bom.nscenarios == 1 && plain.nscenarios == 1) {
		CHECK_STR(bom.scenarios[0].name, "s");
		CHECK_EQ(bom.scenarios[0].line, 2);
		CHECK_EQ(bom.scenarios[0].nsteps, plain.scenarios[0].nsteps);
	}
	vector_free(&plain);
	vector_free(&bom);
	free(with_bom);
}

TEST(vector_file_with_bom_reports_the_same_positions)
{
	static const char bad[] = HEADER "s,topology,cpus=x,,,,,\n";
	struct vector_file vf;
	char plain[sizeof(errors)];

	load(bad, &vf);
	vector_free(&vf);
	strcpy(plain, errors);
	CHECK(strstr(plain, ":2:17: expected a decimal number") != NULL);
	load(BOM HEADER "s,topology,cpus=x,,,,,\n", &vf);
	vector_free(&vf);
	CHECK_STR(errors, plain);
	load(BOM "scenari,op,args,expect_rc,expect_domains,expect_events,expect_counters,note\n", &vf);
	vector_free(&vf);
	CHECK(strstr(errors, ":1:1: expected the header line") != NULL);
}

/* --- every error path frees what it allocated ------------------------------------------------------ */
static const char *const malformed[] = {
	"",
	"scenario,op\n",
	HEADER "s,topology,cpus=x,0,,,,\n",
	HEADER "s,topology,cpus=8,,,,,\ns,online,cpus=0-2z,,,,,\n",
	HEADER "s,topology,cpus=8,,,,,\ns,online,cpus=0-99,,,,,\n",
	HEADER "s,topology,cpus=8,,,,,\ns,online,cpus=1-2,0,L3[0:,,,\n",
	HEADER "s,topology,cpus=8,,,,,\ns,online,cpu=1,0,L3[0:0-3 1:9999],,,\n",
	HEADER "s,topology,cpus=8,,,,,\ns,online,cpu=1,,,online_cpu(x),,\n",
	HEADER "s,topology,cpus=8,,,,,\ns,online,cpu=1,,,,allocs_live=x warn:f=1 bogus=1 =2,\n",
	HEADER "s,setup,\"x\"y,,,,,\n",
	HEADER "s,setup,\"never closed,,,,,\n",
	HEADER "s,frobnicate,,,,,,\n",
	HEADER "s,setup,,,,,,,extra\n",
	HEADER ",setup,,,,,,\n",
	HEADER "s,setup,,-EBOGUS,,,,\ns,setup,,not-run,,,,\n",
	HEADER "s,class,id=0 type=cache,,,,,\ns,class,id=0 type=cache,,,,,\n"
	"s,component,class=9 id=0 cpus=0-3,,,,,\ns,component,class=0 id=0,,,,,\n",
	HEADER "s,fail_online_ctrl_domain,nth=1 err=bogus,,,,,\ns,map,res=XX class=0 alloc_capable=2,,,,,\n",
	HEADER "s,setup,,,,,,\nt,setup,,,,,,\ns,setup,,,,,,\n",
	HEADER "s,topology,cpus=8,,,,,\ns,online,cpus=0-3,0,-,,allocs_live=0,note\nt,setup,,bad,,,,\n",
	BOM HEADER "s,online,cpu=1 cpu=2 x,,,,,\n",
};
#define NMALFORMED (int)(sizeof(malformed) / sizeof(malformed[0]))

TEST(vector_malformed_files_leak_nothing)
{
	for (int i = 0; i < NMALFORMED; i++) {
		struct vector_file vf;

		load(malformed[i], &vf);
		if (vf.nerrors == 0)
			printf("  malformed[%d] loaded without an error\n", i);
		CHECK(vf.nerrors > 0);
		vector_free(&vf);
		/* LeakSanitizer, now: what is unreachable after vector_free() was leaked */
		if (__lsan_do_recoverable_leak_check())
			printf("  malformed[%d] leaked (see the report above)\n", i);
	}
	CHECK_EQ(__lsan_do_recoverable_leak_check(), 0);
}

/* @csv through $REPLAY; its exit status, its stderr in errors[]. */
static int run_replay(const char *replay, const char *csv)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int out = open("/dev/null", O_WRONLY);

		dup2(err, 2);
		dup2(out, 1);
		execl(replay, replay, csv, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	read_errors();
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(replay_of_a_malformed_file_exits_2_without_a_leak_report)
{
	const char *replay = getenv("REPLAY");

	CHECK(replay != NULL);
	if (!replay)
		return;
	for (int i = 0; i < NMALFORMED; i++) {
		write_file(csv_path, malformed[i]);
		int rc = run_replay(replay, csv_path);

		if (rc != 2 || strstr(errors, "Sanitizer"))
			printf("  malformed[%d]: exit status %d%s\n", i, rc,
			       strstr(errors, "Sanitizer") ? " and a sanitizer report" : "");
		CHECK_EQ(rc, 2);
		CHECK(strstr(errors, "Sanitizer") == NULL);
		CHECK(strstr(errors, "replay: malformed vector file(s): nothing was run") != NULL);
	}
	/* and a good file still runs, also leak-free */
	write_file(csv_path, valid);
	CHECK_EQ(run_replay(replay, csv_path), 0);
	CHECK(strstr(errors, "Sanitizer") == NULL);
}

/* --- steps grow geometrically ------------------------------------------------------------------------ */
/* A scenario of @rows rows of 4096 steps each (online cpus=0-4095). */
static char *many_steps(int rows)
{
	static const char topology[] = HEADER "s,topology,cpus=4096,,,,,\n";
	static const char row[] = "s,online,cpus=0-4095,,,,,\n";
	char *text = malloc(sizeof(topology) + (size_t)rows * (sizeof(row) - 1));
	char *p = text + sizeof(topology) - 1;

	memcpy(text, topology, sizeof(topology));
	for (int i = 0; i < rows; i++, p += sizeof(row) - 1)
		memcpy(p, row, sizeof(row));
	return text;
}

static void load_many_steps(int rows)
{
	struct vector_file vf;
	char *text = many_steps(rows);

	reallocs = 0;
	load(text, &vf);
	CHECK_EQ(vf.nerrors, 0);
	CHECK_EQ(vf.nscenarios, 1);
	if (vf.nscenarios == 1) {
		const struct scenario *sc = &vf.scenarios[0];

		CHECK_EQ(sc->nsteps, 1 + rows * 4096);
		CHECK_EQ(sc->steps[sc->nsteps - 1].a, 4095);
		CHECK_EQ(sc->steps[sc->nsteps - 1].last_of_row, 1);
		CHECK_EQ(sc->steps[sc->nsteps - 4096].first_of_row, 1);
	}
	/* doubling: log2(steps / 16) moves of the steps, plus a few of the CSV reader's; not one per step */
	if (reallocs > 64)
		printf("  %d rows: %ld reallocations\n", rows, reallocs);
	CHECK(reallocs <= 64);
	vector_free(&vf);
	free(text);
}

TEST(vector_steps_grow_geometrically)
{
	load_many_steps(2);
}

TEST(vector_of_a_million_steps_loads_in_time)
{
	/* one realloc per step took more than 10 minutes here under ASan: fail rather than hang */
	alarm(120);
	load_many_steps(256);
	alarm(0);
}

TEST_MAIN(setup)
