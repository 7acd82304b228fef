/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/arm_mpam.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_ARM_MPAM_H
#define STAND_IN_LINUX_ARM_MPAM_H
#include "../stand_in_mpam.h"
#endif
