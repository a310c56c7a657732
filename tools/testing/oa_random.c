// SPDX-License-Identifier: GPL-2.0
/*
 * The randomized reference-model test of the KUnit suite, in userspace, so
 * that it runs under AddressSanitizer and UndefinedBehaviorSanitizer at
 * tens of millions of operations.
 *
 *   oa_random [-s SEED] [-n OPS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <linux/bug.h>

#include "orderly_alloc_model.h"

static unsigned long count_warnings(void)
{
	return oa_shim_warnings;
}

static u64 fresh_seed(void)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	return (u64)now.tv_sec * 1000000007ULL ^ now.tv_nsec ^ getpid();
}

int main(int argc, char **argv)
{
	unsigned long ops = 10000000;
	struct oa_model *m;
	u64 seed = 0;
	int opt, i;

	while ((opt = getopt(argc, argv, "s:n:")) != -1) {
		if (opt == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (opt == 'n')
			ops = strtoul(optarg, NULL, 0);
		else
			return fprintf(stderr, "usage: %s [-s seed] [-n ops]\n",
				       argv[0]), 2;
	}
	if (!seed)
		seed = fresh_seed();
	m = malloc(oa_model_bytes(OA_MODEL_NODES));
	if (!m)
		return 1;
	m = oa_model_setup(m, OA_MODEL_NODES);
	m->warnings = count_warnings;

	printf("oa_random: seed %llu, %lu ops (replay: -s %llu)\n",
	       (unsigned long long)seed, ops, (unsigned long long)seed);
	if (!oa_model_run(m, seed, ops)) {
		printf("oa_random: FAILED at op %lu, after %s: %s\n", m->op,
		       m->last_op, m->why);
		free(m);
		return 1;
	}
	for (i = 0; i < OA_MODEL_KINDS; i++)
		printf("oa_random: %-9s: %lu ok, %lu -ENOSPC, %lu -EINVAL\n",
		       oa_model_kind_names[i], m->outcomes[i][0],
		       m->outcomes[i][1], m->outcomes[i][2]);
	printf("oa_random: at most %d allocations live; %lu ops passed\n",
	       m->most_live, ops);
	free(m);
	return 0;
}
