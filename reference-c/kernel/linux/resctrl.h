/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/resctrl.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_RESCTRL_H
#define STAND_IN_LINUX_RESCTRL_H
#include "../stand_in_controlled.h"
/* resctrl_arch_* the patch defines, declared as the kernel's resctrl.h does */
u32 resctrl_arch_get_num_closid(struct rdt_resource *r);
struct rdt_resource *resctrl_arch_get_resource(enum resctrl_res_level l);
#endif
