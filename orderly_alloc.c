// SPDX-License-Identifier: GPL-2.0
/*
 * orderly_alloc - best-fit suballocator for device memory apertures
 *
 * Copyright (C) 2026 The orderly_alloc authors
 */

#include <linux/bitops.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/rbtree_augmented.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "orderly_alloc.h"

/**
 * DOC: overview
 *
 * orderly_alloc hands out aligned sub-ranges of one or more address ranges
 * (a PCI BAR, VRAM, SRAM, an FPGA window) to a driver. It never touches the
 * memory it manages: all bookkeeping lives in &struct orderly_alloc and in
 * nodes the caller embeds in its own objects, one &struct orderly_alloc_node
 * per allocation, like &struct drm_mm_node. So insert, reserve, remove and
 * resize never allocate and never sleep; they are safe under a spinlock with
 * interrupts off (a raw_spinlock_t on PREEMPT_RT). The library takes no lock:
 * the caller serialises all calls on one manager, queries included. On
 * PREEMPT_RT, remove a node under a raw lock in hard interrupt context if
 * need be, but free the object that embeds it (kfree()) later, outside.
 *
 * Each node owns the free hole that directly follows it. Each managed range
 * starts with a head node of size 0 (embedded in &struct orderly_alloc or in
 * a caller's &struct orderly_alloc_range) that owns the hole at the start of
 * the range::
 *
 *   range start                                                range end
 *   |head|<-- hole -->|  A  |  B  |<- hole ->|  C  |<----- hole ----->|
 *          owned by head           owned by B       owned by C
 *
 * Two red-black trees index the nodes:
 *
 * - ``by_addr``: every node in address order, augmented with the largest
 *   hole in each subtree (as vmalloc's free-area tree). It answers lowest-
 *   and highest-address placement in O(log n), finds the hole that contains
 *   an address, and gives the largest hole in O(1) at its root.
 * - ``holes_by_size``: the nodes whose hole is not empty, ordered by hole
 *   size, then address. Best fit walks it from the first hole large enough.
 *   It is augmented too: each subtree bounds the room its holes leave once
 *   their start is aligned to 64 KiB and to 2 MiB, so that best fit at those
 *   alignments and above skips a subtree of holes the alignment defeats at
 *   once instead of passing them one by one.
 *
 * Holes are maximal: removing a node gives its space and its hole to the
 * node before it at once, and ranges that touch merge into one. A hole is
 * always followed by an allocation or by the end of its range.
 *
 * Best fit is exact with alignment: the request goes into the smallest hole
 * that can hold it once its start is aligned, even a hole smaller than
 * size + align - 1, and the call fails with -ENOSPC only when no hole can.
 */

/* A range head is the only node of size 0. */
static bool node_is_head(const struct orderly_alloc_node *node)
{
	return !node->size;
}

/* Only meaningful when @node->hole_size is not 0: the end may be 2^64. */
static u64 hole_first(const struct orderly_alloc_node *node)
{
	return node->start + node->size;
}

static u64 hole_last(const struct orderly_alloc_node *node)
{
	return hole_first(node) + (node->hole_size - 1);
}

/* Last byte of @node and its hole, which are never both empty. */
static u64 extent_last(const struct orderly_alloc_node *node)
{
	return node->start + (node->size + node->hole_size - 1);
}

static u64 node_hole_size(const struct orderly_alloc_node *node)
{
	return node->hole_size;
}

RB_DECLARE_CALLBACKS_MAX(static, hole_augment, struct orderly_alloc_node,
			 addr_rb, u64, subtree_max_hole, node_hole_size);

static struct orderly_alloc_node *addr_node(const struct rb_node *rb)
{
	return rb_entry_safe(rb, struct orderly_alloc_node, addr_rb);
}

static struct orderly_alloc_node *size_node(const struct rb_node *rb)
{
	return rb_entry_safe(rb, struct orderly_alloc_node, hole_rb);
}

static u64 subtree_max_hole(const struct rb_node *rb)
{
	return rb ? addr_node(rb)->subtree_max_hole : 0;
}

/*
 * Best fit with an alignment passes the holes the alignment defeats: holes
 * large enough for the size whose aligned start leaves too little room. To
 * skip them a subtree at a time, the size tree keeps, at the alignments of
 * the large and huge pages of GPU and IOMMU page tables (64 KiB and 2 MiB),
 * an upper bound of the room its holes leave once their start is aligned.
 * A bound is a 32-bit float rounded up, exact below 2^26, so that the node
 * stays at 96 bytes. Other alignments use the level below theirs, whose
 * bound still holds, or none.
 */
#define ROOM_LEVELS		2
#define ROOM_MANTISSA_BITS	26
#define ROOM_INFINITE		U32_MAX

static const unsigned int room_level_shift[ROOM_LEVELS] = { 16, 21 };

/* The smallest code whose value is at least @bytes; codes sort as values. */
static u32 room_encode(u64 bytes)
{
	unsigned int shift;
	u64 mantissa;

	if (bytes < BIT_ULL(ROOM_MANTISSA_BITS))
		return bytes;
	shift = fls64(bytes) - 1 - ROOM_MANTISSA_BITS;
	mantissa = (bytes >> shift) + !!(bytes & (BIT_ULL(shift) - 1));
	if (mantissa == BIT_ULL(ROOM_MANTISSA_BITS + 1)) {
		mantissa >>= 1;
		shift++;
	}
	if (shift > 63 - ROOM_MANTISSA_BITS)
		return ROOM_INFINITE;
	return (shift + 1) << ROOM_MANTISSA_BITS |
	       (mantissa - BIT_ULL(ROOM_MANTISSA_BITS));
}

