/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A reference model of orderly_alloc, shared by the KUnit suite
 * (orderly_alloc_test.c) and the userspace harness (tools/testing/): the
 * randomized tests and the fuzzer drive the allocator through it.
 *
 * Every oa_model_*() call applies one operation to both the allocator and
 * the model and returns false at the first disagreement, with the reason in
 * @why. The model keeps the span of each node and the holes, the maximal
 * free spans of the managed ranges, in two sorted sets: by address, and by
 * size then address. Each set is a list of sorted chunks of at most 64
 * holes, so that an operation updates the holes it changes in a few hundred
 * steps even at 100,000 allocations, where recomputing every hole, as the
 * model did before, or shifting one sorted array would take 100,000.
 *
 * The answers stay those of the definitions, without the allocator's
 * cleverness: an insert's place is found by trying the holes in the order
 * that defines it, and the first that fits wins: by size then address for
 * best fit, by address up for lowest and down for highest; for best fit in
 * a range, every hole of the range. The only shortcut skips a chunk whose
 * largest hole is smaller than the request, so a search still visits every
 * hole the alignment defeats. Every full comparison also recomputes the
 * holes from the ranges and the allocations, the plain way, and checks both
 * sets against them.
 *
 * oa_model_run() is the randomized test, in the two configurations of
 * oa_model_setup(): small and dense (192 nodes in a 64 KiB window, where
 * edge cases come fast), and at scale (tens of thousands of allocations
 * live at once: deep trees, long chains of merges, holes of gigabytes).
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

/* The small configuration: few nodes, a 64 KiB window, every edge. */
#define OA_MODEL_NODES		192
#define OA_MODEL_RANGES		8
#define OA_MODEL_WINDOW		BIT_ULL(16)
#define OA_MODEL_EPISODE_OPS	50000
#define OA_MODEL_CHECK_EVERY	16

/*
 * At scale: a 512 GiB window, episodes of 8 operations per node in which
 * the live count climbs to 13/16 of the nodes, is drained and climbs again.
 */
#define OA_MODEL_SCALE_NODES	65536
#define OA_MODEL_SCALE_RANGES	32
#define OA_MODEL_SCALE_WINDOW	BIT_ULL(39)

#define OA_MODEL_MAX_RANGES	32
#define OA_MODEL_CHUNK		64	/* holes per chunk of a set, even */

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
 * struct oa_model_chunk - a sorted run of holes in a struct oa_model_set
 * @n: holes in @hole
 * @max_span: the largest last - first in @hole
 * @hole: the holes, in the set's order
 */
struct oa_model_chunk {
	int n;
	u64 max_span;
	struct oa_model_hole hole[OA_MODEL_CHUNK];
};

/**
 * struct oa_model_set - holes in one order, as a list of sorted chunks
 * @by_size: ordered by last - first, then first; else by first
 * @nr: holes in the set
 * @nr_chunks: chunks in use
 * @chunk: the chunks in use, in order. Each holds 1 to %OA_MODEL_CHUNK
 *	holes, and any two neighbours more than %OA_MODEL_CHUNK / 2
 *	together, so that n holes never need more than 4n / %OA_MODEL_CHUNK
 *	+ 1 chunks.
 * @nr_spare: chunks not in use
 * @spare: the chunks not in use
 */
struct oa_model_set {
	bool by_size;
	int nr;
	int nr_chunks;
	struct oa_model_chunk **chunk;
	int nr_spare;
	struct oa_model_chunk **spare;
};

/* A place in a set: chunk @c, index @p; @c == nr_chunks is the end. */
struct oa_model_pos {
	int c;
	int p;
};

/**
 * struct oa_model_slot - what the model knows of one node
 * @first: first byte, while live
 * @last: last byte, while live
 * @pos: index of the node in &struct oa_model.list
 * @live: the node is allocated
 */
struct oa_model_slot {
	u64 first;
	u64 last;
	int pos;
	bool live;
};

/**
 * struct oa_model - the allocator under test and what it should hold
 * @oa: the allocator
 * @active: @oa is initialised
 * @at_scale: the configuration at scale, else the small one
 * @nr_nodes: how many nodes the operations use
 * @max_ranges: orderly_alloc_add_range() calls per episode
 * @window_size: bytes of the address window of an episode
 * @episode_ops: operations per episode, each on a fresh manager
 * @check_every: operations between two full comparisons
 * @target: at scale, the live count the operation mix climbs to
 * @node: the nodes the operations use, by index
 * @slot: what the model knows of each node
 * @list: node indices, the @nr_live live ones first, in no order
 * @nr_live: how many nodes are live
 * @by_addr: the holes by address
 * @by_size: the same holes by size, then address
 * @free_bytes: the bytes in the holes
 * @sorted: scratch for oa_model_compare(): live nodes by address
 * @scratch: scratch for oa_model_compare(): the holes recomputed
 * @range: bookkeeping for orderly_alloc_add_range(), one per call
 * @ranges_used: how many of @range were taken
 * @range_first: first byte of each accepted range, sorted
 * @range_last: last byte of each accepted range
 * @nr_ranges: accepted ranges, the first from init
 * @warnings: counts the allocator's warnings; NULL where misuse must not
 *	be exercised (the kernel prints each WARN)
 * @warned: the count before the current operation
 * @rnd: random source of oa_model_run()
 * @window: base of the address window of the current episode
 * @op: operations done
 * @why: the first disagreement
 * @last_op: what the operation before it did
 * @outcomes: how often each kind of call gave 0, -ENOSPC and -EINVAL
 * @placed: successful inserts by mode
 * @placed_in_range: of those, with orderly_alloc_insert_range()
 * @placed_aligned: of those, aligned to exactly 64 KiB, exactly 2 MiB, and
 *	to more than 2 MiB
 * @removes: successful removes
 * @merges: holes that a remove, shrink or add_range joined to the new one
 * @ranges_touching: ranges added that touch another one
 * @resets: resets
 * @most_reset: the largest @nr_live a reset forgot
 * @full_checks: full comparisons, each with orderly_alloc_check()
 * @most_live: the largest @nr_live seen
 * @most_holes: the largest number of holes seen
 */
