// SPDX-License-Identifier: GPL-2.0
/*
 * orderly_alloc side by side with drm_mm, gen_pool and the GPU buddy
 * allocator, in one boot, on the workload of bench/workload.h.
 *
 * A KUnit suite, so that scripts/oa-cache builds and boots it under
 * User-Mode Linux, where kernel code runs natively: `make bench` boots it
 * with orderly_alloc_bench.full=1 several times and takes the median of
 * each ratio; `make check` boots the small default version, which checks
 * the generator and every contender's ranges in a few seconds.
 *
 * Every free+alloc pair is timed with the host's monotonic clock
 * (os_nsecs()), as UML's clocksource counts in 256 ns steps. Every range a
 * contender returns is checked for alignment, bounds, range and overlap
 * outside the timed part; a contender that returns a bad one is reported,
 * not timed, and fails the case.
 *
 * Copyright (C) 2026 The orderly_alloc authors
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#ifdef CONFIG_UML
#include <os.h>
#endif

#include "contenders.h"
#include "workload.h"

static unsigned long long seed = OA_WORKLOAD_SEED;
module_param(seed, ullong, 0444);
MODULE_PARM_DESC(seed, "seed of the workload (default 42)");

static bool full;
module_param(full, bool, 0444);
MODULE_PARM_DESC(full, "run the full benchmark, not the smoke test");

static char *only = "";
module_param(only, charp, 0444);
MODULE_PARM_DESC(only, "run only the scenario of this name");

static char *contender = "";
module_param(contender, charp, 0444);
MODULE_PARM_DESC(contender, "run only these contenders, e.g. drm_mm-best,gen_pool");

static unsigned int iterations;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "timed pairs of churn and hostile, if not 0 (profiling)");

static unsigned int slow_ns;
module_param(slow_ns, uint, 0444);
MODULE_PARM_DESC(slow_ns, "print the first 50 pairs slower than this (diagnosis)");

static unsigned int budget_ms = 10000;
module_param(budget_ms, uint, 0444);
MODULE_PARM_DESC(budget_ms, "stop a contender's timed loop after this long");

/* Pages of 4 KiB: the granule of every request and of the overlap check. */
#define PAGE_BITS	12

/* frag keeps a few thousand allocations live; this is far beyond. */
#define FRAG_SLOTS	32768U
/* hostile: the few large holes its 2 MiB-aligned requests fit in. */
#define HOSTILE_BIG_HOLES	4U
#define HOSTILE_BIG_HOLE	SZ_256M

enum scenario_kind {
	CHURN,
	FRAG,
	HOSTILE,
};

/**
 * struct scenario - one line of the report
 * @name: as in the RATIO lines
 * @kind: the procedure: churn, frag or hostile
 * @live: churn: allocations live; hostile: large allocations live
 * @iterations: timed free+alloc pairs (churn, hostile); rounds (frag)
 * @holes: hostile: small holes the 2 MiB alignment defeats
 * @visible: 30% of requests restricted to the first eighth of the pool
 * @topdown: requests of 1 MiB and more placed highest-first
 * @irqsoff: each pair under spin_lock_irqsave()
 */
struct scenario {
	const char *name;
	enum scenario_kind kind;
	u32 live;
	u32 iterations;
	u32 holes;
	bool visible;
	bool topdown;
	bool irqsoff;
};

static const struct scenario full_scenarios[] = {
	{ "churn-1k", CHURN, 1000, OA_WORKLOAD_CHURN_ITERATIONS },
	{ "churn-10k", CHURN, 10000, OA_WORKLOAD_CHURN_ITERATIONS },
	{ "churn-100k", CHURN, 100000, OA_WORKLOAD_CHURN_ITERATIONS },
	{ "frag", FRAG, 0, OA_WORKLOAD_FRAG_ROUNDS },
	{ "visible", CHURN, 10000, OA_WORKLOAD_CHURN_ITERATIONS,
	  .visible = true },
	{ "topdown", CHURN, 10000, OA_WORKLOAD_CHURN_ITERATIONS,
	  .topdown = true },
	{ "hostile", HOSTILE, 256, 20000, .holes = 10000 },
	{ "irqsoff", CHURN, 10000, OA_WORKLOAD_CHURN_ITERATIONS,
	  .irqsoff = true },
};

