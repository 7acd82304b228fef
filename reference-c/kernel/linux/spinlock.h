/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/spinlock.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_SPINLOCK_H
#define STAND_IN_LINUX_SPINLOCK_H
#include "../stand_in_controlled.h"
#include "../stand_in_stubs.h"
#endif
