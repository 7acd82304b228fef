union ec_either {
	int i;
	float f;
};