static u64 room_decode(u32 code)
{
	unsigned int exponent = code >> ROOM_MANTISSA_BITS;
	u64 mantissa = code & (BIT(ROOM_MANTISSA_BITS) - 1);

	if (code == ROOM_INFINITE)
		return U64_MAX;
	if (!exponent)
		return mantissa;
	return (mantissa | BIT_ULL(ROOM_MANTISSA_BITS)) << (exponent - 1);
}

/* Bytes left in @node's hole once its start is aligned to 2^@shift. */
static u64 room_at(const struct orderly_alloc_node *node, unsigned int shift)
{
	u64 waste = -hole_first(node) & (BIT_ULL(shift) - 1);

	return waste > node->hole_size ? 0 : node->hole_size - waste;
}

static void room_raise(struct orderly_alloc_room *room,
		       const struct orderly_alloc_room *to)
{
	int level;

	for (level = 0; level < ROOM_LEVELS; level++)
		room->bound[level] = max(room->bound[level], to->bound[level]);
}

static bool room_equal(const struct orderly_alloc_room *a,
		       const struct orderly_alloc_room *b)
{
	int level;

	for (level = 0; level < ROOM_LEVELS; level++)
		if (a->bound[level] != b->bound[level])
			return false;
	return true;
}

static struct orderly_alloc_room room_max(struct orderly_alloc_room room,
					  const struct rb_node *child)
{
	if (child)
		room_raise(&room, &size_node(child)->room);
	return room;
}

/* The room bounds of @node's hole and its subtree in holes_by_size. */
static struct orderly_alloc_room room_of_subtree(const struct orderly_alloc_node *node)
{
	struct orderly_alloc_room room;
	int level;

	for (level = 0; level < ROOM_LEVELS; level++)
		room.bound[level] = room_encode(room_at(node,
							room_level_shift[level]));
	room = room_max(room, node->hole_rb.rb_left);
	return room_max(room, node->hole_rb.rb_right);
}

static bool room_compute(struct orderly_alloc_node *node, bool exit)
{
	struct orderly_alloc_room room = room_of_subtree(node);

	if (exit && room_equal(&room, &node->room))
		return true;
	node->room = room;
	return false;
}

RB_DECLARE_CALLBACKS(static, room_augment, struct orderly_alloc_node, hole_rb,
		     room, room_compute);

/* A head sorts before an allocation that starts at the same address. */
static bool addr_less(struct rb_node *a, const struct rb_node *b)
{
	const struct orderly_alloc_node *x = addr_node(a), *y = addr_node(b);

	if (x->start != y->start)
		return x->start < y->start;
	return node_is_head(x) && !node_is_head(y);
}

static bool hole_key_less(const struct orderly_alloc_node *x,
			  const struct orderly_alloc_node *y)
{
	if (x->hole_size != y->hole_size)
		return x->hole_size < y->hole_size;
	return hole_first(x) < hole_first(y);
}

static bool hole_less(struct rb_node *a, const struct rb_node *b)
{
	return hole_key_less(size_node(a), size_node(b));
}

static void link_by_addr(struct orderly_alloc *oa,
			 struct orderly_alloc_node *node)
{
	struct rb_node **link = &oa->by_addr.rb_root.rb_node;
	struct rb_node *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (addr_less(&node->addr_rb, parent)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	node->subtree_max_hole = node->hole_size;
	rb_link_node(&node->addr_rb, parent, link);
	hole_augment_propagate(parent, NULL);
	rb_insert_augmented_cached(&node->addr_rb, &oa->by_addr, leftmost,
				   &hole_augment);
}

/*
 * Link @node right after @prev in address order: as the left child of the
 * first node of @prev's right subtree, or as @prev's right child. No
 * comparisons: only the left spine of @prev's right subtree is walked,
 * not a path from the root. @node's hole is cut from @prev's, which is about to
 * shrink: the largest holes above @prev hold already, those below it are
 * raised on the way down, and the caller's hole_set_size(@prev) settles
 * the rest.
 */
static void link_after(struct orderly_alloc *oa,
		       struct orderly_alloc_node *prev,
		       struct orderly_alloc_node *node)
{
	struct rb_node *parent = &prev->addr_rb, **link = &parent->rb_right;

	while (*link) {
		parent = *link;
		addr_node(parent)->subtree_max_hole =
			max(addr_node(parent)->subtree_max_hole, node->hole_size);
		link = &parent->rb_left;
	}
	node->subtree_max_hole = node->hole_size;
	rb_link_node(&node->addr_rb, parent, link);
	rb_insert_augmented_cached(&node->addr_rb, &oa->by_addr, false,
				   &hole_augment);
}

static void unlink_by_addr(struct orderly_alloc *oa,
			   struct orderly_alloc_node *node)
{
	rb_erase_augmented_cached(&node->addr_rb, &oa->by_addr, &hole_augment);
	RB_CLEAR_NODE(&node->addr_rb);
}

static void hole_index_add(struct orderly_alloc *oa,
			   struct orderly_alloc_node *node)
{
	struct rb_node **link = &oa->holes_by_size.rb_root.rb_node;
	struct rb_node *parent = NULL;
	bool leftmost = true;

