/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The allocators that bench/bench.c races, each behind the same small
 * interface: orderly_alloc, drm_mm, gen_pool and the GPU buddy allocator.
 */
#ifndef _ORDERLY_ALLOC_BENCH_CONTENDERS_H
#define _ORDERLY_ALLOC_BENCH_CONTENDERS_H

#include <linux/types.h>

/**
 * struct oa_bench_request - one allocation request of a scenario
 * @size: bytes, a multiple of 4 KiB
 * @align: power-of-two alignment of the start, at least 4 KiB
 * @range_end: 0 for anywhere; else the allocation must lie below this
 * @high: place it top-down (the contender's highest-first mode)
 */
struct oa_bench_request {
	u64 size;
	u64 align;
	u64 range_end;
	bool high;
};

/**
 * struct oa_bench_pool - one contender's pool in one scenario run
 * @contender: the contender that set it up
 * @size: managed bytes, from address 0
 * @slots: allocations the caller can hold at once, numbered 0 to @slots - 1
 * @priv: the contender's own state
 */
struct oa_bench_pool {
	const struct oa_bench_contender *contender;
	u64 size;
	u32 slots;
	void *priv;
};

/* Capabilities of a contender, in &oa_bench_contender.caps. */
#define OA_BENCH_CAN_RANGE	BIT(0)	/* restricts a request to a range */
#define OA_BENCH_CAN_HIGH	BIT(1)	/* places top-down */
#define OA_BENCH_MAY_SLEEP	BIT(2)	/* allocates with GFP_KERNEL */

/**
 * struct oa_bench_contender - an allocator behind the benchmark's interface
 * @name: as reported, e.g. "drm_mm-best"
 * @caps: OA_BENCH_CAN_RANGE, OA_BENCH_CAN_HIGH, OA_BENCH_MAY_SLEEP
 * @mode: the allocator's placement mode for requests not placed top-down
 * @node_bytes: what the caller keeps per allocation (its node)
 * @setup: create an empty pool of @pool->size bytes and @pool->slots slots
 * @teardown: free every allocation, then the pool
 * @alloc: allocate @req into the empty @slot; 0 and *@start, or an errno
 * @free: free the allocation in @slot
 * @reserve: allocate exactly [@start, @start + @size) into @slot
 * @check: optional; is the allocation in @slot really one contiguous
 *	range of @size bytes at @start? 0 or an errno
 * @internal_bytes: memory the allocator holds itself, measured by walking
 *	its structures (the pool, bitmaps, trees, blocks), not counting nodes
 */
struct oa_bench_contender {
	const char *name;
	unsigned int caps;
	int mode;
	size_t node_bytes;
	int (*setup)(struct oa_bench_pool *pool);
	void (*teardown)(struct oa_bench_pool *pool);
	int (*alloc)(struct oa_bench_pool *pool, u32 slot,
		     const struct oa_bench_request *req, u64 *start);
	void (*free)(struct oa_bench_pool *pool, u32 slot);
	int (*reserve)(struct oa_bench_pool *pool, u32 slot, u64 start,
		       u64 size);
	int (*check)(struct oa_bench_pool *pool, u32 slot, u64 start,
		     u64 size);
	size_t (*internal_bytes)(struct oa_bench_pool *pool);
};

extern const struct oa_bench_contender oa_bench_contenders[];
extern const unsigned int oa_bench_contender_count;

/*
 * The RATIO lines set orderly_alloc in each placement mode against drm_mm
 * in the same mode: OA_BENCH_SUBJECT "best" against OA_BENCH_REFERENCE
 * "best", and likewise "low" and "high" (scripts/bench-report's table
 * divides every contender's figures by drm_mm-best).
 */
#define OA_BENCH_SUBJECT	"orderly_alloc-"
#define OA_BENCH_REFERENCE	"drm_mm-"

#endif /* _ORDERLY_ALLOC_BENCH_CONTENDERS_H */
