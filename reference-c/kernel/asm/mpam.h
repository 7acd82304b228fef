/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <asm/mpam.h> (arm64): see stand_in_arm64.h. */
#ifndef STAND_IN_ASM_MPAM_H
#define STAND_IN_ASM_MPAM_H
#include "../stand_in_arm64.h"
#endif
