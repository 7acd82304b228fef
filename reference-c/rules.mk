# rules.mk - the compile rules of `make lib`, run by the Makefile (never directly) in OUT:
#
#   make -C OUT -f LINKS/here/rules.mk LINKS=... HERE=... SRC_DIR=... COMMON_DIR=... FLAVOR=... CC=... [all|common]
#
# Targets are file names in OUT; prerequisites are named through LINKS (LINKS/here is this
# folder, LINKS/src the extracted patch: paths without spaces, so make can track them);
# commands use the real paths HERE and SRC_DIR, always quoted (they may hold spaces).

STD := -std=gnu2x
WARN := -Wall -Wextra -Werror
PATCH_WNO := -Wno-unused-parameter

ifeq ($(FLAVOR),release)
  FLAVOR_CFLAGS := -O2 -g
  FLAVOR_LDFLAGS :=
else ifeq ($(FLAVOR),mutant)
  # A planted bug is built, run over the suite once and thrown away: without debug information,
  # which took a quarter of the compile (most of a mutation run's time). The code is release's
  # (-g changes no instruction): a mutant that reads past an array, say, fares as it would there,
  # where -O0 or -O1 would read other memory and judge it otherwise.
  FLAVOR_CFLAGS := -O2
  FLAVOR_LDFLAGS :=
else ifeq ($(FLAVOR),sanitize)
  FLAVOR_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  FLAVOR_LDFLAGS := -fsanitize=address,undefined
else ifeq ($(FLAVOR),coverage)
  FLAVOR_CFLAGS := -O0 -g --coverage
  FLAVOR_LDFLAGS := --coverage
else ifeq ($(FLAVOR),stress-tsan)
  FLAVOR_CFLAGS := -O1 -g -fsanitize=thread -DSTAND_IN_REAL_RCU
  FLAVOR_LDFLAGS := -fsanitize=thread
else ifeq ($(FLAVOR),stress-asan)
  FLAVOR_CFLAGS := -O1 -g -fsanitize=address -fno-omit-frame-pointer -DSTAND_IN_REAL_RCU
  FLAVOR_LDFLAGS := -fsanitize=address
else
  $(error FLAVOR must be release, mutant, sanitize, coverage, stress-tsan or stress-asan, not '$(FLAVOR)')
endif
# The stress flavours add the stress binary: reader threads under a real RCU (liburcu), which
# the library's synchronize_rcu() then waits for.
STRESS := $(if $(filter stress-%,$(FLAVOR)),stress)
FLAVOR_LIBS := $(if $(filter stress-%,$(FLAVOR)),-lurcu-memb -lpthread)

# cpumask_weight() is a popcount per word: the host's instruction when it has one (most
# x86-64 do), not gcc's software fallback, which dominated 4096-CPU steps.
HOST_POPCNT := $(shell grep -qw popcnt /proc/cpuinfo 2>/dev/null && echo -mpopcnt)
FLAVOR_CFLAGS += $(HOST_POPCNT)

L_HERE := $(LINKS)/here
L_SRC := $(LINKS)/src

CFLAGS_COMMON := $(STD) $(WARN) -fPIC $(FLAVOR_CFLAGS) -I"$(HERE)/include"
# The glue sees the shadow kernel tree, the extracted patch and the compiler's own headers
# (stddef.h, stdint.h, ...): -nostdinc, so no system linux/ or asm/ header can ever stand in
# for a kernel one. A kernel tree's own headers (SRC/include/linux/arm_mpam.h, and
# SRC/drivers/resctrl/mpam_internal.h next to the file) come before the stand-ins; a header
# the revision does not bring is the stand-in's.
# A missing stand-in is reported instead. Warnings are a kernel's at
# W=0: the ones it makes errors are errors, the rest are listed (warnings.txt), not fatal.
GCC_INCLUDE := $(shell $(CC) -print-file-name=include)
GLUE_WARN := -Wall -Wno-unused-parameter -Wno-unused-but-set-variable -Wno-unused-const-variable \
	-Werror=implicit-function-declaration -Werror=implicit-int \
	-Werror=return-type -Werror=strict-prototypes -Werror=incompatible-pointer-types -Werror=int-conversion
