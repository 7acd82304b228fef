#define EC_MAX(a, b) ((a) > (b) ? (a) : (b))