	if (!node->hole_size)
		return;
	/*
	 * The new hole lands below every node the search passes: raise their
	 * bounds on the way down, as an interval tree does, rather than
	 * recompute them on the way back up.
	 */
	node->hole_rb.rb_left = NULL;
	node->hole_rb.rb_right = NULL;
	room_compute(node, false);
	while (*link) {
		parent = *link;
		room_raise(&size_node(parent)->room, &node->room);
		if (hole_less(&node->hole_rb, parent)) {
			link = &parent->rb_left;
		} else {
			link = &parent->rb_right;
			leftmost = false;
		}
	}
	rb_link_node(&node->hole_rb, parent, link);
	rb_insert_augmented_cached(&node->hole_rb, &oa->holes_by_size, leftmost,
				   &room_augment);
	oa->hole_count++;
}

static void hole_index_del(struct orderly_alloc *oa,
			   struct orderly_alloc_node *node)
{
	if (RB_EMPTY_NODE(&node->hole_rb))
		return;
	rb_erase_augmented_cached(&node->hole_rb, &oa->holes_by_size,
				  &room_augment);
	RB_CLEAR_NODE(&node->hole_rb);
	oa->hole_count--;
}

/*
 * Give @node's hole a new size. Its start may have moved too (resize), which
 * is why the size index is unlinked before the key changes: erasing does not
 * compare keys, adding does.
 */
static void hole_set_size(struct orderly_alloc *oa,
			  struct orderly_alloc_node *node, u64 hole_size)
{
	hole_index_del(oa, node);
	node->hole_size = hole_size;
	hole_index_add(oa, node);
	hole_augment_propagate(&node->addr_rb, NULL);
}

/* The last node that starts at or before @addr: the owner of its hole. */
static struct orderly_alloc_node *node_at_or_before(const struct orderly_alloc *oa,
						    u64 addr)
{
	struct rb_node *rb = oa->by_addr.rb_root.rb_node;
	struct orderly_alloc_node *found = NULL;

	while (rb) {
		struct orderly_alloc_node *node = addr_node(rb);

		if (node->start <= addr) {
			found = node;
			rb = rb->rb_right;
		} else {
			rb = rb->rb_left;
		}
	}
	return found;
}

/* Lowest node of the subtree @rb whose hole holds @min bytes; @rb has one. */
static struct orderly_alloc_node *lowest_hole_in(struct rb_node *rb, u64 min)
{
	while (subtree_max_hole(rb->rb_left) >= min ||
	       addr_node(rb)->hole_size < min)
		rb = subtree_max_hole(rb->rb_left) >= min ? rb->rb_left :
							    rb->rb_right;
	return addr_node(rb);
}

static struct orderly_alloc_node *highest_hole_in(struct rb_node *rb, u64 min)
{
	while (subtree_max_hole(rb->rb_right) >= min ||
	       addr_node(rb)->hole_size < min)
		rb = subtree_max_hole(rb->rb_right) >= min ? rb->rb_right :
							     rb->rb_left;
	return addr_node(rb);
}

/*
 * The first node after @node (or the first of all, if @node is NULL) whose
 * hole holds at least @min bytes: down into a right subtree that has one, or
 * up to the first ancestor on our right that has one. O(log n).
 */
static struct orderly_alloc_node *hole_after(const struct orderly_alloc *oa,
					     const struct orderly_alloc_node *node,
					     u64 min)
{
	struct rb_node *rb, *parent;

	if (!node) {
		rb = oa->by_addr.rb_root.rb_node;
		return subtree_max_hole(rb) >= min ? lowest_hole_in(rb, min) : NULL;
	}
	rb = (struct rb_node *)&node->addr_rb;
	if (subtree_max_hole(rb->rb_right) >= min)
		return lowest_hole_in(rb->rb_right, min);
	while ((parent = rb_parent(rb))) {
		if (rb == parent->rb_left) {
			if (addr_node(parent)->hole_size >= min)
				return addr_node(parent);
			if (subtree_max_hole(parent->rb_right) >= min)
				return lowest_hole_in(parent->rb_right, min);
		}
		rb = parent;
	}
	return NULL;
}

/* The mirror of hole_after(): the first such node before @node. */
static struct orderly_alloc_node *hole_before(const struct orderly_alloc_node *node,
					      u64 min)
{
	struct rb_node *rb = (struct rb_node *)&node->addr_rb, *parent;

	if (subtree_max_hole(rb->rb_left) >= min)
		return highest_hole_in(rb->rb_left, min);
	while ((parent = rb_parent(rb))) {
		if (rb == parent->rb_right) {
			if (addr_node(parent)->hole_size >= min)
				return addr_node(parent);
			if (subtree_max_hole(parent->rb_left) >= min)
				return highest_hole_in(parent->rb_left, min);
		}
		rb = parent;
	}
	return NULL;
}

/* What an insert asks for, checked and normalised. */
struct request {
	u64 size;
	u64 align_mask;
	u64 range_first;
	u64 range_last;
	enum orderly_alloc_mode mode;
};

/*
 * Can @node's hole, cut to the request's range, take the aligned request?
 * If so, *@start is where: the lowest aligned address, or the highest for
 * top-down placement. No sum here can pass 2^64.
 */
static bool hole_fits(const struct orderly_alloc_node *node,
		      const struct request *req, u64 *start)
{
	u64 first, last, slack, at;

	if (node->hole_size < req->size)
		return false;
	first = max(hole_first(node), req->range_first);
	last = min(hole_last(node), req->range_last);
	if (first > last || last - first < req->size - 1)
		return false;
	slack = last - first - (req->size - 1);

	if (req->mode == ORDERLY_ALLOC_HIGH) {
		at = (last - (req->size - 1)) & ~req->align_mask;
		if (at < first)
			return false;
	} else {
		if ((-first & req->align_mask) > slack)
			return false;
		at = first + (-first & req->align_mask);
	}
	*start = at;
	return true;
}

/* The room level whose bound holds for @align_mask, or -1 for none. */
static int room_level_for(u64 align_mask)
{
	int level;

	for (level = ROOM_LEVELS - 1; level >= 0; level--)
		if (align_mask >= BIT_ULL(room_level_shift[level]) - 1)
			return level;
	return -1;
}

static bool subtree_may_have_room(const struct rb_node *rb, u64 min, int level)
{
	return rb && room_decode(size_node(rb)->room.bound[level]) >= min;
}

/*
 * In-order walk of the size tree that skips every subtree whose bound at
 * @level is below @min: the first node, or the one after @rb. A visited
 * node itself may still lack the room; the caller checks it.
 */
static struct rb_node *roomy_first(const struct rb_root_cached *root, u64 min,
				   int level)
{
	struct rb_node *rb = root->rb_root.rb_node;

	if (!subtree_may_have_room(rb, min, level))
		return NULL;
	while (subtree_may_have_room(rb->rb_left, min, level))
		rb = rb->rb_left;
	return rb;
}

static struct rb_node *roomy_next(struct rb_node *rb, u64 min, int level)
{
	struct rb_node *parent;

