/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mpam_devices.h - the functions of the driver core (mpam_devices.c) that
 * later revisions of mpam_resctrl.c call, declared before the revision's file
 * (a reconstructed mpam_internal.h may lack a prototype the real one has; a
 * header that has it repeats it, which C allows) and defined after it, in the
 * glue's translation unit, where the revision's own struct layouts are known.
 *
 * Not modelled: the MSCs behind them. No register is written: a configuration
 * applied is kept in comp->cfg[] as the driver keeps it (a revision with its
 * own mpam_internal.h), and a reset changes nothing the harness observes.
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
