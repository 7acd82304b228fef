struct ec_bits {
	unsigned low : 3;
};
