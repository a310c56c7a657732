/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark workload of orderly_alloc, written once for the kernel
 * benchmark (bench/) and the userspace build (tools/testing/): a splitmix64
 * generator and the request it draws, exactly as ../shared/BENCH-WORKLOAD.md
 * specifies, with the check values that prove a build replays it.
 *
 * Plain C on u64 and u32 from <linux/types.h>, nothing else from the
 * kernel, so that a userspace build with a types shim can include it too.
 * The interface is stable: tools/testing/ depends on it.
 */
#ifndef _ORDERLY_ALLOC_BENCH_WORKLOAD_H
#define _ORDERLY_ALLOC_BENCH_WORKLOAD_H

#include <linux/types.h>

/* The seed of every published figure. */
#define OA_WORKLOAD_SEED		42ULL

/* churn: pool bytes per live allocation, and the timed iterations. */
#define OA_WORKLOAD_CHURN_POOL_PER_LIVE	655360ULL
#define OA_WORKLOAD_CHURN_ITERATIONS	200000U

/* frag: the pool and the rounds of allocate-until-full, free half. */
#define OA_WORKLOAD_FRAG_POOL		1073741824ULL	/* 1 GiB */
#define OA_WORKLOAD_FRAG_ROUNDS		20U

/* The three alignments a request can ask for. */
#define OA_WORKLOAD_ALIGN_4K		4096ULL
#define OA_WORKLOAD_ALIGN_64K		65536ULL
#define OA_WORKLOAD_ALIGN_2M		2097152ULL

/* Check values for OA_WORKLOAD_SEED: see oa_workload_check(). */
#define OA_WORKLOAD_CHECK_REQUESTS	100000U
#define OA_WORKLOAD_CHECK_SIZE_SUM	34904489984ULL
#define OA_WORKLOAD_CHECK_ALIGN_4K	84990U
#define OA_WORKLOAD_CHECK_ALIGN_64K	9964U
#define OA_WORKLOAD_CHECK_ALIGN_2M	5046U

/**
 * struct oa_workload - state of one splitmix64 generator
 * @state: the generator's state; oa_workload_init() sets it to the seed
 */
struct oa_workload {
	u64 state;
};

/**
 * oa_workload_init() - start a generator
 * @w: the generator
 * @seed: its seed, %OA_WORKLOAD_SEED for published figures
 */
static inline void oa_workload_init(struct oa_workload *w, u64 seed)
{
	w->state = seed;
}

/**
 * oa_workload_next() - draw the next number (splitmix64)
 * @w: the generator
 *
 * Return: the next 64-bit number of the sequence.
 */
static inline u64 oa_workload_next(struct oa_workload *w)
{
	u64 z;

	w->state += 0x9E3779B97F4A7C15ULL;
	z = w->state;
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/**
 * oa_workload_request() - draw one request, with exactly three draws
 * @w: the generator
 * @size: set to the size: 4 KiB to 2 MiB, a multiple of 4 KiB
 * @align: set to the alignment: 4 KiB (85%), 64 KiB (10%) or 2 MiB (5%)
 */
static inline void oa_workload_request(struct oa_workload *w, u64 *size,
				       u64 *align)
{
	u64 base = 4096ULL << (oa_workload_next(w) % 9);
	u64 a;

	*size = base + (oa_workload_next(w) % 1024) * base / 1024;
	*size = (*size + 4095) & ~4095ULL;
	a = oa_workload_next(w) % 100;
	if (a < 85)
		*align = OA_WORKLOAD_ALIGN_4K;
	else if (a < 95)
		*align = OA_WORKLOAD_ALIGN_64K;
	else
		*align = OA_WORKLOAD_ALIGN_2M;
}

/**
 * oa_workload_check() - does this build replay the workload exactly?
 *
 * Draws the first %OA_WORKLOAD_CHECK_REQUESTS requests of seed
 * %OA_WORKLOAD_SEED and compares them with the check values of
 * BENCH-WORKLOAD.md: the first eight sizes, all 4 KiB aligned, the sum of
 * the sizes and the split of the alignments.
 *
 * Return: 0 if every value matches; else the number (1 to 8) of the first
 * of the eight requests that differs, 9 for a wrong sum of sizes, or 10 for
 * a wrong split of the alignments.
 */
static inline int oa_workload_check(void)
{
	static const u32 first_sizes[8] = {
		12288, 8192, 16384, 24576, 188416, 28672, 286720, 98304,
	};
	u32 n4k = 0, n64k = 0, n2m = 0, i;
	struct oa_workload w;
	u64 size, align, sum = 0;

	oa_workload_init(&w, OA_WORKLOAD_SEED);
	for (i = 0; i < OA_WORKLOAD_CHECK_REQUESTS; i++) {
		oa_workload_request(&w, &size, &align);
		if (i < 8 && (size != first_sizes[i] ||
			      align != OA_WORKLOAD_ALIGN_4K))
			return i + 1;
		sum += size;
		n4k += align == OA_WORKLOAD_ALIGN_4K;
		n64k += align == OA_WORKLOAD_ALIGN_64K;
		n2m += align == OA_WORKLOAD_ALIGN_2M;
	}
	if (sum != OA_WORKLOAD_CHECK_SIZE_SUM)
		return 9;
	if (n4k != OA_WORKLOAD_CHECK_ALIGN_4K ||
	    n64k != OA_WORKLOAD_CHECK_ALIGN_64K ||
	    n2m != OA_WORKLOAD_CHECK_ALIGN_2M)
		return 10;
	return 0;
}

#endif /* _ORDERLY_ALLOC_BENCH_WORKLOAD_H */