struct oa_model {
	struct orderly_alloc oa;
	bool active;
	bool at_scale;
	int nr_nodes;
	int max_ranges;
	u64 window_size;
	unsigned long episode_ops;
	unsigned long check_every;
	int target;
	struct orderly_alloc_node *node;
	struct oa_model_slot *slot;
	int *list;
	int nr_live;
	struct oa_model_set by_addr;
	struct oa_model_set by_size;
	u64 free_bytes;
	int *sorted;
	struct oa_model_hole *scratch;
	struct orderly_alloc_range range[OA_MODEL_MAX_RANGES];
	int ranges_used;
	u64 range_first[OA_MODEL_MAX_RANGES + 1];
	u64 range_last[OA_MODEL_MAX_RANGES + 1];
	int nr_ranges;
	unsigned long (*warnings)(void);
	unsigned long warned;
	struct oa_workload rnd;
	u64 window;
	unsigned long op;
	char why[160];
	char last_op[96];
	unsigned long outcomes[OA_MODEL_KINDS][3];
	unsigned long placed[3];
	unsigned long placed_in_range;
	unsigned long placed_aligned[3];
	unsigned long removes;
	unsigned long merges;
	unsigned long ranges_touching;
	unsigned long resets;
	int most_reset;
	unsigned long full_checks;
	int most_live;
	int most_holes;
};

