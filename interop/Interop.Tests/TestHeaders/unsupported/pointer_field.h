struct ec_holder {
	int *pointer;
};
