/* SPDX-License-Identifier: GPL-2.0 */
/*
 * orderly_alloc - best-fit suballocator for device memory apertures
 *
 * The whole API is in this file; orderly_alloc.c explains the model.
 */
#ifndef _ORDERLY_ALLOC_H
#define _ORDERLY_ALLOC_H

#include <linux/compiler.h>
#include <linux/list.h>
#include <linux/rbtree.h>
#include <linux/types.h>

struct seq_file;

/**
 * enum orderly_alloc_mode - where orderly_alloc_insert() places a request
 * @ORDERLY_ALLOC_BEST: the smallest hole the aligned request fits in (ties
 *	go to the lowest address), at the lowest aligned address of that hole.
 *	Wastes least; the default choice.
 * @ORDERLY_ALLOC_LOW: the lowest address the aligned request fits at.
 * @ORDERLY_ALLOC_HIGH: the highest address the aligned request fits at
 *	(top-down), to keep the bottom of an aperture free.
 */
enum orderly_alloc_mode {
	ORDERLY_ALLOC_BEST,
	ORDERLY_ALLOC_LOW,
	ORDERLY_ALLOC_HIGH,
};

struct orderly_alloc;

/* The room holes leave at the large-page alignments, or upper bounds. */
struct orderly_alloc_room {
	u32 bound[2];
};

/**
 * struct orderly_alloc_node - one allocation, embedded in the caller's object
 * @start: first address of the allocation; valid while allocated
 * @size: size of the allocation in bytes; valid while allocated
 *
 * Zero the node (e.g. kzalloc() of the object embedding it) before its
 * first use. The fields after @size belong to the allocator.
 */
struct orderly_alloc_node {
	u64 start;
	u64 size;
	/* private: */
	u64 hole_size;
	struct rb_node size_rb;
	struct orderly_alloc_room room;
	struct orderly_alloc_room size_room;
	/* What best fit reads is above; the rest is in a second cache line. */
	struct rb_node addr_rb;
	u64 subtree_max_hole;
	struct orderly_alloc_room addr_room;
	struct orderly_alloc *owner;
	struct list_head link;
};

/**
 * struct orderly_alloc_range - bookkeeping of one managed range
 *
 * orderly_alloc_add_range() takes one from the caller, so that growing the
 * managed space never allocates either. Zero it before use and keep it
 * until orderly_alloc_fini().
 */
struct orderly_alloc_range {
	/* private: */
	struct orderly_alloc_node head;
	struct list_head link;
};

/**
 * struct orderly_alloc_hole - a free hole, as orderly_alloc_next_hole() sees it
 * @start: first address of the hole
 * @size: size of the hole in bytes
 *
 * Zero it to start a walk over the holes.
 */
struct orderly_alloc_hole {
	u64 start;
	u64 size;
	/* private: */
	const struct orderly_alloc_node *owner;
};

/**
 * enum orderly_alloc_span_kind - what an &struct orderly_alloc_span is
 * @ORDERLY_ALLOC_SPAN_RANGE: the start of a managed range; its size is 0
 * @ORDERLY_ALLOC_SPAN_USED: an allocation
 * @ORDERLY_ALLOC_SPAN_FREE: a free hole
 */
enum orderly_alloc_span_kind {
	ORDERLY_ALLOC_SPAN_RANGE,
	ORDERLY_ALLOC_SPAN_USED,
	ORDERLY_ALLOC_SPAN_FREE,
};

/**
 * struct orderly_alloc_span - one step of orderly_alloc_walk()
 * @start: first address
 * @size: size in bytes
 * @kind: range start, allocation or hole
 * @node: the allocation, for %ORDERLY_ALLOC_SPAN_USED; else NULL
 */
struct orderly_alloc_span {
	u64 start;
	u64 size;
	enum orderly_alloc_span_kind kind;
	const struct orderly_alloc_node *node;
};

/**
 * struct orderly_alloc - a manager of one or more address ranges
 *
 * Opaque to the caller: use the functions below. The library takes no lock;
 * the caller serialises every call on one manager. It links to itself: do
 * not copy it.
 */
struct orderly_alloc {
	/* private: */
	struct rb_root_cached holes_by_addr;
	struct list_head nodes;
	struct list_head ranges;
	u64 managed_bytes;
	u64 free_bytes;
	u64 lowest;
	u64 highest;
	unsigned long hole_count;
	unsigned long node_count;
	struct orderly_alloc_range first_range;
	u64 size_classes_used;
	struct rb_root holes_by_size[64];
};

int __must_check orderly_alloc_init(struct orderly_alloc *oa, u64 start,
				    u64 size);
int __must_check orderly_alloc_add_range(struct orderly_alloc *oa,
					 struct orderly_alloc_range *range,
					 u64 start, u64 size);
