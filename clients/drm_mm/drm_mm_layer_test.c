// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what the drm_mm layer over orderly_alloc does on its own,
 * beyond drm_mm's own suite (drivers/gpu/drm/tests/drm_mm_test.c): the
 * alignments that are not powers of two, the modes orderly_alloc lacks,
 * ranges, walks and lookups. Built beside the layer in the clients' tree,
 * with DRM's own suites.
 */

#include <kunit/test.h>
#include <linux/math64.h>

#include <drm/drm_mm.h>

/*
 * [1, 1000) with 100..199 and 500..549 taken: holes 1..99, 200..499 and
 * 550..999. It starts at 1, so that address 0, a multiple of everything,
 * is not free.
 */
static void three_holes(struct kunit *test, struct drm_mm *mm,
			struct drm_mm_node *rsvd)
{
	drm_mm_init(mm, 1, 999);
	rsvd[0].start = 100;
	rsvd[0].size = 100;
	rsvd[1].start = 500;
	rsvd[1].size = 50;
	KUNIT_ASSERT_EQ(test, drm_mm_reserve_node(mm, &rsvd[0]), 0);
	KUNIT_ASSERT_EQ(test, drm_mm_reserve_node(mm, &rsvd[1]), 0);
}

static void empty(struct drm_mm *mm)
{
	struct drm_mm_node *node, *next;

	drm_mm_for_each_node_safe(node, next, mm)
		drm_mm_remove_node(node);
	drm_mm_takedown(mm);
}

static void npot_insert(struct kunit *test, struct drm_mm *mm, u64 size,
			u64 align, enum drm_mm_insert_mode mode, u64 want)
{
	struct drm_mm_node node = {};
	u64 rem;

	KUNIT_ASSERT_EQ(test, drm_mm_insert_node_generic(mm, &node, size, align,
							 7, mode), 0);
	div64_u64_rem(node.start, align, &rem);
	KUNIT_EXPECT_EQ(test, rem, 0);
	KUNIT_EXPECT_EQ(test, node.start, want);
	KUNIT_EXPECT_EQ(test, node.size, size);
	KUNIT_EXPECT_EQ(test, node.color, 7);
	KUNIT_EXPECT_PTR_EQ(test, node.mm, mm);
	drm_mm_remove_node(&node);
}

static void alignment_not_a_power_of_two_is_honoured(struct kunit *test)
{
	struct drm_mm_node rsvd[2] = {};
	struct drm_mm mm = {};
	struct drm_mm_node node = {};

	three_holes(test, &mm, rsvd);
	/* Lowest: the first multiple of 3 in 1..99. */
	npot_insert(test, &mm, 90, 3, DRM_MM_INSERT_LOW, 3);
	/* 150 bytes: not in 1..99; the first multiple of 96 in 200..499. */
	npot_insert(test, &mm, 150, 96, DRM_MM_INSERT_LOW, 288);
	/* Highest: the last multiple of 7 with 30 bytes below 1000. */
	npot_insert(test, &mm, 30, 7, DRM_MM_INSERT_HIGH, 966);
	/* Best: the smallest hole, 1..99, at its first multiple of 25. */
	npot_insert(test, &mm, 50, 25, DRM_MM_INSERT_BEST, 25);
	/* 80 bytes at 25 pass 100: the alignment defeats 1..99. */
	npot_insert(test, &mm, 80, 25, DRM_MM_INSERT_BEST, 200);
	/* 200..499 is smaller than 550..999. */
	npot_insert(test, &mm, 150, 300, DRM_MM_INSERT_BEST, 300);
	/* EVICT is best fit, ONCE is ignored. */
	npot_insert(test, &mm, 150, 300, DRM_MM_INSERT_EVICT, 300);
	npot_insert(test, &mm, 30, 7, DRM_MM_INSERT_HIGHEST, 966);
	/* Nowhere: 999 is its only multiple here, and 1001 passes 1000. */
	KUNIT_EXPECT_EQ(test, drm_mm_insert_node_generic(&mm, &node, 2, 999, 0,
							 DRM_MM_INSERT_BEST),
			-ENOSPC);
	KUNIT_EXPECT_FALSE(test, drm_mm_node_allocated(&node));
	empty(&mm);
}

