// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of orderly_alloc: one case per promise of the contract in
 * DESIGN.md, named after it; a randomized case against a reference model;
 * and the cases that prove insert and remove fit atomic context.
 *
 * A case that misuses the API on purpose brackets the expected warning with
 * "orderly_alloc_test: expect-warn-begin/end" lines, the only place where
 * scripts/check-kunit-log lets a WARNING from orderly_alloc.c pass.
 */

#include <kunit/test.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/trace_events.h>
#include <linux/tracepoint.h>
#include <trace/events/kmem.h>

#include "orderly_alloc.h"
#include "orderly_alloc_trace.h"
#include "tools/testing/orderly_alloc_model.h"

static ulong seed;
module_param(seed, ulong, 0444);
MODULE_PARM_DESC(seed, "seed of the randomized case, 0 to draw one");

static ulong random_ops = 1000000;
module_param(random_ops, ulong, 0444);
MODULE_PARM_DESC(random_ops, "operations of the randomized case");

static ulong scale_seed;
module_param(scale_seed, ulong, 0444);
MODULE_PARM_DESC(scale_seed, "seed of the randomized case at scale, 0 to draw one");

static int scale_nodes = 12800;
module_param(scale_nodes, int, 0444);
MODULE_PARM_DESC(scale_nodes,
		 "nodes of the case at scale; 13/16 of them get live at once");

static ulong scale_ops;
module_param(scale_ops, ulong, 0444);
MODULE_PARM_DESC(scale_ops,
		 "operations of the case at scale, 0 for two episodes (16 per node)");

#define SZ_2_63 BIT_ULL(63)

static void expect_warn_begin(void)
{
	pr_info("orderly_alloc_test: expect-warn-begin\n");
}

static void expect_warn_end(void)
{
	pr_info("orderly_alloc_test: expect-warn-end\n");
}

/* Everything a caller can observe, to prove a failed call changed nothing. */
struct observed {
	u64 free_bytes;
	u64 largest_hole;
	unsigned long hole_count;
	unsigned long node_count;
	u64 digest;
};

static u64 mix(u64 digest, u64 value)
{
	return (digest ^ value) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
}

static struct observed observe(struct kunit *test, struct orderly_alloc *oa)
{
	struct orderly_alloc_hole hole = {};
	struct orderly_alloc_node *node = NULL;
	struct observed seen = {
		.free_bytes = orderly_alloc_free_bytes(oa),
		.largest_hole = orderly_alloc_largest_hole(oa),
		.hole_count = orderly_alloc_hole_count(oa),
		.node_count = orderly_alloc_node_count(oa),
	};

	KUNIT_ASSERT_EQ(test, orderly_alloc_check(oa), 0);
	while ((node = orderly_alloc_next_node(oa, node)))
		seen.digest = mix(mix(seen.digest, node->start), node->size);
	while (orderly_alloc_next_hole(oa, &hole))
		seen.digest = mix(mix(seen.digest, ~hole.start), hole.size);
	return seen;
}

static void expect_unchanged(struct kunit *test, struct orderly_alloc *oa,
			     const struct observed *before)
{
	struct observed after = observe(test, oa);

	KUNIT_EXPECT_EQ(test, after.free_bytes, before->free_bytes);
	KUNIT_EXPECT_EQ(test, after.largest_hole, before->largest_hole);
	KUNIT_EXPECT_EQ(test, after.hole_count, before->hole_count);
	KUNIT_EXPECT_EQ(test, after.node_count, before->node_count);
	KUNIT_EXPECT_EQ(test, after.digest, before->digest);
}

static struct orderly_alloc_node *new_nodes(struct kunit *test, int count)
{
	struct orderly_alloc_node *nodes;

	nodes = kunit_kcalloc(test, count, sizeof(*nodes), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nodes);
	return nodes;
}

static struct orderly_alloc *new_manager(struct kunit *test, u64 start, u64 size)
{
	struct orderly_alloc *oa = kunit_kzalloc(test, sizeof(*oa), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, oa);
	KUNIT_ASSERT_EQ(test, orderly_alloc_init(oa, start, size), 0);
	return oa;
}

static void reserve_ok(struct kunit *test, struct orderly_alloc *oa,
		       struct orderly_alloc_node *node, u64 start, u64 size)
{
	KUNIT_ASSERT_EQ(test, orderly_alloc_reserve(oa, node, start, size), 0);
	KUNIT_ASSERT_EQ(test, node->start, start);
	KUNIT_ASSERT_EQ(test, node->size, size);
}

static void init_manages_one_range(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0x1000, 0x10000);
	struct orderly_alloc_node *node = new_nodes(test, 2);

	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(oa), 0x10000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x10000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_node_count(oa), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x10001, 0,
						   ORDERLY_ALLOC_BEST), -ENOSPC);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x10000, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[0].start, 0x1000);
	KUNIT_EXPECT_TRUE(test, orderly_alloc_node_allocated(&node[0]));
	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(oa), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], 1, 0,
						   ORDERLY_ALLOC_LOW), -ENOSPC);
	orderly_alloc_remove(oa, &node[0]);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_fini(oa);
}

static void init_rejects_empty_or_overflowing_range(struct kunit *test)
{
	struct orderly_alloc oa;

	KUNIT_EXPECT_EQ(test, orderly_alloc_init(&oa, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_init(&oa, 2, U64_MAX), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_init(&oa, U64_MAX, 2), -EINVAL);
}

static void range_may_include_last_byte(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 1, U64_MAX);
	struct orderly_alloc_node *node = new_nodes(test, 3);

	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), U64_MAX);
	reserve_ok(test, oa, &node[0], U64_MAX, 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[1], U64_MAX - 1,
						    2), -ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[1], U64_MAX, 2),
			-EINVAL);
	orderly_alloc_remove(oa, &node[0]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[1], 16, 16,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[1].start, U64_MAX - 15);
	KUNIT_ASSERT_EQ(test, orderly_alloc_resize(oa, &node[1], 8), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), U64_MAX - 16);
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[1], 17), -ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[1], 16), 0);
	orderly_alloc_remove(oa, &node[1]);
	/* An end of 0 stands for 2^64: a range may reach the last byte. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert_range(oa, &node[1], 16, 16,
							 U64_MAX - 31, 0,
							 ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[1].start, U64_MAX - 15);
	orderly_alloc_remove(oa, &node[1]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[2], U64_MAX, 0,
						   ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[2].start, 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_remove(oa, &node[2]);
	orderly_alloc_fini(oa);
}

static void add_range_extends_managed_space(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0x10000, 0x1000);
	struct orderly_alloc_range *range;
	struct orderly_alloc_node *node = new_nodes(test, 2);

	range = kunit_kcalloc(test, 2, sizeof(*range), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, range);
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0x40000,
						      0x4000), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(oa), 0x5000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x4000);
	/* Only the second range can take it. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x2000, 0,
						   ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[0].start, 0x40000);
	/* Nothing spans the gap between the ranges. */
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], 0x3000, 0,
						   ORDERLY_ALLOC_BEST), -ENOSPC);
	/* A range below the first one works too. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &range[1], 0, 0x100),
			0);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[1], 0x100, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[1].start, 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_remove(oa, &node[0]);
	orderly_alloc_remove(oa, &node[1]);
	orderly_alloc_fini(oa);
}

static void add_range_touching_merges_holes(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0x1000, 0x1000);
	struct orderly_alloc_range *range;
	struct orderly_alloc_node *node = new_nodes(test, 1);

	range = kunit_kcalloc(test, 4, sizeof(*range), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, range);
	/* A resized BAR: the range grows at its end. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0x2000,
						      0x1000), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x2000);
	/* ... and at its start. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &range[1], 0, 0x1000),
			0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x3000);
	/* A range bridging two others joins all three. */
	reserve_ok(test, oa, &node[0], 0x2800, 0x800);
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &range[2], 0x4000,
						      0x1000), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &range[3], 0x3000,
						      0x1000), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x2800);
	orderly_alloc_remove(oa, &node[0]);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x5000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_fini(oa);
}

