/* SPDX-License-Identifier: GPL-2.0 */
/* Shadow of <linux/acpi.h>: ACPI tables are not modelled; their types are only named. */
#ifndef STAND_IN_LINUX_ACPI_H
#define STAND_IN_LINUX_ACPI_H
#include "../stand_in_defs.h"
struct acpi_mpam_msc_node;
struct acpi_table_header;
#endif
