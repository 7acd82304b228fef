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
#define __percpu
#define __iomem
#define __packed __attribute__((packed))
#define fallthrough __attribute__((fallthrough))

/*
 * IS_ENABLED(CONFIG_FOO): 1 when CONFIG_FOO is defined as 1 (built in), else 0,
 * by the kernel's placeholder trick. The harness builds with CONFIG_RESCTRL_FS and
 * CONFIG_EXPERT (without it the revisions refuse CDP, and CDP's paths are dead
 * code): every other option is off.
 */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(__ignored, val, ...) val
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define __is_defined(x) ___is_defined(x)
#define IS_ENABLED(option) __is_defined(option)
#define IS_BUILTIN(option) __is_defined(option)

#endif /* STAND_IN_STUBS_H */
