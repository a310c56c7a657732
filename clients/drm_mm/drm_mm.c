// SPDX-License-Identifier: GPL-2.0
/*
 * drm_mm over orderly_alloc, built in place of drm_mm's own in drivers/gpu/drm
 *
 * Copyright (C) 2026 The orderly_alloc authors
 */

#include <linux/bug.h>
#include <linux/export.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>

#include <drm/drm_mm.h>

/**
 * DOC: Overview
 *
 * drm_mm manages a range of a GPU's address space (VRAM, a GTT, the mmap
 * offsets of GEM objects) for its driver. Here it is a thin layer over
 * orderly_alloc: each &drm_mm holds a &struct orderly_alloc and each
 * &drm_mm_node a &struct orderly_alloc_node, so that the drivers and
 * helpers written for drm_mm (TTM's range manager, the GEM mmap offsets,
 * drm_mm's own tests) run on orderly_alloc unchanged. Insert, reserve and
 * remove keep orderly_alloc's bounds: O(log n) with no allocation.
 *
 * Where it cannot follow drm_mm exactly:
 *
 * - There is no eviction scan (drm_mm_scan_*) and no &drm_mm.color_adjust:
 *   a driver that uses them does not build, and stays on drm_mm.
 * - DRM_MM_INSERT_EVICT is best fit, and DRM_MM_INSERT_ONCE is ignored:
 *   every hole is searched, so such an insert can succeed where drm_mm's
 *   gives -ENOSPC.
 * - drm_mm_for_each_hole() walks the holes in address order, not most
 *   recent first. drm_mm_nodes() and the node's list are gone: walk with
 *   drm_mm_for_each_node() and friends.
 * - There is no interval tree of the allocations: drm_mm_for_each_node_in_range()
 *   and __drm_mm_interval_first() take O(log h + k), k being the
 *   allocations packed without a hole below the start of the range (see
 *   orderly_alloc_find_node()), where drm_mm takes O(log n).
 * - An alignment that is not a power of two is honoured by a walk over
 *   every free hole, O(h), then a reserve: orderly_alloc's own insert
 *   takes powers of two only, and its fast path stays as it is.
 * - Removing a node that is not allocated warns and does nothing, where
 *   drm_mm corrupts itself (or BUGs with CONFIG_DRM_DEBUG_MM); a leak at
 *   drm_mm_takedown() warns once, with no stack traces of the leaked nodes.
 *   There is no DRM_MM_BUG_ON(): an inverted range gives -ENOSPC.
 * - The functions are EXPORT_SYMBOL_GPL, as orderly_alloc's, not
 *   EXPORT_SYMBOL.
 */

/* [first, end) of @mm: its head node is drm_mm's, ending where it starts. */
static u64 mm_first(const struct drm_mm *mm)
{
	return mm->head_node.start + mm->head_node.size;
}

static u64 mm_end(const struct drm_mm *mm)
{
	return mm->head_node.start;
}

static void node_placed(struct drm_mm *mm, struct drm_mm_node *node)
{
	node->start = node->oa.start;
	node->size = node->oa.size;
	node->mm = mm;
	__set_bit(DRM_MM_NODE_ALLOCATED_BIT, &node->flags);
}

/**
 * __drm_mm_hole_follows - the hole after a node, if any
 * @node: an allocated node, or the head node of its drm_mm
 * @hole: set to the hole
 *
 * Return: true with @hole set if a free hole follows @node.
 */
bool __drm_mm_hole_follows(const struct drm_mm_node *node,
			   struct orderly_alloc_hole *hole)
{
	const struct drm_mm *mm = node->mm;

	if (mm && node == &mm->head_node) {
		*hole = (struct orderly_alloc_hole){};
		return orderly_alloc_next_hole(&mm->oa, hole) &&
		       hole->start == mm_first(mm);
	}
	if (!drm_mm_node_allocated(node))
		return false;
	return orderly_alloc_hole_after(&mm->oa, &node->oa, hole);
}
EXPORT_SYMBOL_GPL(__drm_mm_hole_follows);

/**
 * __drm_mm_next_hole - the step of drm_mm_for_each_hole()
 * @mm: the allocator
 * @hole: the walk's state, zeroed to start
 * @pos: set to the node the next hole follows, or to the head node
 *
 * Return: true with @hole and @pos set, false after the last hole.
 */
bool __drm_mm_next_hole(const struct drm_mm *mm,
			struct orderly_alloc_hole *hole,
			struct drm_mm_node **pos)
{
	struct orderly_alloc_node *owner;

