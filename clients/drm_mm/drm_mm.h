/* SPDX-License-Identifier: GPL-2.0 */
/*
 * drm_mm over orderly_alloc: the header of drm_mm in Linux 6.12, less the
 * eviction scan and color_adjust, for the layer in clients/drm_mm/, built
 * in place of drm_mm's own. What differs from drm_mm is listed there.
 */
#ifndef _DRM_MM_H_
#define _DRM_MM_H_

#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/orderly_alloc.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <drm/drm_print.h>

/**
 * enum drm_mm_insert_mode - control search and allocation behaviour
 * @DRM_MM_INSERT_BEST: the smallest hole (within the search range) the
 *	aligned node fits in, at the bottom of that hole
 * @DRM_MM_INSERT_LOW: the lowest address the aligned node fits at
 * @DRM_MM_INSERT_HIGH: the highest address the aligned node fits at
 *	(top-down); the alignment applies to &drm_mm_node.start
 * @DRM_MM_INSERT_EVICT: as @DRM_MM_INSERT_BEST: there is no eviction scan
 *	whose hole it would prefer
 * @DRM_MM_INSERT_ONCE: ignored: every hole is searched, so a mode with it
 *	succeeds wherever drm_mm's would, and sometimes where it would not
 * @DRM_MM_INSERT_HIGHEST: @DRM_MM_INSERT_HIGH | @DRM_MM_INSERT_ONCE
 * @DRM_MM_INSERT_LOWEST: @DRM_MM_INSERT_LOW | @DRM_MM_INSERT_ONCE
 */
enum drm_mm_insert_mode {
	DRM_MM_INSERT_BEST = 0,
	DRM_MM_INSERT_LOW,
	DRM_MM_INSERT_HIGH,
	DRM_MM_INSERT_EVICT,
	DRM_MM_INSERT_ONCE = BIT(31),
	DRM_MM_INSERT_HIGHEST = DRM_MM_INSERT_HIGH | DRM_MM_INSERT_ONCE,
	DRM_MM_INSERT_LOWEST = DRM_MM_INSERT_LOW | DRM_MM_INSERT_ONCE,
};

/**
 * struct drm_mm_node - allocated block in the DRM allocator
 * @color: opaque driver-private tag, stored as given to insert or reserve
 * @start: start address of the allocated block
 * @size: size of the allocated block
 *
 * Embed it in the driver's object and clear it before first use; its
 * private fields belong to the layer.
 */
struct drm_mm_node {
	unsigned long color;
	u64 start;
	u64 size;
	/* private: */
	struct drm_mm *mm;
	unsigned long flags;
#define DRM_MM_NODE_ALLOCATED_BIT	0
	struct orderly_alloc_node oa;
};

/**
 * struct drm_mm - DRM allocator
 *
 * Opaque: use the functions below. The layer takes no lock, as drm_mm; do
 * not copy it.
 */
struct drm_mm {
	/* private: */
	struct orderly_alloc oa;
	/* Stands for the start of the range in a walk over the holes. */
	struct drm_mm_node head_node;
};

/**
 * drm_mm_node_allocated - checks whether a node is allocated
 * @node: drm_mm_node to check
 *
 * Return: true if @node is allocated.
 */
static inline bool drm_mm_node_allocated(const struct drm_mm_node *node)
{
	return test_bit(DRM_MM_NODE_ALLOCATED_BIT, &node->flags);
}

/**
 * drm_mm_initialized - checks whether an allocator is initialized
 * @mm: drm_mm to check
 *
 * Return: true if @mm went through drm_mm_init() (a zeroed one has not).
 */
static inline bool drm_mm_initialized(const struct drm_mm *mm)
{
	return READ_ONCE(mm->head_node.mm) == mm;
}

bool __drm_mm_hole_follows(const struct drm_mm_node *node,
			   struct orderly_alloc_hole *hole);

/**
 * drm_mm_hole_follows - checks whether a hole follows this node
 * @node: drm_mm_node to check
 *
 * O(1).
 *
 * Return: true if a free hole follows @node (or starts the range, for the
 * head node that drm_mm_for_each_hole() gives for it).
 */
static inline bool drm_mm_hole_follows(const struct drm_mm_node *node)
{
	struct orderly_alloc_hole hole;

	return __drm_mm_hole_follows(node, &hole);
}

