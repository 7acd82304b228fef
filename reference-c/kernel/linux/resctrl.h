/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/resctrl.h>: see the stand_in_*.h headers. */
#ifndef STAND_IN_LINUX_RESCTRL_H
#define STAND_IN_LINUX_RESCTRL_H
#include "../stand_in_controlled.h"
#include "../stand_in_bits.h"
#include "../stand_in_arm64.h"	/* resctrl.h brings the scheduler's task_struct */
/* resctrl_arch_* the file defines, declared as the kernel's resctrl.h does */
u32 resctrl_arch_get_num_closid(struct rdt_resource *r);
struct rdt_resource *resctrl_arch_get_resource(enum resctrl_res_level l);
void resctrl_arch_sync_cpu_closid_rmid(void *info);
bool resctrl_arch_get_cdp_enabled(enum resctrl_res_level l);
int resctrl_arch_set_cdp_enabled(enum resctrl_res_level l, bool enable);
void resctrl_arch_set_closid_rmid(struct task_struct *tsk, u32 closid, u32 rmid);
u32 resctrl_arch_system_num_rmid_idx(void);
#endif
