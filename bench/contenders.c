// SPDX-License-Identifier: GPL-2.0
/*
 * The contenders of the orderly_alloc benchmark, each the kernel's own code
 * behind struct oa_bench_contender: orderly_alloc and drm_mm, each in its
 * three modes (best fit, lowest, highest), gen_pool and the GPU buddy
 * allocator.
 *
 * Copyright (C) 2026 The orderly_alloc authors
 */

#include <drm/drm_mm.h>
#include <linux/genalloc.h>
#include <linux/gpu_buddy.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "orderly_alloc.h"
#include "contenders.h"

/* --- orderly_alloc: the node is the caller's, the manager allocates none */

struct oa_pool {
	struct orderly_alloc oa;
	struct orderly_alloc_node nodes[];
};

static int oa_setup(struct oa_bench_pool *pool)
{
	struct oa_pool *p;
	int err;

	p = kvzalloc(struct_size(p, nodes, pool->slots), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	err = orderly_alloc_init(&p->oa, 0, pool->size);
	if (err) {
		kvfree(p);
		return err;
	}
	pool->priv = p;
	return 0;
}

static void oa_free(struct oa_bench_pool *pool, u32 slot)
{
	struct oa_pool *p = pool->priv;

	orderly_alloc_remove(&p->oa, &p->nodes[slot]);
}

static void oa_teardown(struct oa_bench_pool *pool)
{
	struct oa_pool *p = pool->priv;
	u32 i;

	for (i = 0; i < pool->slots; i++)
		if (orderly_alloc_node_allocated(&p->nodes[i]))
			oa_free(pool, i);
	orderly_alloc_fini(&p->oa);
	kvfree(p);
}

static int oa_alloc(struct oa_bench_pool *pool, u32 slot,
		    const struct oa_bench_request *req, u64 *start)
{
	struct oa_pool *p = pool->priv;
	struct orderly_alloc_node *node = &p->nodes[slot];
	enum orderly_alloc_mode mode;
	int err;

	mode = req->high ? ORDERLY_ALLOC_HIGH : pool->contender->mode;
	if (req->range_end)
		err = orderly_alloc_insert_range(&p->oa, node, req->size,
						 req->align, 0, req->range_end,
						 mode);
	else
		err = orderly_alloc_insert(&p->oa, node, req->size, req->align,
					   mode);
	*start = node->start;
	return err;
}

static int oa_reserve(struct oa_bench_pool *pool, u32 slot, u64 start,
		      u64 size)
{
	struct oa_pool *p = pool->priv;

	return orderly_alloc_reserve(&p->oa, &p->nodes[slot], start, size);
}

static size_t oa_internal_bytes(struct oa_bench_pool *pool)
{
	return sizeof(struct orderly_alloc);
}

/* --- drm_mm: the node is the caller's, the manager allocates none */

struct dmm_pool {
	struct drm_mm mm;
	struct drm_mm_node nodes[];
};

static int dmm_setup(struct oa_bench_pool *pool)
{
	struct dmm_pool *p;

	p = kvzalloc(struct_size(p, nodes, pool->slots), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	pool->priv = p;
	drm_mm_init(&p->mm, 0, pool->size);
	return 0;
}

static void dmm_free(struct oa_bench_pool *pool, u32 slot)
{
	struct dmm_pool *p = pool->priv;

	drm_mm_remove_node(&p->nodes[slot]);
}

static void dmm_teardown(struct oa_bench_pool *pool)
{
	struct dmm_pool *p = pool->priv;
	u32 i;

	for (i = 0; i < pool->slots; i++)
		if (drm_mm_node_allocated(&p->nodes[i]))
			dmm_free(pool, i);
	drm_mm_takedown(&p->mm);
	kvfree(p);
}

static int dmm_alloc(struct oa_bench_pool *pool, u32 slot,
		     const struct oa_bench_request *req, u64 *start)
{
	struct dmm_pool *p = pool->priv;
	struct drm_mm_node *node = &p->nodes[slot];
	enum drm_mm_insert_mode mode;
	int err;

	mode = req->high ? DRM_MM_INSERT_HIGH : pool->contender->mode;
	err = drm_mm_insert_node_in_range(&p->mm, node, req->size, req->align,
					  0, 0, req->range_end ?: U64_MAX,
					  mode);
	*start = node->start;
	return err;
}

static int dmm_reserve(struct oa_bench_pool *pool, u32 slot, u64 start,
		       u64 size)
{
	struct dmm_pool *p = pool->priv;
	struct drm_mm_node *node = &p->nodes[slot];

	node->start = start;
	node->size = size;
	return drm_mm_reserve_node(&p->mm, node);
}

static size_t dmm_internal_bytes(struct oa_bench_pool *pool)
{
	return sizeof(struct drm_mm);
}

/*
 * --- gen_pool: a bitmap of 4 KiB granules. It returns 0 for "no memory",
 * so the pool starts at GP_BASE (aligned far beyond any request) and the
 * offsets are taken from there. Best fit has no alignment: requests
 * aligned beyond the granule take first_fit_align.
 */

#define GP_ORDER	12
#define GP_BASE		BIT(40)

struct gp_alloc {
	unsigned long addr;
	size_t size;
};

struct gp_pool {
	struct gen_pool *gp;
	struct gp_alloc allocs[];
};

static int gp_setup(struct oa_bench_pool *pool)
{
	struct gp_pool *p;

	p = kvzalloc(struct_size(p, allocs, pool->slots), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->gp = gen_pool_create(GP_ORDER, NUMA_NO_NODE);
	if (!p->gp || gen_pool_add(p->gp, GP_BASE, pool->size, NUMA_NO_NODE)) {
		if (p->gp)
			gen_pool_destroy(p->gp);
		kvfree(p);
		return -ENOMEM;
	}
	pool->priv = p;
	return 0;
}

static void gp_free(struct oa_bench_pool *pool, u32 slot)
{
	struct gp_pool *p = pool->priv;
	struct gp_alloc *a = &p->allocs[slot];

	gen_pool_free(p->gp, a->addr, a->size);
	a->addr = 0;
}

/* gen_pool_destroy() BUGs while allocations are live: free them first. */
static void gp_teardown(struct oa_bench_pool *pool)
{
	struct gp_pool *p = pool->priv;
	u32 i;

	for (i = 0; i < pool->slots; i++)
		if (p->allocs[i].addr)
			gp_free(pool, i);
	gen_pool_destroy(p->gp);
	kvfree(p);
}

static int gp_alloc(struct oa_bench_pool *pool, u32 slot,
		    const struct oa_bench_request *req, u64 *start)
{
	struct gp_pool *p = pool->priv;
	struct gp_alloc *a = &p->allocs[slot];
	struct genpool_data_align data = { .align = req->align };

	if (req->align <= BIT(GP_ORDER))
		a->addr = gen_pool_alloc_algo(p->gp, req->size,
					      gen_pool_best_fit, NULL);
	else
		a->addr = gen_pool_alloc_algo(p->gp, req->size,
					      gen_pool_first_fit_align, &data);
	if (!a->addr)
		return -ENOSPC;
	a->size = req->size;
	*start = a->addr - GP_BASE;
	return 0;
}

static int gp_reserve(struct oa_bench_pool *pool, u32 slot, u64 start,
		      u64 size)
{
	struct gp_pool *p = pool->priv;
	struct gp_alloc *a = &p->allocs[slot];
	struct genpool_data_fixed data = { .offset = start };

	a->addr = gen_pool_alloc_algo(p->gp, size, gen_pool_fixed_alloc, &data);
	if (!a->addr)
		return -ENOSPC;
	a->size = size;
	return 0;
}

/* The bitmap chunks, vmalloc()ed or kmalloc()ed, at their real size. */
static void gp_add_chunk_bytes(struct gen_pool *gp,
			       struct gen_pool_chunk *chunk, void *data)
{
	size_t *bytes = data;

	if (is_vmalloc_addr(chunk))
		*bytes += get_vm_area_size(find_vm_area(chunk));
	else
		*bytes += ksize(chunk);
}

static size_t gp_internal_bytes(struct oa_bench_pool *pool)
{
	struct gp_pool *p = pool->priv;
	size_t bytes = ksize(p->gp);

	gen_pool_for_each_chunk(p->gp, gp_add_chunk_bytes, &bytes);
	return bytes;
}

/*
 * --- the GPU buddy allocator (drm_buddy in older trees), contiguous mode.
 * That mode rounds the size up to a power of two, aligns to that, and
 * silently drops a larger alignment: for those, allocate one block of the
 * alignment's size and trim it. Every block is a slab object.
 */

struct bd_pool {
	struct gpu_buddy mm;
	struct list_head lists[];
};

static int bd_setup(struct oa_bench_pool *pool)
{
	struct bd_pool *p;
	u32 i;
	int err;

	p = kvzalloc(struct_size(p, lists, pool->slots), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	for (i = 0; i < pool->slots; i++)
		INIT_LIST_HEAD(&p->lists[i]);
	err = gpu_buddy_init(&p->mm, pool->size, SZ_4K);
	if (err) {
		kvfree(p);
		return err;
	}
	pool->priv = p;
	return 0;
}

static void bd_free(struct oa_bench_pool *pool, u32 slot)
{
	struct bd_pool *p = pool->priv;

	gpu_buddy_free_list(&p->mm, &p->lists[slot], 0);
}

static void bd_teardown(struct oa_bench_pool *pool)
{
	struct bd_pool *p = pool->priv;
	u32 i;

	for (i = 0; i < pool->slots; i++)
		bd_free(pool, i);
	gpu_buddy_fini(&p->mm);
	kvfree(p);
}

static int bd_alloc(struct oa_bench_pool *pool, u32 slot,
		    const struct oa_bench_request *req, u64 *start)
{
	struct bd_pool *p = pool->priv;
	struct list_head *blocks = &p->lists[slot];
	unsigned long flags = GPU_BUDDY_CONTIGUOUS_ALLOCATION;
	struct gpu_buddy_block *block;
	u64 end = p->mm.size;
	int err;

	if (req->high)
		flags |= GPU_BUDDY_TOPDOWN_ALLOCATION;
	if (req->range_end) {
		flags |= GPU_BUDDY_RANGE_ALLOCATION;
		end = req->range_end;
	}
	if (req->align > roundup_pow_of_two(req->size)) {
		err = gpu_buddy_alloc_blocks(&p->mm, 0, end, req->align,
					     req->align, blocks, flags);
		if (!err) {
			err = gpu_buddy_block_trim(&p->mm, NULL, req->size,
						   blocks);
			if (err)
				gpu_buddy_free_list(&p->mm, blocks, 0);
		}
	} else {
		err = gpu_buddy_alloc_blocks(&p->mm, 0, end, req->size,
					     req->align, blocks, flags);
	}
	if (err)
		return err;
	block = list_first_entry(blocks, struct gpu_buddy_block, link);
	*start = gpu_buddy_block_offset(block);
	return 0;
}

static int bd_reserve(struct oa_bench_pool *pool, u32 slot, u64 start,
		      u64 size)
{
	struct bd_pool *p = pool->priv;

	return gpu_buddy_alloc_blocks(&p->mm, start, start + size, size,
				      SZ_4K, &p->lists[slot], 0);
}

/* Its blocks must follow each other from @start and add up to @size. */
static int bd_check(struct oa_bench_pool *pool, u32 slot, u64 start,
		    u64 size)
{
	struct bd_pool *p = pool->priv;
	struct gpu_buddy_block *block;
	u64 at = start;

	list_for_each_entry(block, &p->lists[slot], link) {
		if (gpu_buddy_block_offset(block) != at)
			return -EFAULT;
		at += gpu_buddy_block_size(&p->mm, block);
	}
	return at == start + size ? 0 : -EFAULT;
}

/* Blocks in the subtree of @block: free, allocated or split. */
static size_t bd_count_blocks(struct gpu_buddy_block *block)
{
	if (!gpu_buddy_block_is_split(block))
		return 1;
	return 1 + bd_count_blocks(block->left) +
	       bd_count_blocks(block->right);
}

static size_t bd_internal_bytes(struct oa_bench_pool *pool)
{
	struct bd_pool *p = pool->priv;
	size_t bytes = sizeof(p->mm), blocks = 0;
	unsigned int i;

	bytes += ksize(p->mm.free_trees) + ksize(p->mm.roots);
	for (i = 0; i < GPU_BUDDY_MAX_FREE_TREES; i++)
		bytes += ksize(p->mm.free_trees[i]);
	for (i = 0; i < p->mm.n_roots; i++)
		blocks += bd_count_blocks(p->mm.roots[i]);
	return bytes + blocks * ksize(p->mm.roots[0]);
}

#define ORDERLY_ALLOC(variant, oa_mode) {				\
	.name = "orderly_alloc-" variant,				\
	.caps = OA_BENCH_CAN_RANGE | OA_BENCH_CAN_HIGH,			\
	.mode = oa_mode,						\
	.node_bytes = sizeof(struct orderly_alloc_node),		\
	.setup = oa_setup, .teardown = oa_teardown,			\
	.alloc = oa_alloc, .free = oa_free, .reserve = oa_reserve,	\
	.internal_bytes = oa_internal_bytes,				\
}

#define DRM_MM(variant, mm_mode) {					\
	.name = "drm_mm-" variant,					\
	.caps = OA_BENCH_CAN_RANGE | OA_BENCH_CAN_HIGH,			\
	.mode = mm_mode,						\
	.node_bytes = sizeof(struct drm_mm_node),			\
	.setup = dmm_setup, .teardown = dmm_teardown,			\
	.alloc = dmm_alloc, .free = dmm_free, .reserve = dmm_reserve,	\
	.internal_bytes = dmm_internal_bytes,				\
}

const struct oa_bench_contender oa_bench_contenders[] = {
	ORDERLY_ALLOC("best", ORDERLY_ALLOC_BEST),
	ORDERLY_ALLOC("low", ORDERLY_ALLOC_LOW),
	ORDERLY_ALLOC("high", ORDERLY_ALLOC_HIGH),
	DRM_MM("best", DRM_MM_INSERT_BEST),
	DRM_MM("low", DRM_MM_INSERT_LOW),
	DRM_MM("high", DRM_MM_INSERT_HIGH),
	{
		.name = "gen_pool",
		.node_bytes = sizeof(struct gp_alloc),
		.setup = gp_setup, .teardown = gp_teardown,
		.alloc = gp_alloc, .free = gp_free, .reserve = gp_reserve,
		.internal_bytes = gp_internal_bytes,
	},
	{
		.name = "gpu_buddy",
		.caps = OA_BENCH_CAN_RANGE | OA_BENCH_CAN_HIGH |
			OA_BENCH_MAY_SLEEP,
		.node_bytes = sizeof(struct list_head),
		.setup = bd_setup, .teardown = bd_teardown,
		.alloc = bd_alloc, .free = bd_free, .reserve = bd_reserve,
		.check = bd_check, .internal_bytes = bd_internal_bytes,
	},
};

const unsigned int oa_bench_contender_count = ARRAY_SIZE(oa_bench_contenders);