/* The same scenarios, small: a smoke test of a few seconds. */
static const struct scenario smoke_scenarios[] = {
	{ "churn-1k", CHURN, 1000, 2000 },
	{ "churn-10k", CHURN, 2000, 2000 },
	{ "churn-100k", CHURN, 3000, 2000 },
	{ "frag", FRAG, 0, 2 },
	{ "visible", CHURN, 1000, 2000, .visible = true },
	{ "topdown", CHURN, 1000, 2000, .topdown = true },
	{ "hostile", HOSTILE, 16, 500, .holes = 200 },
	{ "irqsoff", CHURN, 1000, 2000, .irqsoff = true },
};

/**
 * struct result - what one contender did in one scenario
 * @skipped: why it did not run, or NULL
 * @bad: the first bad range it returned, or NULL
 * @n: timed operations
 * @truncated: the loop stopped at budget_ms
 * @mean_x10: mean ns per operation, in tenths
 * @p50: median ns
 * @p99: 99th percentile ns
 * @p999: 99.9th percentile ns
 * @max: slowest ns
 * @slow: operations slower than 20 times @p50
 * @fails: failed allocations
 * @util_ppm: frag: mean utilisation at first failure, parts per million
 * @meta_x10: bytes of metadata per live allocation, in tenths
 */
struct result {
	const char *skipped;
	const char *bad;
	u32 n;
	bool truncated;
	u64 mean_x10;
	u32 p50, p99, p999, max;
	u32 slow;
	u32 fails;
	u64 util_ppm;
	u64 meta_x10;
};

/**
 * struct run - one contender in one scenario
 * @s: the scenario
 * @c: the contender
 * @pool: the contender's pool
 * @w: the workload's generator
 * @start: start of the allocation in each slot, as checked
 * @size: size of the allocation in each slot; 0 for an empty slot
 * @used: the pool's 4 KiB pages in use, to check for overlaps
 * @live: allocations live
 * @live_bytes: bytes they requested
 * @samples: ns of each timed operation
 * @n: samples taken
 * @deadline: os_nsecs() at which the timed loop stops
 * @res: the result
 * @lock: taken around each pair by the irqsoff scenario
 * @slow_printed: pairs printed for slow_ns
 */
struct run {
	const struct scenario *s;
	const struct oa_bench_contender *c;
	struct oa_bench_pool pool;
	struct oa_workload w;
	u64 *start;
	u64 *size;
	unsigned long *used;
	u32 live;
	u64 live_bytes;
	u32 *samples;
	u32 n;
	u64 deadline;
	struct result *res;
	spinlock_t lock;	/* only to disable interrupts as a driver does */
	u32 slow_printed;
};

/* The host's monotonic clock in ns: UML's own counts in 256 ns steps. */
static u64 now_ns(void)
{
#ifdef CONFIG_UML
	return os_nsecs();
#else
	return ktime_get_raw_ns();
#endif
}

static void draw(struct run *run, struct oa_bench_request *req)
{
	oa_workload_request(&run->w, &req->size, &req->align);
	req->range_end = 0;
	req->high = run->s->topdown && req->size >= SZ_1M;
	if (run->s->visible && oa_workload_next(&run->w) % 100 < 30)
		req->range_end = run->pool.size / 8;
	if (run->s->kind == HOSTILE) {
		req->align = OA_WORKLOAD_ALIGN_2M;
		req->size = min(req->size, SZ_2M - SZ_4K);
	}
}

/* What is wrong with [@start, @start + @req->size), or NULL. */
static const char *check_range(struct run *run, u32 slot,
			       const struct oa_bench_request *req, u64 start)
{
	u64 first = start >> PAGE_BITS, pages = req->size >> PAGE_BITS;

	if (start & (req->align - 1))
		return "misaligned";
	if (start > run->pool.size || req->size > run->pool.size - start)
		return "out-of-bounds";
	if (req->range_end && start + req->size > req->range_end)
		return "outside-the-range";
	if (find_next_bit(run->used, first + pages, first) < first + pages)
		return "overlap";
	if (run->c->check && run->c->check(&run->pool, slot, start, req->size))
		return "not-contiguous";
	return NULL;
}

