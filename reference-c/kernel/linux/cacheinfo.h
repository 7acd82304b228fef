/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/cacheinfo.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_CACHEINFO_H
#define STAND_IN_LINUX_CACHEINFO_H
#include "../stand_in_controlled.h"
#include "../stand_in_arm64.h"	/* struct cacheinfo, get_cpu_cacheinfo_*() */
#include "../stand_in_stubs.h"
#endif
