// SPDX-License-Identifier: GPL-2.0
/*
 * The churn of ../shared/BENCH-WORKLOAD.md, replayed exactly with the
 * kernel benchmark's own generator (bench/workload.h), for callgrind:
 * only the timed free+alloc pairs are collected, so the instruction count
 * divided by the pairs is the cost of one pair.
 *
 *   valgrind --tool=callgrind --collect-atstart=no oa_churn NLIVE
 */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/callgrind.h>

#include "orderly_alloc.h"
#include "bench/workload.h"

int main(int argc, char **argv)
{
	unsigned long nlive = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	struct orderly_alloc_node *slot;
	unsigned long i, fails = 0;
	struct orderly_alloc oa;
	struct oa_workload w;
	u64 size, align;

	if (oa_workload_check())
		return fprintf(stderr, "oa_churn: generator broken\n"), 1;
	slot = calloc(nlive, sizeof(*slot));
	if (!slot || orderly_alloc_init(&oa, 0,
					nlive * OA_WORKLOAD_CHURN_POOL_PER_LIVE))
		return 1;
	oa_workload_init(&w, OA_WORKLOAD_SEED);
	for (i = 0; i < nlive; i++) {
		oa_workload_request(&w, &size, &align);
		fails += !!orderly_alloc_insert(&oa, &slot[i], size, align,
						ORDERLY_ALLOC_BEST);
	}

	for (i = 0; i < OA_WORKLOAD_CHURN_ITERATIONS; i++) {
		struct orderly_alloc_node *node = &slot[oa_workload_next(&w) % nlive];

		oa_workload_request(&w, &size, &align);
		CALLGRIND_TOGGLE_COLLECT;
		if (orderly_alloc_node_allocated(node))
			orderly_alloc_remove(&oa, node);
		fails += !!orderly_alloc_insert(&oa, node, size, align,
						ORDERLY_ALLOC_BEST);
		CALLGRIND_TOGGLE_COLLECT;
	}
	printf("pairs %u nlive %lu fails %lu\n", OA_WORKLOAD_CHURN_ITERATIONS,
	       nlive, fails);
	if (orderly_alloc_check(&oa))
		return 1;
	orderly_alloc_reset(&oa);
	orderly_alloc_fini(&oa);
	free(slot);
	return 0;
}
