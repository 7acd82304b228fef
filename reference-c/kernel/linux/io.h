/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/io.h>: no MSC is mapped (the harness drives no MMIO); only __iomem is named. */
#ifndef STAND_IN_LINUX_IO_H
#define STAND_IN_LINUX_IO_H
#include "../stand_in_stubs.h"
#endif
