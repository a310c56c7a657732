// SPDX-License-Identifier: GPL-2.0
/*
 * orderly_alloc - best-fit suballocator for device memory apertures
 *
 * Copyright (C) 2026 The orderly_alloc authors
 */

#include <linux/array_size.h>
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/rbtree_augmented.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "orderly_alloc.h"

#define CREATE_TRACE_POINTS
#include "orderly_alloc_trace.h"

EXPORT_TRACEPOINT_SYMBOL_GPL(orderly_alloc_insert);
EXPORT_TRACEPOINT_SYMBOL_GPL(orderly_alloc_reserve);
EXPORT_TRACEPOINT_SYMBOL_GPL(orderly_alloc_remove);
EXPORT_TRACEPOINT_SYMBOL_GPL(orderly_alloc_resize);
EXPORT_TRACEPOINT_SYMBOL_GPL(orderly_alloc_reset);

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
 * Each node owns the free hole that directly follows it, which may be
 * empty. Each managed range starts with a head node of size 0 (embedded in
 * &struct orderly_alloc or in a caller's &struct orderly_alloc_range) that
 * owns the hole at the start of the range::
 *
 *   range start                                                range end
 *   |head|<-- hole -->|  A  |  B  |<- hole ->|  C  |<----- hole ----->|
 *          owned by head           owned by B       owned by C
 *
 * Every node is on one list in address order, heads included, so that a
 * removed node finds the node before it, which takes over its space, in
 * O(1). Only the owners of non-empty holes (head, B and C above, not A) are
 * in the two red-black trees, so the trees are as large as the free space
 * is fragmented, not as large as the number of allocations:
 *
 * - ``holes_by_addr``: the holes in address order, augmented with the
 *   largest hole in each subtree (as vmalloc's free-area tree) and with
 *   upper bounds of the room its holes leave once their start is aligned to
 *   64 KiB and 2 MiB, the large and huge pages of GPU and IOMMU page
 *   tables. Lowest- and highest-address placement skip, a subtree at a
 *   time, the holes too small and those the alignment defeats; the root
 *   gives the largest hole in O(1).
 * - ``holes_by_size``: the holes ordered by size, then address, with the
 *   same room bounds per subtree, cut into one tree per power of two of
 *   size (a bit in a 64-bit map says which are used), so that each tree
 *   is smaller and best fit finds the first class large enough with one
 *   bit scan. Best fit takes the first hole that can hold the aligned
 *   request in that order, skipping the holes the alignment defeats a
 *   subtree at a time, and a class at a time.
 *
 * A hole that changes owner without changing place in either order (the
 * request is cut from the front of a hole; a removed node's predecessor
 * takes over its hole) changes node in place with rb_replace_node(); a
 * node is re-linked only where the order really changes.
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

static struct orderly_alloc_node *addr_node(const struct rb_node *rb)
{
	return rb_entry_safe(rb, struct orderly_alloc_node, addr_rb);
}

static struct orderly_alloc_node *size_node(const struct rb_node *rb)
{
	return rb_entry_safe(rb, struct orderly_alloc_node, size_rb);
}

static struct orderly_alloc_node *list_node(const struct list_head *link)
{
	return list_entry(link, struct orderly_alloc_node, link);
}

static struct orderly_alloc_node *node_before(const struct orderly_alloc_node *node)
{
	return list_node(node->link.prev);
}

/*
 * Room bounds. An alignment defeats a hole large enough for the size when
 * the aligned start leaves too little room. To skip such holes a subtree at
 * a time, each subtree of both trees keeps, at the alignments of the large
 * and huge pages of GPU and IOMMU page tables (64 KiB, 2 MiB), an upper
 * bound of the room its holes leave once their start is aligned. A bound is
 * a 32-bit float rounded up, exact below 2^26, so that the node stays at 128
 * bytes. Larger alignments use the bound of the level below theirs, which
 * still holds; smaller ones use none: at 4 KiB in an aperture managed in
 * pages, no hole start is unaligned.
 */
#define ROOM_LEVELS		ARRAY_SIZE(((struct orderly_alloc_room *)0)->bound)
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

/* Bytes left in @node's hole once its start is aligned to 2^@shift. */
static u64 room_at(const struct orderly_alloc_node *node, unsigned int shift)
{
	u64 waste = -hole_first(node) & (BIT_ULL(shift) - 1);

	return waste > node->hole_size ? 0 : node->hole_size - waste;
}

static void room_of_hole(const struct orderly_alloc_node *node,
			 struct orderly_alloc_room *room)
{
	unsigned int level;

	for (level = 0; level < ROOM_LEVELS; level++)
		room->bound[level] = room_encode(room_at(node,
							 room_level_shift[level]));
}

/*
 * Set @node's hole size, its start being right, and the room its hole
 * leaves at each level, which the bounds of both trees are made of. An
 * empty hole is in no tree: its room is left alone, not to touch the
 * cache line of a node that is going away.
 */
static void hole_set_size(struct orderly_alloc_node *node, u64 hole_size)
{
	node->hole_size = hole_size;
	if (hole_size)
		room_of_hole(node, &node->room);
}

/* Raise each bound of @room to that of @to: two levels, written out. */
static void room_raise(struct orderly_alloc_room *room,
		       const struct orderly_alloc_room *to)
{
	BUILD_BUG_ON(ROOM_LEVELS != 2);
	room->bound[0] = max(room->bound[0], to->bound[0]);
	room->bound[1] = max(room->bound[1], to->bound[1]);
}

static bool room_equal(const struct orderly_alloc_room *a,
		       const struct orderly_alloc_room *b)
{
	return a->bound[0] == b->bound[0] && a->bound[1] == b->bound[1];
}

/*
 * The augmentation of holes_by_addr: the largest hole and the room bounds
 * of @node's subtree. Returns true, as RB_DECLARE_CALLBACKS() expects, when
 * @exit is set and nothing changed, so that propagation stops.
 */
static bool addr_compute(struct orderly_alloc_node *node, bool exit)
{
	const struct rb_node *left = node->addr_rb.rb_left;
	const struct rb_node *right = node->addr_rb.rb_right;
	struct orderly_alloc_room room = node->room;
	u64 max_hole = node->hole_size;

	if (left) {
		max_hole = max(max_hole, addr_node(left)->subtree_max_hole);
		room_raise(&room, &addr_node(left)->addr_room);
	}
	if (right) {
		max_hole = max(max_hole, addr_node(right)->subtree_max_hole);
		room_raise(&room, &addr_node(right)->addr_room);
	}
	if (exit && max_hole == node->subtree_max_hole &&
	    room_equal(&room, &node->addr_room))
		return true;
	node->subtree_max_hole = max_hole;
	node->addr_room = room;
	return false;
}

static void addr_propagate(struct rb_node *rb, struct rb_node *stop)
{
	while (rb != stop && !addr_compute(addr_node(rb), true))
		rb = rb_parent(rb);
}

static void addr_copy(struct rb_node *rb_old, struct rb_node *rb_new)
{
	addr_node(rb_new)->subtree_max_hole = addr_node(rb_old)->subtree_max_hole;
	addr_node(rb_new)->addr_room = addr_node(rb_old)->addr_room;
}

static void addr_rotate(struct rb_node *rb_old, struct rb_node *rb_new)
{
	addr_copy(rb_old, rb_new);
	addr_compute(addr_node(rb_old), false);
}

/* RB_DECLARE_CALLBACKS() with two augmented fields. */
static const struct rb_augment_callbacks addr_augment = {
	.propagate = addr_propagate,
	.copy = addr_copy,
	.rotate = addr_rotate,
};

/* The augmentation of holes_by_size: the room bounds of @node's subtree. */
static bool size_compute(struct orderly_alloc_node *node, bool exit)
{
	struct orderly_alloc_room room = node->room;

	if (node->size_rb.rb_left)
		room_raise(&room, &size_node(node->size_rb.rb_left)->size_room);
	if (node->size_rb.rb_right)
		room_raise(&room, &size_node(node->size_rb.rb_right)->size_room);
	if (exit && room_equal(&room, &node->size_room))
		return true;
	node->size_room = room;
	return false;
}

RB_DECLARE_CALLBACKS(static, size_augment, struct orderly_alloc_node, size_rb,
		     size_room, size_compute);

/* Bitwise, not short-circuit, to keep branches out of the descents. */
static bool size_less(const struct orderly_alloc_node *x,
		      const struct orderly_alloc_node *y)
{
	return (x->hole_size < y->hole_size) |
	       ((x->hole_size == y->hole_size) &
		(hole_first(x) < hole_first(y)));
}

/*
 * holes_by_size is a tree per size class, a power of two, with a bit
 * each in size_classes_used for the classes that hold a hole. The holes
 * in order of class, then of size and address within a class, are in the
 * order of size_less(); best fit reaches the first class large enough with
 * one bit scan, and the trees it searches are smaller than one tree of all
 * holes would be.
 */
#define SIZE_CLASSES	ARRAY_SIZE(((struct orderly_alloc *)0)->holes_by_size)

/* The size class of a hole of @bytes, not 0. */
static unsigned int size_class(u64 bytes)
{
	return fls64(bytes) - 1;
}

/* The first class from @class on that holds a hole, or SIZE_CLASSES. */
static unsigned int used_class_from(const struct orderly_alloc *oa,
				    unsigned int class)
{
	u64 used = class < SIZE_CLASSES ?
		   oa->size_classes_used & ~(BIT_ULL(class) - 1) : 0;

	return used ? __ffs64(used) : SIZE_CLASSES;
}

/* Empty every class of holes_by_size. */
static void size_classes_clear(struct orderly_alloc *oa)
{
	oa->size_classes_used = 0;
	memset(oa->holes_by_size, 0, sizeof(oa->holes_by_size));
}

/*
 * The descents in both trees read both children of a node before taking
 * one ("rb = less ? left : right"), which the compiler makes a conditional
 * move: in a tree of holes at random addresses and sizes the way down is
 * as good as random at each level, and a mispredicted branch costs more
 * than the second load, from the same cache line.
 */

/*
 * Link @node's hole into holes_by_addr, searching from the root, or, if
 * @after is given, right after @after's hole, which precedes it with no
 * hole between: as the left child of the first node of @after's right
 * subtree, or as its right child, with no comparisons. The new hole lands
 * below every node the search passes: their bounds are raised on the way
 * down, as an interval tree does, rather than recomputed on the way up,
 * which would read every sibling, a cache miss each in a large tree. With
 * @after, the new hole is cut from the tail of @after's: the bounds of
 * @after and above still hold it until the caller shrinks @after's hole.
 * A hole without room at 64 KiB has none at 2 MiB either, and raises no
 * room bound: the common small hole skips that work.
 */
static void addr_link(struct orderly_alloc *oa, struct orderly_alloc_node *node,
		      struct orderly_alloc_node *after)
{
	struct rb_node **link = &oa->holes_by_addr.rb_root.rb_node;
	struct rb_node *rb = *link, *parent = NULL;
	bool roomy = node->room.bound[0];
	u64 first = hole_first(node);
	bool leftmost = !after;
	bool less = true;

	node->addr_rb.rb_left = NULL;
	node->addr_rb.rb_right = NULL;
	addr_compute(node, false);
	if (after) {
		parent = &after->addr_rb;
		rb = parent->rb_right;
		less = false;
	}
	while (rb) {
		struct rb_node *left = rb->rb_left, *right = rb->rb_right;
		struct orderly_alloc_node *above = addr_node(rb);

		parent = rb;
		above->subtree_max_hole = max(above->subtree_max_hole,
					      node->hole_size);
		if (roomy)
			room_raise(&above->addr_room, &node->room);
		less = after || first < hole_first(above);
		leftmost &= less;
		rb = less ? left : right;
	}
	if (parent)
		link = less ? &parent->rb_left : &parent->rb_right;
	rb_link_node(&node->addr_rb, parent, link);
	rb_insert_augmented_cached(&node->addr_rb, &oa->holes_by_addr, leftmost,
				   &addr_augment);
}

/* Link @node's hole into the tree of its size class, as addr_link() does. */
static void size_link(struct orderly_alloc *oa, struct orderly_alloc_node *node)
{
	unsigned int class = size_class(node->hole_size);
	struct rb_root *root = &oa->holes_by_size[class];
	struct rb_node **link = &root->rb_node;
	struct rb_node *rb = *link, *parent = NULL;
	bool roomy = node->room.bound[0];
	bool less = false;

	node->size_rb.rb_left = NULL;
	node->size_rb.rb_right = NULL;
	node->size_room = node->room;
	if (!rb)
		oa->size_classes_used |= BIT_ULL(class);
	while (rb) {
		struct rb_node *left = rb->rb_left, *right = rb->rb_right;

		parent = rb;
		if (roomy)
			room_raise(&size_node(parent)->size_room, &node->room);
		less = size_less(node, size_node(parent));
		rb = less ? left : right;
	}
	if (parent)
		link = less ? &parent->rb_left : &parent->rb_right;
	rb_link_node(&node->size_rb, parent, link);
	rb_insert_augmented(&node->size_rb, root, &size_augment);
}

/* Unlink @node's hole, of @hole_size still or until now, from its class. */
static void size_unlink(struct orderly_alloc *oa,
			struct orderly_alloc_node *node, u64 hole_size)
{
	unsigned int class = size_class(hole_size);
	struct rb_root *root = &oa->holes_by_size[class];

	rb_erase_augmented(&node->size_rb, root, &size_augment);
	if (RB_EMPTY_ROOT(root))
		oa->size_classes_used &= ~BIT_ULL(class);
}

/* @node's hole, just made non-empty, joins both trees. */
static void hole_add(struct orderly_alloc *oa, struct orderly_alloc_node *node,
		     struct orderly_alloc_node *after)
{
	addr_link(oa, node, after);
	size_link(oa, node);
	oa->hole_count++;
}

/* @node's hole, about to become empty or to go, leaves both trees. */
static void hole_del(struct orderly_alloc *oa, struct orderly_alloc_node *node)
{
	rb_erase_augmented_cached(&node->addr_rb, &oa->holes_by_addr,
				  &addr_augment);
	size_unlink(oa, node, node->hole_size);
	RB_CLEAR_NODE(&node->addr_rb);
	RB_CLEAR_NODE(&node->size_rb);
	oa->hole_count--;
}

/*
 * Does a hole of @old_size, at @rb's place in holes_by_size, keep that
 * place once it is @node's hole? @node may have taken it over; its hole
 * changed size, and maybe start, without passing another hole in address
 * order. It keeps its class, unless the size left it, and in its class it
 * has moved towards its neighbour on one side (the larger one if it grew):
 * it keeps its place unless it passed that neighbour.
 */
static bool size_keeps_place(const struct rb_node *rb,
			     const struct orderly_alloc_node *node,
			     u64 old_size)
{
	bool grew = node->hole_size > old_size;
	const struct rb_node *next;

	if (size_class(node->hole_size) != size_class(old_size))
		return false;
	next = grew ? rb_next(rb) : rb_prev(rb);
	return !next || size_less(node, size_node(next)) == grew;
}

/*
 * @node's hole changed size from @old_size, and maybe start, as
 * size_keeps_place() says: its place in address order holds, so
 * holes_by_addr only updates the bounds above it; holes_by_size re-links
 * it only if it left its place there.
 */
static void hole_resized(struct orderly_alloc *oa,
			 struct orderly_alloc_node *node, u64 old_size)
{
	addr_propagate(&node->addr_rb, NULL);
	if (size_keeps_place(&node->size_rb, node, old_size)) {
		size_augment_propagate(&node->size_rb, NULL);
		return;
	}
	size_unlink(oa, node, old_size);
	size_link(oa, node);
}

/*
 * @to takes over @from's hole, of @old_size, in both trees: its hole starts
 * where @from's did, or no other hole lies between them. It takes @from's
 * place in holes_by_addr, and in holes_by_size too if size_keeps_place()
 * says so; else it is linked anew there.
 */
static void hole_hand_over(struct orderly_alloc *oa,
			   struct orderly_alloc_node *from,
			   struct orderly_alloc_node *to, u64 old_size)
{
	rb_replace_node_cached(&from->addr_rb, &to->addr_rb, &oa->holes_by_addr);
	addr_copy(&from->addr_rb, &to->addr_rb);
	RB_CLEAR_NODE(&from->addr_rb);
	addr_propagate(&to->addr_rb, NULL);
	if (size_keeps_place(&from->size_rb, to, old_size)) {
		rb_replace_node(&from->size_rb, &to->size_rb,
				&oa->holes_by_size[size_class(old_size)]);
		to->size_room = from->size_room;
		size_augment_propagate(&to->size_rb, NULL);
	} else {
		size_unlink(oa, from, old_size);
		size_link(oa, to);
	}
	RB_CLEAR_NODE(&from->size_rb);
}

/* The owner of the hole that starts last at or before @addr, if any. */
static struct orderly_alloc_node *hole_at_or_before(const struct orderly_alloc *oa,
						    u64 addr)
{
	struct rb_node *rb = oa->holes_by_addr.rb_root.rb_node;
	struct orderly_alloc_node *found = NULL;

	while (rb) {
		struct rb_node *left = rb->rb_left, *right = rb->rb_right;
		bool at_or_before = hole_first(addr_node(rb)) <= addr;

		found = at_or_before ? addr_node(rb) : found;
		rb = at_or_before ? right : left;
	}
	return found;
}

/* What an insert asks for, checked and normalised. */
struct request {
	u64 size;
	u64 align_mask;
	u64 range_first;
	u64 range_last;
	enum orderly_alloc_mode mode;
	int level;		/* of the room bounds that hold, or -1 */
	u32 room_code;		/* room_encode(size) */
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

/*
 * Pruned in-order walks. A subtree is entered only if its bounds say that
 * one of its holes may take the request; a node the walk stops at may
 * still not (the bounds are upper bounds, and do not see the range): the
 * caller checks it with hole_fits() and walks on. @dir picks the order:
 * 0 towards higher keys, 1 towards lower ones.
 */
typedef bool (*may_fit_fn)(const struct rb_node *rb, const struct request *req);

static struct rb_node *rb_child(const struct rb_node *rb, int dir)
{
	return dir ? rb->rb_right : rb->rb_left;
}

/* The first node of the subtree at @rb in @dir order that may fit. */
static struct rb_node *pruned_first(struct rb_node *rb, may_fit_fn may_fit,
				    const struct request *req, int dir)
{
	if (!may_fit(rb, req))
		return NULL;
	while (may_fit(rb_child(rb, dir), req))
		rb = rb_child(rb, dir);
	return rb;
}

static struct rb_node *pruned_next(struct rb_node *rb, may_fit_fn may_fit,
				   const struct request *req, int dir)
{
	struct rb_node *parent;

	if (may_fit(rb_child(rb, !dir), req))
		return pruned_first(rb_child(rb, !dir), may_fit, req, dir);
	while ((parent = rb_parent(rb)) && rb == rb_child(parent, !dir))
		rb = parent;
	return parent;
}

static bool addr_may_fit(const struct rb_node *rb, const struct request *req)
{
	const struct orderly_alloc_node *node = addr_node(rb);

	return node && node->subtree_max_hole >= req->size &&
	       (req->level < 0 ||
		node->addr_room.bound[req->level] >= req->room_code);
}

static bool size_may_fit(const struct rb_node *rb, const struct request *req)
{
	return rb && size_node(rb)->size_room.bound[req->level] >= req->room_code;
}

/*
 * Walk the holes by size from the first one large enough; the first that
 * fits is the answer. Without a range the walk stops at the latest at the
 * first hole of size + align - 1 bytes, which always fits, so it only passes
 * holes the alignment defeats, and at 64 KiB and above the room bounds skip
 * those a subtree at a time.
 */
static struct orderly_alloc_node *best_fit_in(struct rb_node *rb,
					      const struct request *req,
					      u64 *start)
{
	struct rb_node *first_big_enough = NULL;

	if (req->level >= 0) {
		for (rb = pruned_first(rb, size_may_fit, req, 0); rb;
		     rb = pruned_next(rb, size_may_fit, req, 0))
			if (hole_fits(size_node(rb), req, start))
				return size_node(rb);
		return NULL;
	}

	while (rb) {
		struct rb_node *left = rb->rb_left, *right = rb->rb_right;
		bool big_enough = size_node(rb)->hole_size >= req->size;

		first_big_enough = big_enough ? rb : first_big_enough;
		rb = big_enough ? left : right;
	}
	for (rb = first_big_enough; rb; rb = rb_next(rb))
		if (hole_fits(size_node(rb), req, start))
			return size_node(rb);
	return NULL;
}

/*
 * The classes from that of the request's size on, in order: in the first,
 * the holes too small are passed over; in the next ones, all are large
 * enough. A class that cannot hold the request costs O(1): its root's
 * bounds say so, or it is not used at all.
 */
static struct orderly_alloc_node *best_fit(const struct orderly_alloc *oa,
					   const struct request *req, u64 *start)
{
	struct orderly_alloc_node *node;
	unsigned int class;

	for (class = used_class_from(oa, size_class(req->size));
	     class < SIZE_CLASSES;
	     class = used_class_from(oa, class + 1)) {
		node = best_fit_in(oa->holes_by_size[class].rb_node, req,
				   start);
		if (node)
			return node;
	}
	return NULL;
}

/*
 * Lowest (@dir 0) or highest (@dir 1) placement: the hole that holds the
 * near end of the range first, then the holes beyond it towards the far
 * end that the bounds let through, until one fits or the range ends.
 */
static struct orderly_alloc_node *edge_fit(const struct orderly_alloc *oa,
					   const struct request *req, int dir,
					   u64 *start)
{
	struct orderly_alloc_node *node;
	struct rb_node *rb;

	node = hole_at_or_before(oa, dir ? req->range_last : req->range_first);
	if (node && hole_fits(node, req, start))
		return node;
	if (node)
		rb = pruned_next(&node->addr_rb, addr_may_fit, req, dir);
	else if (!dir)
		rb = pruned_first(oa->holes_by_addr.rb_root.rb_node,
				  addr_may_fit, req, 0);
	else
		return NULL;
	for (; rb; rb = pruned_next(rb, addr_may_fit, req, dir)) {
		node = addr_node(rb);
		if (dir ? hole_last(node) < req->range_first :
			  hole_first(node) > req->range_last)
			return NULL;
		if (hole_fits(node, req, start))
			return node;
	}
	return NULL;
}

/*
 * Cut [@start, @start + @size) out of @owner's hole and give it to @node,
 * which owns what is left behind it. In the common case the request takes
 * the front of the hole and @node the rest: @node takes @owner's place in
 * both trees, which only moves down in holes_by_size.
 *
 * A hole's size changes right before its own update in the trees, never
 * before another tree operation: a rotation would recompute its bounds
 * early, and the propagation that follows would stop below stale ones.
 */
static void place_node(struct orderly_alloc *oa,
		       struct orderly_alloc_node *owner,
		       struct orderly_alloc_node *node, u64 start, u64 size)
{
	u64 front = start - hole_first(owner);
	u64 old_size = owner->hole_size;

	node->start = start;
	node->size = size;
	hole_set_size(node, owner->hole_size - front - size);
	node->owner = oa;
	RB_CLEAR_NODE(&node->addr_rb);
	RB_CLEAR_NODE(&node->size_rb);
	list_add(&node->link, &owner->link);

	if (!front && node->hole_size) {
		hole_set_size(owner, 0);
		hole_hand_over(oa, owner, node, old_size);
	} else {
		if (node->hole_size)
			hole_add(oa, node, owner);
		if (!front)
			hole_del(oa, owner);
		hole_set_size(owner, front);
		if (front)
			hole_resized(oa, owner, old_size);
	}
	oa->free_bytes -= size;
	oa->node_count++;
}

/* Give @node's space and hole to the node before it, which owns them now. */
static void unplace_node(struct orderly_alloc *oa,
			 struct orderly_alloc_node *node)
{
	struct orderly_alloc_node *prev = node_before(node);
	u64 old_size = prev->hole_size;
	u64 merged = old_size + node->size + node->hole_size;

	if (node->hole_size && !old_size) {
		hole_set_size(prev, merged);
		hole_hand_over(oa, node, prev, node->hole_size);
	} else if (node->hole_size) {
		hole_del(oa, node);
		hole_set_size(prev, merged);
		hole_resized(oa, prev, old_size);
	} else if (old_size) {
		hole_set_size(prev, merged);
		hole_resized(oa, prev, old_size);
	} else {
		hole_set_size(prev, merged);
		hole_add(oa, prev, NULL);
	}
	list_del(&node->link);
	oa->free_bytes += node->size;
	oa->node_count--;
	node->owner = NULL;
	hole_set_size(node, 0);
}

/* Does [@start, @start + @size) fit in a u64, and is it not empty? */
static bool span_is_valid(u64 start, u64 size)
{
	return size && size - 1 <= U64_MAX - start;
}

/* The last node of @range: the one before the next range's head. */
static struct orderly_alloc_node *range_last_node(const struct orderly_alloc *oa,
						  const struct orderly_alloc_range *range)
{
	if (list_is_last(&range->link, &oa->ranges))
		return list_node(oa->nodes.prev);
	return node_before(&list_next_entry(range, link)->head);
}

/* Start @range at @start, before @next (or last), with an empty hole. */
static void range_open(struct orderly_alloc *oa, struct orderly_alloc_range *range,
		       struct orderly_alloc_range *next, u64 start)
{
	struct orderly_alloc_node *head = &range->head;

	head->start = start;
	head->size = 0;
	hole_set_size(head, 0);
	head->owner = oa;
	RB_CLEAR_NODE(&head->addr_rb);
	RB_CLEAR_NODE(&head->size_rb);
	list_add_tail(&head->link, next ? &next->head.link : &oa->nodes);
	list_add_tail(&range->link, next ? &next->link : &oa->ranges);
}

/* @range joins the one before it: its head goes, its hole with it. */
static void range_close(struct orderly_alloc *oa,
			struct orderly_alloc_range *range)
{
	if (range->head.hole_size)
		hole_del(oa, &range->head);
	list_del(&range->head.link);
	list_del(&range->link);
	range->head.owner = NULL;
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
	oa->holes_by_addr = RB_ROOT_CACHED;
	size_classes_clear(oa);
	INIT_LIST_HEAD(&oa->nodes);
	INIT_LIST_HEAD(&oa->ranges);
	oa->managed_bytes = size;
	oa->free_bytes = size;
	oa->lowest = start;
	oa->highest = start + (size - 1);
	range_open(oa, &oa->first_range, NULL, start);
	hole_set_size(&oa->first_range.head, size);
	hole_add(oa, &oa->first_range.head, NULL);
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
 * allocates; O(r + log n) for r ranges.
 *
 * Return: 0; -EINVAL if @size is 0, the range passes 2^64, overlaps the
 * managed space, would make the managed total pass U64_MAX bytes, or @range
 * is in use (which also warns).
 */
int orderly_alloc_add_range(struct orderly_alloc *oa,
			    struct orderly_alloc_range *range,
			    u64 start, u64 size)
{
	struct orderly_alloc_range *below = NULL, *above = NULL, *r;
	struct orderly_alloc_node *tail = NULL;
	u64 last, old_size, hole_size = size;

	if (!span_is_valid(start, size) || size > U64_MAX - oa->managed_bytes)
		return -EINVAL;
	if (WARN_ON_ONCE(range->head.owner))
		return -EINVAL;
	last = start + (size - 1);

	list_for_each_entry(r, &oa->ranges, link) {
		if (r->head.start > last) {
			above = r;
			break;
		}
		if (extent_last(range_last_node(oa, r)) >= start)
			return -EINVAL;
		below = r;
	}
	if (below && start && extent_last(range_last_node(oa, below)) == start - 1)
		tail = range_last_node(oa, below);

	if (!tail)
		range_open(oa, range, above, start);
	if (above && last != U64_MAX && above->head.start == last + 1) {
		hole_size += above->head.hole_size;
		range_close(oa, above);
	}
	if (!tail)
		tail = &range->head;
	old_size = tail->hole_size;
	hole_set_size(tail, old_size + hole_size);
	if (!old_size)
		hole_add(oa, tail, NULL);
	else
		hole_resized(oa, tail, old_size);

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
	struct orderly_alloc_node *node;

	WARN_ONCE(oa->node_count, "orderly_alloc: %lu allocations left at fini\n",
		  oa->node_count);
	list_for_each_entry(node, &oa->nodes, link)
		node->owner = NULL;
	INIT_LIST_HEAD(&oa->nodes);
	INIT_LIST_HEAD(&oa->ranges);
	oa->holes_by_addr = RB_ROOT_CACHED;
	size_classes_clear(oa);
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
		.level = room_level_for(align ? align - 1 : 0),
		.room_code = room_encode(size),
	};
	struct orderly_alloc_node *owner;
	u64 start;
	int err;

	if (!size || (align & (align - 1)) || !mode_is_valid(mode))
		return -EINVAL;
	err = node_check_unused(node);
	if (err)
		return err;

	if (mode == ORDERLY_ALLOC_BEST)
		owner = best_fit(oa, &req, &start);
	else
		owner = edge_fit(oa, &req, mode == ORDERLY_ALLOC_HIGH, &start);
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
 * Never allocates or sleeps. Its cost, for h free holes (at most the
 * allocations plus the ranges), is the same in every mode:
 *
 * - O(log h) at an alignment of exactly 64 KiB or 2 MiB, where subtree
 *   bounds skip the holes the alignment defeats, and at any alignment no
 *   larger than that of every hole's start (4 KiB with page-sized requests
 *   in a page-aligned aperture), which defeats none;
 * - O((1 + w) log h) otherwise, where w counts the holes large enough for
 *   @size that the alignment defeats, and that the bounds of the level
 *   below let through: above 64 KiB, only those that alignment defeats and
 *   64 KiB (or 2 MiB) does not; below 64 KiB, all of them, in best fit at
 *   O(1) each.
 *
 * Bounds of room of 64 MiB and more are rounded up to 1 part in 2^26, which
 * may let through a defeated hole within that of fitting.
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
	int err = insert_in(oa, node, size, align, 0, U64_MAX, mode);

	trace_orderly_alloc_insert(oa, node, size, align, 0, U64_MAX, mode, err);
	return err;
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
 * walk also passes the holes that may hold the request but lie outside the
 * range and are smaller than the one it chooses; lowest and highest
 * placement do not, and keep the bounds of orderly_alloc_insert(), plus at
 * most two holes cut by the ends of the range.
 *
 * Return: as orderly_alloc_insert(); also -EINVAL if the range is empty or
 * inverted, or lies wholly below or above the managed space. A range that
 * holds no free byte, such as one in the gap between two managed ranges,
 * gives -ENOSPC, as any range in which nothing fits: telling the two apart
 * would cost a walk over the ranges.
 */
int orderly_alloc_insert_range(struct orderly_alloc *oa,
			       struct orderly_alloc_node *node,
			       u64 size, u64 align,
			       u64 range_start, u64 range_end,
			       enum orderly_alloc_mode mode)
{
	u64 range_last = range_end - 1;		/* 0 - 1: U64_MAX */
	int err;

	if (range_start > range_last || range_start > oa->highest ||
	    range_last < oa->lowest)
		err = -EINVAL;
	else
		err = insert_in(oa, node, size, align, range_start, range_last,
				mode);
	trace_orderly_alloc_insert(oa, node, size, align, range_start,
				   range_last, mode, err);
	return err;
}
EXPORT_SYMBOL_GPL(orderly_alloc_insert_range);

/* orderly_alloc_reserve() but for its trace event. */
static int reserve_span(struct orderly_alloc *oa,
			struct orderly_alloc_node *node, u64 start, u64 size)
{
	struct orderly_alloc_node *owner;
	int err;

	if (!span_is_valid(start, size))
		return -EINVAL;
	err = node_check_unused(node);
	if (err)
		return err;

	owner = hole_at_or_before(oa, start);
	if (!owner || start + (size - 1) > hole_last(owner))
		return -ENOSPC;

	place_node(oa, owner, node, start, size);
	return 0;
}

/**
 * orderly_alloc_reserve() - allocate exactly [@start, @start + @size)
 * @oa: the manager
 * @node: a zeroed or removed node to fill
 * @start: first address to claim
 * @size: bytes to claim, not 0
 *
 * For ranges the hardware fixes, e.g. firmware or a boot framebuffer.
 * O(log h) for h holes; never allocates or sleeps.
 *
 * Return: 0; -ENOSPC if any byte of the span is allocated or outside the
 * managed space; -EINVAL if @size is 0, the span passes 2^64, or @node is in
 * use (which also warns). A failed call changes nothing.
 */
int orderly_alloc_reserve(struct orderly_alloc *oa,
			  struct orderly_alloc_node *node, u64 start, u64 size)
{
	int err = reserve_span(oa, node, start, size);

	trace_orderly_alloc_reserve(oa, start, size, err);
	return err;
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
 * Its space merges with the free space around it at once. O(log h) for h
 * holes: the node before it is found in O(1). Never allocates or sleeps,
 * so it may run in an interrupt handler under the caller's spinlock.
 * Removing a node that is not allocated in @oa warns and does nothing.
 */
void orderly_alloc_remove(struct orderly_alloc *oa,
			  struct orderly_alloc_node *node)
{
	bool allocated = node_is_allocated_in(oa, node);

	trace_orderly_alloc_remove(oa, node, allocated ? 0 : -EINVAL);
	if (allocated)
		unplace_node(oa, node);
}
EXPORT_SYMBOL_GPL(orderly_alloc_remove);

/* orderly_alloc_resize() but for its trace event. */
static int resize_in_place(struct orderly_alloc *oa,
			   struct orderly_alloc_node *node, u64 new_size)
{
	u64 room, hole_size;

	if (!new_size || !node_is_allocated_in(oa, node))
		return -EINVAL;

	room = node->size + node->hole_size;
	if (new_size > room)
		return -ENOSPC;

	oa->free_bytes = oa->free_bytes + node->size - new_size;
	node->size = new_size;
	hole_size = node->hole_size;
	if (hole_size && new_size == room)
		hole_del(oa, node);
	hole_set_size(node, room - new_size);
	if (!hole_size && node->hole_size)
		hole_add(oa, node, NULL);
	else if (hole_size && node->hole_size && hole_size != node->hole_size)
		hole_resized(oa, node, hole_size);
	return 0;
}

/**
 * orderly_alloc_resize() - grow or shrink an allocation in place
 * @oa: the manager
 * @node: a node allocated in @oa
 * @new_size: its new size in bytes, not 0
 *
 * The start never moves: growing takes free space directly after @node,
 * shrinking gives back its tail. O(log h) for h holes; never allocates or
 * sleeps.
 *
 * Return: 0; -ENOSPC if the space after @node is too small to grow into;
 * -EINVAL if @new_size is 0 or @node is not allocated in @oa (which also
 * warns). A failed call changes nothing.
 */
int orderly_alloc_resize(struct orderly_alloc *oa,
			 struct orderly_alloc_node *node, u64 new_size)
{
	u64 old_size = node->size;
	int err = resize_in_place(oa, node, new_size);

	trace_orderly_alloc_resize(oa, node->start, old_size, new_size, err);
	return err;
}
EXPORT_SYMBOL_GPL(orderly_alloc_resize);

/**
 * orderly_alloc_reset() - forget every allocation at once
 * @oa: the manager
 *
 * For a device reset that lost the memory: every node allocated in @oa is
 * marked unallocated, as if removed, and the ranges are whole again. The
 * callers' nodes may be reused or freed afterwards. O(n + r log r) for n
 * allocations and r ranges.
 */
void orderly_alloc_reset(struct orderly_alloc *oa)
{
	struct orderly_alloc_node *node, *next, *head = NULL;

	trace_orderly_alloc_reset(oa, oa->node_count);
	oa->holes_by_addr = RB_ROOT_CACHED;
	size_classes_clear(oa);
	oa->hole_count = 0;
	list_for_each_entry_safe(node, next, &oa->nodes, link) {
		if (node_is_head(node)) {
			head = node;
			continue;
		}
		head->hole_size += node->size + node->hole_size;
		list_del(&node->link);
		node->owner = NULL;
		hole_set_size(node, 0);
	}
	list_for_each_entry(node, &oa->nodes, link) {
		hole_set_size(node, node->hole_size);
		hole_add(oa, node, NULL);
	}
	oa->free_bytes = oa->managed_bytes;
	oa->node_count = 0;
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
	struct rb_node *root = oa->holes_by_addr.rb_root.rb_node;

	return root ? addr_node(root)->subtree_max_hole : 0;
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
 * visits every allocation; do not remove @node during the walk. O(1) per
 * step.
 *
 * Return: the next allocation, or NULL after the last one.
 */
struct orderly_alloc_node *
orderly_alloc_next_node(const struct orderly_alloc *oa,
			const struct orderly_alloc_node *node)
{
	const struct list_head *link = node ? &node->link : &oa->nodes;

	do {
		link = link->next;
		if (link == &oa->nodes)
			return NULL;
	} while (node_is_head(list_node(link)));
	return list_node(link);
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
 * O(1) amortized per step.
 *
 * Return: true if @hole now describes a hole, false after the last one.
 */
bool orderly_alloc_next_hole(const struct orderly_alloc *oa,
			     struct orderly_alloc_hole *hole)
{
	const struct orderly_alloc_node *owner;

	owner = addr_node(hole->owner ? rb_next(&hole->owner->addr_rb) :
				       rb_first_cached(&oa->holes_by_addr));
	hole->owner = owner;
	if (!owner)
		return false;
	hole->start = hole_first(owner);
	hole->size = owner->hole_size;
	return true;
}
EXPORT_SYMBOL_GPL(orderly_alloc_next_hole);

/*
 * Visit @span if it starts at or after *@cursor; false, with *@cursor on
 * it, if the batch is full. A range start never ends a batch: the span
 * after it has its address, and would be visited twice.
 */
static bool walk_visit(struct orderly_alloc_span *span, u64 *cursor,
		       unsigned int batch, unsigned int *seen,
		       void (*fn)(void *arg, const struct orderly_alloc_span *span),
		       void *arg)
{
	if (span->start < *cursor)
		return true;
	if (*seen >= batch ||
	    (span->kind == ORDERLY_ALLOC_SPAN_RANGE && *seen + 1 >= batch)) {
		*cursor = span->start;
		return false;
	}
	fn(arg, span);
	(*seen)++;
	return true;
}

/**
 * orderly_alloc_walk() - visit ranges, allocations and holes, resumably
 * @oa: the manager
 * @cursor: the address to start at, 0 for all; set to where to go on
 * @batch: spans to visit at most, at least 2
 * @fn: called with @arg and each range start, allocation and hole that
 *	starts at or after *@cursor, in address order
 * @arg: for @fn
 *
 * For a dump that must not keep the caller's lock, and so perhaps IRQs,
 * off for all of a large manager: take the lock, walk a batch, drop it, and
 * go on from *@cursor, which stays meaningful whatever changed meanwhile.
 * The batches then show no single moment, as /proc/PID/maps does not.
 * @fn must not change @oa.
 *
 * Only holes are indexed, so a call starts at the last hole that starts at
 * or before *@cursor and passes the k allocations between it and *@cursor:
 * O(log h + k + @batch). k is 0 after a batch that ended at a hole, and the
 * run of allocations without a hole between them otherwise: all of them in
 * a manager packed full.
 *
 * Return: true if there is more, from the new *@cursor on; false at the end.
 */
bool orderly_alloc_walk(const struct orderly_alloc *oa, u64 *cursor,
			unsigned int batch,
			void (*fn)(void *arg, const struct orderly_alloc_span *span),
			void *arg)
{
	const struct orderly_alloc_node *node;
	struct orderly_alloc_span span;
	unsigned int seen = 0;

	batch = max(batch, 2U);
	node = hole_at_or_before(oa, *cursor);
	if (!node)
		node = list_first_entry(&oa->nodes, struct orderly_alloc_node,
					link);
	list_for_each_entry_from(node, &oa->nodes, link) {
		span.start = node->start;
		span.size = node->size;
		span.kind = node_is_head(node) ? ORDERLY_ALLOC_SPAN_RANGE :
						 ORDERLY_ALLOC_SPAN_USED;
		span.node = node_is_head(node) ? NULL : node;
		if (!walk_visit(&span, cursor, batch, &seen, fn, arg))
			return true;
		if (!node->hole_size)
			continue;
		span.start = hole_first(node);
		span.size = node->hole_size;
		span.kind = ORDERLY_ALLOC_SPAN_FREE;
		span.node = NULL;
		if (!walk_visit(&span, cursor, batch, &seen, fn, arg))
			return true;
	}
	return false;
}
EXPORT_SYMBOL_GPL(orderly_alloc_walk);

/**
 * orderly_alloc_hole_after() - the free hole right after an allocation
 * @oa: the manager
 * @node: a node allocated in @oa
 * @hole: set to that hole, if there is one
 *
 * O(1): each node knows the size of the hole it owns. @hole may then go on
 * to orderly_alloc_next_hole(), as if a walk had reached it there.
 *
 * Return: true with @hole set if a free hole follows @node; false, leaving
 * @hole alone, if another allocation or the end of its range does, or if
 * @node is not allocated in @oa (which also warns).
 */
bool orderly_alloc_hole_after(const struct orderly_alloc *oa,
			      const struct orderly_alloc_node *node,
			      struct orderly_alloc_hole *hole)
{
	if (!node_is_allocated_in(oa, node) || !node->hole_size)
		return false;
	hole->start = hole_first(node);
	hole->size = node->hole_size;
	hole->owner = node;
	return true;
}
EXPORT_SYMBOL_GPL(orderly_alloc_hole_after);

/**
 * orderly_alloc_hole_owner() - the allocation a free hole follows
 * @hole: a hole that orderly_alloc_next_hole() or orderly_alloc_hole_after()
 *	set, while the manager has not changed since
 *
 * O(1).
 *
 * Return: the allocation that ends right where @hole starts, or NULL if
 * @hole starts a managed range (or @hole is zeroed: no walk started).
 */
struct orderly_alloc_node *
orderly_alloc_hole_owner(const struct orderly_alloc_hole *hole)
{
	if (!hole->owner || node_is_head(hole->owner))
		return NULL;
	/* The caller's node: const only for the walk's sake. */
	return (struct orderly_alloc_node *)hole->owner;
}
EXPORT_SYMBOL_GPL(orderly_alloc_hole_owner);

/**
 * orderly_alloc_find_node() - the allocation at or after an address
 * @oa: the manager
 * @addr: the address to look up
 *
 * Finds the allocation that contains @addr, else the first one above it:
 * the node returned contains @addr exactly when its start is at most
 * @addr. There is no index of allocations, only of free holes: the search
 * takes the last hole that starts at or before @addr from holes_by_addr,
 * then walks the address list from the allocation that owns it. It costs
 * O(log h + k) for h free holes and k allocations packed without a hole
 * between that hole and @addr (all those below @addr if no hole starts
 * before it), so it is fast in a fragmented space and slow in a long run
 * of allocations with no hole between them. Never allocates or sleeps.
 *
 * Return: the allocation, or NULL if none ends at or after @addr.
 */
struct orderly_alloc_node *orderly_alloc_find_node(const struct orderly_alloc *oa,
						   u64 addr)
{
	const struct orderly_alloc_node *node = hole_at_or_before(oa, addr);
	const struct list_head *link = node ? &node->link : &oa->nodes;

	/* The owner of that hole ends before @addr: start after it. */
	for (link = link->next; link != &oa->nodes; link = link->next) {
		node = list_node(link);
		if (!node_is_head(node) && node->start + (node->size - 1) >= addr)
			return (struct orderly_alloc_node *)node;
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(orderly_alloc_find_node);

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
	const struct orderly_alloc_node *node;

	list_for_each_entry(node, &oa->nodes, link) {
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

/* The sums and the last node that check_nodes() builds up in its walk. */
struct walk_totals {
	const struct orderly_alloc_node *prev;
	u64 managed_bytes;
	u64 free_bytes;
	unsigned long hole_count;
	unsigned long node_count;
	const struct list_head *range;	/* the last range seen */
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

static int check_tree_shape(const struct rb_root *root)
{
	int black_height;

	if (root->rb_node && rb_is_red(root->rb_node))
		return broken("rbtree: red root", 0);
	return check_rb_shape(root->rb_node, NULL, &black_height);
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

/* One node of the address list on its own, then against its predecessor. */
static int check_node(const struct orderly_alloc *oa,
		      const struct orderly_alloc_node *node,
		      struct walk_totals *sum)
{
	u64 extent = node->size + node->hole_size;

	if (node->owner != oa)
		return broken("node of another manager", node->start);
	if (node->link.prev != (sum->prev ? &sum->prev->link : &oa->nodes))
		return broken("broken address list", node->start);
	if (extent < node->size || (extent && extent - 1 > U64_MAX - node->start))
		return broken("node and hole pass 2^64", node->start);
	if (RB_EMPTY_NODE(&node->addr_rb) != !node->hole_size ||
	    RB_EMPTY_NODE(&node->size_rb) != !node->hole_size)
		return broken("hole missing from or stale in a tree",
			      node->start);

	sum->managed_bytes += extent;
	sum->free_bytes += node->hole_size;
	sum->hole_count += !!node->hole_size;
	sum->node_count += !node_is_head(node);
	return check_neighbours(sum->prev, node);
}

/* The heads on the address list are the ranges', in the same order. */
static int check_range(const struct orderly_alloc *oa,
		       const struct orderly_alloc_node *head,
		       struct walk_totals *sum)
{
	sum->range = sum->range->next;
	if (sum->range == &oa->ranges ||
	    &list_entry(sum->range, struct orderly_alloc_range, link)->head != head)
		return broken("ranges do not match the heads", head->start);
	return 0;
}

static int check_nodes(const struct orderly_alloc *oa)
{
	const struct orderly_alloc_node *node;
	struct walk_totals sum = { .range = &oa->ranges };
	int err;

	list_for_each_entry(node, &oa->nodes, link) {
		err = check_node(oa, node, &sum);
		if (!err && node_is_head(node))
			err = check_range(oa, node, &sum);
		if (err)
			return err;
		sum.prev = node;
	}
	if (!sum.prev)
		return broken("no range", 0);
	if (sum.range->next != &oa->ranges)
		return broken("a range without its head", 0);
	if (sum.managed_bytes != oa->managed_bytes)
		return broken("wrong managed_bytes", oa->managed_bytes);
	if (sum.free_bytes != oa->free_bytes)
		return broken("wrong free_bytes", oa->free_bytes);
	if (sum.hole_count != oa->hole_count)
		return broken("wrong hole_count", oa->hole_count);
	if (sum.node_count != oa->node_count)
		return broken("wrong node_count", oa->node_count);
	if (oa->lowest != list_node(oa->nodes.next)->start)
		return broken("wrong lowest", oa->lowest);
	if (oa->highest != extent_last(sum.prev))
		return broken("wrong highest", oa->highest);
	return 0;
}

/* A node of either tree: a live hole of @oa, with exact bounds. */
static int check_tree_node(const struct orderly_alloc *oa,
			   struct orderly_alloc_node *node, bool by_addr)
{
	struct orderly_alloc_node copy = *node;

	if (node->owner != oa || !node->hole_size)
		return broken("stale entry in a tree", node->start);
	room_of_hole(node, &copy.room);
	if (!room_equal(&copy.room, &node->room))
		return broken("wrong room of a hole", hole_first(node));
	/* Recompute the bounds on a copy: the manager is const. */
	if (by_addr ? addr_compute(&copy, true) : size_compute(&copy, true))
		return 0;
	return broken(by_addr ? "wrong bounds in holes_by_addr" :
				"wrong bounds in holes_by_size",
		      hole_first(node));
}

static int check_hole_trees(const struct orderly_alloc *oa)
{
	const struct orderly_alloc_node *prev = NULL, *node;
	const struct rb_root *root;
	unsigned long count = 0;
	unsigned int class;
	struct rb_node *rb;
	int err;

	for (rb = rb_first_cached(&oa->holes_by_addr); rb; rb = rb_next(rb)) {
		node = addr_node(rb);
		err = check_tree_node(oa, addr_node(rb), true);
		if (err)
			return err;
		if (prev && hole_first(prev) >= hole_first(node))
			return broken("holes_by_addr out of order",
				      hole_first(node));
		prev = node;
		count++;
	}
	if (count != oa->hole_count)
		return broken("holes_by_addr misses holes", count);

	prev = NULL;
	count = 0;
	for (class = 0; class < SIZE_CLASSES; class++) {
		root = &oa->holes_by_size[class];
		if (!(oa->size_classes_used & BIT_ULL(class)) != RB_EMPTY_ROOT(root))
			return broken("wrong map of the size classes", class);
		err = check_tree_shape(root);
		for (rb = rb_first(root); !err && rb; rb = rb_next(rb)) {
			node = size_node(rb);
			err = check_tree_node(oa, size_node(rb), false);
			if (!err && size_class(node->hole_size) != class)
				err = broken("hole in the wrong size class",
					     hole_first(node));
			if (!err && prev && !size_less(prev, node))
				err = broken("holes_by_size out of order",
					     hole_first(node));
			prev = node;
			count++;
		}
		if (err)
			return err;
	}
	if (count != oa->hole_count)
		return broken("holes_by_size misses holes", count);
	return 0;
}

/**
 * orderly_alloc_check() - verify every invariant of the manager
 * @oa: the manager
 *
 * Walks the address list and both trees: nodes and holes in strict address
 * order, disjoint and covering each range exactly, the list's links and its
 * heads those of the ranges; holes maximal (never two side by side); each
 * tree holding exactly the non-empty holes, in order; every subtree's
 * largest hole and room bounds right; red-black shape and cached leftmost
 * right; the counters equal to what the walk adds up. For tests and
 * debugfs; O(n).
 *
 * Return: 0 if all holds, else -EUCLEAN after printing the first broken
 * invariant with pr_err().
 */
int orderly_alloc_check(const struct orderly_alloc *oa)
{
	int err;

	if (oa->holes_by_addr.rb_leftmost != rb_first(&oa->holes_by_addr.rb_root))
		return broken("rbtree: stale leftmost", 0);
	err = check_tree_shape(&oa->holes_by_addr.rb_root);
	if (!err)
		err = check_nodes(oa);
	if (!err)
		err = check_hole_trees(oa);
	return err;
}
EXPORT_SYMBOL_GPL(orderly_alloc_check);

MODULE_DESCRIPTION("Best-fit suballocator for device memory apertures");
MODULE_LICENSE("GPL");
