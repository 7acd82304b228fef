int ec_uses(undefined_type_t value);
