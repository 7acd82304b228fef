// SPDX-License-Identifier: GPL-2.0
/*
 * stress.c - the reference under a real RCU, with other threads reading.
 *
 *   stress [--readers N] FILE.steps...
 *
 * For each scenario of the step files: after the reset, N reader threads (liburcu's memb
 * flavour) walk every resource's control domain list the way the filesystem does, in a read
 * section, loading each link with acquire and reading each domain's id, until the scenario
 * ends; meanwhile this thread runs the scenario's steps through the ABI, the patch's own code
 * taking the update side. Built with ThreadSanitizer or AddressSanitizer (FLAVOR=stress-tsan,
 * stress-asan), a race or a read of freed memory is the sanitizer's report on stderr.
 *
 * Before each step it writes "== step K: SCENARIO FILE:LINE" to stderr, so a report that
 * follows belongs to that step. Exit status: 0 when every file was read and run (the harness
 * reads the reports, not the status: sanitizers exit non-zero by themselves); 2 for a bad file
 * or command line.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpam_ref.h"
#include "step_file.h"
#include "steps.h"

/* liburcu-memb's exported functions (the library is not built with the sanitizers). */
void urcu_memb_register_thread(void);
void urcu_memb_unregister_thread(void);
void urcu_memb_read_lock(void);
void urcu_memb_read_unlock(void);
void __tsan_release(void *addr) __attribute__((weak));
extern int stand_in_rcu_grace_token;

#define MAX_READERS 16

struct list_node { struct list_node *next, *prev; };

static int stop;
static const struct list_node *heads[64];
static uint32_t nheads, id_offset;
static long long sink;

static void *reader(void *unused)
{
	long long sum = 0;

	(void)unused;
	urcu_memb_register_thread();
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		urcu_memb_read_lock();
		for (uint32_t h = 0; h < nheads; h++) {
			const struct list_node *head = heads[h];
			const struct list_node *l = __atomic_load_n(&head->next, __ATOMIC_ACQUIRE);
			unsigned int walked = 0;

			for (; l && l != head && walked < 4096; l = __atomic_load_n(&l->next, __ATOMIC_ACQUIRE), walked++)
				sum += *(const volatile int *)((const char *)l + id_offset);
		}
		if (__tsan_release)
			__tsan_release(&stand_in_rcu_grace_token);	/* this section ends before the next grace period ends */
		urcu_memb_read_unlock();
	}
	__atomic_fetch_add(&sink, sum, __ATOMIC_RELAXED);
	urcu_memb_unregister_thread();
	return NULL;
}

static int run(const struct step_file *sf, int readers)
{
	for (int i = 0; i < sf->nscenarios; i++) {
		const struct scenario *sc = &sf->scenarios[i];
		pthread_t threads[MAX_READERS];

		mpam_ref_reset();
		nheads = 0;
		for (int32_t rid = 0; rid < 64; rid++) {
			const void *head = mpam_ref_domain_list(rid, &id_offset);

			if (!head)
				break;
			heads[nheads++] = head;
		}
		__atomic_store_n(&stop, 0, __ATOMIC_RELEASE);
		for (int r = 0; r < readers; r++)
			if (pthread_create(&threads[r], NULL, reader, NULL)) {
				fprintf(stderr, "stress: cannot start reader %d\n", r);
				return 2;
			}
		for (int k = 0; k < sc->nsteps; k++) {
			fprintf(stderr, "== step %d: %s %s:%u\n", k, sc->name, sc->file, sc->steps[k].line);
			replay_step(&sc->steps[k]);
			mpam_ref_end_step();
		}
		__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
		for (int r = 0; r < readers; r++)
			pthread_join(threads[r], NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	int readers = 2, first = 1, rc = 0;

	setvbuf(stderr, NULL, _IONBF, 0);
	if (argc > 2 && !strcmp(argv[1], "--readers")) {
		readers = atoi(argv[2]);
		first = 3;
	}
	if (readers < 1 || readers > MAX_READERS || first >= argc) {
		fprintf(stderr, "usage: stress [--readers 1..%d] FILE.steps...\n", MAX_READERS);
		return 2;
	}
	for (int f = first; f < argc && !rc; f++) {
		struct step_file sf;

		if (step_file_load(argv[f], &sf))
			return 2;
		rc = run(&sf, readers);
		step_file_free(&sf);
	}
	fprintf(stderr, "stress: done\n");
	return rc;
}