/* Account for a successful allocation; false if its range is bad. */
static bool placed(struct run *run, u32 slot,
		   const struct oa_bench_request *req, u64 start)
{
	const char *bad = check_range(run, slot, req, start);

	if (bad) {
		pr_err("oa_bench: %s %s: %s: %#llx + %#llx, align %#llx\n",
		       run->s->name, run->c->name, bad, start, req->size,
		       req->align);
		run->res->bad = bad;
		return false;
	}
	bitmap_set(run->used, start >> PAGE_BITS, req->size >> PAGE_BITS);
	run->start[slot] = start;
	run->size[slot] = req->size;
	run->live++;
	run->live_bytes += req->size;
	return true;
}

static void freed(struct run *run, u32 slot)
{
	bitmap_clear(run->used, run->start[slot] >> PAGE_BITS,
		     run->size[slot] >> PAGE_BITS);
	run->live--;
	run->live_bytes -= run->size[slot];
	run->size[slot] = 0;
}

/* An untimed allocation; false if its range is bad. */
static bool fill_one(struct run *run, u32 slot,
		     const struct oa_bench_request *req)
{
	u64 start;

	if (run->c->alloc(&run->pool, slot, req, &start)) {
		run->res->fails++;
		return true;
	}
	return placed(run, slot, req, start);
}

/* The two calls a pair times: free @slot if @occupied, allocate @req. */
static int pair_calls(struct run *run, u32 slot, bool occupied,
		      const struct oa_bench_request *req, u64 *start)
{
	if (occupied)
		run->c->free(&run->pool, slot);
	return run->c->alloc(&run->pool, slot, req, start);
}

/*
 * One timed pair: free @slot if it is in use, then allocate @req into it.
 * Only the two calls are timed; the checks and the bookkeeping are not.
 */
static bool timed_pair(struct run *run, u32 slot,
		       const struct oa_bench_request *req)
{
	bool occupied = run->size[slot];
	unsigned long flags;
	u64 t0, t1, start;
	int err;

	t0 = now_ns();
	if (run->s->irqsoff) {
		spin_lock_irqsave(&run->lock, flags);
		err = pair_calls(run, slot, occupied, req, &start);
		spin_unlock_irqrestore(&run->lock, flags);
	} else {
		err = pair_calls(run, slot, occupied, req, &start);
	}
	t1 = now_ns();

	run->samples[run->n++] = min_t(u64, t1 - t0, U32_MAX);
	if (slow_ns && t1 - t0 > slow_ns && run->slow_printed < 50) {
		run->slow_printed++;
		pr_info("oa_bench: slow %s %s: pair %u took %llu ns: free %llu at %#llx, alloc %llu align %llu%s%s: %d\n",
			run->s->name, run->c->name, run->n, t1 - t0,
			occupied ? run->size[slot] : 0, run->start[slot],
			req->size, req->align, req->range_end ? " visible" : "",
			req->high ? " high" : "", err);
	}
	if (occupied)
		freed(run, slot);
	if (err) {
		run->res->fails++;
		return true;
	}
	return placed(run, slot, req, start);
}

/* Every 256 operations: let RCU and others in, and watch the budget. */
static bool keep_going(struct run *run, u32 i)
{
	if (i % 256)
		return true;
	cond_resched();
	if (now_ns() < run->deadline)
		return true;
	run->res->truncated = true;
	return false;
}

/* churn, visible, topdown, irqsoff: BENCH-WORKLOAD.md's steady state. */
static void churn(struct run *run)
{
	struct oa_bench_request req;
	u32 i, slot;

	for (i = 0; i < run->s->live; i++) {
		draw(run, &req);
		if (!fill_one(run, i, &req))
			return;
	}
	run->res->fails = 0;
	run->deadline = now_ns() + budget_ms * NSEC_PER_MSEC;
	for (i = 0; i < run->s->iterations && keep_going(run, i); i++) {
		slot = oa_workload_next(&run->w) % run->s->live;
		draw(run, &req);
		if (!timed_pair(run, slot, &req))
			return;
	}
}

/*
 * hostile: small holes that the 2 MiB alignment defeats, of 1 MiB to
 * 2 MiB - 4 KiB (a separator of 4 KiB to 1 MiB at the start of each 2 MiB),
 * half of them below a few large ones and half above, and 2 MiB-aligned
 * requests that only the large ones fit. Best fit passes every small hole
 * large enough for the size, lowest and highest placement the half on
 * their side: each mode meets the holes it must skip.
 */
