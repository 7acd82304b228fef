void ec_on_event(void (*callback)(int));
