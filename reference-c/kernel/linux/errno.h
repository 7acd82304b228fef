/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/errno.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_ERRNO_H
#define STAND_IN_LINUX_ERRNO_H
#include "../stand_in_defs.h"
#include "../stand_in_stubs.h"
#endif