static void hostile(struct run *run)
{
	const struct scenario *s = run->s;
	struct oa_bench_request req = { .align = SZ_4K };
	u32 i, below = s->holes / 2;
	u64 start;

	for (i = 0; i < s->holes + HOSTILE_BIG_HOLES; i++) {
		u32 slot = s->live + i;

		if (i < s->holes) {
			start = (u64)i * SZ_2M;
			if (i >= below)
				start += (u64)HOSTILE_BIG_HOLES *
					 HOSTILE_BIG_HOLE;
			req.size = SZ_4K * (1 + oa_workload_next(&run->w) % 256);
		} else {
			start = (u64)below * SZ_2M +
				(u64)(i - s->holes) * HOSTILE_BIG_HOLE;
			req.size = SZ_4K;
		}
		if (run->c->reserve(&run->pool, slot, start, req.size)) {
			run->res->bad = "reserve-failed";
			return;
		}
		if (!placed(run, slot, &req, start))
			return;
	}
	churn(run);
}

/* frag: allocate until the first failure, free half, 20 times. */
static void frag(struct run *run)
{
	u32 *order, *spare, count = 0, nspare = FRAG_SLOTS, round, i, kept;
	struct oa_bench_request req;
	u64 util = 0, t0, start;
	int err;

	order = kvmalloc_array(2 * FRAG_SLOTS, sizeof(*order), GFP_KERNEL);
	if (!order) {
		run->res->bad = "no-memory";
		return;
	}
	spare = order + FRAG_SLOTS;
	for (i = 0; i < FRAG_SLOTS; i++)
		spare[i] = FRAG_SLOTS - 1 - i;

	for (round = 0; round < run->s->iterations; round++) {
		do {
			if (!nspare) {
				run->res->bad = "too-many-allocations";
				goto out;
			}
			draw(run, &req);
			t0 = now_ns();
			err = run->c->alloc(&run->pool, spare[nspare - 1], &req,
					    &start);
			run->samples[run->n++] = min_t(u64, now_ns() - t0,
						       U32_MAX);
			if (!err && !placed(run, spare[nspare - 1], &req, start))
				goto out;
			if (!err)
				order[count++] = spare[--nspare];
			cond_resched();
		} while (!err);
		run->res->fails++;
		util += div64_u64(run->live_bytes * 1000000, run->pool.size);

		for (i = 0, kept = 0; i < count; i++) {
			if (oa_workload_next(&run->w) & 1) {
				run->c->free(&run->pool, order[i]);
				freed(run, order[i]);
				spare[nspare++] = order[i];
			} else {
				order[kept++] = order[i];
			}
		}
		count = kept;
	}
	run->res->util_ppm = div_u64(util, run->s->iterations);
out:
	kvfree(order);
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static void summarise(struct run *run)
{
	struct result *res = run->res;
	u64 sum = 0, internal;
	u32 i, n = run->n;

	internal = run->c->internal_bytes(&run->pool);
	res->meta_x10 = run->c->node_bytes * 10 +
			div_u64(internal * 10, max(run->live, 1U));
	res->n = n;
	if (!n)
		return;
	sort(run->samples, n, sizeof(*run->samples), cmp_u32, NULL);
	for (i = 0; i < n; i++)
		sum += run->samples[i];
	res->mean_x10 = div_u64(sum * 10, n);
	res->p50 = run->samples[n / 2];
	res->p99 = run->samples[div_u64((u64)n * 99, 100)];
	res->p999 = run->samples[div_u64((u64)n * 999, 1000)];
	res->max = run->samples[n - 1];
	while (res->slow < n && run->samples[n - 1 - res->slow] > 20 * res->p50)
		res->slow++;
}

static u64 pool_size(const struct scenario *s)
{
	switch (s->kind) {
	case CHURN:
		return s->live * OA_WORKLOAD_CHURN_POOL_PER_LIVE;
	case FRAG:
		return OA_WORKLOAD_FRAG_POOL;
	default:
		return (u64)s->holes * SZ_2M +
		       (u64)HOSTILE_BIG_HOLES * HOSTILE_BIG_HOLE;
	}
}

static u32 slot_count(const struct scenario *s)
{
	switch (s->kind) {
	case CHURN:
		return s->live;
	case FRAG:
		return FRAG_SLOTS;
	default:
		return s->live + s->holes + HOSTILE_BIG_HOLES;
	}
}

/* Is @name in the comma-separated list of the contender parameter? */
static bool chosen(const char *name)
{
	size_t len = strlen(name);
	const char *at;

	if (!*contender)
		return true;
	for (at = contender; (at = strstr(at, name)); at += len)
		if ((at == contender || at[-1] == ',') &&
		    (at[len] == ',' || !at[len]))
			return true;
	return false;
}

/* Why @c cannot run @s, or NULL. */
static const char *unfit(const struct scenario *s,
			 const struct oa_bench_contender *c)
{
	if (s->visible && !(c->caps & OA_BENCH_CAN_RANGE))
		return "no-range-restriction";
	if (s->topdown && !(c->caps & OA_BENCH_CAN_HIGH))
		return "no-top-down";
	if (s->irqsoff && (c->caps & OA_BENCH_MAY_SLEEP))
		return "may-sleep";
	return NULL;
}

static void run_contender(struct kunit *test, const struct scenario *s,
			  const struct oa_bench_contender *c,
			  struct result *res)
{
	struct run run = {
		.s = s, .c = c, .res = res,
		.pool = { .contender = c, .size = pool_size(s),
			  .slots = slot_count(s) },
	};
	u32 slots = run.pool.slots, max_samples;
	struct scenario scen = *s;

	res->skipped = unfit(s, c);
	if (!chosen(c->name))
		res->skipped = "not-chosen";
	if (res->skipped)
		return;
	if (iterations && s->kind != FRAG)
		scen.iterations = iterations;
	run.s = &scen;
	max_samples = s->kind == FRAG ? FRAG_SLOTS * s->iterations :
					scen.iterations;
	spin_lock_init(&run.lock);
	oa_workload_init(&run.w, seed);
	run.start = kvcalloc(slots, sizeof(*run.start), GFP_KERNEL);
	run.size = kvcalloc(slots, sizeof(*run.size), GFP_KERNEL);
	run.used = kvcalloc(BITS_TO_LONGS(run.pool.size >> PAGE_BITS),
			    sizeof(long), GFP_KERNEL);
	run.samples = kvmalloc_array(max_samples, sizeof(u32), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, run.start && run.size && run.used &&
			  run.samples);
	KUNIT_ASSERT_EQ(test, c->setup(&run.pool), 0);

	if (s->kind == FRAG)
		frag(&run);
	else if (s->kind == HOSTILE)
		hostile(&run);
	else
		churn(&run);
	summarise(&run);

	c->teardown(&run.pool);
	kvfree(run.samples);
	kvfree(run.used);
	kvfree(run.size);
	kvfree(run.start);
}

/* @x / @y with three decimals, as "x.yyy" in @buf. */
static const char *ratio(char *buf, size_t len, u64 x, u64 y)
{
	u64 r = y ? div64_u64(x * 1000, y) : 0;

	if (!y)
		return "-";
	snprintf(buf, len, "%llu.%03llu", div_u64(r, 1000), r % 1000);
	return buf;
}

static void print_result(const struct scenario *s,
			 const struct oa_bench_contender *c,
			 const struct result *r)
{
	char util[16] = "-";

	if (r->skipped || r->bad) {
		pr_info("oa_bench: result scenario=%s contender=%s %s=%s\n",
			s->name, c->name, r->skipped ? "skipped" : "bad",
			r->skipped ?: r->bad);
		return;
	}
	if (s->kind == FRAG)
		snprintf(util, sizeof(util), "%llu.%04llu",
			 div_u64(r->util_ppm, 10000), r->util_ppm % 10000);
	pr_info("oa_bench: result scenario=%s contender=%s n=%u%s mean=%llu.%llu p50=%u p99=%u p999=%u max=%u slow=%u fails=%u util=%s meta=%llu.%llu\n",
		s->name, c->name, r->n, r->truncated ? " truncated=1" : "",
		div_u64(r->mean_x10, 10), r->mean_x10 % 10, r->p50, r->p99,
		r->p999, r->max, r->slow, r->fails, util,
		div_u64(r->meta_x10, 10), r->meta_x10 % 10);
}

static int contender_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < oa_bench_contender_count; i++)
		if (!strcmp(oa_bench_contenders[i].name, name))
			return i;
	return -1;
}

