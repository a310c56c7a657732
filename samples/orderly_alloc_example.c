// SPDX-License-Identifier: GPL-2.0
/*
 * The README's usage example: a driver suballocating its VRAM aperture.
 */
#include <linux/module.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "orderly_alloc.h"

struct my_buffer {
	struct orderly_alloc_node node;	/* the allocator's bookkeeping */
	void *cpu_addr;			/* ... and the driver's own */
};

static struct orderly_alloc vram;
static DEFINE_SPINLOCK(vram_lock);	/* the library takes no lock */

/* What a driver asks once it has buffers: whose is an address, what follows. */
static void example_lookups(struct my_buffer *buf)
{
	struct orderly_alloc_node *node;
	struct orderly_alloc_hole hole;

	/* A GPU fault at an address: the buffer that holds it, if any. */
	node = orderly_alloc_find_node(&vram, buf->node.start + 42);
	if (node && node->start <= buf->node.start + 42)
		pr_info("orderly_alloc_example: the fault hit buffer %#llx\n",
			container_of(node, struct my_buffer, node)->node.start);
	/* The free space right after it, to grow it in place. */
	if (orderly_alloc_hole_after(&vram, &buf->node, &hole) &&
	    orderly_alloc_hole_owner(&hole) == &buf->node)
		pr_info("orderly_alloc_example: %llu bytes free after it\n",
			hole.size);
}

static int __init example_init(void)
{
	struct my_buffer *buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	struct orderly_alloc_node *node, *next;
	unsigned long flags;
	int err;

	if (!buf)
		return -ENOMEM;
	err = orderly_alloc_init(&vram, 0, SZ_256M);	/* the aperture */
	if (err)
		goto out;

	spin_lock_irqsave(&vram_lock, flags);		/* IRQ-safe, no kmalloc */
	err = orderly_alloc_insert(&vram, &buf->node, SZ_1M, SZ_64K,
				   ORDERLY_ALLOC_BEST);
	spin_unlock_irqrestore(&vram_lock, flags);
	if (!err) {
		pr_info("orderly_alloc_example: buffer at %#llx, %llu bytes\n",
			buf->node.start, buf->node.size);
		example_lookups(buf);
	}
	/* Teardown: free whatever is left, then the manager. */
	orderly_alloc_for_each_node_safe(node, next, &vram)
		orderly_alloc_remove(&vram, node);
	orderly_alloc_fini(&vram);
out:
	kfree(buf);
	return err;
}
module_init(example_init);

static void __exit example_exit(void)
{
}
module_exit(example_exit);

MODULE_DESCRIPTION("orderly_alloc usage example");
MODULE_LICENSE("GPL");
