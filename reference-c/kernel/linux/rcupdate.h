/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/rcupdate.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_RCUPDATE_H
#define STAND_IN_LINUX_RCUPDATE_H
#include "../stand_in_controlled.h"
#include "../stand_in_stubs.h"
#endif
