/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/bits.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_BITS_H
#define STAND_IN_LINUX_BITS_H
#include "../stand_in_bits.h"
#include "../stand_in_stubs.h"
#endif