	if (subtree_may_have_room(rb->rb_right, min, level)) {
		rb = rb->rb_right;
		while (subtree_may_have_room(rb->rb_left, min, level))
			rb = rb->rb_left;
		return rb;
	}
	while ((parent = rb_parent(rb)) && rb == parent->rb_right)
		rb = parent;
	return parent;
}

/*
 * Walk the holes by size from the first one large enough; the first that
 * fits is the answer. Without a range the walk stops at the latest at the
 * first hole of size + align - 1 bytes, which always fits, so it only passes
 * holes the alignment defeats, and at 64 KiB and 2 MiB and above the room
 * bounds skip those a subtree at a time.
 */
static struct orderly_alloc_node *best_fit(const struct orderly_alloc *oa,
					   const struct request *req, u64 *start)
{
	int level = room_level_for(req->align_mask);
	struct rb_node *rb = oa->holes_by_size.rb_root.rb_node;
	struct rb_node *first_big_enough = NULL;

	if (level >= 0) {
		for (rb = roomy_first(&oa->holes_by_size, req->size, level); rb;
		     rb = roomy_next(rb, req->size, level))
			if (hole_fits(size_node(rb), req, start))
				return size_node(rb);
		return NULL;
	}

	while (rb) {
		if (size_node(rb)->hole_size >= req->size) {
			first_big_enough = rb;
			rb = rb->rb_left;
		} else {
			rb = rb->rb_right;
		}
	}
	for (rb = first_big_enough; rb; rb = rb_next(rb))
		if (hole_fits(size_node(rb), req, start))
			return size_node(rb);
	return NULL;
}

static struct orderly_alloc_node *lowest_fit(const struct orderly_alloc *oa,
					     const struct request *req,
					     u64 *start)
{
	struct orderly_alloc_node *node;

	node = node_at_or_before(oa, req->range_first);
	if (!node || node->hole_size < req->size)
		node = hole_after(oa, node, req->size);
	for (; node && node->start <= req->range_last;
	     node = hole_after(oa, node, req->size))
		if (hole_fits(node, req, start))
			return node;
	return NULL;
}

static struct orderly_alloc_node *highest_fit(const struct orderly_alloc *oa,
					      const struct request *req,
					      u64 *start)
{
	struct orderly_alloc_node *node;

	node = node_at_or_before(oa, req->range_last);
	if (node && node->hole_size < req->size)
		node = hole_before(node, req->size);
	for (; node && hole_last(node) >= req->range_first;
	     node = hole_before(node, req->size))
		if (hole_fits(node, req, start))
			return node;
	return NULL;
}

/* Cut [@start, @start + @size) out of @owner's hole and give it to @node. */
static void place_node(struct orderly_alloc *oa,
		       struct orderly_alloc_node *owner,
		       struct orderly_alloc_node *node, u64 start, u64 size)
{
	u64 front = start - hole_first(owner);

	node->start = start;
	node->size = size;
	node->hole_size = owner->hole_size - front - size;
	node->owner = oa;
	RB_CLEAR_NODE(&node->hole_rb);
	link_after(oa, owner, node);
	hole_set_size(oa, owner, front);
	hole_index_add(oa, node);
	oa->free_bytes -= size;
	oa->node_count++;
}

/* Give @node's space and hole to the node before it, which owns them now. */
static void unplace_node(struct orderly_alloc *oa,
			 struct orderly_alloc_node *node)
{
	struct orderly_alloc_node *prev = addr_node(rb_prev(&node->addr_rb));
	u64 merged = prev->hole_size + node->size + node->hole_size;

