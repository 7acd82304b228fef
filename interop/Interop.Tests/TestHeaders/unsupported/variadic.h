int ec_log(const char *format, ...);
