/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow of drivers/resctrl/mpam_internal.h: the stand-in internals, then the
 * lines the patch adds to mpam_internal.h and include/linux/arm_mpam.h, as
 * the extractor writes them to $(SRC)/include/generated/mpam_patch_decls.h.
 */
#ifndef MPAM_INTERNAL_H
#define MPAM_INTERNAL_H
/* The glue tells this stand-in from a kernel tree's own header by this name. */
#define STAND_IN_MPAM_INTERNAL_H

#include "stand_in_mpam.h"

#include <generated/mpam_patch_decls.h>

#endif /* MPAM_INTERNAL_H */
