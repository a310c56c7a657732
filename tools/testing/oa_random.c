// SPDX-License-Identifier: GPL-2.0
/*
 * The randomized reference-model tests of the KUnit suite, in userspace, so
 * that they run under AddressSanitizer and UndefinedBehaviorSanitizer: the
 * small, dense configuration at tens of millions of operations, or with -L
 * the one at scale, where the live count climbs to 13/16 of the nodes
 * (53,248 of the default 65,536), is drained and climbs again.
 *
 *   oa_random [-L] [-N NODES] [-s SEED] [-n OPS]
 *
 * -n defaults to 10,000,000 operations, with -L to two episodes (16 per
 * node: 1,048,576). With -L the run fails if the live count never reached
 * its target (from half an episode on, 4 operations per node).
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

static double seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec + now.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int opt, i, nodes = 0, failed = 0;
	unsigned long ops = 0;
	bool at_scale = false;
	const char *name;
	struct oa_model *m;
	double start;
	u64 seed = 0;

	while ((opt = getopt(argc, argv, "LN:s:n:")) != -1) {
		if (opt == 'L')
			at_scale = true;
		else if (opt == 'N')
			nodes = strtol(optarg, NULL, 0);
		else if (opt == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (opt == 'n')
			ops = strtoul(optarg, NULL, 0);
		else
			return fprintf(stderr, "usage: %s [-L] [-N nodes] [-s seed] [-n ops]\n",
				       argv[0]), 2;
	}
	if (nodes <= 0)
		nodes = at_scale ? OA_MODEL_SCALE_NODES : OA_MODEL_NODES;
	if (!ops)
		ops = at_scale ? 16UL * nodes : 10000000;
	if (!seed)
		seed = fresh_seed();
	m = malloc(oa_model_bytes(nodes));
	if (!m)
		return 1;
	m = oa_model_setup(m, nodes, at_scale);
	m->warnings = count_warnings;
	name = at_scale ? "oa_random -L" : "oa_random";

	printf("%s: seed %llu, %lu ops, %d nodes (replay: %s%s -N %d -s %llu -n %lu)\n",
	       name, (unsigned long long)seed, ops, nodes, argv[0],
	       at_scale ? " -L" : "", nodes, (unsigned long long)seed, ops);
	fflush(stdout);
	start = seconds();
	if (!oa_model_run(m, seed, ops)) {
		printf("%s: FAILED at op %lu, after %s: %s (seed %llu)\n",
		       name, m->op, m->last_op, m->why,
		       (unsigned long long)seed);
		free(m);
		return 1;
	}
	for (i = 0; i < OA_MODEL_KINDS; i++)
		printf("%s: %-9s: %lu ok, %lu -ENOSPC, %lu -EINVAL\n", name,
		       oa_model_kind_names[i], m->outcomes[i][0],
		       m->outcomes[i][1], m->outcomes[i][2]);
	printf("%s: placed %lu best, %lu low, %lu high, %lu in a range;",
	       name, m->placed[ORDERLY_ALLOC_BEST], m->placed[ORDERLY_ALLOC_LOW],
	       m->placed[ORDERLY_ALLOC_HIGH], m->placed_in_range);
	printf(" aligned to 64K %lu, 2M %lu, more %lu\n",
	       m->placed_aligned[0], m->placed_aligned[1], m->placed_aligned[2]);
	printf("%s: %lu removes, %lu holes merged, %lu ranges added touching another\n",
	       name, m->removes, m->merges, m->ranges_touching);
	printf("%s: %lu resets (of up to %d live), %lu full checks\n", name,
	       m->resets, m->most_reset, m->full_checks);
	printf("%s: at most %d allocations live and %d holes; %lu ops passed in %.1f s\n",
	       name, m->most_live, m->most_holes, ops, seconds() - start);
	/* Half an episode is more than the climb takes. */
	if (at_scale && ops >= m->episode_ops / 2 && m->most_live < m->target) {
		printf("%s: FAILED: the live count never reached %d (seed %llu)\n",
		       name, m->target, (unsigned long long)seed);
		failed = 1;
	}
	free(m);
	return failed;
}
