/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/wait.h>: see stand_in_controlled.h (wait queues). */
#ifndef STAND_IN_LINUX_WAIT_H
#define STAND_IN_LINUX_WAIT_H
#include "../stand_in_controlled.h"
#include "../stand_in_arm64.h"
#endif
