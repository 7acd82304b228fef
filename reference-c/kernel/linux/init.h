/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/init.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_INIT_H
#define STAND_IN_LINUX_INIT_H
#include "../stand_in_controlled.h"
#include "../stand_in_stubs.h"
#endif