	hole_index_del(oa, node);
	unlink_by_addr(oa, node);
	hole_set_size(oa, prev, merged);
	oa->free_bytes += node->size;
	oa->node_count--;
	node->owner = NULL;
	node->hole_size = 0;
}

/* Does [@start, @start + @size) fit in a u64, and is it not empty? */
static bool span_is_valid(u64 start, u64 size)
{
	return size && size - 1 <= U64_MAX - start;
}

static void head_init(struct orderly_alloc *oa, struct orderly_alloc_node *head,
		      u64 start, u64 hole_size)
{
	head->start = start;
	head->size = 0;
	head->hole_size = hole_size;
	head->owner = oa;
	RB_CLEAR_NODE(&head->hole_rb);
	link_by_addr(oa, head);
	hole_index_add(oa, head);
}

static void head_drop(struct orderly_alloc *oa, struct orderly_alloc_node *head)
{
	hole_index_del(oa, head);
	unlink_by_addr(oa, head);
	head->owner = NULL;
}

/**
 * orderly_alloc_init() - initialise a manager over one range
 * @oa: the manager to initialise; its previous contents are ignored
 * @start: first address of the range
 * @size: size of the range in bytes; the range may end at 2^64
 *
 * Return: 0, or -EINVAL if @size is 0 or @start + @size passes 2^64.
 */
int orderly_alloc_init(struct orderly_alloc *oa, u64 start, u64 size)
{
	if (!span_is_valid(start, size))
		return -EINVAL;

	memset(oa, 0, sizeof(*oa));
	oa->by_addr = RB_ROOT_CACHED;
	oa->holes_by_size = RB_ROOT_CACHED;
	oa->managed_bytes = size;
	oa->free_bytes = size;
	oa->lowest = start;
	oa->highest = start + (size - 1);
	head_init(oa, &oa->first_range.head, start, size);
	return 0;
}
EXPORT_SYMBOL_GPL(orderly_alloc_init);

/**
 * orderly_alloc_add_range() - add a further range to the managed space
 * @oa: the manager
 * @range: zeroed bookkeeping for the range, kept by the caller until
 *	orderly_alloc_fini()
 * @start: first address of the range
 * @size: size of the range in bytes
 *
 * The range must not overlap the managed space. A range that touches it (a
 * resized BAR) merges with it: the holes on both sides become one. Never
 * allocates; O(log n).
 *
 * Return: 0; -EINVAL if @size is 0, the range passes 2^64, overlaps the
 * managed space, would make the managed total pass U64_MAX bytes, or @range
 * is in use (which also warns).
 */
int orderly_alloc_add_range(struct orderly_alloc *oa,
			    struct orderly_alloc_range *range,
			    u64 start, u64 size)
{
	struct orderly_alloc_node *below, *above;
	u64 last, hole_size = size;

	if (!span_is_valid(start, size) || size > U64_MAX - oa->managed_bytes)
		return -EINVAL;
	if (WARN_ON_ONCE(range->head.owner))
		return -EINVAL;
	last = start + (size - 1);

	below = node_at_or_before(oa, last);
	if (below && extent_last(below) >= start)
		return -EINVAL;
	above = below ? addr_node(rb_next(&below->addr_rb)) :
			addr_node(rb_first_cached(&oa->by_addr));

	if (above && last != U64_MAX && above->start == last + 1) {
		hole_size += above->hole_size;
		head_drop(oa, above);
	}
	if (below && start && extent_last(below) == start - 1)
		hole_set_size(oa, below, below->hole_size + hole_size);
	else
		head_init(oa, &range->head, start, hole_size);

	oa->managed_bytes += size;
	oa->free_bytes += size;
	oa->lowest = min(oa->lowest, start);
	oa->highest = max(oa->highest, last);
	return 0;
}
EXPORT_SYMBOL_GPL(orderly_alloc_add_range);

/**
 * orderly_alloc_fini() - tear a manager down
 * @oa: the manager
 *
 * Warns, with their number, if allocations remain; their nodes are marked
 * unallocated either way, so nothing refers to @oa afterwards. Nothing is freed: the manager
 * never allocated anything. O(n).
 */
void orderly_alloc_fini(struct orderly_alloc *oa)
{
	struct orderly_alloc_node *node, *next;

	WARN_ONCE(oa->node_count, "orderly_alloc: %lu allocations left at fini\n",
		  oa->node_count);
	rbtree_postorder_for_each_entry_safe(node, next, &oa->by_addr.rb_root,
					     addr_rb)
		node->owner = NULL;
	oa->by_addr = RB_ROOT_CACHED;
	oa->holes_by_size = RB_ROOT_CACHED;
	oa->node_count = 0;
	oa->hole_count = 0;
	oa->free_bytes = 0;
	oa->managed_bytes = 0;
}
EXPORT_SYMBOL_GPL(orderly_alloc_fini);

/* Shared checks of insert and reserve: 0 or the errno to return. */
static int node_check_unused(const struct orderly_alloc_node *node)
{
	if (WARN_ON_ONCE(node->owner))
		return -EINVAL;
	return 0;
}

static bool mode_is_valid(enum orderly_alloc_mode mode)
{
	return mode == ORDERLY_ALLOC_BEST || mode == ORDERLY_ALLOC_LOW ||
	       mode == ORDERLY_ALLOC_HIGH;
}

/* Insert into [@range_first, @range_last], both inclusive. */
static int insert_in(struct orderly_alloc *oa, struct orderly_alloc_node *node,
		     u64 size, u64 align, u64 range_first, u64 range_last,
		     enum orderly_alloc_mode mode)
{
	const struct request req = {
		.size = size,
		.align_mask = align ? align - 1 : 0,
		.range_first = range_first,
		.range_last = range_last,
		.mode = mode,
	};
	struct orderly_alloc_node *owner;
	u64 start;
	int err;

	if (!size || (align & (align - 1)) || !mode_is_valid(mode))
		return -EINVAL;
	err = node_check_unused(node);
	if (err)
		return err;

	if (mode == ORDERLY_ALLOC_LOW)
		owner = lowest_fit(oa, &req, &start);
	else if (mode == ORDERLY_ALLOC_HIGH)
		owner = highest_fit(oa, &req, &start);
	else
		owner = best_fit(oa, &req, &start);
	if (!owner)
		return -ENOSPC;

	place_node(oa, owner, node, start, size);
	return 0;
}

/**
 * orderly_alloc_insert() - allocate anywhere in the managed space
 * @oa: the manager
 * @node: a zeroed or removed node to fill
 * @size: bytes to allocate, not 0
 * @align: power-of-two alignment of the start, up to 2^63; 0 or 1 for none
 * @mode: placement, see &enum orderly_alloc_mode
 *
 * Never allocates or sleeps. Cost, for n nodes, where w is the number of
 * holes large enough for @size that the alignment defeats before the answer
 * is found (0 when @align is no larger than the alignment of every hole's
 * start, e.g. page-sized requests in a page-aligned aperture):
 * %ORDERLY_ALLOC_BEST is O(log n) at an alignment of exactly 64 KiB or
 * 2 MiB, where a subtree bound skips the defeated holes, O(log n + w) below
 * 64 KiB, and O((1 + w') log n) between and above, where w' counts only the
 * defeated holes that the bound of the level below lets through;
 * %ORDERLY_ALLOC_LOW and %ORDERLY_ALLOC_HIGH are O((1 + w) log n).
 *
 * Return: 0 with @node->start and @node->size set; -ENOSPC if no hole can
 * take the aligned request; -EINVAL if @size is 0, @align is not a power of
 * two, @mode is unknown, or @node is in use (which also warns). A failed
 * call changes nothing.
 */
int orderly_alloc_insert(struct orderly_alloc *oa,
			 struct orderly_alloc_node *node, u64 size, u64 align,
			 enum orderly_alloc_mode mode)
{
	return insert_in(oa, node, size, align, 0, U64_MAX, mode);
}
EXPORT_SYMBOL_GPL(orderly_alloc_insert);

/**
 * orderly_alloc_insert_range() - allocate inside [@range_start, @range_end)
 * @oa: the manager
 * @node: a zeroed or removed node to fill
 * @size: bytes to allocate, not 0
 * @align: power-of-two alignment of the start, up to 2^63; 0 or 1 for none
 * @range_start: lowest address the allocation may use
 * @range_end: end (exclusive) of the addresses it may use; 0 stands for
 *	2^64, so that a range can include the last byte, U64_MAX
 * @mode: placement, see &enum orderly_alloc_mode
 *
 * As orderly_alloc_insert(), restricted to a range, e.g. the CPU-visible
 * part of VRAM. Best fit compares whole hole sizes, so a large hole that
 * only grazes the range is not preferred to a small one inside it. Its
 * walk also passes, at O(1) each, the holes large enough for @size that lie
 * outside the range and are smaller than the one it chooses; lowest and
 * highest placement do not.
 *
 * Return: as orderly_alloc_insert(); also -EINVAL if the range is empty,
 * inverted or outside the managed space.
 */
int orderly_alloc_insert_range(struct orderly_alloc *oa,
			       struct orderly_alloc_node *node,
			       u64 size, u64 align,
			       u64 range_start, u64 range_end,
			       enum orderly_alloc_mode mode)
{
	u64 range_last = range_end - 1;		/* 0 - 1: U64_MAX */