static void add_range_rejects_overlap_and_overflow(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0x1000, 0x1000);
	struct orderly_alloc_range *range;
	struct observed before;

	range = kunit_kcalloc(test, 2, sizeof(*range), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, range);
	before = observe(test, oa);
	KUNIT_EXPECT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0x1800,
						      0x1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0x800,
						      0x1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0, 0x3000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0x5000, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_add_range(oa, &range[0], U64_MAX,
						      2), -EINVAL);
	expect_unchanged(test, oa, &before);

	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0, 0x1000),
			0);
	before = observe(test, oa);
	/* All of the 2^64 bytes: the managed total would not fit in a u64. */
	KUNIT_EXPECT_EQ(test, orderly_alloc_add_range(oa, &range[1], 0x2000,
						      U64_MAX - 0x1fff), -EINVAL);
	expect_warn_begin();
	KUNIT_EXPECT_EQ(test, orderly_alloc_add_range(oa, &range[0], 0x20000,
						      0x1000), -EINVAL);
	expect_warn_end();
	expect_unchanged(test, oa, &before);
	orderly_alloc_fini(oa);
}

static void fini_warns_on_live_allocations_and_releases_nodes(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 0x1000);
	struct orderly_alloc_node *node = new_nodes(test, 1);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, node, 0x10, 0,
						   ORDERLY_ALLOC_BEST), 0);
	expect_warn_begin();
	orderly_alloc_fini(oa);
	expect_warn_end();
	KUNIT_EXPECT_FALSE(test, orderly_alloc_node_allocated(node));

	/* The node is free to use again, in a new manager. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_init(oa, 0, 0x1000), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, node, 0x10, 0,
						   ORDERLY_ALLOC_BEST), 0);
	orderly_alloc_remove(oa, node);
	orderly_alloc_fini(oa);
}

/* Holes of 0x300, 0x100, 0x200 and 0x100 bytes, in this address order. */
static struct orderly_alloc *holes_of_mixed_sizes(struct kunit *test,
						  struct orderly_alloc_node *wall)
{
	struct orderly_alloc *oa = new_manager(test, 0, 0x1000);

	reserve_ok(test, oa, &wall[0], 0x300, 0x100);
	reserve_ok(test, oa, &wall[1], 0x500, 0x100);
	reserve_ok(test, oa, &wall[2], 0x800, 0x100);
	reserve_ok(test, oa, &wall[3], 0xa00, 0x600);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 4);
	return oa;
}

static void release_all(struct orderly_alloc *oa, struct orderly_alloc_node *nodes,
			int count)
{
	int i;

	for (i = 0; i < count; i++)
		if (orderly_alloc_node_allocated(&nodes[i]))
			orderly_alloc_remove(oa, &nodes[i]);
	orderly_alloc_fini(oa);
}

static void insert_best_fit_takes_smallest_hole(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = holes_of_mixed_sizes(test, node);

	/* Two holes of 0x100: the tie goes to the lower one. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x80, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0x400);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[5], 0x180, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[5].start, 0x600);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[6], 0x100, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[6].start, 0x900);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 8);
}

/*
 * Holes of 0x3000 (at 0x1000), 0x7000 (at 0x21000) and 0x9000 bytes (at
 * 0x40000): three powers of two of size, so best fit passes over whole
 * size classes, the request's own when its holes are too small, and the
 * next when the alignment defeats its holes.
 */
static void insert_best_fit_crosses_size_classes(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 5);
	struct orderly_alloc *oa = new_manager(test, 0, 0x100000);

	reserve_ok(test, oa, &node[0], 0, 0x1000);
	reserve_ok(test, oa, &node[1], 0x4000, 0x1d000);
	reserve_ok(test, oa, &node[2], 0x28000, 0x18000);
	reserve_ok(test, oa, &node[3], 0x49000, 0xb7000);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x2800, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0x1000);
	orderly_alloc_remove(oa, &node[4]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x3800, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0x21000);
	orderly_alloc_remove(oa, &node[4]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x3800,
						   0x10000, ORDERLY_ALLOC_BEST),
			0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0x40000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_remove(oa, &node[4]);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[4], 0xa000, 0,
						   ORDERLY_ALLOC_BEST), -ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 5);
}

static void insert_best_fit_is_exact_with_alignment(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = new_manager(test, 0, 0x10000);

	/* A 0x40-byte hole at 0x1010: too small once aligned to 0x40. */
	reserve_ok(test, oa, &node[0], 0, 0x1010);
	reserve_ok(test, oa, &node[1], 0x1050, 0x1030);
	/* A 0x40-byte hole at 0x2080, aligned: smaller than size + align - 1. */
	reserve_ok(test, oa, &node[2], 0x20c0, 0x1f40);
	/* And a large hole from 0x4000 on. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[3], 0x40, 0x40,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[3].start, 0x2080);
	/* With nothing tight left, the large hole serves. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x40, 0x40,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0x4000);
	/* The misaligned hole still takes what its alignment allows. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[5], 0x30, 0x20,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[5].start, 0x1020);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 8);
}

/*
 * At 64 KiB and 2 MiB, best fit skips the holes the alignment defeats a
 * subtree at a time: the answer must still be exact, also for holes far
 * larger than 2^26 bytes, whose bounds are rounded.
 */
static void insert_best_fit_skips_holes_alignment_defeats(struct kunit *test)
{
	const u64 base = BIT_ULL(40), defeat = 0x1000, barely = 0x8000;
	struct orderly_alloc_node *node = new_nodes(test, 40);
	struct orderly_alloc *oa = new_manager(test, base, BIT_ULL(36));
	int i;

	/* 16 holes of 96 KiB starting 4 KiB past 64 KiB: 36 KiB of room. */
	for (i = 0; i < 16; i++)
		reserve_ok(test, oa, &node[i], base + i * SZ_256K + defeat +
			   SZ_64K + SZ_32K, SZ_256K - SZ_64K - SZ_32K);
	reserve_ok(test, oa, &node[16], base, defeat);
	/* A 96 KiB hole 32 KiB past 64 KiB: exactly 64 KiB of room. */
	reserve_ok(test, oa, &node[17], base + 16 * SZ_256K + defeat,
		   barely - defeat);
	reserve_ok(test, oa, &node[18], base + 16 * SZ_256K + barely + SZ_64K +
		   SZ_32K, SZ_1M);
	/* A tight 64 KiB hole, aligned, above them. */
	reserve_ok(test, oa, &node[19], base + SZ_64M, SZ_64M);
	reserve_ok(test, oa, &node[20], base + 2 * SZ_64M + SZ_64K,
		   SZ_64M - SZ_64K);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[21], SZ_64K,
						   SZ_64K, ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[21].start, base + 2 * SZ_64M);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[22], SZ_64K,
						   SZ_64K, ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[22].start, base + 16 * SZ_256K + SZ_64K);
	/* At 2 MiB the smallest hole that serves is the one below 64 MiB. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[23], SZ_2M, SZ_2M,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[23].start, base + 3 * SZ_2M);
	/* 1 GiB of alignment uses the 2 MiB bounds and is still exact. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[24], SZ_1G, SZ_1G,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[24].start, base + SZ_1G);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 40);
}

/*
 * Lowest and highest placement skip the holes the alignment defeats a
 * subtree at a time too: 15 holes of 3 MiB, each 4 KiB past 4 MiB, leave
 * 1 MiB + 4 KiB of room at 2 MiB and only one 2 MiB hole in the middle
 * serves a 2 MiB-aligned request; at 64 KiB, the outermost serve.
 */
static void insert_lowest_and_highest_skip_holes_alignment_defeats(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 40);
	struct orderly_alloc *oa = new_manager(test, 0, SZ_64M);
	u64 at;
	int i, n = 0;

	for (i = 0; i < 16; i++) {
		at = i * SZ_4M;
		if (i == 8) {
			reserve_ok(test, oa, &node[n++], at + SZ_2M, SZ_2M);
			continue;
		}
		reserve_ok(test, oa, &node[n++], at, SZ_4K);
		reserve_ok(test, oa, &node[n++], at + SZ_4K + SZ_2M + SZ_1M,
			   SZ_1M - SZ_4K);
	}
	KUNIT_ASSERT_EQ(test, orderly_alloc_hole_count(oa), 16);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[n], SZ_2M, SZ_2M,
						   ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[n].start, 8 * SZ_4M);
	orderly_alloc_remove(oa, &node[n]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[n], SZ_2M, SZ_2M,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[n].start, 8 * SZ_4M);
	orderly_alloc_remove(oa, &node[n]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[n], SZ_2M, SZ_64K,
						   ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[n].start, SZ_64K);
	orderly_alloc_remove(oa, &node[n]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[n], SZ_2M, SZ_64K,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[n].start, 15 * SZ_4M + SZ_1M);
	orderly_alloc_remove(oa, &node[n]);
	/* Within a range that holds only defeated holes, nothing serves. */
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, &node[n], SZ_2M,
							 SZ_2M, 0, 8 * SZ_4M,
							 ORDERLY_ALLOC_HIGH),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, &node[n], SZ_2M,
							 SZ_2M, 9 * SZ_4M, 0,
							 ORDERLY_ALLOC_LOW),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 40);
}

