/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpam_devices.h - the functions of the driver core (mpam_devices.c) that
 * later revisions of mpam_resctrl.c call, declared before the revision's file
 * (a reconstructed mpam_internal.h may lack a prototype the real one has; a
 * header that has it repeats it, which C allows) and defined after it, in the
 * glue's translation unit, where the revision's own struct layouts are known.
 *
 * Recorded: how often each was called (glue_devices; not yet in the ABI's
 * counters). Not modelled: the MSCs behind them: no register is written, so a
 * configuration applied is kept only in the count, and a reset changes
 * nothing the harness observes.
 */
#ifndef MPAM_DEVICES_H
#define MPAM_DEVICES_H

struct mpam_class;
struct mpam_component;
struct mpam_config;

/* Plain C types: nothing of the kernel's is included before the revision's own file. */
void mpam_reset_class_locked(struct mpam_class *class);
int mpam_apply_config(struct mpam_component *comp, unsigned short partid, struct mpam_config *cfg);

#endif /* MPAM_DEVICES_H */
