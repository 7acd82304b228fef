/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/idr.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_IDR_H
#define STAND_IN_LINUX_IDR_H
#include "../stand_in_bits.h"
#include "../stand_in_stubs.h"
#endif
