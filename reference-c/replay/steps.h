/* SPDX-License-Identifier: GPL-2.0 */
/* steps.h - one step of a step file through mpam_ref.h. */
#ifndef REPLAY_STEPS_H
#define REPLAY_STEPS_H

#include "step_file.h"

/* Runs the step through the ABI and returns its rc. */
int replay_step(const struct step *s);

#endif