	if (!orderly_alloc_next_hole(&mm->oa, hole))
		return false;
	owner = orderly_alloc_hole_owner(hole);
	*pos = owner ? container_of(owner, struct drm_mm_node, oa) :
		       (struct drm_mm_node *)&mm->head_node;
	return true;
}
EXPORT_SYMBOL_GPL(__drm_mm_next_hole);

/**
 * __drm_mm_interval_first - the first node that overlaps a range
 * @mm: the allocator
 * @start: first address of the range
 * @last: last address of the range
 *
 * O(log h + k), see orderly_alloc_find_node().
 *
 * Return: the first node that overlaps [@start, @last], else the head node
 * of @mm.
 */
struct drm_mm_node *
__drm_mm_interval_first(const struct drm_mm *mm, u64 start, u64 last)
{
	struct orderly_alloc_node *node = orderly_alloc_find_node(&mm->oa, start);

	if (node && node->start <= last)
		return container_of(node, struct drm_mm_node, oa);
	return (struct drm_mm_node *)&mm->head_node;
}
EXPORT_SYMBOL_GPL(__drm_mm_interval_first);

/**
 * drm_mm_reserve_node - insert a pre-initialized node
 * @mm: drm_mm allocator to insert @node into
 * @node: drm_mm_node to insert, with @node->start, @node->size and
 *	@node->color set
 *
 * For ranges the hardware or the firmware fixed. O(log n).
 *
 * Return: 0 on success, -ENOSPC if any part of the range is in use or
 * outside @mm, or if the range is empty or wraps.
 */
int drm_mm_reserve_node(struct drm_mm *mm, struct drm_mm_node *node)
{
	int err;

	if (!node->size || node->start + node->size <= node->start)
		return -ENOSPC;
	err = orderly_alloc_reserve(&mm->oa, &node->oa, node->start, node->size);
	if (err)
		return err;
	node_placed(mm, node);
	return 0;
}
EXPORT_SYMBOL_GPL(drm_mm_reserve_node);

/*
 * Where a request whose alignment is not a power of two goes in
 * [@first, @end): a walk over every hole, as drm_mm's would, with the
 * alignment applied by division. @mode is one of orderly_alloc's.
 */
static bool npot_fit(const struct drm_mm *mm, u64 size, u64 alignment,
		     u64 first, u64 end, enum orderly_alloc_mode mode,
		     u64 *start)
{
	struct orderly_alloc_hole hole = {};
	u64 lo, hi, at, rem, best_size = U64_MAX;
	bool found = false;

	while (orderly_alloc_next_hole(&mm->oa, &hole)) {
		lo = max(hole.start, first);
		hi = min(hole.start + hole.size, end);
		if (lo >= hi || hi - lo < size)
			continue;
		if (mode == ORDERLY_ALLOC_HIGH) {
			at = hi - size;
			div64_u64_rem(at, alignment, &rem);
			at -= rem;
			if (at < lo)
				continue;
		} else {
			div64_u64_rem(lo, alignment, &rem);
			if (rem && alignment - rem > hi - lo - size)
				continue;
			at = rem ? lo + (alignment - rem) : lo;
		}
		if (mode == ORDERLY_ALLOC_BEST && hole.size >= best_size)
			continue;
		*start = at;
		best_size = hole.size;
		found = true;
		if (mode == ORDERLY_ALLOC_LOW)
			break;
	}
	return found;
}

/**
 * drm_mm_insert_node_in_range - ranged search for space and insert @node
 * @mm: drm_mm to allocate from
 * @node: preallocate node to insert
 * @size: size of the allocation
 * @alignment: alignment of the allocation, 0 or 1 for none
 * @color: opaque tag value to use for this node
 * @range_start: start of the allowed range for this node
 * @range_end: end of the allowed range for this node
 * @mode: fine-tune the allocation search and placement
 *
 * @node must be cleared or removed. Best, lowest and highest placement are
 * orderly_alloc's, O(log n) at a power-of-two alignment with the bounds of
 * orderly_alloc_insert(); DRM_MM_INSERT_EVICT is best fit and
 * DRM_MM_INSERT_ONCE is ignored. Any other alignment walks every free
 * hole, O(h).
 *
 * Return: 0 on success, -ENOSPC if there's no suitable hole.
 */
int drm_mm_insert_node_in_range(struct drm_mm * const mm,
				struct drm_mm_node * const node,
				u64 size, u64 alignment,
				unsigned long color,
				u64 range_start, u64 range_end,
				enum drm_mm_insert_mode mode)
{
	enum orderly_alloc_mode oa_mode;
	u64 first, end, start;
	int err;

