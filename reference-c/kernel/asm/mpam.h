/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <asm/mpam.h>: nothing of it is used by mpam_resctrl.c at this version. */
#ifndef STAND_IN_ASM_MPAM_H
#define STAND_IN_ASM_MPAM_H
#include "../stand_in_mpam.h"
#endif