/**
 * __drm_mm_hole_node_start - computes the start of the hole following @node
 * @hole_node: drm_mm_node which implicitly tracks the following hole
 *
 * Return: the start address of the following hole.
 */
static inline u64 __drm_mm_hole_node_start(const struct drm_mm_node *hole_node)
{
	return hole_node->start + hole_node->size;
}

/**
 * drm_mm_hole_node_start - computes the start of the hole following @node
 * @hole_node: drm_mm_node which implicitly tracks the following hole
 *
 * Return: the start address of the following hole, which must exist.
 */
static inline u64 drm_mm_hole_node_start(const struct drm_mm_node *hole_node)
{
	return __drm_mm_hole_node_start(hole_node);
}

/**
 * __drm_mm_hole_node_end - computes the end of the hole following @node
 * @hole_node: drm_mm_node which implicitly tracks the following hole
 *
 * Return: the end (exclusive) of the hole following @hole_node, which must
 * exist.
 */
static inline u64 __drm_mm_hole_node_end(const struct drm_mm_node *hole_node)
{
	struct orderly_alloc_hole hole;

	if (!__drm_mm_hole_follows(hole_node, &hole))
		return __drm_mm_hole_node_start(hole_node);
	return hole.start + hole.size;
}

/**
 * drm_mm_hole_node_end - computes the end of the hole following @node
 * @hole_node: drm_mm_node which implicitly tracks the following hole
 *
 * Return: the end (exclusive) of the hole following @hole_node.
 */
static inline u64 drm_mm_hole_node_end(const struct drm_mm_node *hole_node)
{
	return __drm_mm_hole_node_end(hole_node);
}

/* The allocation after @node (the first if NULL), or NULL after the last. */
static inline struct drm_mm_node *__drm_mm_next_node(const struct drm_mm *mm,
						     const struct drm_mm_node *node)
{
	struct orderly_alloc_node *next;

	next = orderly_alloc_next_node(&mm->oa, node ? &node->oa : NULL);
	return next ? container_of(next, struct drm_mm_node, oa) : NULL;
}

/* The state of the node walks below. */
struct drm_mm_walk {
	const struct drm_mm *mm;
	struct drm_mm_node *next;
	u64 start;		/* of a range walk */
	u64 end;
	bool ranged;
	bool started;
};

/* The first node of @walk: the first of all, or the first to end at or
 * after the range's start.
 */
static inline struct drm_mm_node *__drm_mm_walk_first(struct drm_mm_walk *walk)
{
	struct orderly_alloc_node *first;

	if (!walk->ranged)
		return __drm_mm_next_node(walk->mm, NULL);
	first = orderly_alloc_find_node(&walk->mm->oa, walk->start);
	return first ? container_of(first, struct drm_mm_node, oa) : NULL;
}

/* Move *@entry on, and *@next (if given) to the node after it. */
static inline bool __drm_mm_walk_step(struct drm_mm_walk *walk,
				      struct drm_mm_node **entry,
				      struct drm_mm_node **next)
{
	*entry = walk->started ? walk->next : __drm_mm_walk_first(walk);
	walk->started = true;
	if (!*entry || (walk->ranged && (*entry)->start >= walk->end))
		return false;
	walk->next = __drm_mm_next_node(walk->mm, *entry);
	if (next)
		*next = walk->next;
	return true;
}

/**
 * drm_mm_for_each_node - iterator to walk over all allocated nodes
 * @entry: &struct drm_mm_node to assign to in each iteration step
 * @mm__: &drm_mm allocator to walk
 *
 * In address order. The next node is found before the body runs, so the
 * body may remove @entry (and only @entry).
 */
#define drm_mm_for_each_node(entry, mm__)				\
	for (struct drm_mm_walk __drm_mm_walk = { .mm = (mm__) };		\
	     __drm_mm_walk_step(&__drm_mm_walk, &(entry), NULL);)

/**
 * drm_mm_for_each_node_safe - iterator to walk over all allocated nodes
 * @entry: &struct drm_mm_node to assign to in each iteration step
 * @next: &struct drm_mm_node to store the next step
 * @mm__: &drm_mm allocator to walk
 *
 * As drm_mm_for_each_node(): the body may remove @entry.
 */
#define drm_mm_for_each_node_safe(entry, next, mm__)			\
	for (struct drm_mm_walk __drm_mm_walk = { .mm = (mm__) };		\
	     __drm_mm_walk_step(&__drm_mm_walk, &(entry), &(next));)

