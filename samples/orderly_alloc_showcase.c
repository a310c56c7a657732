// SPDX-License-Identifier: GPL-2.0
/*
 * A readable tour of orderly_alloc, run by `make demo`: a GPU driver's day
 * on a 256 MiB VRAM aperture whose first 64 MiB the CPU can see. It prints
 * what it does and checks every step, so it is a test as well.
 */
#include <kunit/test.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "orderly_alloc.h"

struct buffer {
	const char *name;
	u64 size;
	u64 align;
	bool cpu_visible;
	enum orderly_alloc_mode mode;
	struct orderly_alloc_node node;
};

static const char * const mode_names[] = {
	[ORDERLY_ALLOC_BEST] = "best fit",
	[ORDERLY_ALLOC_LOW] = "lowest",
	[ORDERLY_ALLOC_HIGH] = "highest",
};

#define VISIBLE_END SZ_64M

static struct buffer buffers[] = {
	{ "command ring", SZ_64K, SZ_4K, true, ORDERLY_ALLOC_LOW },
	{ "framebuffer", SZ_8M, SZ_64K, true, ORDERLY_ALLOC_BEST },
	{ "page table 0", SZ_4K, SZ_4K, false, ORDERLY_ALLOC_BEST },
	{ "page table 1", SZ_4K, SZ_4K, false, ORDERLY_ALLOC_BEST },
	{ "texture A", SZ_16M, SZ_2M, false, ORDERLY_ALLOC_HIGH },
	{ "texture B", 3 * SZ_1M + SZ_256K, SZ_2M, false, ORDERLY_ALLOC_HIGH },
	{ "texture C", SZ_32M, SZ_2M, false, ORDERLY_ALLOC_HIGH },
	{ "shader code", SZ_512K, SZ_64K, false, ORDERLY_ALLOC_BEST },
	{ "DMA descriptors", SZ_16K, SZ_4K, true, ORDERLY_ALLOC_BEST },
};

static void report_space(struct kunit *test, const struct orderly_alloc *vram)
{
	kunit_info(test, "  free %llu KiB in %lu holes, largest hole %llu KiB, %lu buffers\n",
		   orderly_alloc_free_bytes(vram) / SZ_1K,
		   orderly_alloc_hole_count(vram),
		   orderly_alloc_largest_hole(vram) / SZ_1K,
		   orderly_alloc_node_count(vram));
	KUNIT_EXPECT_EQ(test, orderly_alloc_check(vram), 0);
}

static void allocate_all(struct kunit *test, struct orderly_alloc *vram)
{
	int i;

	kunit_info(test, "  %-16s %-12s %10s %8s  %s\n", "buffer", "offset",
		   "KiB", "align", "placement");
	for (i = 0; i < ARRAY_SIZE(buffers); i++) {
		struct buffer *buf = &buffers[i];
		int err;

		if (buf->cpu_visible)
			err = orderly_alloc_insert_range(vram, &buf->node,
							 buf->size, buf->align,
							 0, VISIBLE_END,
							 buf->mode);
		else
			err = orderly_alloc_insert(vram, &buf->node, buf->size,
						   buf->align, buf->mode);
		KUNIT_ASSERT_EQ(test, err, 0);
		KUNIT_EXPECT_EQ(test, buf->node.start % buf->align, 0);
		if (buf->cpu_visible)
			KUNIT_EXPECT_LE(test, buf->node.start + buf->size,
					VISIBLE_END);
		kunit_info(test, "  %-16s %#012llx %10llu %7lluK  %s%s\n",
			   buf->name, buf->node.start, buf->size / SZ_1K,
			   buf->align / SZ_1K, mode_names[buf->mode],
			   buf->cpu_visible ? ", CPU-visible" : "");
	}
}

static void print_dump(struct kunit *test, const struct orderly_alloc *vram)
{
	struct seq_file m = { .size = SZ_4K };
	char *line, *rest;

	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	orderly_alloc_print(vram, &m);
	KUNIT_EXPECT_LT(test, m.count, m.size);
	rest = m.buf;
	while ((line = strsep(&rest, "\n")) && *line)
		kunit_info(test, "  %s\n", line);
}

