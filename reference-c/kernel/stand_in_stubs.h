/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stand_in_stubs.h - kernel annotations and helpers that do nothing in a
 * single-threaded userspace build. Nothing here is observable; if the patch
 * starts to depend on one of these doing something, it belongs in
 * stand_in_controlled.h instead.
 */
#ifndef STAND_IN_STUBS_H
#define STAND_IN_STUBS_H

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME "mpam"
#endif

#define __init
#define __exit
#define __read_mostly
#define __must_check __attribute__((warn_unused_result))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define READ_ONCE(x) (*(volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile typeof(x) *)&(x) = (v))
#define might_sleep() do { } while (0)
#define EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL(sym)

#endif /* STAND_IN_STUBS_H */
