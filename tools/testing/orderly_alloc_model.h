/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reference model of orderly_alloc, shared by the KUnit suite
 * (orderly_alloc_test.c) and the userspace harness (tools/testing/): the
 * randomized test and the fuzzer drive the allocator through it.
 *
 * Every oa_model_*() call applies one operation to both the allocator and
 * the model, a sorted array of allocations from which the holes are
 * recomputed with 128-bit arithmetic, and returns false at the first
 * disagreement, with the reason in @why. oa_model_run() is the randomized
 * test: the same operation mix in the kernel and in userspace.
 */
#ifndef _ORDERLY_ALLOC_MODEL_H
#define _ORDERLY_ALLOC_MODEL_H

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/types.h>

#include "../../bench/workload.h"	/* splitmix64, our random source */
#include "../../orderly_alloc.h"

#define OA_MODEL_NODES		192
#define OA_MODEL_RANGES		8
#define OA_MODEL_WINDOW		BIT_ULL(16)
#define OA_MODEL_EPISODE_OPS	50000
#define OA_MODEL_CHECK_EVERY	16

enum oa_model_kind {
	OA_MODEL_INSERT, OA_MODEL_RESERVE, OA_MODEL_RESIZE, OA_MODEL_ADD_RANGE,
	OA_MODEL_KINDS
};

static const char * const oa_model_kind_names[] = {
	"insert", "reserve", "resize", "add_range",
};

struct oa_model_hole {
	u64 first;
	u64 last;
};

/**
 * struct oa_model - the allocator under test and what it should hold
 * @oa: the allocator
 * @active: @oa is initialised
 * @node: the nodes the operations use, by index
 * @range: bookkeeping for orderly_alloc_add_range(), one per call
 * @ranges_used: how many of @range were taken
 * @range_first: first byte of each accepted range, sorted
 * @range_last: last byte of each accepted range
 * @nr_ranges: accepted ranges, the first from init
 * @first: first byte of each live node
 * @last: last byte of each live node
 * @live: which nodes are allocated
 * @order: the live nodes by address
 * @nr_live: how many nodes are live
 * @hole: the maximal free spans, by address
 * @nr_holes: how many
 * @warnings: counts the allocator's warnings; NULL where misuse must not
 *	be exercised (the kernel prints each WARN)
 * @warned: the count before the current operation
 * @rnd: random source of oa_model_run()
 * @window: base of the 64 KiB window of the current episode
 * @op: operations done
 * @why: the first disagreement
 * @last_op: what the operation before it did
 * @outcomes: how often each kind of call gave 0, -ENOSPC and -EINVAL
 * @most_live: the largest @nr_live seen
 */
struct oa_model {
	struct orderly_alloc oa;
	bool active;
	struct orderly_alloc_node node[OA_MODEL_NODES];
	struct orderly_alloc_range range[OA_MODEL_RANGES];
	int ranges_used;
	u64 range_first[OA_MODEL_RANGES + 1];
	u64 range_last[OA_MODEL_RANGES + 1];
	int nr_ranges;
	u64 first[OA_MODEL_NODES];
	u64 last[OA_MODEL_NODES];
	bool live[OA_MODEL_NODES];
	int order[OA_MODEL_NODES];
	int nr_live;
	struct oa_model_hole hole[OA_MODEL_NODES + OA_MODEL_RANGES + 2];
	int nr_holes;
	unsigned long (*warnings)(void);
	unsigned long warned;
	struct oa_workload rnd;
	u64 window;
	unsigned long op;
	char why[160];
	char last_op[96];
	unsigned long outcomes[OA_MODEL_KINDS][3];
	int most_live;
};