bool __drm_mm_next_hole(const struct drm_mm *mm,
			struct orderly_alloc_hole *hole,
			struct drm_mm_node **pos);

/**
 * drm_mm_for_each_hole - iterator to walk over all holes
 * @pos: &drm_mm_node used internally to track progress: the node the
 *	hole follows, or a head node for a hole that starts the range
 * @mm: &drm_mm allocator to walk
 * @hole_start: u64 variable to assign the hole start to on each iteration
 * @hole_end: u64 variable to assign the hole end to on each iteration
 *
 * In address order (drm_mm walks its most recent holes first). Do not
 * change @mm in the body. O(1) amortized per step.
 */
#define drm_mm_for_each_hole(pos, mm, hole_start, hole_end)		\
	for (struct orderly_alloc_hole __drm_mm_hole = {};		\
	     __drm_mm_next_hole((mm), &__drm_mm_hole, &(pos)) &&		\
	     ((hole_end) = ((hole_start) = __drm_mm_hole.start) +		\
	      __drm_mm_hole.size, true);)

int drm_mm_reserve_node(struct drm_mm *mm, struct drm_mm_node *node);
int drm_mm_insert_node_in_range(struct drm_mm *mm,
				struct drm_mm_node *node,
				u64 size,
				u64 alignment,
				unsigned long color,
				u64 start,
				u64 end,
				enum drm_mm_insert_mode mode);

/**
 * drm_mm_insert_node_generic - search for space and insert @node
 * @mm: drm_mm to allocate from
 * @node: preallocate node to insert
 * @size: size of the allocation
 * @alignment: alignment of the allocation
 * @color: opaque tag value to use for this node
 * @mode: fine-tune the allocation search and placement
 *
 * As drm_mm_insert_node_in_range() over the whole space.
 *
 * Return: 0 on success, -ENOSPC if there's no suitable hole.
 */
static inline int
drm_mm_insert_node_generic(struct drm_mm *mm, struct drm_mm_node *node,
			   u64 size, u64 alignment,
			   unsigned long color,
			   enum drm_mm_insert_mode mode)
{
	return drm_mm_insert_node_in_range(mm, node,
					   size, alignment, color,
					   0, U64_MAX, mode);
}

/**
 * drm_mm_insert_node - search for space and insert @node
 * @mm: drm_mm to allocate from
 * @node: preallocate node to insert
 * @size: size of the allocation
 *
 * Best fit, no alignment, color 0.
 *
 * Return: 0 on success, -ENOSPC if there's no suitable hole.
 */
static inline int drm_mm_insert_node(struct drm_mm *mm,
				     struct drm_mm_node *node,
				     u64 size)
{
	return drm_mm_insert_node_generic(mm, node, size, 0, 0, 0);
}

void drm_mm_remove_node(struct drm_mm_node *node);
void drm_mm_init(struct drm_mm *mm, u64 start, u64 size);
void drm_mm_takedown(struct drm_mm *mm);

/**
 * drm_mm_clean - checks whether an allocator is clean
 * @mm: drm_mm allocator to check
 *
 * Return: true if the allocator is completely free.
 */
static inline bool drm_mm_clean(const struct drm_mm *mm)
{
	return !orderly_alloc_node_count(&mm->oa);
}

struct drm_mm_node *
__drm_mm_interval_first(const struct drm_mm *mm, u64 start, u64 last);

/**
 * drm_mm_for_each_node_in_range - iterator for all nodes in a range
 * @node__: drm_mm_node structure to assign to in each iteration step
 * @mm__: drm_mm allocator to walk
 * @start__: starting offset, the first node will overlap this
 * @end__: ending offset, the last node will start before this (but may
 *	overlap)
 *
 * Finding the first node is O(log h + k), see orderly_alloc_find_node():
 * there is no interval tree of the allocations. The body may remove
 * @node__.
 */
#define drm_mm_for_each_node_in_range(node__, mm__, start__, end__)	\
	for (struct drm_mm_walk __drm_mm_walk = { .mm = (mm__),		\
		.start = (start__), .end = (end__), .ranged = true };	\
	     __drm_mm_walk_step(&__drm_mm_walk, &(node__), NULL);)

void drm_mm_print(const struct drm_mm *mm, struct drm_printer *p);

#endif
