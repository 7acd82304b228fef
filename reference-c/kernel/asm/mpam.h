/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <asm/mpam.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_ASM_MPAM_H
#define STAND_IN_ASM_MPAM_H
#include "../stand_in_defs.h"
#endif
