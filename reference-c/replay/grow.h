/* SPDX-License-Identifier: GPL-2.0 */
/*
 * grow.h - room for one more element of a malloc'd array, by doubling.
 *
 * Growing by one element per append costs a copy of the whole array each
 * time: O(n^2) bytes moved, and under ASan (whose realloc always moves) a
 * 1M-step vector file did not load in 10 minutes. Doubling keeps the copies
 * O(n). The element counts are ints, so the capacity stops at INT_MAX, and
 * the byte size is checked before it is handed to realloc.
 */
#ifndef REPLAY_GROW_H
#define REPLAY_GROW_H

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>

#define GROW_FIRST 16		/* first capacity: most arrays here stay this small */

/*
 * The array @array (@count elements of @size bytes in use, *@cap allocated)
 * with room for element @count: @array itself while there is room, else the
 * array reallocated to twice the capacity and *@cap updated. NULL when the
 * capacity or its size in bytes would overflow or realloc fails; @array and
 * *@cap are then left as they were (the caller still owns @array).
 */
static inline void *grow_array(void *array, int *cap, int count, size_t size)
{
	size_t bytes;
	int next;

	if (count < *cap)
		return array;
	if (*cap > INT_MAX / 2)
		return NULL;
	next = *cap ? *cap * 2 : GROW_FIRST;
	if (__builtin_mul_overflow((size_t)next, size, &bytes))
		return NULL;
	array = realloc(array, bytes);
	if (array)
		*cap = next;
	return array;
}

#endif
