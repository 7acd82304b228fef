/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stand_in_bits.h - more kernel definitions re-implemented for userspace, the
 * ones later revisions of the file and a kernel tree's own mpam_internal.h use:
 * integer limits, rounding division, bit and bitmap operations, atomic_t, the
 * lock-free list node, the ID allocator and static keys. Pure definitions,
 * like stand_in_defs.h: nothing records and nothing can be made to fail.
 *
 * Not modelled: atomicity and memory ordering (one thread runs everything),
 * ida's radix tree (a fixed bitmap of STAND_IN_IDA_MAX ids; beyond it -ENOSPC),
 * jump-label patching (a static key is a flag), llist's lock-free operations
 * (only the node and head types).
 */
#ifndef STAND_IN_BITS_H
#define STAND_IN_BITS_H

#include "stand_in_defs.h"
#include "stand_in_stubs.h"

/* --- limits (linux/limits.h) --------------------------------------- */
#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)
#define S32_MAX		((s32)(U32_MAX >> 1))
#define INT_MAX		((int)(~0U >> 1))
#define UINT_MAX	(~0U)

/* --- rounding and min/max (linux/math.h, linux/minmax.h) ------------ */
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
/* Rounds half away from zero for either sign, as the kernel's does. */
#define DIV_ROUND_CLOSEST(x, divisor) ({					\
	typeof(x) __x = (x);							\
	typeof(divisor) __d = (divisor);					\
	(((typeof(x))-1) > 0 || ((typeof(divisor))-1) > 0 || (((__x) > 0) == ((__d) > 0))) ? \
		(((__x) + ((__d) / 2)) / (__d)) : (((__x) - ((__d) / 2)) / (__d)); })
#define max(a, b) ({ typeof(a) __a = (a); typeof(b) __b = (b); __a > __b ? __a : __b; })
#define min(a, b) ({ typeof(a) __a = (a); typeof(b) __b = (b); __a < __b ? __a : __b; })
#define max_t(t, a, b) max((t)(a), (t)(b))
#define min_t(t, a, b) min((t)(a), (t)(b))

/* --- bits and fields (linux/bits.h, linux/bitfield.h) --------------- */
#define BIT(n)		(1UL << (n))
#define BIT_ULL(n)	(1ULL << (n))
#define GENMASK(h, l)	(((~0UL) << (l)) & (~0UL >> (BITS_PER_LONG - 1 - (h))))
#define GENMASK_ULL(h, l) (((~0ULL) << (l)) & (~0ULL >> (63 - (h))))
/* The field's value: shifted down by the mask's lowest set bit. */
#define FIELD_GET(mask, reg)  ((typeof(mask))(((reg) & (mask)) >> __builtin_ctzll(mask)))
#define FIELD_PREP(mask, val) ((typeof(mask))(((typeof(mask))(val) << __builtin_ctzll(mask)) & (mask)))

/* --- bitmaps (linux/bitmap.h, linux/bitops.h) ------------------------ */
#define DECLARE_BITMAP(name, bits) unsigned long name[BITS_TO_LONGS(bits)]

static inline bool test_bit(unsigned long nr, const volatile unsigned long *addr)
{
	return (addr[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

static inline void __set_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] |= 1UL << (nr % BITS_PER_LONG);
}

static inline void __clear_bit(unsigned long nr, volatile unsigned long *addr)
{
	addr[nr / BITS_PER_LONG] &= ~(1UL << (nr % BITS_PER_LONG));
}

/* The atomic forms: one thread runs everything, so they are the plain ones. */
#define set_bit(nr, addr)	__set_bit(nr, addr)
#define clear_bit(nr, addr)	__clear_bit(nr, addr)

static inline void bitmap_zero(unsigned long *dst, unsigned int nbits)
{
	for (unsigned int i = 0; i < BITS_TO_LONGS(nbits); i++)
		dst[i] = 0;
}

static inline unsigned int bitmap_weight(const unsigned long *src, unsigned int nbits)
{
	unsigned int w = 0;

	for (unsigned int i = 0; i < nbits; i++)
		w += test_bit(i, src);
	return w;
}

/* --- atomic_t (linux/atomic.h) ---------------------------------------- */
typedef struct { int counter; } atomic_t;
typedef struct { long long counter; } atomic64_t;
#define ATOMIC_INIT(i) { (i) }
#define atomic_read(v)		READ_ONCE((v)->counter)
#define atomic_set(v, i)	WRITE_ONCE((v)->counter, (i))
#define atomic_inc(v)		((void)((v)->counter++))
#define atomic_dec(v)		((void)((v)->counter--))
#define atomic_inc_return(v)	(++(v)->counter)
#define atomic_dec_return(v)	(--(v)->counter)
#define atomic_dec_and_test(v)	(--(v)->counter == 0)

/* --- lock-free list types (linux/llist.h): nodes only ----------------- */
struct llist_node { struct llist_node *next; };
struct llist_head { struct llist_node *first; };

/* --- ID allocator (linux/idr.h) ---------------------------------------- */
#define STAND_IN_IDA_MAX 1024
struct ida { DECLARE_BITMAP(used, STAND_IN_IDA_MAX); };
#define DEFINE_IDA(name) struct ida name = { { 0 } }

static inline void ida_init(struct ida *ida)
{
	bitmap_zero(ida->used, STAND_IN_IDA_MAX);
}

/* The lowest free id in [0, max], or -ENOSPC; max below 0 (no ids at all) is -ENOSPC too. */
static inline int ida_alloc_max(struct ida *ida, int max, gfp_t gfp)
{
	(void)gfp;
	for (int id = 0; id <= max && id < STAND_IN_IDA_MAX; id++)
		if (!test_bit((unsigned long)id, ida->used)) {
			__set_bit((unsigned long)id, ida->used);
			return id;
		}
	return -ENOSPC;
}

static inline void ida_free(struct ida *ida, int id)
{
	if (id >= 0 && id < STAND_IN_IDA_MAX)
		__clear_bit((unsigned long)id, ida->used);
}

static inline void ida_destroy(struct ida *ida)
{
	ida_init(ida);
}

/* --- static keys (linux/jump_label.h): a flag, no code patching -------- */
struct static_key_false { bool enabled; };
struct static_key_true { bool enabled; };
#define DEFINE_STATIC_KEY_FALSE(name) struct static_key_false name = { false }
#define DEFINE_STATIC_KEY_TRUE(name) struct static_key_true name = { true }
#define DECLARE_STATIC_KEY_FALSE(name) extern struct static_key_false name
#define DECLARE_STATIC_KEY_TRUE(name) extern struct static_key_true name
#define static_branch_likely(key)	((key)->enabled)
#define static_branch_unlikely(key)	((key)->enabled)
#define static_branch_enable(key)	((void)((key)->enabled = true))
#define static_branch_disable(key)	((void)((key)->enabled = false))
#define static_key_enabled(key)		((key)->enabled)

#endif /* STAND_IN_BITS_H */