	if (range_start > range_last || range_start > oa->highest ||
	    range_last < oa->lowest)
		return -EINVAL;
	return insert_in(oa, node, size, align, range_start, range_last, mode);
}
EXPORT_SYMBOL_GPL(orderly_alloc_insert_range);

/**
 * orderly_alloc_reserve() - allocate exactly [@start, @start + @size)
 * @oa: the manager
 * @node: a zeroed or removed node to fill
 * @start: first address to claim
 * @size: bytes to claim, not 0
 *
 * For ranges the hardware fixes, e.g. firmware or a boot framebuffer.
 * O(log n); never allocates or sleeps.
 *
 * Return: 0; -ENOSPC if any byte of the span is allocated or outside the
 * managed space; -EINVAL if @size is 0, the span passes 2^64, or @node is in
 * use (which also warns). A failed call changes nothing.
 */
int orderly_alloc_reserve(struct orderly_alloc *oa,
			  struct orderly_alloc_node *node, u64 start, u64 size)
{
	struct orderly_alloc_node *owner;
	int err;

	if (!span_is_valid(start, size))
		return -EINVAL;
	err = node_check_unused(node);
	if (err)
		return err;

	owner = node_at_or_before(oa, start);
	if (!owner || !owner->hole_size || start < hole_first(owner) ||
	    start + (size - 1) > hole_last(owner))
		return -ENOSPC;

	place_node(oa, owner, node, start, size);
	return 0;
}
EXPORT_SYMBOL_GPL(orderly_alloc_reserve);

/* Is @node an allocation of @oa? Warns once if not: a caller's bug. */
static bool node_is_allocated_in(const struct orderly_alloc *oa,
				 const struct orderly_alloc_node *node)
{
	return !WARN_ON_ONCE(node->owner != oa || node_is_head(node));
}

/**
 * orderly_alloc_remove() - free an allocation
 * @oa: the manager
 * @node: a node allocated in @oa
 *
 * Its space merges with the free space around it at once. O(log n); never
 * allocates or sleeps, so it may run in an interrupt handler under the
 * caller's spinlock. Removing a node that is not allocated in @oa warns and
 * does nothing.
 */
void orderly_alloc_remove(struct orderly_alloc *oa,
			  struct orderly_alloc_node *node)
{
	if (node_is_allocated_in(oa, node))
		unplace_node(oa, node);
}
EXPORT_SYMBOL_GPL(orderly_alloc_remove);

/**
 * orderly_alloc_resize() - grow or shrink an allocation in place
 * @oa: the manager
 * @node: a node allocated in @oa
 * @new_size: its new size in bytes, not 0
 *
 * The start never moves: growing takes free space directly after @node,
 * shrinking gives back its tail. O(log n); never allocates or sleeps.
 *
 * Return: 0; -ENOSPC if the space after @node is too small to grow into;
 * -EINVAL if @new_size is 0 or @node is not allocated in @oa (which also
 * warns). A failed call changes nothing.
 */
int orderly_alloc_resize(struct orderly_alloc *oa,
			 struct orderly_alloc_node *node, u64 new_size)
{
	u64 room;

	if (!new_size || !node_is_allocated_in(oa, node))
		return -EINVAL;

	room = node->size + node->hole_size;
	if (new_size > room)
		return -ENOSPC;

