int ec_fast(void) __attribute__((annotate("fast")));
