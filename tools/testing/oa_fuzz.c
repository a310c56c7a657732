// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the input bytes are a manager's bounds, then a sequence
 * of operations (add_range, insert with any mode, range and alignment,
 * reserve, remove, double remove, resize, reset, re-init). Every operation
 * goes through the reference model, and after each one the counters, every
 * hole and node, and orderly_alloc_check() must agree. Any disagreement or
 * sanitizer report aborts, which libFuzzer saves as a crash reproducer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/bug.h>
#include <linux/seq_file.h>

#include "orderly_alloc_model.h"

struct input {
	const uint8_t *data;
	size_t left;
};

static uint8_t take_byte(struct input *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->data++;
}

static u64 take_raw(struct input *in)
{
	u64 value = 0;
	int i;

	for (i = 0; i < 8; i++)
		value = value << 8 | take_byte(in);
	return value;
}

/* An address: small, near 2^63, near the top, raw, or near managed space. */
static u64 take_address(struct input *in, const struct oa_model *m)
{
	uint8_t shape = take_byte(in), small = take_byte(in);

	switch (shape % 6) {
	case 0:
		return small;
	case 1:
		return U64_MAX - small;
	case 2:
		return BIT_ULL(63) - 128 + small;
	case 3:
		return take_raw(in);
	case 4:
		return m->nr_ranges ? m->range_first[shape % m->nr_ranges] +
				      small - 16 : small;
	default:
		return m->by_addr.nr ?
		       oa_model_nth_hole(m, shape % m->by_addr.nr)->first +
		       small - 16 : small;
	}
}

/* A size: mostly small, sometimes huge or 0. */
static u64 take_size(struct input *in)
{
	uint8_t shape = take_byte(in), small = take_byte(in);

	switch (shape % 5) {
	case 0:
		return small;
	case 1:
		return (u64)small << (shape % 40);
	case 2:
		return U64_MAX - small;
	case 3:
		return take_raw(in);
	default:
		return 1 + small % 64;
	}
}

static u64 take_align(struct input *in)
{
	uint8_t shape = take_byte(in);

	if (shape < 200)
		return shape < 4 ? shape : BIT_ULL(shape % 64);
	return take_raw(in);		/* mostly not a power of two */
}

static bool step(struct oa_model *m, struct input *in)
{
	uint8_t op = take_byte(in), i = take_byte(in) % OA_MODEL_NODES;
	u64 first, last;

	switch (op % 8) {
	case 0:
	case 1:
		first = take_address(in, m);
		last = first + take_size(in);	/* may wrap: inverted */
		return oa_model_insert(m, i, take_size(in), take_align(in),
				       first, last, take_byte(in) % 4, op & 8);
	case 2:
		first = take_address(in, m);
		return oa_model_reserve(m, i, first, take_size(in));
	case 3:
	case 4:
		return oa_model_remove(m, m->nr_live && op & 8 ?
				       m->list[i % m->nr_live] : i);
	case 5:
		return oa_model_resize(m, m->nr_live && op & 8 ?
				       m->list[i % m->nr_live] : i,
				       take_size(in));
	case 6:
		first = take_address(in, m);
		return oa_model_add_range(m, first, take_size(in));
	default:
		if (op & 8)
			return oa_model_reset(m);
		if (!oa_model_end(m, op & 16))
			return false;
		first = take_address(in, m);
		return oa_model_begin(m, first, take_size(in));
	}
}

static unsigned long count_warnings(void)
{
	return oa_shim_warnings;
}

static void report(const struct oa_model *m)
{
	fprintf(stderr, "oa_fuzz: disagreement at op %lu, after %s: %s\n",
		m->op, m->last_op, m->why);
	abort();
}

/* libFuzzer's entry point; an asm label spells its name. */
int oa_fuzz_one_input(const uint8_t *data, size_t size)
	__asm__("LLVMFuzzerTestOneInput");

int oa_fuzz_one_input(const uint8_t *data, size_t size)
{
	static struct oa_model *m;
	struct input in = { data, size };
	u64 first;

	if (!m)
		m = malloc(oa_model_bytes(OA_MODEL_NODES));
	m = oa_model_setup(m, OA_MODEL_NODES, false);
	m->warnings = count_warnings;
	m->warned = oa_shim_warnings;

	first = take_address(&in, m);
	if (!oa_model_begin(m, first, take_size(&in)))
		report(m);
	for (m->op = 1; m->active && in.left; m->op++) {
		if (!step(m, &in))
			report(m);
		if (!m->active)
			break;
		if (!oa_model_compare(m, OA_MODEL_WALK))
			report(m);
	}
	if (m->active) {
		static char text[1 << 16];
		struct seq_file dump = { .buf = text, .size = sizeof(text) };

		orderly_alloc_print(&m->oa, &dump);
	}
	if (!oa_model_end(m, false))
		report(m);
	return 0;
}