#define oa_model_fail(m, fmt, ...)					\
	(snprintf((m)->why, sizeof((m)->why), fmt, ##__VA_ARGS__), false)

#define oa_model_note(m, fmt, ...)					\
	snprintf((m)->last_op, sizeof((m)->last_op), fmt, ##__VA_ARGS__)

static inline void oa_model_add_hole(struct oa_model *m, u64 first, u64 last)
{
	struct oa_model_hole *prev = m->nr_holes ? &m->hole[m->nr_holes - 1] :
						   NULL;

	if (prev && prev->last != U64_MAX && prev->last + 1 == first) {
		prev->last = last;
		return;
	}
	m->hole[m->nr_holes].first = first;
	m->hole[m->nr_holes].last = last;
	m->nr_holes++;
}

/*
 * The maximal free spans: the ranges minus the allocations, merged. An
 * allocation may straddle two ranges that touch, so the cursor carries on.
 */
static inline void oa_model_compute_holes(struct oa_model *m)
{
	u128 cursor = 0;
	int r, a = 0;

	m->nr_holes = 0;
	for (r = 0; r < m->nr_ranges; r++) {
		cursor = max_t(u128, cursor, m->range_first[r]);
		while (a < m->nr_live &&
		       m->first[m->order[a]] <= m->range_last[r]) {
			int i = m->order[a++];

			if (m->first[i] > cursor)
				oa_model_add_hole(m, cursor, m->first[i] - 1);
			cursor = (u128)m->last[i] + 1;
		}
		if (cursor <= m->range_last[r])
			oa_model_add_hole(m, cursor, m->range_last[r]);
	}
}

static inline bool oa_model_fits(const struct oa_model_hole *h, u64 size,
				 u64 align, u64 range_first, u64 range_last,
				 enum orderly_alloc_mode mode, u64 *at)
{
	u128 lo = max(h->first, range_first);
	u128 end = (u128)min(h->last, range_last) + 1;
	u128 mask = (u128)align - 1, where;

	if (lo >= end || end - lo < size)
		return false;
	if (mode == ORDERLY_ALLOC_HIGH)
		where = (end - size) & ~mask;
	else
		where = (lo + mask) & ~mask;
	if (where < lo || where + size > end)
		return false;
	*at = where;
	return true;
}

/* Where an insert should land: 0 and *@at, or -ENOSPC or -EINVAL. */
static inline int oa_model_expect_insert(const struct oa_model *m, int i,
					 u64 size, u64 align, u64 range_first,
					 u64 range_last, int mode, u64 *at)
{
	u128 best_size = 0;
	bool found = false;
	int h;

	if (!align)
		align = 1;
	if (!size || (align & (align - 1)) || range_first > range_last ||
	    range_first > m->range_last[m->nr_ranges - 1] ||
	    range_last < m->range_first[0] || mode < 0 ||
	    mode > ORDERLY_ALLOC_HIGH || m->live[i])
		return -EINVAL;
	for (h = 0; h < m->nr_holes; h++) {
		const struct oa_model_hole *hole = &m->hole[h];
		u128 hole_size = (u128)hole->last - hole->first + 1;
		u64 where;

		if (!oa_model_fits(hole, size, align, range_first, range_last,
				   mode, &where))
			continue;
		if (mode == ORDERLY_ALLOC_LOW) {
			*at = where;
			return 0;
		}
		if (mode == ORDERLY_ALLOC_BEST && found && hole_size >= best_size)
			continue;
		best_size = hole_size;
		*at = where;
		found = true;
	}
	return found ? 0 : -ENOSPC;
}

static inline int oa_model_expect_reserve(const struct oa_model *m, int i,
					  u64 start, u64 size)
{
	int h;

	if (!size || size - 1 > U64_MAX - start || m->live[i])
		return -EINVAL;
	for (h = 0; h < m->nr_holes; h++)
		if (m->hole[h].first <= start &&
		    start + (size - 1) <= m->hole[h].last)
			return 0;
	return -ENOSPC;
}

static inline void oa_model_place(struct oa_model *m, int i, u64 start,
				  u64 size)
{
	int pos = m->nr_live;

	while (pos > 0 && m->first[m->order[pos - 1]] > start) {
		m->order[pos] = m->order[pos - 1];
		pos--;
	}
	m->order[pos] = i;
	m->nr_live++;
	m->most_live = max(m->most_live, m->nr_live);
	m->first[i] = start;
	m->last[i] = start + (size - 1);
	m->live[i] = true;
}

static inline void oa_model_unplace(struct oa_model *m, int i)
{
	int pos = 0;

	while (m->order[pos] != i)
		pos++;
	memmove(&m->order[pos], &m->order[pos + 1],
		(m->nr_live - pos - 1) * sizeof(m->order[0]));
	m->nr_live--;
	m->live[i] = false;
}

static inline void oa_model_count(struct oa_model *m, enum oa_model_kind kind,
				  int err)
{
	m->outcomes[kind][err == -ENOSPC ? 1 : err ? 2 : 0]++;
}

/* Misuse must warn, and only misuse. */
static inline bool oa_model_warned_right(struct oa_model *m, bool misuse)
{
	unsigned long now;
	bool warned;

	if (!m->warnings)
		return true;
	now = m->warnings();
	warned = now != m->warned;
	if (warned != misuse)
		return oa_model_fail(m, "%s warning", misuse ? "missing" :
							       "unexpected");
	m->warned = now;
	return true;
}

static inline bool oa_model_node_is_right(struct oa_model *m, int i)
{
	const struct orderly_alloc_node *node = &m->node[i];

	if (orderly_alloc_node_allocated(node) != m->live[i])
		return oa_model_fail(m, "node %d allocated: %d, want %d", i,
				     orderly_alloc_node_allocated(node),
				     m->live[i]);
	if (m->live[i] && (node->start != m->first[i] ||
			   node->start + (node->size - 1) != m->last[i]))
		return oa_model_fail(m, "node %d at %llx+%llu, want %llx-%llx",
				     i, node->start, node->size, m->first[i],
				     m->last[i]);
	return true;
}

/**
 * oa_model_begin() - orderly_alloc_init() over [@first, @first + @size)
 * @m: the model; all its nodes must be free
 * @first: first byte
 * @size: size in bytes, which may be 0 or pass 2^64 (then -EINVAL)
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_begin(struct oa_model *m, u64 first, u64 size)
{
	bool valid = size && size - 1 <= U64_MAX - first;
	int got = orderly_alloc_init(&m->oa, first, size);

	oa_model_note(m, "init %llx+%llu: %d", first, size, got);
	if (got != (valid ? 0 : -EINVAL))
		return oa_model_fail(m, "init gave %d", got);
	if (!valid)
		return true;
	m->active = true;
	memset(m->range, 0, sizeof(m->range));
	m->ranges_used = 0;
	m->nr_ranges = 1;
	m->range_first[0] = first;
	m->range_last[0] = first + (size - 1);
	memset(m->live, 0, sizeof(m->live));
	m->nr_live = 0;
	oa_model_compute_holes(m);
	return true;
}

/**
 * oa_model_insert() - orderly_alloc_insert() or _insert_range() of node @i
 * @m: the model
 * @i: index of the node
 * @size: bytes, may be 0
 * @align: alignment, may be anything
 * @range_first: first byte of the range, if @in_range
 * @range_last: last byte of the range, if @in_range (U64_MAX: end 0)
 * @mode: placement, may be invalid
 * @in_range: use orderly_alloc_insert_range()
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_insert(struct oa_model *m, int i, u64 size,
				   u64 align, u64 range_first, u64 range_last,
				   int mode, bool in_range)
{
	bool well_formed;
	int want, got;
	u64 at = 0;

	if (!in_range) {
		range_first = 0;
		range_last = U64_MAX;
	}
	want = oa_model_expect_insert(m, i, size, align, range_first,
				      range_last, mode, &at);
	if (in_range)
		got = orderly_alloc_insert_range(&m->oa, &m->node[i], size,
						 align, range_first,
						 range_last + 1, mode);
	else
		got = orderly_alloc_insert(&m->oa, &m->node[i], size, align,
					   mode);
	oa_model_note(m, "insert %llu align %llu in [%llx, %llx] mode %d: %d",
		      size, align, range_first, range_last, mode, got);
	if (got != want)
		return oa_model_fail(m, "insert gave %d, want %d at %llx", got,
				     want, at);
	oa_model_count(m, OA_MODEL_INSERT, want);
	/* Only a well-formed call with a node in use is misuse. */
	well_formed = size && !(align & (align - 1)) && mode >= 0 &&
		      mode <= ORDERLY_ALLOC_HIGH && range_first <= range_last &&
		      range_first <= m->range_last[m->nr_ranges - 1] &&
		      range_last >= m->range_first[0];
	if (!oa_model_warned_right(m, m->live[i] && well_formed))
		return false;
	if (!want)
		oa_model_place(m, i, at, size);
	return oa_model_node_is_right(m, i);
}

/**
 * oa_model_reserve() - orderly_alloc_reserve() of node @i
 * @m: the model
 * @i: index of the node
 * @start: first byte
 * @size: bytes, may be 0 or pass 2^64
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_reserve(struct oa_model *m, int i, u64 start,
				    u64 size)
{
	int want = oa_model_expect_reserve(m, i, start, size);
	int got = orderly_alloc_reserve(&m->oa, &m->node[i], start, size);
	bool well_formed = size && size - 1 <= U64_MAX - start;

	oa_model_note(m, "reserve %llx+%llu: %d", start, size, got);
	if (got != want)
		return oa_model_fail(m, "reserve gave %d, want %d", got, want);
	oa_model_count(m, OA_MODEL_RESERVE, want);
	if (!oa_model_warned_right(m, m->live[i] && well_formed))
		return false;
	if (!want)
		oa_model_place(m, i, start, size);
	return oa_model_node_is_right(m, i);
}

/**
 * oa_model_remove() - orderly_alloc_remove() of node @i, live or not
 * @m: the model
 * @i: index of the node
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_remove(struct oa_model *m, int i)
{
	bool misuse = !m->live[i];

	orderly_alloc_remove(&m->oa, &m->node[i]);
	oa_model_note(m, "remove node %d%s", i, misuse ? " (free)" : "");
	if (!oa_model_warned_right(m, misuse))
		return false;
	if (!misuse)
		oa_model_unplace(m, i);
	return oa_model_node_is_right(m, i);
}

/* The last byte @i may grow to: the end of the hole right after it. */
static inline u64 oa_model_room_last(const struct oa_model *m, int i)
{
	int h;

	for (h = 0; h < m->nr_holes; h++)
		if (m->last[i] != U64_MAX && m->hole[h].first == m->last[i] + 1)
			return m->hole[h].last;
	return m->last[i];
}

/**
 * oa_model_resize() - orderly_alloc_resize() of node @i, live or not
 * @m: the model
 * @i: index of the node
 * @new_size: bytes, may be 0
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_resize(struct oa_model *m, int i, u64 new_size)
{
	int got = orderly_alloc_resize(&m->oa, &m->node[i], new_size);
	bool misuse = new_size && !m->live[i];
	int want;

	if (!new_size || !m->live[i])
		want = -EINVAL;
	else if (new_size - 1 > oa_model_room_last(m, i) - m->first[i])
		want = -ENOSPC;
	else
		want = 0;
	oa_model_note(m, "resize node %d to %llu: %d", i, new_size, got);
	if (got != want)
		return oa_model_fail(m, "resize gave %d, want %d", got, want);
	oa_model_count(m, OA_MODEL_RESIZE, want);
	if (!oa_model_warned_right(m, misuse))
		return false;
	if (!want)
		m->last[i] = m->first[i] + (new_size - 1);
	return oa_model_node_is_right(m, i);
}

static inline bool oa_model_overlaps(const struct oa_model *m, u64 first,
				     u64 last)
{
	int r;

	for (r = 0; r < m->nr_ranges; r++)
		if (first <= m->range_last[r] && m->range_first[r] <= last)
			return true;
	return false;
}

static inline u64 oa_model_managed(const struct oa_model *m)
{
	u64 sum = 0;
	int r;

	for (r = 0; r < m->nr_ranges; r++)
		sum += m->range_last[r] - m->range_first[r] + 1;
	return sum;
}

/**
 * oa_model_add_range() - orderly_alloc_add_range() of [@first, +@size)
 * @m: the model
 * @first: first byte
 * @size: bytes, may be 0 or pass 2^64
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_add_range(struct oa_model *m, u64 first, u64 size)
{
	struct orderly_alloc_range *range = &m->range[m->ranges_used];
	u64 last = first + (size - 1);
	int want, got, pos;

	if (m->ranges_used == OA_MODEL_RANGES)
		return true;
	if (!size || size - 1 > U64_MAX - first ||
	    size > U64_MAX - oa_model_managed(m) ||
	    oa_model_overlaps(m, first, last))
		want = -EINVAL;
	else
		want = 0;
	got = orderly_alloc_add_range(&m->oa, range, first, size);
	oa_model_note(m, "add_range %llx+%llu: %d", first, size, got);
	if (got != want)
		return oa_model_fail(m, "add_range gave %d, want %d", got, want);
	oa_model_count(m, OA_MODEL_ADD_RANGE, want);
	if (want)
		return true;
	m->ranges_used++;
	for (pos = m->nr_ranges; pos > 0 && m->range_first[pos - 1] > first;
	     pos--) {
		m->range_first[pos] = m->range_first[pos - 1];
		m->range_last[pos] = m->range_last[pos - 1];
	}
	m->range_first[pos] = first;
	m->range_last[pos] = last;
	m->nr_ranges++;
	return true;
}

/**
 * oa_model_reset() - orderly_alloc_reset(): every node becomes free
 * @m: the model
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_reset(struct oa_model *m)
{
	int i;

	orderly_alloc_reset(&m->oa);
	oa_model_note(m, "reset");
	memset(m->live, 0, sizeof(m->live));
	m->nr_live = 0;
	for (i = 0; i < OA_MODEL_NODES; i++)
		if (!oa_model_node_is_right(m, i))
			return false;
	return oa_model_warned_right(m, false);
}

/**
 * oa_model_compare() - do the allocator's answers match the model's?
 * @m: the model, with its holes recomputed
 * @full: also run orderly_alloc_check() and walk every hole and node
 *
 * Return: true if they match.
 */
static inline bool oa_model_compare(struct oa_model *m, bool full)
{
	struct orderly_alloc_hole hole = {};
	struct orderly_alloc_node *node = NULL;
	u64 free_bytes = 0, largest = 0;
	int h, a = 0;

	for (h = 0; h < m->nr_holes; h++) {
		u64 size = m->hole[h].last - m->hole[h].first + 1;

		free_bytes += size;
		largest = max(largest, size);
	}
	if (orderly_alloc_free_bytes(&m->oa) != free_bytes ||
	    orderly_alloc_largest_hole(&m->oa) != largest ||
	    orderly_alloc_hole_count(&m->oa) != (unsigned long)m->nr_holes ||
	    orderly_alloc_node_count(&m->oa) != (unsigned long)m->nr_live)
		return oa_model_fail(m, "counters %llu/%llu/%lu/%lu, want %llu/%llu/%d/%d",
				     orderly_alloc_free_bytes(&m->oa),
				     orderly_alloc_largest_hole(&m->oa),
				     orderly_alloc_hole_count(&m->oa),
				     orderly_alloc_node_count(&m->oa),
				     free_bytes, largest, m->nr_holes,
				     m->nr_live);
	if (!full)
		return true;
	if (orderly_alloc_check(&m->oa))
		return oa_model_fail(m, "orderly_alloc_check() failed");
	for (h = 0; orderly_alloc_next_hole(&m->oa, &hole); h++)
		if (h >= m->nr_holes || hole.start != m->hole[h].first ||
		    hole.start + (hole.size - 1) != m->hole[h].last)
			return oa_model_fail(m, "hole %d at %llx+%llu", h,
					     hole.start, hole.size);
	if (h != m->nr_holes)
		return oa_model_fail(m, "%d holes walked, want %d", h,
				     m->nr_holes);
	while ((node = orderly_alloc_next_node(&m->oa, node)))
		if (a >= m->nr_live || node != &m->node[m->order[a++]])
			return oa_model_fail(m, "node walk out of order at %d",
					     a);
	if (a != m->nr_live)
		return oa_model_fail(m, "%d nodes walked, want %d", a,
				     m->nr_live);
	return true;
}

/**
 * oa_model_end() - empty the allocator and tear it down
 * @m: the model
 * @by_reset: with orderly_alloc_reset(), else remove one by one
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_end(struct oa_model *m, bool by_reset)
{
	if (!m->active)
		return true;
	if (by_reset && !oa_model_reset(m))
		return false;
	while (m->nr_live)
		if (!oa_model_remove(m, m->order[m->nr_live - 1]))
			return false;
	oa_model_compute_holes(m);
	if (!oa_model_compare(m, true))
		return false;
	orderly_alloc_fini(&m->oa);
	m->active = false;
	return oa_model_warned_right(m, false);
}

/* The randomized test: the draws, then one step of the operation mix. */
static inline u32 oa_model_draw(struct oa_model *m, u32 bound)
{
	return oa_workload_next(&m->rnd) % bound;
}

static inline u64 oa_model_draw_align(struct oa_model *m)
{
	u32 kind = oa_model_draw(m, 100);

	if (kind < 5)
		return oa_model_draw(m, 2);		/* 0 or 1: none */
	if (kind < 65)
		return 1ULL << oa_model_draw(m, 7);
	if (kind < 95)
		return 1ULL << (7 + oa_model_draw(m, 6));
	return 1ULL << (13 + oa_model_draw(m, 51));	/* up to 2^63 */
}

static inline u64 oa_model_draw_size(struct oa_model *m)
{
	u32 kind = oa_model_draw(m, 100);

	if (kind < 70)
		return 1 + oa_model_draw(m, 64);
	if (kind < 95)
		return 1 + oa_model_draw(m, 2048);
	return 1 + oa_model_draw(m, OA_MODEL_WINDOW);
}

/* A free node, or a live one; -1 if there is none. */
static inline int oa_model_pick(struct oa_model *m, bool live)
{
	int i, start = oa_model_draw(m, OA_MODEL_NODES);

	for (i = 0; i < OA_MODEL_NODES; i++) {
		int n = (start + i) % OA_MODEL_NODES;

		if (m->live[n] == live)
			return n;
	}
	return -1;
}

static inline bool oa_model_random_insert(struct oa_model *m)
{
	int mode = oa_model_draw(m, 3), i = oa_model_pick(m, false);
	u64 size = oa_model_draw_size(m), align = oa_model_draw_align(m);
	u64 range_first = 0, range_last = U64_MAX;
	bool in_range = oa_model_draw(m, 10) < 3;

	if (i < 0)
		return true;
	if (!oa_model_draw(m, 50))
		size = oa_model_draw(m, 2) ? 0 : size;
	if (!oa_model_draw(m, 50))
		align = align * 3 + oa_model_draw(m, 2);
	if (in_range) {
		/* An end of 0, past U64_MAX, stands for 2^64. */
		range_first = m->window + oa_model_draw(m, OA_MODEL_WINDOW);
		range_last = range_first +
			     min_t(u64, oa_model_draw(m, OA_MODEL_WINDOW / 2),
				   U64_MAX - range_first);
		if (!oa_model_draw(m, 30)) {	/* inverted */
			u64 first = range_first;

			range_first = range_last;
			range_last = first;
		}
	}
	return oa_model_insert(m, i, size, align, range_first, range_last,
			       mode, in_range);
}

static inline bool oa_model_random_reserve(struct oa_model *m)
{
	int i = oa_model_pick(m, false);
	u64 start, size;

	if (i < 0)
		return true;
	if (m->nr_holes && oa_model_draw(m, 2)) {
		const struct oa_model_hole *h =
			&m->hole[oa_model_draw(m, m->nr_holes)];

		start = h->first + (h->last - h->first > 64 ?
				    oa_model_draw(m, 64) : 0);
		size = 1 + oa_model_draw(m, min_t(u64, h->last - start + 1,
						  4096));
	} else {
		start = m->window + oa_model_draw(m, OA_MODEL_WINDOW);
		size = oa_model_draw_size(m);
	}
	return oa_model_reserve(m, i, start, size);
}

static inline bool oa_model_random_resize(struct oa_model *m)
{
	u64 size, new_size;
	int i;

	if (!m->nr_live)
		return true;
	i = m->order[oa_model_draw(m, m->nr_live)];
	size = m->last[i] - m->first[i] + 1;
	if (oa_model_draw(m, 2))
		new_size = size + 1 + oa_model_draw(m, 128);
	else if (oa_model_draw(m, 20))
		new_size = 1 + oa_model_draw(m, min_t(u64, size, 1U << 30));
	else
		new_size = 0;
	return oa_model_resize(m, i, new_size);
}

/* Mostly ranges that touch another on one side, to exercise merging. */
static inline bool oa_model_random_add_range(struct oa_model *m)
{
	u64 window_last = m->window + (OA_MODEL_WINDOW - 1);
	int r = oa_model_draw(m, m->nr_ranges), kind = oa_model_draw(m, 10);
	u64 first, last, size = 1 + oa_model_draw(m, OA_MODEL_WINDOW / 8);

	if (kind < 4 && m->range_last[r] < window_last) {
		first = m->range_last[r] + 1;
		last = first + min(size - 1, window_last - first);
	} else if (kind < 7 && m->range_first[r] > m->window) {
		last = m->range_first[r] - 1;
		first = last - min(size - 1, last - m->window);
	} else {
		first = m->window + oa_model_draw(m, OA_MODEL_WINDOW);
		last = first + min(size - 1, window_last - first);
	}
	return oa_model_add_range(m, first, last - first + 1);
}

/* A new manager somewhere in a window at 0, 2^63 or the top of u64. */
static inline bool oa_model_random_begin(struct oa_model *m)
{
	static const u64 windows[] = {
		0, OA_MODEL_WINDOW, BIT_ULL(63) - OA_MODEL_WINDOW / 2,
		0 - OA_MODEL_WINDOW,
	};

	m->window = windows[oa_model_draw(m, ARRAY_SIZE(windows))];
	return oa_model_begin(m, m->window +
				 oa_model_draw(m, OA_MODEL_WINDOW / 4),
			      1 + oa_model_draw(m, OA_MODEL_WINDOW / 2));
}

static inline bool oa_model_random_step(struct oa_model *m)
{
	u32 kind = oa_model_draw(m, 1000);

	if (kind < 400)
		return oa_model_random_insert(m);
	if (kind < 480)
		return oa_model_random_reserve(m);
	if (kind < 880)
		return !m->nr_live ||
		       oa_model_remove(m, m->order[oa_model_draw(m, m->nr_live)]);
	if (kind < 990)
		return oa_model_random_resize(m);
	if (kind < 999)
		return oa_model_random_add_range(m);
	return oa_model_draw(m, 20) || oa_model_reset(m);
}

/**
 * oa_model_run() - the randomized test
 * @m: a zeroed model; @m->warnings may be set
 * @seed: seed of the random source
 * @ops: operations to run, in episodes of %OA_MODEL_EPISODE_OPS on a fresh
 *	manager each
 *
 * After every operation the counters are compared with the model's, and
 * every %OA_MODEL_CHECK_EVERY operations orderly_alloc_check() runs and
 * every hole and node is compared.
 *
 * Return: true if the allocator agreed with the model throughout; else
 * @m->op, @m->last_op and @m->why say where and why not.
 */
static inline bool oa_model_run(struct oa_model *m, u64 seed,
				unsigned long ops)
{
	oa_workload_init(&m->rnd, seed);
	for (m->op = 0; m->op < ops; m->op++) {
		if (m->op % OA_MODEL_EPISODE_OPS == 0 &&
		    (!oa_model_end(m, m->op / OA_MODEL_EPISODE_OPS % 2) ||
		     !oa_model_random_begin(m)))
			return false;
		oa_model_compute_holes(m);
		if (!oa_model_compare(m, m->op % OA_MODEL_CHECK_EVERY == 0) ||
		    !oa_model_random_step(m))
			return false;
	}
	return oa_model_end(m, true);
}

#endif /* _ORDERLY_ALLOC_MODEL_H */