static void insert_stays_inside_its_range(struct kunit *test)
{
	struct drm_mm_node rsvd[2] = {};
	struct drm_mm mm = {};
	struct drm_mm_node node = {};

	three_holes(test, &mm, rsvd);
	KUNIT_ASSERT_EQ(test, drm_mm_insert_node_in_range(&mm, &node, 50, 0, 0,
							  560, 2000,
							  DRM_MM_INSERT_LOW), 0);
	KUNIT_EXPECT_EQ(test, node.start, 560);
	drm_mm_remove_node(&node);
	/* Any alignment, within the range: 6 * 41 = 246. */
	KUNIT_ASSERT_EQ(test, drm_mm_insert_node_in_range(&mm, &node, 10, 6, 0,
							  210, 260,
							  DRM_MM_INSERT_HIGH), 0);
	KUNIT_EXPECT_EQ(test, node.start, 246);
	drm_mm_remove_node(&node);
	/* Inverted, empty, too small or outside: -ENOSPC, as drm_mm says. */
	KUNIT_EXPECT_EQ(test, drm_mm_insert_node_in_range(&mm, &node, 10, 0, 0,
							  300, 200, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, drm_mm_insert_node_in_range(&mm, &node, 0, 0, 0,
							  0, 1000, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, drm_mm_insert_node_in_range(&mm, &node, 60, 0, 0,
							  100, 159, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, drm_mm_insert_node_in_range(&mm, &node, 10, 0, 0,
							  1000, 2000, 0), -ENOSPC);
	KUNIT_EXPECT_FALSE(test, drm_mm_node_allocated(&node));
	empty(&mm);
}

static void hole_walk_goes_in_address_order(struct kunit *test)
{
	static const u64 want[][2] = { { 1, 100 }, { 200, 500 }, { 550, 1000 } };
	struct drm_mm_node rsvd[2] = {};
	struct drm_mm mm = {};
	struct drm_mm_node *pos;
	u64 start, end;
	int i = 0;

	three_holes(test, &mm, rsvd);
	drm_mm_for_each_hole(pos, &mm, start, end) {
		KUNIT_ASSERT_LT(test, i, ARRAY_SIZE(want));
		KUNIT_EXPECT_EQ(test, start, want[i][0]);
		KUNIT_EXPECT_EQ(test, end, want[i][1]);
		KUNIT_EXPECT_TRUE(test, drm_mm_hole_follows(pos));
		KUNIT_EXPECT_EQ(test, drm_mm_hole_node_start(pos), start);
		KUNIT_EXPECT_EQ(test, drm_mm_hole_node_end(pos), end);
		/* The first hole follows no node: drm_mm's head node. */
		if (i)
			KUNIT_EXPECT_PTR_EQ(test, pos, &rsvd[i - 1]);
		i++;
	}
	KUNIT_EXPECT_EQ(test, i, ARRAY_SIZE(want));
	empty(&mm);
}

static void node_lookup_finds_the_node_at_an_offset(struct kunit *test)
{
	struct drm_mm_node rsvd[2] = {};
	struct drm_mm mm = {};
	struct drm_mm_node *node;
	int n = 0;

	three_holes(test, &mm, rsvd);
	KUNIT_EXPECT_PTR_EQ(test, __drm_mm_interval_first(&mm, 150, 150), &rsvd[0]);
	KUNIT_EXPECT_PTR_EQ(test, __drm_mm_interval_first(&mm, 0, 100), &rsvd[0]);
	KUNIT_EXPECT_PTR_EQ(test, __drm_mm_interval_first(&mm, 200, 520), &rsvd[1]);
	/* Nothing there: the head node, which no walk yields. */
	KUNIT_EXPECT_FALSE(test, drm_mm_node_allocated(__drm_mm_interval_first(&mm, 200, 499)));
	KUNIT_EXPECT_FALSE(test, drm_mm_node_allocated(__drm_mm_interval_first(&mm, 550, 999)));

	drm_mm_for_each_node_in_range(node, &mm, 150, 501)
		KUNIT_EXPECT_PTR_EQ(test, node, &rsvd[n++]);
	KUNIT_EXPECT_EQ(test, n, 2);
	drm_mm_for_each_node_in_range(node, &mm, 200, 500)
		KUNIT_FAIL(test, "a node in a hole");
	empty(&mm);
	KUNIT_EXPECT_TRUE(test, drm_mm_clean(&mm));
}

static struct kunit_case drm_mm_layer_tests[] = {
	KUNIT_CASE(alignment_not_a_power_of_two_is_honoured),
	KUNIT_CASE(insert_stays_inside_its_range),
	KUNIT_CASE(hole_walk_goes_in_address_order),
	KUNIT_CASE(node_lookup_finds_the_node_at_an_offset),
	{}
};

static struct kunit_suite drm_mm_layer_test_suite = {
	.name = "drm_mm_layer",
	.test_cases = drm_mm_layer_tests,
};

kunit_test_suite(drm_mm_layer_test_suite);

MODULE_DESCRIPTION("KUnit tests of the drm_mm layer over orderly_alloc");
MODULE_LICENSE("GPL");