static void insert_lowest_takes_lowest_address(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = holes_of_mixed_sizes(test, node);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x180, 0,
						   ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[5], 0x100, 0x100,
						   ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[5].start, 0x200);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[6], 0x180, 0,
						   ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[6].start, 0x600);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 8);
}

static void insert_highest_places_top_down(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = holes_of_mixed_sizes(test, node);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x80, 0,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0x980);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[5], 0x100, 0x200,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[5].start, 0x600);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[6], 0x280, 0,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[6].start, 0x80);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 8);
}

static void insert_range_stays_inside_range(struct kunit *test)
{
	static const enum orderly_alloc_mode modes[] = {
		ORDERLY_ALLOC_BEST, ORDERLY_ALLOC_LOW, ORDERLY_ALLOC_HIGH,
	};
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = holes_of_mixed_sizes(test, node);
	int i;

	/* [0x250, 0x650) cuts the holes at 0 and 0x600. */
	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		KUNIT_ASSERT_EQ(test,
				orderly_alloc_insert_range(oa, &node[4], 0x50,
							   0x10, 0x250, 0x650,
							   modes[i]), 0);
		KUNIT_EXPECT_GE(test, node[4].start, 0x250);
		KUNIT_EXPECT_LE(test, node[4].start + node[4].size, 0x650);
		orderly_alloc_remove(oa, &node[4]);
	}
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert_range(oa, &node[4], 0x50, 0,
							 0x250, 0x650,
							 ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[4].start, 0x600);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert_range(oa, &node[5], 0x50, 0,
							 0x250, 0x650,
							 ORDERLY_ALLOC_LOW), 0);
	KUNIT_EXPECT_EQ(test, node[5].start, 0x250);
	/* Free space outside the range does not count. */
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, &node[6], 0x101, 0,
							 0x250, 0x650,
							 ORDERLY_ALLOC_BEST),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 8);
}

static void insert_range_rejects_bad_range(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0x1000, 0x1000);
	struct orderly_alloc_node *node = new_nodes(test, 1);
	struct observed before = observe(test, oa);

	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, 1, 0, 0x1800,
							 0x1800,
							 ORDERLY_ALLOC_BEST),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, 1, 0, 0x1800,
							 0x1000,
							 ORDERLY_ALLOC_LOW),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, 1, 0, 0,
							 0x1000,
							 ORDERLY_ALLOC_HIGH),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, 1, 0, 0x2000,
							 U64_MAX,
							 ORDERLY_ALLOC_BEST),
			-EINVAL);
	expect_unchanged(test, oa, &before);
	KUNIT_EXPECT_FALSE(test, orderly_alloc_node_allocated(node));
	orderly_alloc_fini(oa);
}

/* Between two managed ranges nothing is free: -ENOSPC, not -EINVAL. */
static void insert_range_in_gap_between_ranges_finds_no_space(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, SZ_16M, SZ_16M);
	struct orderly_alloc_range *range = kunit_kzalloc(test, sizeof(*range),
							  GFP_KERNEL);
	struct orderly_alloc_node *node = new_nodes(test, 1);
	struct observed before;

	KUNIT_ASSERT_NOT_NULL(test, range);
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, range, SZ_64M,
						      SZ_16M), 0);
	before = observe(test, oa);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, SZ_4K, 0,
							 SZ_32M, SZ_64M,
							 ORDERLY_ALLOC_BEST),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, SZ_4K, 0,
							 SZ_32M, SZ_64M,
							 ORDERLY_ALLOC_LOW),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, SZ_4K, 0,
							 SZ_32M, SZ_64M,
							 ORDERLY_ALLOC_HIGH),
			-ENOSPC);
	expect_unchanged(test, oa, &before);
	/* One byte more on either side reaches a managed range. */
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, node, SZ_4K, 0,
							 SZ_32M - SZ_4K, SZ_64M,
							 ORDERLY_ALLOC_HIGH),
			0);
	KUNIT_EXPECT_EQ(test, node->start, SZ_32M - SZ_4K);
	orderly_alloc_remove(oa, node);
	orderly_alloc_fini(oa);
}

static void insert_rejects_bad_arguments(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 0x10000);
	struct orderly_alloc_node *node = new_nodes(test, 2);
	struct observed before;

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x10, 0,
						   ORDERLY_ALLOC_BEST), 0);
	before = observe(test, oa);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], 0, 0,
						   ORDERLY_ALLOC_BEST), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], 1, 3,
						   ORDERLY_ALLOC_LOW), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], 1,
						   SZ_2_63 + 1,
						   ORDERLY_ALLOC_HIGH), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], 1, 0,
						   (enum orderly_alloc_mode)3),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[1], 0x100, 0),
			-EINVAL);
	KUNIT_EXPECT_FALSE(test, orderly_alloc_node_allocated(&node[1]));
	expect_warn_begin();
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x10, 0,
						   ORDERLY_ALLOC_BEST), -EINVAL);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[0], 0x100, 0x10),
			-EINVAL);
	expect_warn_end();
	expect_unchanged(test, oa, &before);
	release_all(oa, node, 2);
}

static void insert_aligns_up_to_2_pow_63(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, SZ_2_63 - 0x1000, 0x3000);
	struct orderly_alloc_node *node = new_nodes(test, 3);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x100, SZ_2_63,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_EXPECT_EQ(test, node[0].start, SZ_2_63);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], 0x100, SZ_2_63,
						   ORDERLY_ALLOC_HIGH), -ENOSPC);
	orderly_alloc_remove(oa, &node[0]);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[1], 0x100, SZ_2_63,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[1].start, SZ_2_63);
	orderly_alloc_remove(oa, &node[1]);
	orderly_alloc_fini(oa);

	/* No 2^63-aligned address in [1, 2^63): nothing fits. */
	KUNIT_ASSERT_EQ(test, orderly_alloc_init(oa, 1, SZ_2_63 - 1), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[2], 1, SZ_2_63,
						   ORDERLY_ALLOC_LOW), -ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_fini(oa);
}

static void insert_enospc_changes_nothing(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = holes_of_mixed_sizes(test, node);
	struct observed before = observe(test, oa);

	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[4], 0x301, 0,
						   ORDERLY_ALLOC_BEST), -ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, &node[4], 0x200,
							 0x400, 0x300, 0x1000,
							 ORDERLY_ALLOC_LOW),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, &node[4], 0x201, 0,
							 0x300, 0x1000,
							 ORDERLY_ALLOC_HIGH),
			-ENOSPC);
	expect_unchanged(test, oa, &before);
	KUNIT_EXPECT_FALSE(test, orderly_alloc_node_allocated(&node[4]));
	release_all(oa, node, 8);
}

static void reserve_claims_exact_span(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0x1000, 0x1000);
	struct orderly_alloc_node *node = new_nodes(test, 3);
	struct observed before;

	reserve_ok(test, oa, &node[0], 0x1400, 0x100);
	reserve_ok(test, oa, &node[1], 0x1000, 0x400);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 1);
	before = observe(test, oa);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[2], 0x14ff, 2),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[2], 0x1f00,
						    0x101), -ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[2], 0x800, 0x10),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[2], U64_MAX,
						    0x10), -EINVAL);
	expect_unchanged(test, oa, &before);
	reserve_ok(test, oa, &node[2], 0x1500, 0xb00);
	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(oa), 0);
	release_all(oa, node, 3);
}

static void remove_merges_with_free_neighbours(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 0x4000);
	struct orderly_alloc_node *node = new_nodes(test, 3);
	int i;

	reserve_ok(test, oa, &node[0], 0x1000, 0x1000);
	reserve_ok(test, oa, &node[1], 0x2000, 0x1000);
	reserve_ok(test, oa, &node[2], 0x3000, 0x800);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);
	orderly_alloc_remove(oa, &node[1]);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 3);
	KUNIT_EXPECT_FALSE(test, orderly_alloc_node_allocated(&node[1]));
	orderly_alloc_remove(oa, &node[0]);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x3000);
	orderly_alloc_remove(oa, &node[2]);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x4000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(oa), 0x4000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_FALSE(test, orderly_alloc_node_allocated(&node[i]));
	orderly_alloc_fini(oa);
}