#define oa_model_fail(m, fmt, ...)					\
	(snprintf((m)->why, sizeof((m)->why), fmt, ##__VA_ARGS__), false)

#define oa_model_note(m, fmt, ...)					\
	snprintf((m)->last_op, sizeof((m)->last_op), fmt, ##__VA_ARGS__)

/* The sets: a hole's span is last - first, its size minus one. */
static inline u64 oa_model_span(const struct oa_model_hole *h)
{
	return h->last - h->first;
}

static inline bool oa_model_before(const struct oa_model_set *s,
				   const struct oa_model_hole *a,
				   const struct oa_model_hole *b)
{
	if (s->by_size && oa_model_span(a) != oa_model_span(b))
		return oa_model_span(a) < oa_model_span(b);
	return a->first < b->first;
}

static inline void oa_model_chunk_update(struct oa_model_chunk *ch)
{
	int p;

	ch->max_span = 0;
	for (p = 0; p < ch->n; p++)
		ch->max_span = max(ch->max_span, oa_model_span(&ch->hole[p]));
}

/* The first place whose hole is not before @key; the end if none. */
static inline struct oa_model_pos
oa_model_set_lower(const struct oa_model_set *s,
		   const struct oa_model_hole *key)
{
	struct oa_model_pos pos = { 0, 0 };
	const struct oa_model_chunk *ch;
	int lo = 0, hi = s->nr_chunks;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		ch = s->chunk[mid];
		if (oa_model_before(s, &ch->hole[ch->n - 1], key))
			lo = mid + 1;
		else
			hi = mid;
	}
	pos.c = lo;
	if (pos.c == s->nr_chunks)
		return pos;
	ch = s->chunk[pos.c];
	lo = 0;
	hi = ch->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (oa_model_before(s, &ch->hole[mid], key))
			lo = mid + 1;
		else
			hi = mid;
	}
	pos.p = lo;
	return pos;
}

static inline const struct oa_model_hole *
oa_model_set_at(const struct oa_model_set *s, struct oa_model_pos pos)
{
	if (pos.c < 0 || pos.c >= s->nr_chunks)
		return NULL;
	return &s->chunk[pos.c]->hole[pos.p];
}

static inline struct oa_model_pos
oa_model_set_next(const struct oa_model_set *s, struct oa_model_pos pos)
{
	if (++pos.p == s->chunk[pos.c]->n) {
		pos.c++;
		pos.p = 0;
	}
	return pos;
}

/* The place before @pos, which may be the end; chunk -1 if none. */
static inline struct oa_model_pos
oa_model_set_prev(const struct oa_model_set *s, struct oa_model_pos pos)
{
	if (pos.p > 0)
		pos.p--;
	else if (--pos.c >= 0)
		pos.p = s->chunk[pos.c]->n - 1;
	return pos;
}

static inline struct oa_model_pos
oa_model_set_first(const struct oa_model_set *s)
{
	struct oa_model_pos pos = { 0, 0 };

	return pos;
}

static inline struct oa_model_pos
oa_model_set_end(const struct oa_model_set *s)
{
	struct oa_model_pos pos = { s->nr_chunks, 0 };

	return pos;
}

static inline void oa_model_set_drop(struct oa_model_set *s, int c)
{
	s->spare[s->nr_spare++] = s->chunk[c];
	memmove(&s->chunk[c], &s->chunk[c + 1],
		(s->nr_chunks - c - 1) * sizeof(s->chunk[0]));
	s->nr_chunks--;
}

/* Chunk @c + 1 joins chunk @c. */
static inline void oa_model_set_merge(struct oa_model_set *s, int c)
{
	struct oa_model_chunk *ch = s->chunk[c], *next = s->chunk[c + 1];

	memcpy(&ch->hole[ch->n], next->hole, next->n * sizeof(next->hole[0]));
	ch->n += next->n;
	ch->max_span = max(ch->max_span, next->max_span);
	oa_model_set_drop(s, c + 1);
}

/* A full chunk @c gives its upper half to a new chunk after it. */
static inline bool oa_model_set_split(struct oa_model_set *s, int c)
{
	struct oa_model_chunk *ch = s->chunk[c], *next;
	int half = OA_MODEL_CHUNK / 2;

	if (!s->nr_spare)
		return false;
	next = s->spare[--s->nr_spare];
	next->n = ch->n - half;
	memcpy(next->hole, &ch->hole[half], next->n * sizeof(ch->hole[0]));
	ch->n = half;
	oa_model_chunk_update(ch);
	oa_model_chunk_update(next);
	memmove(&s->chunk[c + 2], &s->chunk[c + 1],
		(s->nr_chunks - c - 1) * sizeof(s->chunk[0]));
	s->chunk[c + 1] = next;
	s->nr_chunks++;
	return true;
}

/* Add @h to @s; false only if the chunks ran out (a model bug). */
static inline bool oa_model_set_insert(struct oa_model_set *s,
				       const struct oa_model_hole *h)
{
	struct oa_model_pos pos = oa_model_set_lower(s, h);
	struct oa_model_chunk *ch;

	if (!s->nr_chunks) {
		if (!s->nr_spare)
			return false;
		ch = s->spare[--s->nr_spare];
		ch->n = 0;
		ch->max_span = 0;
		s->chunk[s->nr_chunks++] = ch;
		pos.c = 0;
		pos.p = 0;
	} else if (pos.c == s->nr_chunks) {	/* after every hole */
		pos.c--;
		pos.p = s->chunk[pos.c]->n;
	}
	ch = s->chunk[pos.c];
	memmove(&ch->hole[pos.p + 1], &ch->hole[pos.p],
		(ch->n - pos.p) * sizeof(ch->hole[0]));
	ch->hole[pos.p] = *h;
	ch->n++;
	ch->max_span = max(ch->max_span, oa_model_span(h));
	s->nr++;
	return ch->n < OA_MODEL_CHUNK || oa_model_set_split(s, pos.c);
}

/* Remove @h from @s; false if it is not there (a model bug). */
static inline bool oa_model_set_erase(struct oa_model_set *s,
				      const struct oa_model_hole *h)
{
	struct oa_model_pos pos = oa_model_set_lower(s, h);
	const struct oa_model_hole *at = oa_model_set_at(s, pos);
	struct oa_model_chunk *ch;

	if (!at || at->first != h->first || at->last != h->last)
		return false;
	ch = s->chunk[pos.c];
	memmove(&ch->hole[pos.p], &ch->hole[pos.p + 1],
		(ch->n - pos.p - 1) * sizeof(ch->hole[0]));
	ch->n--;
	s->nr--;
	if (oa_model_span(h) == ch->max_span)
		oa_model_chunk_update(ch);
	/* Keep any two neighbours above half a chunk together. */
	if (!ch->n)
		oa_model_set_drop(s, pos.c);
	else if (pos.c + 1 < s->nr_chunks &&
		 ch->n + s->chunk[pos.c + 1]->n <= OA_MODEL_CHUNK / 2)
		oa_model_set_merge(s, pos.c);
	else if (pos.c > 0 &&
		 s->chunk[pos.c - 1]->n + ch->n <= OA_MODEL_CHUNK / 2)
		oa_model_set_merge(s, pos.c - 1);
	return true;
}

static inline void oa_model_set_clear(struct oa_model_set *s)
{
	while (s->nr_chunks)
		s->spare[s->nr_spare++] = s->chunk[--s->nr_chunks];
	s->nr = 0;
}

/* Every invariant of @s; NULL if it holds, else what broke. */
static inline const char *oa_model_set_broken(const struct oa_model_set *s,
					      int pool)
{
	const struct oa_model_hole *prev = NULL;
	int c, p, nr = 0;

	if (s->nr_chunks + s->nr_spare != pool)
		return "chunks lost";
	for (c = 0; c < s->nr_chunks; c++) {
		const struct oa_model_chunk *ch = s->chunk[c];
		u64 max_span = 0;

		if (ch->n < 1 || ch->n >= OA_MODEL_CHUNK)
			return "chunk size";
		if (c && s->chunk[c - 1]->n + ch->n <= OA_MODEL_CHUNK / 2)
			return "neighbour chunks too small";
		for (p = 0; p < ch->n; p++) {
			const struct oa_model_hole *h = &ch->hole[p];

			if (h->first > h->last)
				return "inverted hole";
			if (prev && !oa_model_before(s, prev, h))
				return "out of order";
			max_span = max(max_span, oa_model_span(h));
			prev = h;
		}
		if (ch->max_span != max_span)
			return "chunk's largest span";
		nr += ch->n;
	}
	return nr == s->nr ? NULL : "hole count";
}

/* The holes as the allocator defines them, through both sets. */
static inline bool oa_model_hole_add(struct oa_model *m, u64 first, u64 last)
{
	struct oa_model_hole h = { first, last };

	if (!oa_model_set_insert(&m->by_addr, &h) ||
	    !oa_model_set_insert(&m->by_size, &h))
		return oa_model_fail(m, "model: out of chunks");
	m->most_holes = max(m->most_holes, m->by_addr.nr);
	return true;
}

static inline bool oa_model_hole_del(struct oa_model *m,
				     struct oa_model_hole h)
{
	if (!oa_model_set_erase(&m->by_addr, &h) ||
	    !oa_model_set_erase(&m->by_size, &h))
		return oa_model_fail(m, "model: hole %llx-%llx not indexed",
				     h.first, h.last);
	return true;
}

/* The hole with the highest first byte at or below @addr, or NULL. */
static inline const struct oa_model_hole *
oa_model_hole_below(const struct oa_model *m, u64 addr)
{
	struct oa_model_hole key = { addr, addr };
	struct oa_model_pos pos = oa_model_set_lower(&m->by_addr, &key);
	const struct oa_model_hole *h = oa_model_set_at(&m->by_addr, pos);

	if (h && h->first == addr)
		return h;
	return oa_model_set_at(&m->by_addr,
			       oa_model_set_prev(&m->by_addr, pos));
}

/* The hole that starts at @addr, or NULL. */
static inline const struct oa_model_hole *
oa_model_hole_at(const struct oa_model *m, u64 addr)
{
	const struct oa_model_hole *h = oa_model_hole_below(m, addr);

	return h && h->first == addr ? h : NULL;
}

/* The @k-th hole by address, for the random draws. */
static inline const struct oa_model_hole *
oa_model_nth_hole(const struct oa_model *m, int k)
{
	int c;

	for (c = 0; c < m->by_addr.nr_chunks; c++) {
		if (k < m->by_addr.chunk[c]->n)
			return &m->by_addr.chunk[c]->hole[k];
		k -= m->by_addr.chunk[c]->n;
	}
	return NULL;
}

/* [@first, @last] becomes allocated: carve it out of the hole it is in. */
static inline bool oa_model_take(struct oa_model *m, u64 first, u64 last)
{
	const struct oa_model_hole *in = oa_model_hole_below(m, first);
	struct oa_model_hole h;

	if (!in || in->last < last)
		return oa_model_fail(m, "model: %llx-%llx is not free", first,
				     last);
	h = *in;
	if (!oa_model_hole_del(m, h) ||
	    (h.first < first && !oa_model_hole_add(m, h.first, first - 1)) ||
	    (last < h.last && !oa_model_hole_add(m, last + 1, h.last)))
		return false;
	m->free_bytes -= last - first + 1;
	return true;
}

/* [@first, @last] becomes free: one hole with the free bytes around it. */
static inline bool oa_model_give(struct oa_model *m, u64 first, u64 last)
{
	const struct oa_model_hole *below = oa_model_hole_below(m, last);
	const struct oa_model_hole *after;
	struct oa_model_hole h = { first, last };

	if (below && below->last >= first)
		return oa_model_fail(m, "model: %llx-%llx is free already",
				     first, last);
	if (below && first && below->last == first - 1) {
		h.first = below->first;
		if (!oa_model_hole_del(m, *below))
			return false;
		m->merges++;
	}
	after = last == U64_MAX ? NULL : oa_model_hole_at(m, last + 1);
	if (after) {
		h.last = after->last;
		if (!oa_model_hole_del(m, *after))
			return false;
		m->merges++;
	}
	m->free_bytes += last - first + 1;
	return oa_model_hole_add(m, h.first, h.last);
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

/*
 * Best fit anywhere: the holes by size from the smallest that could hold
 * @size; the first one the aligned request fits in is the smallest, and the
 * lowest of that size.
 */
static inline bool oa_model_best_by_size(const struct oa_model *m, u64 size,
					 u64 align, u64 *at)
{
	const struct oa_model_set *s = &m->by_size;
	struct oa_model_hole key = { 0, size - 1 };
	struct oa_model_pos pos;
	const struct oa_model_hole *h;

	for (pos = oa_model_set_lower(s, &key);
	     (h = oa_model_set_at(s, pos)); pos = oa_model_set_next(s, pos))
		if (oa_model_fits(h, size, align, 0, U64_MAX,
				  ORDERLY_ALLOC_BEST, at))
			return true;
	return false;
}

/*
 * Lowest, or best in a range: the holes by address up from the range. A
 * chunk whose largest hole is smaller than @size cannot hold it.
 */
static inline bool oa_model_scan_up(const struct oa_model *m, u64 size,
				    u64 align, u64 range_first, u64 range_last,
				    enum orderly_alloc_mode mode, u64 *at)
{
	const struct oa_model_set *s = &m->by_addr;
	struct oa_model_hole key = { range_first, range_first };
	struct oa_model_pos pos = oa_model_set_lower(s, &key);
	bool found = false;
	u64 best_span = 0;
	int c, p;

	if (pos.c > 0 || pos.p > 0)	/* one before may reach into the range */
		pos = oa_model_set_prev(s, pos);
	for (c = pos.c, p = pos.p; c < s->nr_chunks; c++, p = 0) {
		const struct oa_model_chunk *ch = s->chunk[c];

		if (ch->hole[p].first > range_last)
			break;
		if (ch->max_span < size - 1)
			continue;
		for (; p < ch->n; p++) {
			const struct oa_model_hole *h = &ch->hole[p];
			u64 where;

			if (h->first > range_last)
				return found;
			if (!oa_model_fits(h, size, align, range_first,
					   range_last, mode, &where))
				continue;
			if (mode == ORDERLY_ALLOC_LOW) {
				*at = where;
				return true;
			}
			if (!found || oa_model_span(h) < best_span) {
				best_span = oa_model_span(h);
				*at = where;
				found = true;
			}
		}
	}
	return found;
}

/* Highest: the holes by address down from the end of the range. */
static inline bool oa_model_scan_down(const struct oa_model *m, u64 size,
				      u64 align, u64 range_first,
				      u64 range_last, u64 *at)
{
	const struct oa_model_set *s = &m->by_addr;
	struct oa_model_hole key = { range_last, range_last };
	struct oa_model_pos pos = oa_model_set_lower(s, &key);
	const struct oa_model_hole *h = oa_model_set_at(s, pos);
	int c, p;

	if (!h || h->first > range_last)	/* the last at or below */
		pos = oa_model_set_prev(s, pos);
	for (c = pos.c, p = pos.p; c >= 0;
	     c--, p = c >= 0 ? s->chunk[c]->n - 1 : 0) {
		const struct oa_model_chunk *ch = s->chunk[c];

		if (ch->hole[p].last < range_first)
			break;
		if (ch->max_span < size - 1)
			continue;
		for (; p >= 0; p--) {
			h = &ch->hole[p];
			if (h->last < range_first)
				return false;
			if (oa_model_fits(h, size, align, range_first,
					  range_last, ORDERLY_ALLOC_HIGH, at))
				return true;
		}
	}
	return false;
}

/* Where an insert should land: 0 and *@at, or -ENOSPC or -EINVAL. */
static inline int oa_model_expect_insert(const struct oa_model *m, int i,
					 u64 size, u64 align, u64 range_first,
					 u64 range_last, int mode, u64 *at)
{
	bool found;

	if (!align)
		align = 1;
	if (!size || (align & (align - 1)) || range_first > range_last ||
	    range_first > m->range_last[m->nr_ranges - 1] ||
	    range_last < m->range_first[0] || mode < 0 ||
	    mode > ORDERLY_ALLOC_HIGH || m->slot[i].live)
		return -EINVAL;
	if (mode == ORDERLY_ALLOC_HIGH)
		found = oa_model_scan_down(m, size, align, range_first,
					   range_last, at);
	else if (mode == ORDERLY_ALLOC_BEST && !range_first &&
		 range_last == U64_MAX)
		found = oa_model_best_by_size(m, size, align, at);
	else
		found = oa_model_scan_up(m, size, align, range_first,
					 range_last, mode, at);
	return found ? 0 : -ENOSPC;
}

static inline int oa_model_expect_reserve(const struct oa_model *m, int i,
					  u64 start, u64 size)
{
	const struct oa_model_hole *h;

	if (!size || size - 1 > U64_MAX - start || m->slot[i].live)
		return -EINVAL;
	h = oa_model_hole_below(m, start);
	return h && start + (size - 1) <= h->last ? 0 : -ENOSPC;
}

/* Node @i moves to the live part of @list, or back. */
static inline void oa_model_set_live(struct oa_model *m, int i, bool live)
{
	int to = live ? m->nr_live : m->nr_live - 1;
	int other = m->list[to], from = m->slot[i].pos;

	m->list[to] = i;
	m->slot[i].pos = to;
	m->list[from] = other;
	m->slot[other].pos = from;
	m->slot[i].live = live;
	m->nr_live += live ? 1 : -1;
	m->most_live = max(m->most_live, m->nr_live);
}

static inline bool oa_model_place(struct oa_model *m, int i, u64 start,
				  u64 size)
{
	if (!oa_model_take(m, start, start + (size - 1)))
		return false;
	m->slot[i].first = start;
	m->slot[i].last = start + (size - 1);
	oa_model_set_live(m, i, true);
	return true;
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
	const struct oa_model_slot *slot = &m->slot[i];

	if (orderly_alloc_node_allocated(node) != slot->live)
		return oa_model_fail(m, "node %d allocated: %d, want %d", i,
				     orderly_alloc_node_allocated(node),
				     slot->live);
	if (slot->live && (node->start != slot->first ||
			   node->start + (node->size - 1) != slot->last))
		return oa_model_fail(m, "node %d at %llx+%llu, want %llx-%llx",
				     i, node->start, node->size, slot->first,
				     slot->last);
	return true;
}

/* Forget the holes and make the ranges free again. */
static inline bool oa_model_free_ranges(struct oa_model *m)
{
	int r;

	oa_model_set_clear(&m->by_addr);
	oa_model_set_clear(&m->by_size);
	m->free_bytes = 0;
	for (r = 0; r < m->nr_ranges; r++)
		if (!oa_model_give(m, m->range_first[r], m->range_last[r]))
			return false;
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
	return oa_model_free_ranges(m);
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
	if (!oa_model_warned_right(m, m->slot[i].live && well_formed))
		return false;
	if (want)
		return oa_model_node_is_right(m, i);
	if (!oa_model_place(m, i, at, size))
		return false;
	m->placed[mode]++;
	m->placed_in_range += in_range;
	if (align == BIT_ULL(16))
		m->placed_aligned[0]++;
	else if (align == BIT_ULL(21))
		m->placed_aligned[1]++;
	else if (align > BIT_ULL(21))
		m->placed_aligned[2]++;
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
	if (!oa_model_warned_right(m, m->slot[i].live && well_formed))
		return false;
	if (!want && !oa_model_place(m, i, start, size))
		return false;
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
	bool misuse = !m->slot[i].live;

	orderly_alloc_remove(&m->oa, &m->node[i]);
	oa_model_note(m, "remove node %d%s", i, misuse ? " (free)" : "");
	if (!oa_model_warned_right(m, misuse))
		return false;
	if (!misuse) {
		if (!oa_model_give(m, m->slot[i].first, m->slot[i].last))
			return false;
		oa_model_set_live(m, i, false);
		m->removes++;
	}
	return oa_model_node_is_right(m, i);
}

/* The last byte @i may grow to: the end of the hole right after it. */
static inline u64 oa_model_room_last(const struct oa_model *m, int i)
{
	u64 last = m->slot[i].last;
	const struct oa_model_hole *h;

	h = last == U64_MAX ? NULL : oa_model_hole_at(m, last + 1);
	return h ? h->last : last;
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
	struct oa_model_slot *slot = &m->slot[i];
	int got = orderly_alloc_resize(&m->oa, &m->node[i], new_size);
	bool misuse = new_size && !slot->live;
	u64 new_last = 0;
	int want;

	if (!new_size || !slot->live)
		want = -EINVAL;
	else if (new_size - 1 > oa_model_room_last(m, i) - slot->first)
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
		new_last = slot->first + (new_size - 1);
	if (!want && new_last > slot->last &&
	    !oa_model_take(m, slot->last + 1, new_last))
		return false;
	if (!want && new_last < slot->last &&
	    !oa_model_give(m, new_last + 1, slot->last))
		return false;
	if (!want)
		slot->last = new_last;
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
 * Does nothing once &struct oa_model.max_ranges calls were made.
 *
 * Return: true if the allocator agreed with the model.
 */
static inline bool oa_model_add_range(struct oa_model *m, u64 first, u64 size)
{
	struct orderly_alloc_range *range = &m->range[m->ranges_used];
	u64 last = first + (size - 1);
	int want, got, pos;

	if (m->ranges_used == m->max_ranges)
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
	for (pos = 0; pos < m->nr_ranges; pos++)
		if ((m->range_last[pos] != U64_MAX &&
		     m->range_last[pos] + 1 == first) ||
		    (last != U64_MAX && last + 1 == m->range_first[pos]))
			m->ranges_touching++;
	for (pos = m->nr_ranges; pos > 0 && m->range_first[pos - 1] > first;
	     pos--) {
		m->range_first[pos] = m->range_first[pos - 1];
		m->range_last[pos] = m->range_last[pos - 1];
	}
	m->range_first[pos] = first;
	m->range_last[pos] = last;
	m->nr_ranges++;
	return oa_model_give(m, first, last);
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
	oa_model_note(m, "reset with %d live", m->nr_live);
	m->resets++;
	m->most_reset = max(m->most_reset, m->nr_live);
	while (m->nr_live)
		oa_model_set_live(m, m->list[0], false);
	if (!oa_model_free_ranges(m))
		return false;
	for (i = 0; i < m->nr_nodes; i++)
		if (!oa_model_node_is_right(m, i))
			return false;
	return oa_model_warned_right(m, false);
}

/*
 * The plain definition of the holes, to check the sets against: the ranges
 * minus the allocations in @m->sorted, merged. An allocation may straddle
 * two ranges that touch, so the cursor carries on.
 */
static inline void oa_model_add_hole(struct oa_model *m, int *nr, u64 first,
				     u64 last)
{
	struct oa_model_hole *prev = *nr ? &m->scratch[*nr - 1] : NULL;

	if (prev && prev->last != U64_MAX && prev->last + 1 == first) {
		prev->last = last;
		return;
	}
	m->scratch[*nr].first = first;
	m->scratch[*nr].last = last;
	(*nr)++;
}

static inline int oa_model_compute_holes(struct oa_model *m)
{
	u128 cursor = 0;
	int r, a = 0, nr = 0;

	for (r = 0; r < m->nr_ranges; r++) {
		cursor = max_t(u128, cursor, m->range_first[r]);
		while (a < m->nr_live &&
		       m->slot[m->sorted[a]].first <= m->range_last[r]) {
			const struct oa_model_slot *s = &m->slot[m->sorted[a++]];

			if (s->first > cursor)
				oa_model_add_hole(m, &nr, cursor, s->first - 1);
			cursor = (u128)s->last + 1;
		}
		if (cursor <= m->range_last[r])
			oa_model_add_hole(m, &nr, cursor, m->range_last[r]);
	}
	return nr;
}

/*
 * The model against itself: both sets sound and holding the same holes,
 * which are those the plain definition gives.
 */
static inline bool oa_model_self_check(struct oa_model *m)
{
	int pool = m->by_addr.nr_chunks + m->by_addr.nr_spare;
	const struct oa_model_hole *h, *in;
	struct oa_model_pos pos;
	const char *broken;
	u64 free_bytes = 0;
	int k, nr;

	broken = oa_model_set_broken(&m->by_addr, pool);
	if (!broken)
		broken = oa_model_set_broken(&m->by_size, pool);
	if (broken)
		return oa_model_fail(m, "model: %s", broken);
	if (m->by_size.nr != m->by_addr.nr)
		return oa_model_fail(m, "model: sets differ in size");
	for (pos = oa_model_set_first(&m->by_size);
	     (h = oa_model_set_at(&m->by_size, pos));
	     pos = oa_model_set_next(&m->by_size, pos)) {
		in = oa_model_hole_at(m, h->first);
		if (!in || in->last != h->last)
			return oa_model_fail(m, "model: sets differ");
	}
	nr = oa_model_compute_holes(m);
	if (nr != m->by_addr.nr)
		return oa_model_fail(m, "model: %d holes, %d by definition",
				     m->by_addr.nr, nr);
	pos = oa_model_set_first(&m->by_addr);
	for (k = 0; k < nr; k++, pos = oa_model_set_next(&m->by_addr, pos)) {
		h = oa_model_set_at(&m->by_addr, pos);
		if (h->first != m->scratch[k].first ||
		    h->last != m->scratch[k].last)
			return oa_model_fail(m, "model: hole %llx-%llx, %llx-%llx by definition",
					     h->first, h->last,
					     m->scratch[k].first,
					     m->scratch[k].last);
		free_bytes += h->last - h->first + 1;
	}
	if (free_bytes != m->free_bytes)
		return oa_model_fail(m, "model: free bytes");
	return true;
}

/*
 * Walk the allocator's nodes: each one live in the model and where the
 * model has it, in ascending order, all of them. Fills @m->sorted.
 */
static inline bool oa_model_walk_nodes(struct oa_model *m)
{
	struct orderly_alloc_node *node = NULL;
	const struct oa_model_slot *prev = NULL;
	int a = 0;

	while ((node = orderly_alloc_next_node(&m->oa, node))) {
		long i = node - m->node;
		const struct oa_model_slot *slot;

		if (i < 0 || i >= m->nr_nodes || !m->slot[i].live ||
		    a >= m->nr_live)
			return oa_model_fail(m, "node walk: stray node at %d",
					     a);
		slot = &m->slot[i];
		if (node->start != slot->first ||
		    node->start + (node->size - 1) != slot->last)
			return oa_model_fail(m, "node %ld moved to %llx+%llu",
					     i, node->start, node->size);
		if (prev && prev->last >= slot->first)
			return oa_model_fail(m, "node walk out of order at %d",
					     a);
		prev = slot;
		m->sorted[a++] = i;
	}
	if (a != m->nr_live)
		return oa_model_fail(m, "%d nodes walked, want %d", a,
				     m->nr_live);
	return true;
}

/**
 * enum oa_model_depth - how much oa_model_compare() compares
 * @OA_MODEL_COUNTERS: free bytes, largest hole, hole and node counts: O(1)
 * @OA_MODEL_WALK: also orderly_alloc_check() and every hole and node
 * @OA_MODEL_ALL: also the model against itself and the plain definition of
 *	the holes
 */
enum oa_model_depth { OA_MODEL_COUNTERS, OA_MODEL_WALK, OA_MODEL_ALL };

/**
 * oa_model_compare() - do the allocator's answers match the model's?
 * @m: the model
 * @depth: how much to compare
 *
 * Return: true if they match.
 */
static inline bool oa_model_compare(struct oa_model *m,
				    enum oa_model_depth depth)
{
	const struct oa_model_hole *last = NULL, *h;
	struct orderly_alloc_hole hole = {};
	struct oa_model_pos pos;
	u64 largest = 0;
	int k;

	if (m->by_size.nr_chunks) {
		const struct oa_model_chunk *ch =
			m->by_size.chunk[m->by_size.nr_chunks - 1];

		last = &ch->hole[ch->n - 1];
		largest = last->last - last->first + 1;
	}
	if (orderly_alloc_free_bytes(&m->oa) != m->free_bytes ||
	    orderly_alloc_largest_hole(&m->oa) != largest ||
	    orderly_alloc_hole_count(&m->oa) != (unsigned long)m->by_addr.nr ||
	    orderly_alloc_node_count(&m->oa) != (unsigned long)m->nr_live)
		return oa_model_fail(m, "counters %llu/%llu/%lu/%lu, want %llu/%llu/%d/%d",
				     orderly_alloc_free_bytes(&m->oa),
				     orderly_alloc_largest_hole(&m->oa),
				     orderly_alloc_hole_count(&m->oa),
				     orderly_alloc_node_count(&m->oa),
				     m->free_bytes, largest, m->by_addr.nr,
				     m->nr_live);
	if (depth == OA_MODEL_COUNTERS)
		return true;
	m->full_checks++;
	if (orderly_alloc_check(&m->oa))
		return oa_model_fail(m, "orderly_alloc_check() failed");
	if (!oa_model_walk_nodes(m) ||
	    (depth == OA_MODEL_ALL && !oa_model_self_check(m)))
		return false;
	pos = oa_model_set_first(&m->by_addr);
	for (k = 0; orderly_alloc_next_hole(&m->oa, &hole); k++) {
		h = oa_model_set_at(&m->by_addr, pos);
		if (!h || hole.start != h->first ||
		    hole.start + (hole.size - 1) != h->last)
			return oa_model_fail(m, "hole %d at %llx+%llu", k,
					     hole.start, hole.size);
		pos = oa_model_set_next(&m->by_addr, pos);
	}
	if (k != m->by_addr.nr)
		return oa_model_fail(m, "%d holes walked, want %d", k,
				     m->by_addr.nr);
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
	if (!oa_model_compare(m, OA_MODEL_ALL))
		return false;
	if (by_reset && !oa_model_reset(m))
		return false;
	while (m->nr_live)
		if (!oa_model_remove(m, m->list[m->nr_live - 1]) ||
		    !oa_model_compare(m, OA_MODEL_COUNTERS))
			return false;
	if (!oa_model_compare(m, OA_MODEL_ALL))
		return false;
	orderly_alloc_fini(&m->oa);
	m->active = false;
	return oa_model_warned_right(m, false);
}

/* The layout of the one zeroed block that oa_model_setup() carves up. */
static inline int oa_model_max_holes(int nodes)
{
	return nodes + OA_MODEL_MAX_RANGES + 2;
}

static inline int oa_model_pool(int nodes)
{
	return 4 * oa_model_max_holes(nodes) / OA_MODEL_CHUNK + 2;
}

/**
 * oa_model_bytes() - the size of the block oa_model_setup() takes
 * @nodes: how many nodes the operations use
 *
 * Return: bytes to allocate.
 */
static inline size_t oa_model_bytes(int nodes)
{
	size_t pool = oa_model_pool(nodes);

	return sizeof(struct oa_model) +
	       nodes * (sizeof(struct orderly_alloc_node) +
			sizeof(struct oa_model_slot) + 2 * sizeof(int)) +
	       oa_model_max_holes(nodes) * sizeof(struct oa_model_hole) +
	       2 * pool * (sizeof(struct oa_model_chunk) +
			   2 * sizeof(struct oa_model_chunk *));
}

static inline void *oa_model_carve(char **at, size_t bytes)
{
	void *p = *at;

	*at += bytes;
	return p;
}

static inline void oa_model_set_setup(struct oa_model_set *s, char **at,
				      int pool, bool by_size)
{
	struct oa_model_chunk *chunks;
	int c;

	s->by_size = by_size;
	chunks = oa_model_carve(at, pool * sizeof(*chunks));
	s->chunk = oa_model_carve(at, pool * sizeof(s->chunk[0]));
	s->spare = oa_model_carve(at, pool * sizeof(s->spare[0]));
	for (c = 0; c < pool; c++)
		s->spare[c] = &chunks[pool - 1 - c];
	s->nr_spare = pool;
}

/**
 * oa_model_setup() - lay out a model in a block of oa_model_bytes(@nodes)
 * @mem: the block, 8-byte aligned; zeroed here
 * @nodes: how many nodes the operations use, at least 1
 * @at_scale: the configuration of oa_model_run() at scale, else the small
 *	one (%OA_MODEL_NODES nodes for it)
 *
 * Return: the model, at @mem.
 */
static inline struct oa_model *oa_model_setup(void *mem, int nodes,
					      bool at_scale)
{
	struct oa_model *m = mem;
	char *at = (char *)(m + 1);
	int i;

	memset(mem, 0, oa_model_bytes(nodes));
	m->nr_nodes = nodes;
	m->at_scale = at_scale;
	m->node = oa_model_carve(&at, nodes * sizeof(m->node[0]));
	oa_model_set_setup(&m->by_addr, &at, oa_model_pool(nodes), false);
	oa_model_set_setup(&m->by_size, &at, oa_model_pool(nodes), true);
	m->slot = oa_model_carve(&at, nodes * sizeof(m->slot[0]));
	m->scratch = oa_model_carve(&at, oa_model_max_holes(nodes) *
					 sizeof(m->scratch[0]));
	m->list = oa_model_carve(&at, nodes * sizeof(m->list[0]));
	m->sorted = oa_model_carve(&at, nodes * sizeof(m->sorted[0]));
	for (i = 0; i < nodes; i++) {
		m->list[i] = i;
		m->slot[i].pos = i;
	}
	if (at_scale) {
		m->max_ranges = OA_MODEL_SCALE_RANGES;
		m->window_size = OA_MODEL_SCALE_WINDOW;
		m->episode_ops = 8UL * nodes;
		m->check_every = max(nodes / 8, 16);
		m->target = nodes / 16 * 13;
	} else {
		m->max_ranges = OA_MODEL_RANGES;
		m->window_size = OA_MODEL_WINDOW;
		m->episode_ops = OA_MODEL_EPISODE_OPS;
		m->check_every = OA_MODEL_CHECK_EVERY;
	}
	return m;
}

/* The randomized test: the draws, then one step of the operation mix. */
static inline u32 oa_model_draw(struct oa_model *m, u32 bound)
{
	return oa_workload_next(&m->rnd) % bound;
}

/* 0 to @bound - 1, @bound may be 0: 2^64. */
static inline u64 oa_model_draw64(struct oa_model *m, u64 bound)
{
	u64 value = oa_workload_next(&m->rnd);

	return bound ? value % bound : value;
}

static inline u64 oa_model_draw_align(struct oa_model *m)
{
	u32 kind = oa_model_draw(m, 100);

	if (kind < 5)
		return oa_model_draw(m, 2);		/* 0 or 1: none */
	if (!m->at_scale) {
		if (kind < 65)
			return 1ULL << oa_model_draw(m, 7);
		if (kind < 95)
			return 1ULL << (7 + oa_model_draw(m, 6));
		return 1ULL << (13 + oa_model_draw(m, 51)); /* up to 2^63 */
	}
	if (kind < 40)
		return 1ULL << oa_model_draw(m, 7);
	if (kind < 65)
		return 1ULL << (7 + oa_model_draw(m, 6));
	if (kind < 80)
		return BIT_ULL(12);
	if (kind < 90)
		return BIT_ULL(16);			/* 64 KiB */
	if (kind < 96)
		return BIT_ULL(21);			/* 2 MiB */
	return 1ULL << (13 + oa_model_draw(m, 51));
}

static inline u64 oa_model_draw_size(struct oa_model *m)
{
	u32 kind = oa_model_draw(m, 100);

	if (!m->at_scale) {
		if (kind < 70)
			return 1 + oa_model_draw(m, 64);
		if (kind < 95)
			return 1 + oa_model_draw(m, 2048);
		return 1 + oa_model_draw(m, OA_MODEL_WINDOW);
	}
	if (kind < 45)
		return 1 + oa_model_draw(m, 4096);	/* any byte count */
	if (kind < 80)					/* pages to 256 KiB */
		return BIT_ULL(12) * (1 + oa_model_draw(m, 64));
	if (kind < 99)					/* to 4 MiB */
		return BIT_ULL(12) * (1 + oa_model_draw(m, 1024));
	return BIT_ULL(12) * (1 + oa_model_draw(m, 16384)); /* to 64 MiB */
}

/* A node free or live, or -1 if there is none. */
static inline int oa_model_pick(struct oa_model *m, bool live)
{
	if (live)
		return m->nr_live ? m->list[oa_model_draw(m, m->nr_live)] : -1;
	if (m->nr_live == m->nr_nodes)
		return -1;
	return m->list[m->nr_live + oa_model_draw(m, m->nr_nodes -
						     m->nr_live)];
}

/*
 * A range for insert_range(): in the small configuration anywhere in the
 * window; at scale in the managed space, half the time in its lowest
 * eighth, as a GPU driver asks for the CPU-visible part of VRAM.
 */
static inline void oa_model_draw_range(struct oa_model *m, u64 *first,
				       u64 *last)
{
	u64 lo = m->range_first[0], span = m->range_last[m->nr_ranges - 1] - lo;

	if (!m->at_scale) {
		*first = m->window + oa_model_draw(m, OA_MODEL_WINDOW);
		*last = *first + min_t(u64, oa_model_draw(m, OA_MODEL_WINDOW / 2),
				       U64_MAX - *first);
	} else if (oa_model_draw(m, 2)) {
		*first = lo;
		*last = lo + span / 8;
	} else {
		*first = lo + oa_model_draw64(m, span + 1);
		*last = *first + min(oa_model_draw64(m, span / 8 + 1),
				     U64_MAX - *first);
	}
	if (!oa_model_draw(m, 30)) {		/* inverted */
		u64 inverted = *first;

		*first = *last;
		*last = inverted;
	}
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
	if (in_range)	/* an end of 0, past U64_MAX, stands for 2^64 */
		oa_model_draw_range(m, &range_first, &range_last);
	return oa_model_insert(m, i, size, align, range_first, range_last,
			       mode, in_range);
}

static inline bool oa_model_random_reserve(struct oa_model *m)
{
	u64 most = m->at_scale ? BIT_ULL(22) : 4096;
	int i = oa_model_pick(m, false);
	u64 start, size;

	if (i < 0)
		return true;
	if (m->by_addr.nr && oa_model_draw(m, 2)) {
		const struct oa_model_hole *h =
			oa_model_nth_hole(m, oa_model_draw(m, m->by_addr.nr));

		start = h->first + (h->last - h->first > 64 ?
				    oa_model_draw(m, 64) : 0);
		size = 1 + oa_model_draw64(m, min(h->last - start + 1, most));
	} else {
		start = m->window + oa_model_draw64(m, m->window_size);
		size = oa_model_draw_size(m);
	}
	return oa_model_reserve(m, i, start, size);
}

static inline bool oa_model_random_resize(struct oa_model *m)
{
	int i = oa_model_pick(m, true);
	u64 size, new_size;

	if (i < 0)
		return true;
	size = m->slot[i].last - m->slot[i].first + 1;
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
	u64 window_last = m->window + (m->window_size - 1);
	int r = oa_model_draw(m, m->nr_ranges), kind = oa_model_draw(m, 10);
	u64 first, last, size = 1 + oa_model_draw64(m, m->window_size /
						     (m->at_scale ? 512 : 8));

	if (kind < 4 && m->range_last[r] < window_last) {
		first = m->range_last[r] + 1;
		last = first + min(size - 1, window_last - first);
	} else if (kind < 7 && m->range_first[r] > m->window) {
		last = m->range_first[r] - 1;
		first = last - min(size - 1, last - m->window);
	} else {
		first = m->window + oa_model_draw64(m, m->window_size);
		last = first + min(size - 1, window_last - first);
	}
	return oa_model_add_range(m, first, last - first + 1);
}

/*
 * A new manager in a window at 0, 2^63 or the top of u64; at scale the
 * first range takes an eighth to a quarter of the window.
 */
static inline bool oa_model_random_begin(struct oa_model *m)
{
	u64 w = m->window_size;
	const u64 windows[] = { 0, w, BIT_ULL(63) - w / 2, 0 - w };
	u64 least = m->at_scale ? w / 8 : 1;

	m->window = windows[oa_model_draw(m, ARRAY_SIZE(windows))];
	return oa_model_begin(m, m->window + oa_model_draw64(m, w / 4),
			      least + oa_model_draw64(m, w / 8 * (m->at_scale ?
								  1 : 4)));
}

/*
 * The operation mix, in ten thousandths: insert, reserve, remove, resize,
 * add_range, reset (one in 20 of those drawn happens). The small
 * configuration churns. At scale the live count climbs to @target, churns
 * there, is drained in the second fifth after mid-episode and climbs again.
 */
enum {
	OA_MIX_INSERT, OA_MIX_RESERVE, OA_MIX_REMOVE, OA_MIX_RESIZE,
	OA_MIX_ADD_RANGE, OA_MIX_RESET, OA_MIX_KINDS
};

static inline const u16 *oa_model_mix(const struct oa_model *m)
{
	static const u16 churn[OA_MIX_KINDS] = { 4000, 800, 4000, 1100, 90, 10 };
	static const u16 scale_churn[OA_MIX_KINDS] = {
		4000, 800, 4000, 1190, 10, 0 };
	static const u16 scale_climb[OA_MIX_KINDS] = {
		6000, 1000, 1000, 1990, 10, 0 };
	static const u16 scale_drain[OA_MIX_KINDS] = {
		1000, 200, 7800, 980, 10, 10 };
	unsigned long in_episode = m->op % m->episode_ops;
	bool draining = in_episode >= m->episode_ops / 2 &&
			in_episode < m->episode_ops / 2 + m->episode_ops / 5;

	if (!m->at_scale)
		return churn;
	if (draining && m->nr_live > m->nr_nodes / 32)
		return scale_drain;
	if (!draining && m->nr_live < m->target)
		return scale_climb;
	return scale_churn;
}

static inline bool oa_model_random_step(struct oa_model *m)
{
	const u16 *mix = oa_model_mix(m);
	u32 kind = oa_model_draw(m, 10000);
	int i;

	for (i = 0; i < OA_MIX_RESET && kind >= mix[i]; i++)
		kind -= mix[i];
	switch (i) {
	case OA_MIX_INSERT:
		return oa_model_random_insert(m);
	case OA_MIX_RESERVE:
		return oa_model_random_reserve(m);
	case OA_MIX_REMOVE:
		i = oa_model_pick(m, true);
		return i < 0 || oa_model_remove(m, i);
	case OA_MIX_RESIZE:
		return oa_model_random_resize(m);
	case OA_MIX_ADD_RANGE:
		return oa_model_random_add_range(m);
	default:
		return oa_model_draw(m, 20) || oa_model_reset(m);
	}
}

/**
 * oa_model_run() - the randomized test
 * @m: a model from oa_model_setup(); @m->warnings may be set
 * @seed: seed of the random source
 * @ops: operations to run, in episodes of @m->episode_ops on a fresh
 *	manager each; an episode ends alternately by reset and by removing
 *	every node
 *
 * After every operation the counters are compared with the model's, and
 * every @m->check_every operations orderly_alloc_check() runs and every
 * hole and node is compared.
 *
 * Return: true if the allocator agreed with the model throughout; else
 * @m->op, @m->last_op and @m->why say where and why not.
 */
static inline bool oa_model_run(struct oa_model *m, u64 seed,
				unsigned long ops)
{
	oa_workload_init(&m->rnd, seed);
	for (m->op = 0; m->op < ops; m->op++) {
		if (m->op % m->episode_ops == 0 &&
		    (!oa_model_end(m, m->op / m->episode_ops % 2) ||
		     !oa_model_random_begin(m)))
			return false;
		if (!oa_model_random_step(m) ||
		    !oa_model_compare(m, m->op % m->check_every ?
					 OA_MODEL_COUNTERS : OA_MODEL_ALL))
			return false;
	}
	return oa_model_end(m, m->op / m->episode_ops % 2);
}

#endif /* _ORDERLY_ALLOC_MODEL_H */