	oa->free_bytes = oa->free_bytes + node->size - new_size;
	node->size = new_size;
	hole_set_size(oa, node, room - new_size);
	return 0;
}
EXPORT_SYMBOL_GPL(orderly_alloc_resize);

/**
 * orderly_alloc_reset() - forget every allocation at once
 * @oa: the manager
 *
 * For a device reset that lost the memory: every node allocated in @oa is
 * marked unallocated, as if removed, and the ranges are whole again. The
 * callers' nodes may be reused or freed afterwards. O(n log n).
 */
void orderly_alloc_reset(struct orderly_alloc *oa)
{
	struct rb_node *rb = rb_first_cached(&oa->by_addr);

	while (rb) {
		struct orderly_alloc_node *node = addr_node(rb);

		rb = rb_next(rb);
		if (!node_is_head(node))
			unplace_node(oa, node);
	}
}
EXPORT_SYMBOL_GPL(orderly_alloc_reset);

/**
 * orderly_alloc_free_bytes() - total free space
 * @oa: the manager
 *
 * Return: the sum of all holes in bytes. O(1).
 */
u64 orderly_alloc_free_bytes(const struct orderly_alloc *oa)
{
	return oa->free_bytes;
}
EXPORT_SYMBOL_GPL(orderly_alloc_free_bytes);

/**
 * orderly_alloc_largest_hole() - size of the largest free hole
 * @oa: the manager
 *
 * An unaligned request of this size or less succeeds. O(1).
 *
 * Return: the size in bytes, 0 if nothing is free.
 */
u64 orderly_alloc_largest_hole(const struct orderly_alloc *oa)
{
	return subtree_max_hole(oa->by_addr.rb_root.rb_node);
}
EXPORT_SYMBOL_GPL(orderly_alloc_largest_hole);

/**
 * orderly_alloc_hole_count() - number of free holes
 * @oa: the manager
 *
 * With orderly_alloc_free_bytes() and orderly_alloc_largest_hole(), a
 * measure of fragmentation. O(1).
 *
 * Return: the number of maximal free holes.
 */
unsigned long orderly_alloc_hole_count(const struct orderly_alloc *oa)
{
	return oa->hole_count;
}
EXPORT_SYMBOL_GPL(orderly_alloc_hole_count);

/**
 * orderly_alloc_node_count() - number of allocations
 * @oa: the manager
 *
 * Return: the number of allocated nodes. O(1).
 */
unsigned long orderly_alloc_node_count(const struct orderly_alloc *oa)
{
	return oa->node_count;
}
EXPORT_SYMBOL_GPL(orderly_alloc_node_count);

/**
 * orderly_alloc_next_node() - walk the allocations in address order
 * @oa: the manager
 * @node: NULL to start, else the allocation the previous call returned
 *
 * ``node = NULL; while ((node = orderly_alloc_next_node(oa, node)))``
 * visits every allocation; do not remove @node during the walk. O(1)
 * amortized per step.
 *
 * Return: the next allocation, or NULL after the last one.
 */
struct orderly_alloc_node *
orderly_alloc_next_node(const struct orderly_alloc *oa,
			const struct orderly_alloc_node *node)
{
	struct rb_node *rb;

	rb = node ? rb_next(&node->addr_rb) : rb_first_cached(&oa->by_addr);
	while (rb && node_is_head(addr_node(rb)))
		rb = rb_next(rb);
	return addr_node(rb);
}
EXPORT_SYMBOL_GPL(orderly_alloc_next_node);

/**
 * orderly_alloc_next_hole() - walk the free holes in address order
 * @oa: the manager
 * @hole: zeroed to start; each call moves it to the next hole
 *
 * ``struct orderly_alloc_hole hole = {};
 * while (orderly_alloc_next_hole(oa, &hole))`` visits every hole, with
 * @hole->start and @hole->size set; do not change @oa during the walk.
 * O(log n) per step.
 *
 * Return: true if @hole now describes a hole, false after the last one.
 */
bool orderly_alloc_next_hole(const struct orderly_alloc *oa,
			     struct orderly_alloc_hole *hole)
{
	const struct orderly_alloc_node *owner;

	owner = hole_after(oa, hole->owner, 1);
	hole->owner = owner;
	if (!owner)
		return false;
	hole->start = hole_first(owner);
	hole->size = owner->hole_size;
	return true;
}
EXPORT_SYMBOL_GPL(orderly_alloc_next_hole);

/**
 * orderly_alloc_print() - dump the manager for debugfs
 * @oa: the manager
 * @m: the seq_file to print to
 *
 * One line per range start, allocation and hole in address order (first
 * and last byte, size), then the totals. O(n).
 */
void orderly_alloc_print(const struct orderly_alloc *oa, struct seq_file *m)
{
	struct rb_node *rb;

	for (rb = rb_first_cached(&oa->by_addr); rb; rb = rb_next(rb)) {
		const struct orderly_alloc_node *node = addr_node(rb);

		if (node_is_head(node))
			seq_printf(m, "%#018llx: range\n", node->start);
		else
			seq_printf(m, "%#018llx-%#018llx: %llu: used\n",
				   node->start, node->start + (node->size - 1),
				   node->size);
		if (node->hole_size)
			seq_printf(m, "%#018llx-%#018llx: %llu: free\n",
				   hole_first(node), hole_last(node),
				   node->hole_size);
	}
	seq_printf(m, "managed: %llu, used: %llu, free: %llu\n",
		   oa->managed_bytes, oa->managed_bytes - oa->free_bytes,
		   oa->free_bytes);
	seq_printf(m, "allocations: %lu, holes: %lu, largest hole: %llu\n",
		   oa->node_count, oa->hole_count,
		   orderly_alloc_largest_hole(oa));
}
EXPORT_SYMBOL_GPL(orderly_alloc_print);

/* The sums and the last node that check_by_addr() builds up in its walk. */
struct walk_totals {
	const struct orderly_alloc_node *prev;
	u64 managed_bytes;
	u64 free_bytes;
	unsigned long hole_count;
	unsigned long node_count;
};

/* Report the first broken invariant the checker finds. */
static int broken(const char *what, u64 where)
{
	pr_err("orderly_alloc: check failed: %s at %#llx\n", what, where);
	return -EUCLEAN;
}

/*
 * Red-black shape of the subtree at @rb: parent links, no red node with a
 * red child, the same number of black nodes on every path (*@black_height).
 * The depth of the recursion is the height of the tree, O(log n).
 */
static int check_rb_shape(const struct rb_node *rb, const struct rb_node *parent,
			  int *black_height)
{
	int left, right, err;

	if (!rb) {
		*black_height = 1;
		return 0;
	}
	if (rb_parent(rb) != parent)
		return broken("rbtree: wrong parent link", 0);
	if (parent && rb_is_red(rb) && rb_is_red(parent))
		return broken("rbtree: red node with a red child", 0);
	err = check_rb_shape(rb->rb_left, rb, &left);
	if (!err)
		err = check_rb_shape(rb->rb_right, rb, &right);
	if (err)
		return err;
	if (left != right)
		return broken("rbtree: unequal black heights", left);
	*black_height = left + rb_is_black(rb);
	return 0;
}

static int check_tree_shape(const struct rb_root_cached *root)
{
	int black_height;

	if (root->rb_root.rb_node && rb_is_red(root->rb_root.rb_node))
		return broken("rbtree: red root", 0);
	if (root->rb_leftmost != rb_first(&root->rb_root))
		return broken("rbtree: stale leftmost", 0);
	return check_rb_shape(root->rb_root.rb_node, NULL, &black_height);
}

/*
 * Where a node must start, given the node before it in address order. The
 * distance is taken from the start of @prev, as its end may be 2^64.
 */
static int check_neighbours(const struct orderly_alloc_node *prev,
			    const struct orderly_alloc_node *node)
{
	u64 prev_extent, distance;

	if (!prev) {
		if (!node_is_head(node))
			return broken("allocation before any range", node->start);
		return 0;
	}
	prev_extent = prev->size + prev->hole_size;
	distance = node->start - prev->start;
	if (node->start < prev->start)
		return broken("nodes out of address order", node->start);
	/* A head follows unmanaged space, else it would split a hole. */
	if (node_is_head(node) && (distance <= prev_extent || !prev_extent))
		return broken("range start not after a gap", node->start);
	/* An allocation follows its predecessor or its hole, exactly. */
	if (!node_is_head(node) && distance != prev_extent)
		return broken("allocation not after its neighbour", node->start);
	return 0;
}

/* One node of by_addr on its own, then against its predecessor. */
static int check_addr_node(const struct orderly_alloc *oa,
			   const struct orderly_alloc_node *node,
			   struct walk_totals *sum)
{
	u64 extent = node->size + node->hole_size;
	u64 max_hole = max3(node->hole_size,
			    subtree_max_hole(node->addr_rb.rb_left),
			    subtree_max_hole(node->addr_rb.rb_right));