static void remove_of_unallocated_node_warns_and_changes_nothing(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 0x1000);
	struct orderly_alloc *other = new_manager(test, 0, 0x1000);
	struct orderly_alloc_node *node = new_nodes(test, 3);
	struct observed before;

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x10, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(other, &node[1], 0x10, 0,
						   ORDERLY_ALLOC_BEST), 0);
	KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[2], 0x10, 0,
						   ORDERLY_ALLOC_BEST), 0);
	orderly_alloc_remove(oa, &node[2]);
	before = observe(test, oa);
	expect_warn_begin();
	orderly_alloc_remove(oa, &node[2]);		/* twice */
	orderly_alloc_remove(oa, &node[1]);		/* someone else's */
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[2], 8), -EINVAL);
	expect_warn_end();
	expect_unchanged(test, oa, &before);
	KUNIT_EXPECT_TRUE(test, orderly_alloc_node_allocated(&node[1]));
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(other), 0);
	orderly_alloc_remove(other, &node[1]);
	orderly_alloc_remove(oa, &node[0]);
	orderly_alloc_fini(other);
	orderly_alloc_fini(oa);
}

static void resize_grows_and_shrinks_in_place(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 0x4000);
	struct orderly_alloc_node *node = new_nodes(test, 2);
	struct observed before;

	reserve_ok(test, oa, &node[0], 0x1000, 0x800);
	reserve_ok(test, oa, &node[1], 0x3000, 0x1000);
	KUNIT_ASSERT_EQ(test, orderly_alloc_resize(oa, &node[0], 0x2000), 0);
	KUNIT_EXPECT_EQ(test, node[0].start, 0x1000);
	KUNIT_EXPECT_EQ(test, node[0].size, 0x2000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 1);
	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(oa), 0x1000);
	before = observe(test, oa);
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[0], 0x2001),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[1], 0x1001),
			-ENOSPC);
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[0], 0), -EINVAL);
	expect_unchanged(test, oa, &before);
	KUNIT_ASSERT_EQ(test, orderly_alloc_resize(oa, &node[0], 0x10), 0);
	KUNIT_EXPECT_EQ(test, node[0].start, 0x1000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);
	KUNIT_EXPECT_EQ(test, orderly_alloc_largest_hole(oa), 0x1ff0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 2);
}

static void reset_forgets_every_allocation(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 0x4000);
	struct orderly_alloc_range *range;
	struct orderly_alloc_node *node = new_nodes(test, 16);
	int i;

	range = kunit_kzalloc(test, sizeof(*range), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, range);
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, range, 0x8000,
						      0x4000), 0);
	for (i = 0; i < 16; i++)
		KUNIT_ASSERT_EQ(test, orderly_alloc_insert(oa, &node[i], 0x300,
							   0x100,
							   i % 3), 0);
	orderly_alloc_reset(oa);
	KUNIT_EXPECT_EQ(test, orderly_alloc_node_count(oa), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);
	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(oa), 0x8000);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	for (i = 0; i < 16; i++)
		KUNIT_EXPECT_FALSE(test, orderly_alloc_node_allocated(&node[i]));
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[0], 0x4000, 0,
						   ORDERLY_ALLOC_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node[0].start, 0x8000);
	release_all(oa, node, 16);
}

static void queries_match_the_holes(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = holes_of_mixed_sizes(test, node);
	struct orderly_alloc_node *pos = NULL;
	struct orderly_alloc_hole hole = {};
	u64 sum = 0, largest = 0, last_end = 0;
	unsigned long holes = 0, nodes = 0;

	while (orderly_alloc_next_hole(oa, &hole)) {
		KUNIT_EXPECT_GE(test, hole.start, last_end);
		last_end = hole.start + hole.size;
		sum += hole.size;
		largest = max(largest, hole.size);
		holes++;
	}
	KUNIT_EXPECT_EQ(test, sum, orderly_alloc_free_bytes(oa));
	KUNIT_EXPECT_EQ(test, largest, orderly_alloc_largest_hole(oa));
	KUNIT_EXPECT_EQ(test, holes, orderly_alloc_hole_count(oa));
	KUNIT_EXPECT_EQ(test, sum, 0x700);
	KUNIT_EXPECT_EQ(test, largest, 0x300);

	last_end = 0;
	while ((pos = orderly_alloc_next_node(oa, pos))) {
		KUNIT_EXPECT_GE(test, pos->start, last_end);
		last_end = pos->start + pos->size;
		nodes++;
	}
	KUNIT_EXPECT_EQ(test, nodes, orderly_alloc_node_count(oa));
	KUNIT_EXPECT_EQ(test, nodes, 4);
	release_all(oa, node, 8);
}

/*
 * Two ranges, [0x1000, 0x2000) and [0x3000, 0x3800):
 *   0x1000 A 0x1100 B 0x1200 hole 0x1400 C 0x1500 hole 0x2000
 *   0x3000 hole 0x3100 D 0x3200 hole 0x3800
 */
static struct orderly_alloc *abcd(struct kunit *test,
				  struct orderly_alloc_node *node,
				  struct orderly_alloc_range *range)
{
	struct orderly_alloc *oa = new_manager(test, 0x1000, 0x1000);

	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, range, 0x3000, 0x800), 0);
	reserve_ok(test, oa, &node[0], 0x1000, 0x100);
	reserve_ok(test, oa, &node[1], 0x1100, 0x100);
	reserve_ok(test, oa, &node[2], 0x1400, 0x100);
	reserve_ok(test, oa, &node[3], 0x3100, 0x100);
	return oa;
}

static void hole_after_gives_the_hole_a_node_owns(struct kunit *test)
{
	struct orderly_alloc_range *range = kunit_kzalloc(test, sizeof(*range),
							   GFP_KERNEL);
	struct orderly_alloc_node *node = new_nodes(test, 5);
	struct orderly_alloc *oa = abcd(test, node, range);
	struct orderly_alloc_hole hole = { .start = 1, .size = 2 };

	/* A is followed by B: no hole, and @hole is left alone. */
	KUNIT_EXPECT_FALSE(test, orderly_alloc_hole_after(oa, &node[0], &hole));
	KUNIT_EXPECT_EQ(test, hole.start, 1);
	KUNIT_EXPECT_EQ(test, hole.size, 2);

	KUNIT_ASSERT_TRUE(test, orderly_alloc_hole_after(oa, &node[1], &hole));
	KUNIT_EXPECT_EQ(test, hole.start, 0x1200);
	KUNIT_EXPECT_EQ(test, hole.size, 0x200);
	KUNIT_EXPECT_PTR_EQ(test, orderly_alloc_hole_owner(&hole), &node[1]);

	/* A walk goes on from there: C's hole, then the second range's. */
	KUNIT_ASSERT_TRUE(test, orderly_alloc_next_hole(oa, &hole));
	KUNIT_EXPECT_EQ(test, hole.start, 0x1500);
	KUNIT_EXPECT_PTR_EQ(test, orderly_alloc_hole_owner(&hole), &node[2]);
	KUNIT_ASSERT_TRUE(test, orderly_alloc_next_hole(oa, &hole));
	KUNIT_EXPECT_EQ(test, hole.start, 0x3000);
	KUNIT_EXPECT_EQ(test, hole.size, 0x100);
	KUNIT_EXPECT_NULL(test, orderly_alloc_hole_owner(&hole));

	/* The hole that ends a range. */
	KUNIT_ASSERT_TRUE(test, orderly_alloc_hole_after(oa, &node[3], &hole));
	KUNIT_EXPECT_EQ(test, hole.start, 0x3200);
	KUNIT_EXPECT_EQ(test, hole.size, 0x600);
	KUNIT_EXPECT_FALSE(test, orderly_alloc_next_hole(oa, &hole));

	/* A node that is not allocated has no hole, and that is misuse. */
	expect_warn_begin();
	KUNIT_EXPECT_FALSE(test, orderly_alloc_hole_after(oa, &node[4], &hole));
	expect_warn_end();
	release_all(oa, node, 5);
}

