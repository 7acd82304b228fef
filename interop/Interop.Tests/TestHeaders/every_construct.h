/* Every construct the binding generator supports, for its golden test. */
#ifndef EVERY_CONSTRUCT_H
#define EVERY_CONSTRUCT_H

#include <stdint.h>

#define EC_ANSWER 42
#define EC_NEGATIVE (-7)
#define EC_DERIVED (EC_ANSWER * 2 + 1)
#define EC_MASK (1u << 4 | 0x3)
#define EC_WIDE 0x100000000

enum ec_colour { EC_RED, EC_GREEN = 5, EC_BLUE };
enum ec_signed { EC_MINUS = -1, EC_PLUS = 1 };

typedef uint32_t ec_id_t;

struct ec_point {
	int32_t x;
	int32_t y;
};

struct ec_mixed {
	uint8_t flag;
	uint64_t wide;
	char name[12];
	uint16_t small[3];
	ec_id_t id;
	struct ec_point where;
	enum ec_colour colour;
	int64_t last;
};

int32_t ec_sum(int32_t a, int32_t b);
void ec_fill(struct ec_mixed *out, const uint64_t *words, uint32_t count);
uint64_t ec_nothing(void);
int ec_keywords(int in, int ref);
void *ec_opaque(void *cookie);

/* A marker macro is no constant; the function it marks is bound without a GC transition. */
#define EC_LEAF __attribute__((annotate("leaf")))
EC_LEAF uint32_t ec_ticks(void);

#endif