/*
 * The RATIO line of orderly_alloc in placement @mode against drm_mm in the
 * same mode, e.g.
 * RATIO churn-10k orderly_alloc-best/drm_mm-best mean=0.7 p50=0.9 p999=0.1
 * (with three decimals), and util= in frag.
 */
static void print_ratio(const struct scenario *s, const struct result *res,
			const char *mode)
{
	char subject[32], reference[32];
	char mean[24], p50[24], p999[24], util[24], util_field[32] = "";
	const struct result *a, *b;
	int i, j;

	snprintf(subject, sizeof(subject), OA_BENCH_SUBJECT "%s", mode);
	snprintf(reference, sizeof(reference), OA_BENCH_REFERENCE "%s", mode);
	i = contender_index(subject);
	j = contender_index(reference);
	if (i < 0 || j < 0)
		return;
	a = &res[i];
	b = &res[j];
	if (a->skipped || a->bad || b->skipped || b->bad || !a->n || !b->n)
		return;
	if (s->kind == FRAG)
		snprintf(util_field, sizeof(util_field), " util=%s",
			 ratio(util, sizeof(util), a->util_ppm, b->util_ppm));
	pr_info("RATIO %s %s/%s mean=%s p50=%s p999=%s%s\n", s->name, subject,
		reference, ratio(mean, sizeof(mean), a->mean_x10, b->mean_x10),
		ratio(p50, sizeof(p50), a->p50, b->p50),
		ratio(p999, sizeof(p999), a->p999, b->p999), util_field);
}