static void find_node_gives_the_allocation_at_or_after_an_address(struct kunit *test)
{
	struct orderly_alloc_range *range = kunit_kzalloc(test, sizeof(*range),
							   GFP_KERNEL);
	struct orderly_alloc_node *node = new_nodes(test, 4);
	struct orderly_alloc *oa = abcd(test, node, range);
	static const struct {
		u64 addr;
		int node;	/* -1 for NULL */
	} want[] = {
		{ 0, 0 }, { 0xfff, 0 },			/* below the space */
		{ 0x1000, 0 }, { 0x10ff, 0 },		/* A, no hole before */
		{ 0x1100, 1 }, { 0x11ff, 1 },		/* B, right after A */
		{ 0x1200, 2 }, { 0x13ff, 2 },		/* in a hole: C next */
		{ 0x1400, 2 }, { 0x14ff, 2 },
		{ 0x1500, 3 }, { 0x2800, 3 },		/* a hole, the gap */
		{ 0x3000, 3 }, { 0x3100, 3 }, { 0x31ff, 3 },
		{ 0x3200, -1 }, { 0x37ff, -1 }, { U64_MAX, -1 },
	};
	struct orderly_alloc_node *found;
	int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		found = orderly_alloc_find_node(oa, want[i].addr);
		KUNIT_EXPECT_PTR_EQ_MSG(test, found,
					want[i].node < 0 ? NULL : &node[want[i].node],
					"address %#llx", want[i].addr);
	}
	/* Contains it exactly when it starts at or below it. */
	KUNIT_EXPECT_LE(test, orderly_alloc_find_node(oa, 0x10ff)->start, 0x10ff);
	KUNIT_EXPECT_GT(test, orderly_alloc_find_node(oa, 0x1200)->start, 0x1200);

	/* A node that reaches the last byte of the address space. */
	release_all(oa, node, 4);
	orderly_alloc_fini(oa);
	KUNIT_ASSERT_EQ(test, orderly_alloc_init(oa, U64_MAX - 0xff, 0x100), 0);
	reserve_ok(test, oa, &node[0], U64_MAX - 0x7f, 0x80);
	KUNIT_EXPECT_PTR_EQ(test, orderly_alloc_find_node(oa, U64_MAX), &node[0]);
	KUNIT_EXPECT_PTR_EQ(test, orderly_alloc_find_node(oa, 0), &node[0]);
	orderly_alloc_remove(oa, &node[0]);
	KUNIT_EXPECT_NULL(test, orderly_alloc_find_node(oa, 0));
}

static void node_walks_survive_removing_each_node(struct kunit *test)
{
	struct orderly_alloc_range *range = kunit_kzalloc(test, sizeof(*range),
							   GFP_KERNEL);
	struct orderly_alloc_node *node = new_nodes(test, 4);
	struct orderly_alloc *oa = abcd(test, node, range);
	struct orderly_alloc_node *pos, *next;
	int seen = 0;

	orderly_alloc_for_each_node(pos, oa)
		KUNIT_EXPECT_PTR_EQ(test, pos, &node[seen++]);
	KUNIT_EXPECT_EQ(test, seen, 4);

	seen = 0;
	orderly_alloc_for_each_node_safe(pos, next, oa) {
		KUNIT_EXPECT_PTR_EQ(test, pos, &node[seen++]);
		orderly_alloc_remove(oa, pos);
		KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	}
	KUNIT_EXPECT_EQ(test, seen, 4);
	KUNIT_EXPECT_EQ(test, orderly_alloc_node_count(oa), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_hole_count(oa), 2);

	/* An empty manager: the body never runs. */
	orderly_alloc_for_each_node_safe(pos, next, oa)
		KUNIT_FAIL(test, "a node in an empty manager");
	orderly_alloc_fini(oa);
}

static void print_dumps_every_allocation_and_hole(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0x1000, 0x1000);
	struct orderly_alloc_node *node = new_nodes(test, 1);
	static const char * const lines[] = {
		"0x0000000000001000: range\n",
		"0x0000000000001000-0x00000000000010ff: 256: free\n",
		"0x0000000000001100-0x00000000000011ff: 256: used\n",
		"0x0000000000001200-0x0000000000001fff: 3584: free\n",
		"allocations: 1, holes: 2, largest hole: 3584\n",
	};
	struct seq_file m = { .size = PAGE_SIZE };
	int i;

	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	reserve_ok(test, oa, node, 0x1100, 0x100);
	orderly_alloc_print(oa, &m);
	KUNIT_EXPECT_LT(test, m.count, m.size);
	for (i = 0; i < ARRAY_SIZE(lines); i++)
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(m.buf, lines[i]),
					  "missing: %s", lines[i]);
	release_all(oa, node, 1);
}

/* What orderly_alloc_walk() visited, in order. */
struct walk_log {
	unsigned int count;
	struct orderly_alloc_span spans[16];
};

static void walk_record(void *arg, const struct orderly_alloc_span *span)
{
	struct walk_log *log = arg;

	if (log->count < ARRAY_SIZE(log->spans))
		log->spans[log->count] = *span;
	log->count++;
}

/*
 * Walk @oa from @cursor to the end in batches of @batch, into @log: each
 * batch at most @batch spans, a full one but for a range start it would
 * end on, and the cursor past what it visited.
 */
static void walk_in_batches(struct kunit *test, struct orderly_alloc *oa,
			    u64 cursor, unsigned int batch,
			    struct walk_log *log)
{
	unsigned int before, calls = 0;
	bool more;

	do {
		before = log->count;
		more = orderly_alloc_walk(oa, &cursor, batch, walk_record, log);
		KUNIT_ASSERT_LE(test, log->count, ARRAY_SIZE(log->spans));
		KUNIT_EXPECT_LE(test, log->count - before, max(batch, 2U));
		if (!more)
			break;
		KUNIT_ASSERT_GE(test, log->count - before, max(batch, 2U) - 1);
		KUNIT_EXPECT_NE(test, log->spans[log->count - 1].kind,
				ORDERLY_ALLOC_SPAN_RANGE);
		KUNIT_EXPECT_GT(test, cursor, log->spans[log->count - 1].start);
		KUNIT_ASSERT_LT(test, ++calls, 16U);
	} while (more);
}

static void expect_spans(struct kunit *test, const struct walk_log *log,
			 const struct orderly_alloc_span *want, unsigned int n,
			 unsigned int batch)
{
	unsigned int i;

	KUNIT_ASSERT_EQ_MSG(test, log->count, n, "batch %u", batch);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ_MSG(test, log->spans[i].start, want[i].start,
				    "span %u, batch %u", i, batch);
		KUNIT_EXPECT_EQ_MSG(test, log->spans[i].size, want[i].size,
				    "span %u, batch %u", i, batch);
		KUNIT_EXPECT_EQ_MSG(test, log->spans[i].kind, want[i].kind,
				    "span %u, batch %u", i, batch);
		KUNIT_EXPECT_PTR_EQ_MSG(test, log->spans[i].node, want[i].node,
					"span %u, batch %u", i, batch);
	}
}