GLUE_CFLAGS = $(STD) -fPIC $(FLAVOR_CFLAGS) -nostdinc -ffreestanding -isystem "$(GCC_INCLUDE)" $(GLUE_WARN) \
	-DCONFIG_RESCTRL_FS -DCONFIG_EXPERT -DKBUILD_MODNAME='"mpam"' \
	-I"$(HERE)/include" -I"$(SRC_DIR)/include" -I"$(HERE)/kernel" -I"$(SRC_DIR)"
# The stand-ins' state uses libc; it reaches its headers by their own directory.
STAND_IN_CFLAGS := $(CFLAGS_COMMON)
REPLAY_CFLAGS := $(CFLAGS_COMMON)

STAND_IN_HEADERS := $(wildcard $(L_HERE)/kernel/*.h $(L_HERE)/kernel/linux/*.h $(L_HERE)/kernel/asm/*.h) $(L_HERE)/include/mpam_ref.h
# What no patch changes, compiled here or, given COMMON_DIR (`make common` output), linked from there.
COMMON_OBJS := stand_in_controlled.o step_file.o steps.o replay.o $(if $(STRESS),stress.o)
FROM_COMMON := $(if $(COMMON_DIR),$(LINKS)/common/)
LIB_OBJS := $(FROM_COMMON)stand_in_controlled.o mpam_ref.o
REPLAY_OBJS := $(addprefix $(FROM_COMMON),replay.o step_file.o steps.o)

.PHONY: all common
.DELETE_ON_ERROR:

all: libmpamref.so replay $(STRESS)
	@:

common: $(COMMON_OBJS)
	@:

stand_in_controlled.o: $(L_HERE)/kernel/stand_in_controlled.c $(STAND_IN_HEADERS)
	$(CC) $(STAND_IN_CFLAGS) -c "$(HERE)/kernel/stand_in_controlled.c" -o $@

mpam_ref.o: $(L_HERE)/glue/mpam_ref.c $(STAND_IN_HEADERS) $(L_SRC)/drivers/resctrl/mpam_resctrl.c $(L_SRC)/include/generated/mpam_patch_decls.h $(L_SRC)/include/generated/mpam_file_statics.h
	@$(CC) $(GLUE_CFLAGS) -c "$(HERE)/glue/mpam_ref.c" -o $@ 2>$@.log || { \
		sh "$(HERE)/glue/missing_api.sh" "$(CURDIR)/$@.log" "$(CURDIR)/missing-probe" "$(SRC_DIR)" -- \
			$(CC) $(GLUE_CFLAGS) -c "$(HERE)/glue/mpam_ref.c" -o /dev/null; exit 3; }
	@sed -nE 's|^([^:]*/)?([^/:]+:[0-9]+):[0-9]+: warning: (.*)|reference-c: warning: \2: \3|p' $@.log | sort -u > warnings.txt; cat warnings.txt >&2

%.o: $(L_HERE)/replay/%.c $(wildcard $(L_HERE)/replay/*.h) $(L_HERE)/include/mpam_ref.h
	$(CC) $(REPLAY_CFLAGS) -c "$(HERE)/replay/$*.c" -o $@

libmpamref.so: $(LIB_OBJS) $(L_HERE)/mpamref.map
	@$(CC) -shared -Wl,--version-script="$(HERE)/mpamref.map" -Wl,-z,defs $(FLAVOR_LDFLAGS) $(LIB_OBJS) $(FLAVOR_LIBS) -o $@ 2>$@.log || { \
		sed -nE "s/.*undefined reference to [\`'‘]([A-Za-z_0-9]+)['’].*/reference-c: missing symbol: \1 (link)/p" $@.log | sort -u >&2; \
		echo "reference-c: the patch does not link against the stand-ins (full log: $(CURDIR)/$@.log)" >&2; exit 3; }

replay: $(REPLAY_OBJS) $(LIB_OBJS)
	$(CC) $(FLAVOR_LDFLAGS) $(REPLAY_OBJS) $(LIB_OBJS) $(FLAVOR_LIBS) -o $@

stress.o: $(L_HERE)/stress/stress.c $(wildcard $(L_HERE)/replay/*.h) $(L_HERE)/include/mpam_ref.h
	$(CC) $(REPLAY_CFLAGS) -I"$(HERE)/replay" -c "$(HERE)/stress/stress.c" -o $@

stress: $(FROM_COMMON)stress.o $(FROM_COMMON)step_file.o $(FROM_COMMON)steps.o $(LIB_OBJS)
	$(CC) $(FLAVOR_LDFLAGS) $^ $(FLAVOR_LIBS) -o $@