	if (node->owner != oa)
		return broken("node of another manager", node->start);
	if (extent < node->size || (extent && extent - 1 > U64_MAX - node->start))
		return broken("node and hole pass 2^64", node->start);
	if (node->subtree_max_hole != max_hole)
		return broken("wrong subtree_max_hole", node->start);
	if (RB_EMPTY_NODE(&node->hole_rb) != !node->hole_size)
		return broken("hole missing from or stale in holes_by_size",
			      node->start);

	sum->managed_bytes += extent;
	sum->free_bytes += node->hole_size;
	sum->hole_count += !!node->hole_size;
	sum->node_count += !node_is_head(node);
	return check_neighbours(sum->prev, node);
}

static int check_by_addr(const struct orderly_alloc *oa)
{
	struct walk_totals sum = {};
	struct rb_node *rb;
	int err;

	for (rb = rb_first_cached(&oa->by_addr); rb; rb = rb_next(rb)) {
		err = check_addr_node(oa, addr_node(rb), &sum);
		if (err)
			return err;
		sum.prev = addr_node(rb);
	}
	if (!sum.prev)
		return broken("no range", 0);
	if (sum.managed_bytes != oa->managed_bytes)
		return broken("wrong managed_bytes", oa->managed_bytes);
	if (sum.free_bytes != oa->free_bytes)
		return broken("wrong free_bytes", oa->free_bytes);
	if (sum.hole_count != oa->hole_count)
		return broken("wrong hole_count", oa->hole_count);
	if (sum.node_count != oa->node_count)
		return broken("wrong node_count", oa->node_count);
	if (oa->lowest != addr_node(rb_first_cached(&oa->by_addr))->start)
		return broken("wrong lowest", oa->lowest);
	if (oa->highest != extent_last(sum.prev))
		return broken("wrong highest", oa->highest);
	return 0;
}

static int check_holes_by_size(const struct orderly_alloc *oa)
{
	const struct orderly_alloc_node *prev = NULL;
	struct orderly_alloc_room room;
	unsigned long count = 0;
	struct rb_node *rb;

	for (rb = rb_first_cached(&oa->holes_by_size); rb; rb = rb_next(rb)) {
		const struct orderly_alloc_node *node = size_node(rb);

		if (node->owner != oa || !node->hole_size)
			return broken("stale entry in holes_by_size",
				      node->start);
		if (prev && !hole_key_less(prev, node))
			return broken("holes_by_size out of order",
				      hole_first(node));
		room = room_of_subtree(node);
		if (!room_equal(&room, &node->room))
			return broken("wrong room bound", hole_first(node));
		prev = node;
		count++;
	}
	if (count != oa->hole_count)
		return broken("holes_by_size misses holes", count);
	return 0;
}

/**
 * orderly_alloc_check() - verify every invariant of the manager
 * @oa: the manager
 *
 * Walks both indices: nodes and holes in strict address order, disjoint and
 * covering each range exactly; holes maximal (never two side by side); the
 * size index holding exactly the non-empty holes in order; every subtree's
 * largest hole right; red-black shape and cached leftmost right; the
 * counters equal to what the walk adds up. For tests and debugfs; O(n).
 *
 * Return: 0 if all holds, else -EUCLEAN after printing the first broken
 * invariant with pr_err().
 */
int orderly_alloc_check(const struct orderly_alloc *oa)
{
	int err;

	err = check_tree_shape(&oa->by_addr);
	if (!err)
		err = check_tree_shape(&oa->holes_by_size);
	if (!err)
		err = check_by_addr(oa);
	if (!err)
		err = check_holes_by_size(oa);
	return err;
}
EXPORT_SYMBOL_GPL(orderly_alloc_check);

MODULE_DESCRIPTION("Best-fit suballocator for device memory apertures");
MODULE_LICENSE("GPL");