static void walk_resumes_at_cursor_in_bounded_batches(struct kunit *test)
{
	const u64 top = U64_MAX - SZ_64K + 1;	/* a range up to 2^64 */
	struct orderly_alloc *oa = new_manager(test, 0, SZ_64K);
	struct orderly_alloc_range *ranges;
	struct orderly_alloc_node *node = new_nodes(test, 4);
	const struct orderly_alloc_span all[] = {
		{ 0, 0, ORDERLY_ALLOC_SPAN_RANGE, NULL },
		{ 0, SZ_4K, ORDERLY_ALLOC_SPAN_USED, &node[0] },
		{ SZ_4K, SZ_4K, ORDERLY_ALLOC_SPAN_USED, &node[1] },
		{ SZ_8K, SZ_8K, ORDERLY_ALLOC_SPAN_FREE, NULL },
		{ SZ_16K, SZ_4K, ORDERLY_ALLOC_SPAN_USED, &node[2] },
		{ SZ_16K + SZ_4K, SZ_64K - SZ_16K - SZ_4K,
		  ORDERLY_ALLOC_SPAN_FREE, NULL },
		{ SZ_128K, 0, ORDERLY_ALLOC_SPAN_RANGE, NULL },
		{ SZ_128K, SZ_64K, ORDERLY_ALLOC_SPAN_FREE, NULL },
		{ top, 0, ORDERLY_ALLOC_SPAN_RANGE, NULL },
		{ top, SZ_64K - SZ_4K, ORDERLY_ALLOC_SPAN_FREE, NULL },
		{ U64_MAX - SZ_4K + 1, SZ_4K, ORDERLY_ALLOC_SPAN_USED, &node[3] },
	};
	const struct orderly_alloc_span after_remove[] = {
		{ SZ_16K, SZ_4K, ORDERLY_ALLOC_SPAN_USED, &node[2] },
		{ SZ_16K + SZ_4K, SZ_64K - SZ_16K - SZ_4K,
		  ORDERLY_ALLOC_SPAN_FREE, NULL },
	};
	struct walk_log log;
	unsigned int batch;
	u64 cursor;

	ranges = kunit_kcalloc(test, 2, sizeof(*ranges), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ranges);
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &ranges[0], SZ_128K,
						      SZ_64K), 0);
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(oa, &ranges[1], top,
						      SZ_64K), 0);
	reserve_ok(test, oa, &node[0], 0, SZ_4K);
	reserve_ok(test, oa, &node[1], SZ_4K, SZ_4K);
	reserve_ok(test, oa, &node[2], SZ_16K, SZ_4K);
	reserve_ok(test, oa, &node[3], U64_MAX - SZ_4K + 1, SZ_4K);

	/* Any batch gives the same spans; 0 and 1 count as 2. */
	for (batch = 0; batch <= ARRAY_SIZE(all) + 1; batch++) {
		log.count = 0;
		walk_in_batches(test, oa, 0, batch, &log);
		expect_spans(test, &log, all, ARRAY_SIZE(all), batch);
	}
	/* From inside a run of allocations, and from inside a hole. */
	log.count = 0;
	walk_in_batches(test, oa, SZ_4K, 3, &log);
	expect_spans(test, &log, &all[2], ARRAY_SIZE(all) - 2, 3);
	log.count = 0;
	walk_in_batches(test, oa, SZ_8K + 1, 3, &log);
	expect_spans(test, &log, &all[4], ARRAY_SIZE(all) - 4, 3);

	/* Changes between batches: the walk goes on from its cursor. */
	log.count = 0;
	cursor = 0;
	KUNIT_EXPECT_TRUE(test, orderly_alloc_walk(oa, &cursor, 3, walk_record,
						   &log));
	expect_spans(test, &log, all, 3, 3);
	KUNIT_EXPECT_EQ(test, cursor, SZ_8K);
	orderly_alloc_remove(oa, &node[1]);	/* a hole from 4K, before it */
	log.count = 0;
	KUNIT_EXPECT_TRUE(test, orderly_alloc_walk(oa, &cursor, 3, walk_record,
						   &log));
	/* Two spans: a range start would have been the third, and last. */
	expect_spans(test, &log, after_remove, 2, 3);
	KUNIT_EXPECT_EQ(test, cursor, SZ_128K);
	release_all(oa, node, 4);
}

/* The last event of each kind that the probes below saw. */
struct trace_seen {
	const struct orderly_alloc *oa;
	unsigned int events;
	u64 start, size, align, range_last, new_size;
	enum orderly_alloc_mode mode;
	unsigned long nodes;
	int err;
};

static void on_insert(void *data, const struct orderly_alloc *oa,
		      const struct orderly_alloc_node *node, u64 size,
		      u64 align, u64 range_first, u64 range_last,
		      enum orderly_alloc_mode mode, int err)
{
	struct trace_seen *t = data;

	*t = (struct trace_seen){ oa, t->events + 1, err ? 0 : node->start,
				  size, align, range_last, 0, mode, 0, err };
}

static void on_reserve(void *data, const struct orderly_alloc *oa, u64 start,
		       u64 size, int err)
{
	struct trace_seen *t = data;

	*t = (struct trace_seen){ oa, t->events + 1, start, size, .err = err };
}

static void on_remove(void *data, const struct orderly_alloc *oa,
		      const struct orderly_alloc_node *node, int err)
{
	struct trace_seen *t = data;

	*t = (struct trace_seen){ oa, t->events + 1, err ? 0 : node->start,
				  err ? 0 : node->size, .err = err };
}

static void on_resize(void *data, const struct orderly_alloc *oa, u64 start,
		      u64 old_size, u64 new_size, int err)
{
	struct trace_seen *t = data;

	*t = (struct trace_seen){ oa, t->events + 1, start, old_size,
				  .new_size = new_size, .err = err };
}

static void on_reset(void *data, const struct orderly_alloc *oa,
		     unsigned long nodes)
{
	struct trace_seen *t = data;

	*t = (struct trace_seen){ oa, t->events + 1, .nodes = nodes };
}

static void expect_event(struct kunit *test, struct trace_seen *t,
			 unsigned int events, u64 start, u64 size, int err)
{
	KUNIT_EXPECT_EQ(test, t->events, events);
	KUNIT_EXPECT_EQ(test, t->start, start);
	KUNIT_EXPECT_EQ(test, t->size, size);
	KUNIT_EXPECT_EQ(test, t->err, err);
}

/* Nanoseconds per insert and remove pair, for the cost of trace events. */
static u64 churn_ns_per_pair(struct orderly_alloc *oa,
			     struct orderly_alloc_node *node, int pairs)
{
	u64 t0 = ktime_get_ns();
	int i;

	for (i = 0; i < pairs; i++) {
		if (orderly_alloc_insert(oa, node, SZ_4K << (i % 5), SZ_4K,
					 ORDERLY_ALLOC_BEST))
			return 0;
		orderly_alloc_remove(oa, node);
	}
	return div_u64(ktime_get_ns() - t0, pairs);
}

static void trace_events_report_each_call(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, SZ_1M);
	struct orderly_alloc_node *node = new_nodes(test, 3);
	struct trace_seen ins = {}, res = {}, rem = {}, rsz = {}, rst = {};
	u64 off_ns, on_ns;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "no CONFIG_TRACEPOINTS");
	KUNIT_ASSERT_EQ(test, register_trace_orderly_alloc_insert(on_insert, &ins), 0);
	KUNIT_ASSERT_EQ(test, register_trace_orderly_alloc_reserve(on_reserve, &res), 0);
	KUNIT_ASSERT_EQ(test, register_trace_orderly_alloc_remove(on_remove, &rem), 0);
	KUNIT_ASSERT_EQ(test, register_trace_orderly_alloc_resize(on_resize, &rsz), 0);
	KUNIT_ASSERT_EQ(test, register_trace_orderly_alloc_reset(on_reset, &rst), 0);

	KUNIT_ASSERT_EQ(test, orderly_alloc_insert_range(oa, &node[0], SZ_4K,
							 SZ_64K, SZ_128K,
							 SZ_512K,
							 ORDERLY_ALLOC_HIGH), 0);
	expect_event(test, &ins, 1, SZ_512K - SZ_64K, SZ_4K, 0);
	KUNIT_EXPECT_PTR_EQ(test, ins.oa, oa);
	KUNIT_EXPECT_EQ(test, ins.align, SZ_64K);
	KUNIT_EXPECT_EQ(test, ins.range_last, SZ_512K - 1);
	KUNIT_EXPECT_EQ(test, ins.mode, ORDERLY_ALLOC_HIGH);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert(oa, &node[1], SZ_2M, 0,
						   ORDERLY_ALLOC_BEST), -ENOSPC);
	expect_event(test, &ins, 2, 0, SZ_2M, -ENOSPC);
	KUNIT_EXPECT_EQ(test, ins.range_last, U64_MAX);
	KUNIT_EXPECT_EQ(test, orderly_alloc_insert_range(oa, &node[1], 1, 0,
							 SZ_2M, SZ_4M,
							 ORDERLY_ALLOC_LOW), -EINVAL);
	expect_event(test, &ins, 3, 0, 1, -EINVAL);

	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[1], 0, SZ_8K), 0);
	expect_event(test, &res, 1, 0, SZ_8K, 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_reserve(oa, &node[2], SZ_4K, SZ_8K),
			-ENOSPC);
	expect_event(test, &res, 2, SZ_4K, SZ_8K, -ENOSPC);

	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[1], SZ_16K), 0);
	expect_event(test, &rsz, 1, 0, SZ_8K, 0);
	KUNIT_EXPECT_EQ(test, rsz.new_size, SZ_16K);
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(oa, &node[1], SZ_2M), -ENOSPC);
	expect_event(test, &rsz, 2, 0, SZ_16K, -ENOSPC);

	orderly_alloc_remove(oa, &node[0]);
	expect_event(test, &rem, 1, SZ_512K - SZ_64K, SZ_4K, 0);
	expect_warn_begin();
	orderly_alloc_remove(oa, &node[0]);
	expect_warn_end();
	expect_event(test, &rem, 2, 0, 0, -EINVAL);

	orderly_alloc_reset(oa);
	KUNIT_EXPECT_EQ(test, rst.events, 1U);
	KUNIT_EXPECT_EQ(test, rst.nodes, 1UL);

	unregister_trace_orderly_alloc_reset(on_reset, &rst);
	unregister_trace_orderly_alloc_resize(on_resize, &rsz);
	unregister_trace_orderly_alloc_remove(on_remove, &rem);
	unregister_trace_orderly_alloc_reserve(on_reserve, &res);
	unregister_trace_orderly_alloc_insert(on_insert, &ins);
	tracepoint_synchronize_unregister();

	/* What the events cost when tracefs turns them on: no assertion. */
	if (IS_ENABLED(CONFIG_EVENT_TRACING)) {
		off_ns = churn_ns_per_pair(oa, &node[0], 100000);
		KUNIT_ASSERT_EQ(test, trace_set_clr_event("orderly_alloc", NULL,
							  1), 0);
		on_ns = churn_ns_per_pair(oa, &node[0], 100000);
		KUNIT_ASSERT_EQ(test, trace_set_clr_event("orderly_alloc", NULL,
							  0), 0);
		kunit_info(test, "insert+remove pair: %llu ns, %llu ns with the trace events on\n",
			   off_ns, on_ns);
		KUNIT_EXPECT_NE(test, off_ns, 0);
		KUNIT_EXPECT_NE(test, on_ns, 0);
	}
	orderly_alloc_fini(oa);
}

