/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/sched.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_SCHED_H
#define STAND_IN_LINUX_SCHED_H
#include "../stand_in_arm64.h"
#endif