static const void *scenario_gen(const void *prev, char *desc)
{
	const struct scenario *list = full ? full_scenarios : smoke_scenarios;
	const struct scenario *s = prev ? (const struct scenario *)prev + 1 :
					  list;

	static_assert(ARRAY_SIZE(full_scenarios) ==
		      ARRAY_SIZE(smoke_scenarios));

	for (; s < list + ARRAY_SIZE(full_scenarios); s++) {
		if (*only && strcmp(only, s->name))
			continue;
		strscpy(desc, s->name, KUNIT_PARAM_DESC_SIZE);
		return s;
	}
	return NULL;
}

/* Every contender in one scenario, then orderly_alloc's RATIO lines. */
static void bench_scenario(struct kunit *test)
{
	static const char * const modes[] = { "best", "low", "high" };
	const struct scenario *s = test->param_value;
	struct result *res;
	unsigned int i;

	res = kunit_kcalloc(test, oa_bench_contender_count, sizeof(*res),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	for (i = 0; i < oa_bench_contender_count; i++) {
		run_contender(test, s, &oa_bench_contenders[i], &res[i]);
		print_result(s, &oa_bench_contenders[i], &res[i]);
		KUNIT_EXPECT_NULL_MSG(test, res[i].bad, "%s returned a bad range",
				      oa_bench_contenders[i].name);
	}
	for (i = 0; i < ARRAY_SIZE(modes); i++)
		print_ratio(s, res, modes[i]);
}

/* The generator replays BENCH-WORKLOAD.md: its check values. */
static void bench_workload(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, oa_workload_check(), 0);
	pr_info("oa_bench: seed=%llu full=%d budget_ms=%u\n", seed, full,
		budget_ms);
}

/* The clock resolves far below UML's 256 ns: report what reading it costs. */
static void bench_clock(struct kunit *test)
{
	u32 deltas[201], i;
	u64 t0;

	for (i = 0; i < ARRAY_SIZE(deltas); i++) {
		t0 = now_ns();
		deltas[i] = now_ns() - t0;
	}
	sort(deltas, ARRAY_SIZE(deltas), sizeof(*deltas), cmp_u32, NULL);
	pr_info("oa_bench: clock: one reading costs min=%u p50=%u ns\n",
		deltas[0], deltas[ARRAY_SIZE(deltas) / 2]);
	KUNIT_EXPECT_LT(test, deltas[ARRAY_SIZE(deltas) / 2], 256);
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE(bench_workload),
	KUNIT_CASE(bench_clock),
	KUNIT_CASE_PARAM(bench_scenario, scenario_gen),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "orderly_alloc_bench",
	.test_cases = bench_cases,
};

kunit_test_suite(bench_suite);

MODULE_DESCRIPTION("orderly_alloc against drm_mm, gen_pool and gpu_buddy");
MODULE_LICENSE("GPL");