	if (unlikely(!size || range_start > range_end ||
		     range_end - range_start < size))
		return -ENOSPC;
	first = max(range_start, mm_first(mm));
	end = min(range_end, mm_end(mm));
	if (first >= end || end - first < size)
		return -ENOSPC;
	if (alignment <= 1)
		alignment = 0;

	switch (mode & ~DRM_MM_INSERT_ONCE) {
	case DRM_MM_INSERT_LOW:
		oa_mode = ORDERLY_ALLOC_LOW;
		break;
	case DRM_MM_INSERT_HIGH:
		oa_mode = ORDERLY_ALLOC_HIGH;
		break;
	default:
		oa_mode = ORDERLY_ALLOC_BEST;
		break;
	}

	if (!alignment || is_power_of_2(alignment)) {
		err = orderly_alloc_insert_range(&mm->oa, &node->oa, size,
						 alignment, first, end, oa_mode);
	} else if (npot_fit(mm, size, alignment, first, end, oa_mode, &start)) {
		err = orderly_alloc_reserve(&mm->oa, &node->oa, start, size);
	} else {
		err = -ENOSPC;
	}
	if (err)
		return err;
	node->color = color;
	node_placed(mm, node);
	return 0;
}
EXPORT_SYMBOL_GPL(drm_mm_insert_node_in_range);

/**
 * drm_mm_remove_node - remove a memory node from the allocator
 * @node: drm_mm_node to remove
 *
 * Its space merges with the free space around it at once. O(log n).
 * Removing a node that is not allocated warns and does nothing.
 */
void drm_mm_remove_node(struct drm_mm_node *node)
{
	if (WARN_ON(!drm_mm_node_allocated(node)))
		return;
	orderly_alloc_remove(&node->mm->oa, &node->oa);
	clear_bit_unlock(DRM_MM_NODE_ALLOCATED_BIT, &node->flags);
}
EXPORT_SYMBOL_GPL(drm_mm_remove_node);

/**
 * drm_mm_init - initialize a drm-mm allocator
 * @mm: the drm_mm structure to initialize
 * @start: start of the range managed by @mm
 * @size: size of the range managed by @mm
 *
 * Note that @mm must be cleared to 0 before calling this function. The
 * range must not be empty nor reach 2^64, as with drm_mm: that warns.
 */
void drm_mm_init(struct drm_mm *mm, u64 start, u64 size)
{
	WARN_ON(start + size <= start ||
		orderly_alloc_init(&mm->oa, start, size));
	/* drm_mm's head node: its "hole" starts where the range does. */
	mm->head_node = (struct drm_mm_node){
		.start = start + size,
		.size = -size,
	};
	WRITE_ONCE(mm->head_node.mm, mm);
}
EXPORT_SYMBOL_GPL(drm_mm_init);

/**
 * drm_mm_takedown - clean up a drm_mm allocator
 * @mm: drm_mm allocator to clean up
 *
 * Warns (once) if allocations remain: remove every node first.
 */
void drm_mm_takedown(struct drm_mm *mm)
{
	orderly_alloc_fini(&mm->oa);
}
EXPORT_SYMBOL_GPL(drm_mm_takedown);

static u64 drm_mm_dump_hole(struct drm_printer *p, const struct drm_mm_node *entry)
{
	struct orderly_alloc_hole hole;

	if (!__drm_mm_hole_follows(entry, &hole))
		return 0;
	drm_printf(p, "%#018llx-%#018llx: %llu: free\n", hole.start,
		   hole.start + hole.size, hole.size);
	return hole.size;
}

/**
 * drm_mm_print - print allocator state
 * @mm: drm_mm allocator to print
 * @p: DRM printer to use
 *
 * Each hole and node in address order, then the totals, as drm_mm does.
 */
void drm_mm_print(const struct drm_mm *mm, struct drm_printer *p)
{
	struct drm_mm_node *entry;
	u64 total_used = 0, total_free = 0;

	total_free += drm_mm_dump_hole(p, &mm->head_node);
	drm_mm_for_each_node(entry, mm) {
		drm_printf(p, "%#018llx-%#018llx: %llu: used\n", entry->start,
			   entry->start + entry->size, entry->size);
		total_used += entry->size;
		total_free += drm_mm_dump_hole(p, entry);
	}
	drm_printf(p, "total: %llu, used %llu free %llu\n",
		   total_used + total_free, total_used, total_free);
}
EXPORT_SYMBOL_GPL(drm_mm_print);