static void a_day_in_vram(struct kunit *test)
{
	struct orderly_alloc *vram = kunit_kzalloc(test, sizeof(*vram),
						   GFP_KERNEL);
	struct orderly_alloc_range *bar_growth;
	struct orderly_alloc_hole hole = {};
	struct orderly_alloc_node firmware = {}, *node = NULL;
	u64 start;
	int i;

	bar_growth = kunit_kzalloc(test, sizeof(*bar_growth), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vram);
	KUNIT_ASSERT_NOT_NULL(test, bar_growth);

	kunit_info(test, "VRAM aperture [0, 256 MiB), CPU-visible below 64 MiB\n");
	KUNIT_ASSERT_EQ(test, orderly_alloc_init(vram, 0, SZ_256M), 0);
	KUNIT_ASSERT_EQ(test, orderly_alloc_reserve(vram, &firmware,
						    SZ_256M - SZ_2M, SZ_2M), 0);
	kunit_info(test, "reserved the firmware's 2 MiB at %#llx\n",
		   firmware.start);

	kunit_info(test, "allocations:\n");
	allocate_all(test, vram);
	report_space(test, vram);

	kunit_info(test, "freeing texture B and the page tables (as an IRQ handler would):\n");
	orderly_alloc_remove(vram, &buffers[5].node);
	orderly_alloc_remove(vram, &buffers[2].node);
	orderly_alloc_remove(vram, &buffers[3].node);
	report_space(test, vram);

	kunit_info(test, "the command ring cannot grow in place: the framebuffer follows it\n");
	KUNIT_EXPECT_EQ(test, orderly_alloc_resize(vram, &buffers[0].node,
						   SZ_128K), -ENOSPC);
	kunit_info(test, "growing the DMA descriptors in place to 64 KiB:\n");
	start = buffers[8].node.start;
	KUNIT_ASSERT_EQ(test, orderly_alloc_resize(vram, &buffers[8].node,
						   SZ_64K), 0);
	KUNIT_EXPECT_EQ(test, buffers[8].node.start, start);
	report_space(test, vram);

	kunit_info(test, "the BAR is resized to 512 MiB; its new half joins:\n");
	KUNIT_ASSERT_EQ(test, orderly_alloc_add_range(vram, bar_growth, SZ_256M,
						      SZ_256M), 0);
	report_space(test, vram);

	kunit_info(test, "holes:\n");
	while (orderly_alloc_next_hole(vram, &hole))
		kunit_info(test, "  %#012llx %10llu KiB\n", hole.start,
			   hole.size / SZ_1K);
	kunit_info(test, "live buffers by address:\n");
	while ((node = orderly_alloc_next_node(vram, node)))
		kunit_info(test, "  %#012llx %10llu KiB\n", node->start,
			   node->size / SZ_1K);

	kunit_info(test, "the debugfs dump (orderly_alloc_print):\n");
	print_dump(test, vram);

	kunit_info(test, "a device reset loses VRAM: orderly_alloc_reset()\n");
	orderly_alloc_reset(vram);
	for (i = 0; i < ARRAY_SIZE(buffers); i++)
		KUNIT_EXPECT_FALSE(test,
				   orderly_alloc_node_allocated(&buffers[i].node));
	KUNIT_EXPECT_EQ(test, orderly_alloc_free_bytes(vram), SZ_512M);
	report_space(test, vram);
	orderly_alloc_fini(vram);
}

static struct kunit_case showcase_cases[] = {
	KUNIT_CASE(a_day_in_vram),
	{}
};

static struct kunit_suite showcase_suite = {
	.name = "orderly_alloc_showcase",
	.test_cases = showcase_cases,
};

kunit_test_suite(showcase_suite);

MODULE_DESCRIPTION("A readable tour of orderly_alloc");
MODULE_LICENSE("GPL");