static void check_catches_a_broken_index(struct kunit *test)
{
	struct orderly_alloc_node *node = new_nodes(test, 8);
	struct orderly_alloc *oa = holes_of_mixed_sizes(test, node);

	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	oa->free_bytes++;
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	oa->free_bytes--;
	node[1].subtree_max_hole++;
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	node[1].subtree_max_hole--;
	node[1].start++;
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	node[1].start--;
	node[1].size_room.bound[0]++;
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	node[1].size_room.bound[0]--;
	node[1].addr_room.bound[1]++;
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	node[1].addr_room.bound[1]--;
	node[1].room.bound[1]++;
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	node[1].room.bound[1]--;
	oa->size_classes_used ^= BIT_ULL(63);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	oa->size_classes_used ^= BIT_ULL(63);
	/*
	 * The tree of the two 0x100-byte holes (class 8) moved to class 7,
	 * map and all: each tree in order, only the class is wrong.
	 */
	oa->holes_by_size[7] = oa->holes_by_size[8];
	oa->holes_by_size[8] = RB_ROOT;
	oa->size_classes_used ^= BIT_ULL(8) | BIT_ULL(7);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), -EUCLEAN);
	oa->holes_by_size[8] = oa->holes_by_size[7];
	oa->holes_by_size[7] = RB_ROOT;
	oa->size_classes_used ^= BIT_ULL(8) | BIT_ULL(7);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	release_all(oa, node, 8);
}

static void node_fits_in_128_bytes(struct kunit *test)
{
	KUNIT_EXPECT_LE(test, sizeof(struct orderly_alloc_node), 128);
}

KUNIT_DEFINE_ACTION_WRAPPER(kvfree_action, kvfree, const void *);

/* A model of @nodes nodes, freed when the case ends; the state is large. */
static struct oa_model *model_alloc(struct kunit *test, int nodes,
				    bool at_scale)
{
	void *mem = kvmalloc(oa_model_bytes(nodes), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kvfree_action,
							mem), 0);
	return oa_model_setup(mem, nodes, at_scale);
}

static void model_report(struct kunit *test, const struct oa_model *m)
{
	int i;

	for (i = 0; i < OA_MODEL_KINDS; i++)
		kunit_info(test, "%-9s: %lu ok, %lu -ENOSPC, %lu -EINVAL\n",
			   oa_model_kind_names[i], m->outcomes[i][0],
			   m->outcomes[i][1], m->outcomes[i][2]);
	kunit_info(test, "placed %lu best, %lu low, %lu high, %lu in a range; aligned to 64K %lu, 2M %lu, more %lu\n",
		   m->placed[ORDERLY_ALLOC_BEST], m->placed[ORDERLY_ALLOC_LOW],
		   m->placed[ORDERLY_ALLOC_HIGH], m->placed_in_range,
		   m->placed_aligned[0], m->placed_aligned[1],
		   m->placed_aligned[2]);
	kunit_info(test, "%lu removes, %lu holes merged, %lu ranges added touching another\n",
		   m->removes, m->merges, m->ranges_touching);
	kunit_info(test, "%lu resets (of up to %d live), %lu full checks\n",
		   m->resets, m->most_reset, m->full_checks);
	kunit_info(test, "at most %d allocations live and %d holes\n",
		   m->most_live, m->most_holes);
}

/*
 * The randomized case: tools/testing/orderly_alloc_model.h applies every
 * operation to the allocator and to a reference model and compares, in an
 * operation mix that the userspace harness runs too. Small and dense: 192
 * nodes in a 64 KiB window, where edge cases come fast.
 */
static void random_ops_match_reference_model(struct kunit *test)
{
	struct oa_model *m = model_alloc(test, OA_MODEL_NODES, false);
	u64 used_seed = seed ? seed : get_random_u64();
	bool agreed;

	kunit_info(test, "seed %llu, %lu ops (replay: orderly_alloc_test.seed=%llu)\n",
		   used_seed, random_ops, used_seed);
	agreed = oa_model_run(m, used_seed, random_ops);
	KUNIT_ASSERT_TRUE_MSG(test, agreed, "op %lu, after %s: %s", m->op,
			      m->last_op, m->why);
	model_report(test, m);
}

/*
 * The same at scale: the live count climbs to 13/16 of @scale_nodes (10,400
 * of 12,800), is drained and climbs again, so that the trees are deep and
 * merges come in long chains; orderly_alloc_check() runs every
 * @scale_nodes / 8 operations.
 */
static void random_ops_at_scale_match_reference_model(struct kunit *test)
{
	u64 used_seed = scale_seed ? scale_seed : get_random_u64();
	ulong ops = scale_ops ? scale_ops : 16UL * scale_nodes;
	struct oa_model *m;
	bool agreed;

	KUNIT_ASSERT_GT(test, scale_nodes, 0);
	m = model_alloc(test, scale_nodes, true);
	kunit_info(test, "seed %llu, %lu ops, %d nodes (replay: orderly_alloc_test.scale_seed=%llu orderly_alloc_test.scale_nodes=%d orderly_alloc_test.scale_ops=%lu)\n",
		   used_seed, ops, scale_nodes, used_seed, scale_nodes, ops);
	agreed = oa_model_run(m, used_seed, ops);
	KUNIT_ASSERT_TRUE_MSG(test, agreed, "op %lu, after %s: %s", m->op,
			      m->last_op, m->why);
	model_report(test, m);
	/* Half an episode is more than the climb takes. */
	if (ops >= m->episode_ops / 2)
		KUNIT_EXPECT_GE_MSG(test, m->most_live, m->target,
				    "the live count never reached its target");
}

/*
 * Atomic context: the same calls under a raw spinlock (as on PREEMPT_RT) and
 * a spinlock, interrupts off. The debug kernel's DEBUG_ATOMIC_SLEEP and
 * lockdep report any sleep or lock taken here; scripts/check-kunit-log turns
 * such a report into a failure.
 */
static DEFINE_RAW_SPINLOCK(test_raw_lock);
static DEFINE_SPINLOCK(test_lock);

#define ATOMIC_NODES 64

