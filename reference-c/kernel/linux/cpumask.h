/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/cpumask.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_CPUMASK_H
#define STAND_IN_LINUX_CPUMASK_H
#include "../stand_in_controlled.h"
#include "../stand_in_arm64.h"	/* cpu_online_mask, cpu_possible_mask */
#include "../stand_in_stubs.h"
#endif