void orderly_alloc_fini(struct orderly_alloc *oa);

int __must_check orderly_alloc_insert(struct orderly_alloc *oa,
				      struct orderly_alloc_node *node,
				      u64 size, u64 align,
				      enum orderly_alloc_mode mode);
int __must_check orderly_alloc_insert_range(struct orderly_alloc *oa,
					    struct orderly_alloc_node *node,
					    u64 size, u64 align,
					    u64 range_start, u64 range_end,
					    enum orderly_alloc_mode mode);
int __must_check orderly_alloc_reserve(struct orderly_alloc *oa,
				       struct orderly_alloc_node *node,
				       u64 start, u64 size);
void orderly_alloc_remove(struct orderly_alloc *oa,
			  struct orderly_alloc_node *node);
int __must_check orderly_alloc_resize(struct orderly_alloc *oa,
				      struct orderly_alloc_node *node,
				      u64 new_size);
void orderly_alloc_reset(struct orderly_alloc *oa);

/**
 * orderly_alloc_node_allocated() - is @node allocated in some manager?
 * @node: a zeroed or previously used node
 *
 * Return: true between a successful insert or reserve and its remove.
 */
static inline bool
orderly_alloc_node_allocated(const struct orderly_alloc_node *node)
{
	return node->owner;
}

u64 orderly_alloc_free_bytes(const struct orderly_alloc *oa);
u64 orderly_alloc_largest_hole(const struct orderly_alloc *oa);
unsigned long orderly_alloc_hole_count(const struct orderly_alloc *oa);
unsigned long orderly_alloc_node_count(const struct orderly_alloc *oa);

struct orderly_alloc_node *
orderly_alloc_next_node(const struct orderly_alloc *oa,
			const struct orderly_alloc_node *node);
bool orderly_alloc_next_hole(const struct orderly_alloc *oa,
			     struct orderly_alloc_hole *hole);
bool orderly_alloc_hole_after(const struct orderly_alloc *oa,
			      const struct orderly_alloc_node *node,
			      struct orderly_alloc_hole *hole);
struct orderly_alloc_node *
orderly_alloc_hole_owner(const struct orderly_alloc_hole *hole);
struct orderly_alloc_node *orderly_alloc_find_node(const struct orderly_alloc *oa,
						   u64 addr);

/* The cursor of the walks below: the manager and the next allocation. */
struct orderly_alloc_cursor {
	const struct orderly_alloc *oa;
	struct orderly_alloc_node *next;
};

static inline struct orderly_alloc_cursor
__orderly_alloc_cursor(const struct orderly_alloc *oa)
{
	return (struct orderly_alloc_cursor){
		.oa = oa,
		.next = orderly_alloc_next_node(oa, NULL),
	};
}

/* Move to the next allocation; *@next (if given) is the one after it. */
static inline bool __orderly_alloc_step(struct orderly_alloc_cursor *cursor,
					struct orderly_alloc_node **node,
					struct orderly_alloc_node **next)
{
	*node = cursor->next;
	if (!*node)
		return false;
	cursor->next = orderly_alloc_next_node(cursor->oa, *node);
	if (next)
		*next = cursor->next;
	return true;
}

/**
 * orderly_alloc_for_each_node() - walk the allocations in address order
 * @node: a &struct orderly_alloc_node pointer, the cursor
 * @oa: the manager
 *
 * O(1) per step. The body may remove @node, and only @node.
 */
#define orderly_alloc_for_each_node(node, oa)				\
	for (struct orderly_alloc_cursor __oa_cursor =			\
		__orderly_alloc_cursor(oa);				\
	     __orderly_alloc_step(&__oa_cursor, &(node), NULL);)

/**
 * orderly_alloc_for_each_node_safe() - walk the allocations, removing some
 * @node: a &struct orderly_alloc_node pointer, the cursor
 * @next: another, set to the allocation after @node before the body runs
 * @oa: the manager
 *
 * As list_for_each_entry_safe(): the body may remove @node (and only
 * @node), e.g. to empty the manager before orderly_alloc_fini(). O(1) per
 * step.
 */
#define orderly_alloc_for_each_node_safe(node, next, oa)		\
	for (struct orderly_alloc_cursor __oa_cursor =			\
		__orderly_alloc_cursor(oa);				\
	     __orderly_alloc_step(&__oa_cursor, &(node), &(next));)

bool orderly_alloc_walk(const struct orderly_alloc *oa, u64 *cursor,
			unsigned int batch,
			void (*fn)(void *arg, const struct orderly_alloc_span *span),
			void *arg);
void orderly_alloc_print(const struct orderly_alloc *oa, struct seq_file *m);
int orderly_alloc_check(const struct orderly_alloc *oa);

#endif /* _ORDERLY_ALLOC_H */