static int atomic_round(struct orderly_alloc *oa, struct orderly_alloc_node *node,
			int round)
{
	unsigned long flags;
	int i, failed = 0;

	raw_spin_lock_irqsave(&test_raw_lock, flags);
	failed += !irqs_disabled();
	for (i = 0; i < ATOMIC_NODES; i++)
		failed += !!orderly_alloc_insert_range(oa, &node[i],
						       0x1000 << (i % 4),
						       0x1000 << (i % 6),
						       0, 1ULL << 30, i % 3);
	for (i = 1; i < ATOMIC_NODES; i += 2)
		orderly_alloc_remove(oa, &node[i]);
	raw_spin_unlock_irqrestore(&test_raw_lock, flags);

	spin_lock_irqsave(&test_lock, flags);
	failed += !irqs_disabled();
	for (i = 0; i < ATOMIC_NODES; i += 2)
		failed += !!orderly_alloc_resize(oa, &node[i], 0x800);
	failed += !!orderly_alloc_reserve(oa, &node[1], (1ULL << 31) +
					  round * 0x1000, 0x1000);
	orderly_alloc_remove(oa, &node[1]);
	for (i = 0; i < ATOMIC_NODES; i += 2)
		orderly_alloc_remove(oa, &node[i]);
	spin_unlock_irqrestore(&test_lock, flags);
	return failed;
}

static void insert_and_remove_under_irqsave_spinlock(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 1ULL << 32);
	struct orderly_alloc_node *node = new_nodes(test, ATOMIC_NODES);
	int round;

	for (round = 0; round < 256; round++)
		KUNIT_ASSERT_EQ(test, atomic_round(oa, node, round), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_node_count(oa), 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_fini(oa);
}

/*
 * No allocation: count the slab and page allocator's own tracepoints hit by
 * this task while armed. A probe that saw nothing could also be a probe
 * that is not wired, so the case first proves it sees a kmalloc().
 */
static struct task_struct *alloc_watch_task;
static atomic_t alloc_watch_hits;

/* An interrupt that allocates while this task runs is not ours: skip it. */
static void alloc_watch_hit(void)
{
	if (READ_ONCE(alloc_watch_task) == current && in_task())
		atomic_inc(&alloc_watch_hits);
}

static void on_kmalloc(void *data, unsigned long call_site, const void *ptr,
		       size_t bytes_req, size_t bytes_alloc, gfp_t gfp_flags,
		       int node)
{
	alloc_watch_hit();
}

static void on_kmem_cache_alloc(void *data, unsigned long call_site,
				const void *ptr, struct kmem_cache *s,
				gfp_t gfp_flags, int node)
{
	alloc_watch_hit();
}

static void on_page_alloc(void *data, struct page *page, unsigned int order,
			  gfp_t gfp_flags, int migratetype)
{
	alloc_watch_hit();
}

static int alloc_watch_arm(void)
{
	int err;

	atomic_set(&alloc_watch_hits, 0);
	err = register_trace_kmalloc(on_kmalloc, NULL);
	if (err)
		return err;
	err = register_trace_kmem_cache_alloc(on_kmem_cache_alloc, NULL);
	if (err)
		goto no_cache;
	err = register_trace_mm_page_alloc(on_page_alloc, NULL);
	if (err)
		goto no_page;
	/* Registering allocated; only now start counting. */
	WRITE_ONCE(alloc_watch_task, current);
	return 0;

no_page:
	unregister_trace_kmem_cache_alloc(on_kmem_cache_alloc, NULL);
no_cache:
	unregister_trace_kmalloc(on_kmalloc, NULL);
	return err;
}

static int alloc_watch_disarm(void)
{
	WRITE_ONCE(alloc_watch_task, NULL);
	unregister_trace_mm_page_alloc(on_page_alloc, NULL);
	unregister_trace_kmem_cache_alloc(on_kmem_cache_alloc, NULL);
	unregister_trace_kmalloc(on_kmalloc, NULL);
	tracepoint_synchronize_unregister();
	return atomic_read(&alloc_watch_hits);
}

static int churn_without_allocating(struct orderly_alloc *oa,
				    struct orderly_alloc_range *range,
				    struct orderly_alloc_node *node, int count)
{
	int i, failed = 0;

	failed += !!orderly_alloc_add_range(oa, range, 1ULL << 40, 1ULL << 30);
	for (i = 0; i < count; i++)
		failed += !!orderly_alloc_insert_range(oa, &node[i],
						       0x1000 << (i % 5),
						       0x1000 << (i % 7),
						       0, 1ULL << 41, i % 3);
	for (i = 0; i < count; i += 3)
		orderly_alloc_remove(oa, &node[i]);
	for (i = 1; i < count; i += 3)
		failed += orderly_alloc_resize(oa, &node[i], 0x100) != 0;
	failed += !!orderly_alloc_reserve(oa, &node[0], (1ULL << 40) + 0x1000,
					  0x1000);
	orderly_alloc_reset(oa);
	return failed;
}

static void insert_and_remove_never_allocate(struct kunit *test)
{
	struct orderly_alloc *oa = new_manager(test, 0, 1ULL << 30);
	struct orderly_alloc_node *node = new_nodes(test, 512);
	struct orderly_alloc_range *range;
	int failed;

	range = kunit_kzalloc(test, sizeof(*range), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, range);

	KUNIT_ASSERT_EQ(test, alloc_watch_arm(), 0);
	kfree(kmalloc(64, GFP_KERNEL));
	KUNIT_ASSERT_GT_MSG(test, alloc_watch_disarm(), 0,
			    "the watch does not see kmalloc()");

	KUNIT_ASSERT_EQ(test, alloc_watch_arm(), 0);
	failed = churn_without_allocating(oa, range, node, 512);
	KUNIT_EXPECT_EQ(test, alloc_watch_disarm(), 0);
	KUNIT_EXPECT_EQ(test, failed, 0);
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(oa), 0);
	orderly_alloc_fini(oa);
}

static struct kunit_case orderly_alloc_test_cases[] = {
	KUNIT_CASE(init_manages_one_range),
	KUNIT_CASE(init_rejects_empty_or_overflowing_range),
	KUNIT_CASE(range_may_include_last_byte),
	KUNIT_CASE(add_range_extends_managed_space),
	KUNIT_CASE(add_range_touching_merges_holes),
	KUNIT_CASE(add_range_rejects_overlap_and_overflow),
	KUNIT_CASE(fini_warns_on_live_allocations_and_releases_nodes),
	KUNIT_CASE(insert_best_fit_takes_smallest_hole),
	KUNIT_CASE(insert_best_fit_is_exact_with_alignment),
	KUNIT_CASE(insert_best_fit_crosses_size_classes),
	KUNIT_CASE(insert_best_fit_skips_holes_alignment_defeats),
	KUNIT_CASE(insert_lowest_and_highest_skip_holes_alignment_defeats),
	KUNIT_CASE(insert_lowest_takes_lowest_address),
	KUNIT_CASE(insert_highest_places_top_down),
	KUNIT_CASE(insert_range_stays_inside_range),
	KUNIT_CASE(insert_range_rejects_bad_range),
	KUNIT_CASE(insert_range_in_gap_between_ranges_finds_no_space),
	KUNIT_CASE(insert_rejects_bad_arguments),
	KUNIT_CASE(insert_aligns_up_to_2_pow_63),
	KUNIT_CASE(insert_enospc_changes_nothing),
	KUNIT_CASE(reserve_claims_exact_span),
	KUNIT_CASE(remove_merges_with_free_neighbours),
	KUNIT_CASE(remove_of_unallocated_node_warns_and_changes_nothing),
	KUNIT_CASE(resize_grows_and_shrinks_in_place),
	KUNIT_CASE(reset_forgets_every_allocation),
	KUNIT_CASE(queries_match_the_holes),
	KUNIT_CASE(hole_after_gives_the_hole_a_node_owns),
	KUNIT_CASE(find_node_gives_the_allocation_at_or_after_an_address),
	KUNIT_CASE(node_walks_survive_removing_each_node),
	KUNIT_CASE(print_dumps_every_allocation_and_hole),
	KUNIT_CASE(walk_resumes_at_cursor_in_bounded_batches),
	KUNIT_CASE(trace_events_report_each_call),
	KUNIT_CASE(check_catches_a_broken_index),
	KUNIT_CASE(node_fits_in_128_bytes),
	KUNIT_CASE(insert_and_remove_under_irqsave_spinlock),
	KUNIT_CASE(insert_and_remove_never_allocate),
	KUNIT_CASE_SLOW(random_ops_match_reference_model),
	KUNIT_CASE_SLOW(random_ops_at_scale_match_reference_model),
	{}
};

static struct kunit_suite orderly_alloc_test_suite = {
	.name = "orderly_alloc",
	.test_cases = orderly_alloc_test_cases,
};

kunit_test_suite(orderly_alloc_test_suite);

MODULE_DESCRIPTION("KUnit tests of orderly_alloc");
MODULE_LICENSE("GPL");
