// SPDX-License-Identifier: GPL-2.0
/*
 * orderly_alloc_ivshmem - suballocate a real PCI BAR as a GPU driver would
 *
 * QEMU's ivshmem-plain device (1af4:1110) exposes a host file as its BAR2.
 * This driver treats that BAR as a GPU's VRAM aperture and hands it to
 * orderly_alloc: the firmware's fixed region, command rings, page tables,
 * descriptor rings, query results, vertex buffers and textures with 64 KiB
 * and 2 MiB alignment. As on a GPU whose BAR shows the CPU only part of
 * VRAM, the first quarter of the BAR is taken as the CPU-visible window:
 * buffers the CPU must reach are placed there with
 * orderly_alloc_insert_range(), large textures go top-down
 * (ORDERLY_ALLOC_HIGH) to keep it free.
 *
 * At probe it runs a workload: allocate, free and reallocate part, grow a
 * buffer in place, then hand some buffers to a pretend GPU whose "fence
 * interrupt" (a hard-IRQ hrtimer) retires them one by one under a
 * raw_spinlock_t, so that it holds on PREEMPT_RT too, while the driver goes
 * on allocating in process context.
 *
 * Every live buffer is filled through the mapping with a pattern the host
 * can check in the file behind the device: the little-endian u64 at each
 * 8-byte aligned BAR offset x inside buffer id holds
 *
 *	0x0a11 << 48 | (id & 0xffff) << 32 | (x & 0xffffffff)
 *
 * and a byte at offset x, at the unaligned edges of a buffer, holds byte
 * (x & 7) of the word of x & ~7.
 *
 * debugfs, in orderly_alloc_ivshmem/<PCI device>/:
 *   stats      aperture, use, holes, largest hole, fragmentation, counters
 *   buffers    the live buffers in address order: id, kind, offset, size,
 *              alignment, placement, window, first pattern word
 *   irq_frees  what the fence interrupt freed, and in which context
 *   vram/      the aperture's manager, published with one call to
 *              orderly_alloc_debugfs_init(): dump, stats
 *   va/        with va_nodes=N: a GPU virtual address space of 1 TiB
 *              holding N allocations, published the same way, to show
 *              that its dump holds the raw spinlock one batch at a time
 *
 * The aperture's statistics go to the kernel log at probe, and its dump
 * when the device goes away, through orderly_alloc_info_printer().
 */
#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/hrtimer.h>
#include <linux/io.h>
#include <linux/io-64-nonatomic-lo-hi.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include "orderly_alloc.h"
#include "orderly_alloc_debugfs.h"

#define DRV_NAME		"orderly_alloc_ivshmem"
#define IVSHMEM_BAR		2
#define MIN_APERTURE		SZ_64M
#define FIRMWARE_SIZE		SZ_1M
#define PATTERN_MAGIC		0x0a11000000000000ULL
#define FENCE_PERIOD_NS		(200 * NSEC_PER_USEC)
#define FENCE_TIMEOUT		(10 * HZ)
#define IRQ_LOG_LEN		32

static unsigned int seed = 1;
module_param(seed, uint, 0444);
MODULE_PARM_DESC(seed, "seed of the workload's sizes (default 1)");

static unsigned int va_nodes;
module_param(va_nodes, uint, 0444);
MODULE_PARM_DESC(va_nodes, "allocations in a 1 TiB virtual address space published in debugfs va/ (default 0: none)");

#define VA_SPACE		BIT_ULL(40)

/**
 * struct buf_class - how the driver allocates one kind of buffer
 * @name: kind, as debugfs shows it
 * @min_size: smallest size drawn
 * @max_size: largest size drawn
 * @granule: sizes are multiples of this
 * @align: alignment of the start
 * @mode: placement
 * @cpu_visible: must lie in the CPU-visible window
 * @fixed: reserved at a fixed place (the firmware), not allocated
 */
struct buf_class {
	const char *name;
	u32 min_size;
	u32 max_size;
	u32 granule;
	u32 align;
	enum orderly_alloc_mode mode;
	bool cpu_visible;
	bool fixed;
};

enum buf_class_id {
	FIRMWARE, RING, PAGE_TABLE, DESCRIPTORS, QUERY, VERTICES, TEXTURE,
	TEXTURE_2M, STAGING,
};

static const struct buf_class buf_classes[] = {
	[FIRMWARE] = { "firmware", FIRMWARE_SIZE, FIRMWARE_SIZE, 1, 1,
		       ORDERLY_ALLOC_BEST, false, true },
	[RING] = { "ring", SZ_64K, SZ_256K, SZ_64K, SZ_64K,
		   ORDERLY_ALLOC_LOW, true },
	[PAGE_TABLE] = { "page-table", SZ_4K, SZ_4K, SZ_4K, SZ_4K,
			 ORDERLY_ALLOC_BEST },
	[DESCRIPTORS] = { "descriptors", SZ_256, SZ_16K, SZ_256, SZ_256,
			  ORDERLY_ALLOC_BEST, true },
	[QUERY] = { "query", 24, 1000, 1, 16, ORDERLY_ALLOC_BEST, true },
	[VERTICES] = { "vertices", SZ_4K, SZ_512K, SZ_4K, SZ_4K,
		       ORDERLY_ALLOC_BEST },
	[TEXTURE] = { "texture", SZ_64K, SZ_2M, SZ_4K, SZ_64K,
		      ORDERLY_ALLOC_BEST },
	[TEXTURE_2M] = { "texture-2M", SZ_2M, 6 * SZ_1M, SZ_64K, SZ_2M,
			 ORDERLY_ALLOC_HIGH },
	[STAGING] = { "staging", SZ_16K, SZ_256K, SZ_4K, SZ_4K,
		      ORDERLY_ALLOC_HIGH, true },
};

static const char * const mode_names[] = {
	[ORDERLY_ALLOC_BEST] = "best",
	[ORDERLY_ALLOC_LOW] = "low",
	[ORDERLY_ALLOC_HIGH] = "high",
};

/* What the driver allocates at probe, in this order. */
static const struct {
	enum buf_class_id class;
	unsigned int count;
} initial_set[] = {
	{ RING, 4 }, { PAGE_TABLE, 16 }, { DESCRIPTORS, 8 }, { QUERY, 6 },
	{ VERTICES, 10 }, { TEXTURE, 8 }, { TEXTURE_2M, 4 },
};

/* What replaces the buffers freed in process context. */
static const enum buf_class_id churn_set[] = {
	TEXTURE, VERTICES, PAGE_TABLE, TEXTURE_2M, DESCRIPTORS, QUERY,
	TEXTURE, VERTICES, PAGE_TABLE, TEXTURE_2M, DESCRIPTORS, QUERY,
	TEXTURE_2M, TEXTURE,
};

#define IN_FLIGHT	10	/* buffers the fence interrupt retires */
#define STAGING_COUNT	6	/* allocated meanwhile in process context */

/**
 * struct ivs_buffer - one buffer in the aperture
 * @node: its place in the aperture, embedded: the allocator allocates
 *	nothing
 * @link: in &ivs_device.live, or &ivs_device.retired once freed
 * @fence_link: in &ivs_device.in_flight while the "GPU" uses it
 * @class: how it was allocated
 * @id: its number, part of its pattern
 */
struct ivs_buffer {
	struct orderly_alloc_node node;
	struct list_head link;
	struct list_head fence_link;
	const struct buf_class *class;
	u32 id;
};

/**
 * struct irq_free - one buffer the fence interrupt freed
 * @id: the buffer's id
 * @start: its offset in the aperture
 * @size: its size
 * @cpu: the CPU the interrupt ran on
 * @hardirq: in_hardirq() held
 * @irqs_off: irqs_disabled() held
 */
struct irq_free {
	u32 id;
	u64 start;
	u64 size;
	int cpu;
	bool hardirq;
	bool irqs_off;
};

/**
 * struct ivs_device - one ivshmem device driven as a VRAM aperture
 * @pdev: the PCI device
 * @bar: BAR2, mapped write-combined
 * @bar_size: its size, the aperture managed from offset 0
 * @visible_end: end of the CPU-visible window [0, @visible_end)
 * @lock: serialises @vram, the lists and the counters against the fence
 *	interrupt; raw, so that it stays a spinning lock on PREEMPT_RT
 * @vram: the allocator
 * @live: allocated buffers, by id
 * @in_flight: buffers the fence interrupt will free, oldest first
 * @retired: buffers freed in the interrupt, to kfree() in process context
 * @fence: the pretend GPU's fence interrupt
 * @fences_done: completed when @in_flight is empty
 * @rnd: draws the workload's sizes
 * @last_id: id of the newest buffer
 * @objects: buffer objects allocated and not yet kfree()d
 * @inserts: successful inserts and reserves
 * @enospc: inserts that failed for want of space
 * @frees: buffers freed in process context
 * @irq_frees: buffers freed by the fence interrupt
 * @irq_log: the first %IRQ_LOG_LEN of them
 * @raced: inserts made while buffers were in flight, racing the interrupt
 * @resize_id: the buffer grown in place, 0 if none could grow
 * @resize_from: its size before
 * @debugfs: this device's debugfs directory
 * @vram_dbg: @vram in debugfs
 * @va: with va_nodes, a GPU virtual address space
 * @va_nodes: its allocations, an array of va_nodes
 * @va_dbg: @va in debugfs
 * @log_prefix: the device's name, for orderly_alloc_info_printer()
 */
struct ivs_device {
	struct pci_dev *pdev;
	void __iomem *bar;
	u64 bar_size;
	u64 visible_end;
	raw_spinlock_t lock;
	struct orderly_alloc vram;
	struct list_head live;
	struct list_head in_flight;
	struct list_head retired;
	struct hrtimer fence;
	struct completion fences_done;
	struct rnd_state rnd;
	u32 last_id;
	unsigned int objects;
	unsigned long inserts;
	unsigned long enospc;
	unsigned long frees;
	unsigned long irq_frees;
	struct irq_free irq_log[IRQ_LOG_LEN];
	unsigned long raced;
	u32 resize_id;
	u64 resize_from;
	struct dentry *debugfs;
	struct orderly_alloc_debugfs vram_dbg;
	struct orderly_alloc va;
	struct orderly_alloc_node *va_nodes;
	struct orderly_alloc_debugfs va_dbg;
	char log_prefix[48];
};

static struct dentry *debugfs_root;

static u64 pattern_word(u32 id, u64 offset)
{
	return PATTERN_MAGIC | (u64)(id & 0xffff) << 32 | lower_32_bits(offset);
}

static u8 pattern_byte(u32 id, u64 offset)
{
	return pattern_word(id, round_down(offset, 8)) >> (8 * (offset & 7));
}

/* Write @buf's pattern into the BAR, a word at a time where aligned. */
static void buffer_fill(struct ivs_device *ivs, const struct ivs_buffer *buf)
{
	u64 x = buf->node.start, end = buf->node.start + buf->node.size;

	for (; x < end && !IS_ALIGNED(x, 8); x++)
		writeb(pattern_byte(buf->id, x), ivs->bar + x);
	for (; x + 8 <= end; x += 8) {
		writeq(pattern_word(buf->id, x), ivs->bar + x);
		if (IS_ALIGNED(x + 8, SZ_1M))
			cond_resched();
	}
	for (; x < end; x++)
		writeb(pattern_byte(buf->id, x), ivs->bar + x);
}

static u64 draw_size(struct ivs_device *ivs, const struct buf_class *c)
{
	u32 steps = (c->max_size - c->min_size) / c->granule + 1;

	return c->min_size + (u64)(prandom_u32_state(&ivs->rnd) % steps) *
			     c->granule;
}

/*
 * Allocate a buffer of class @id and fill it. Return 0 (also when the
 * aperture is full, which the workload counts but a GPU driver would answer
 * by evicting) or a negative errno on a real error.
 */
static int buffer_new(struct ivs_device *ivs, enum buf_class_id id)
{
	const struct buf_class *c = &buf_classes[id];
	struct ivs_buffer *buf;
	unsigned long flags;
	u64 size;
	int err;

	/* Allocate our object before the lock: never under a raw lock. */
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ivs->objects++;
	buf->class = c;
	INIT_LIST_HEAD(&buf->fence_link);
	size = draw_size(ivs, c);

	raw_spin_lock_irqsave(&ivs->lock, flags);
	if (c->fixed)
		err = orderly_alloc_reserve(&ivs->vram, &buf->node,
					    ivs->bar_size - size, size);
	else if (c->cpu_visible)
		err = orderly_alloc_insert_range(&ivs->vram, &buf->node, size,
						 c->align, 0, ivs->visible_end,
						 c->mode);
	else
		err = orderly_alloc_insert(&ivs->vram, &buf->node, size,
					   c->align, c->mode);
	if (!err) {
		buf->id = ++ivs->last_id;
		list_add_tail(&buf->link, &ivs->live);
		ivs->inserts++;
		ivs->raced += !list_empty(&ivs->in_flight);
	} else if (err == -ENOSPC) {
		ivs->enospc++;
	}
	raw_spin_unlock_irqrestore(&ivs->lock, flags);

	if (err) {
		kfree(buf);
		ivs->objects--;
		return err == -ENOSPC ? 0 : err;
	}
	buffer_fill(ivs, buf);
	return 0;
}

static void buffer_free(struct ivs_device *ivs, struct ivs_buffer *buf)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&ivs->lock, flags);
	orderly_alloc_remove(&ivs->vram, &buf->node);
	list_del(&buf->link);
	ivs->frees++;
	raw_spin_unlock_irqrestore(&ivs->lock, flags);
	kfree(buf);
	ivs->objects--;
}

/* kfree() what the fence interrupt retired. */
static void reap_retired(struct ivs_device *ivs)
{
	struct ivs_buffer *buf, *tmp;
	unsigned long flags;
	LIST_HEAD(reap);

	raw_spin_lock_irqsave(&ivs->lock, flags);
	list_splice_init(&ivs->retired, &reap);
	raw_spin_unlock_irqrestore(&ivs->lock, flags);
	list_for_each_entry_safe(buf, tmp, &reap, link) {
		kfree(buf);
		ivs->objects--;
	}
}

/*
 * The pretend GPU's fence interrupt: each tick, the oldest buffer in flight
 * is done with, and freed here in hard-IRQ context (HRTIMER_MODE_REL_HARD,
 * even on PREEMPT_RT). Only the allocator's remove runs here; the object
 * itself goes to process context, since kfree() may not run under a raw
 * lock on PREEMPT_RT.
 */
static enum hrtimer_restart fence_irq(struct hrtimer *timer)
{
	struct ivs_device *ivs = container_of(timer, struct ivs_device, fence);
	struct ivs_buffer *buf;
	unsigned long flags;
	bool more;

	raw_spin_lock_irqsave(&ivs->lock, flags);
	buf = list_first_entry_or_null(&ivs->in_flight, struct ivs_buffer,
				       fence_link);
	if (buf) {
		if (ivs->irq_frees < IRQ_LOG_LEN) {
			struct irq_free *rec = &ivs->irq_log[ivs->irq_frees];

			rec->id = buf->id;
			rec->start = buf->node.start;
			rec->size = buf->node.size;
			rec->cpu = smp_processor_id();
			rec->hardirq = in_hardirq();
			rec->irqs_off = irqs_disabled();
		}
		list_del_init(&buf->fence_link);
		orderly_alloc_remove(&ivs->vram, &buf->node);
		list_move_tail(&buf->link, &ivs->retired);
		ivs->irq_frees++;
	}
	more = !list_empty(&ivs->in_flight);
	raw_spin_unlock_irqrestore(&ivs->lock, flags);

	if (!more) {
		complete(&ivs->fences_done);
		return HRTIMER_NORESTART;
	}
	hrtimer_forward_now(timer, ns_to_ktime(FENCE_PERIOD_NS));
	return HRTIMER_RESTART;
}

static bool retirable(const struct ivs_buffer *buf)
{
	return !buf->class->fixed && buf->class != &buf_classes[RING];
}

/* Free every third buffer that is not fixed, then allocate anew. */
static int churn(struct ivs_device *ivs)
{
	struct ivs_buffer *buf, *tmp;
	unsigned int i;
	int err;

	list_for_each_entry_safe(buf, tmp, &ivs->live, link)
		if (retirable(buf) && buf->id % 3 == 0)
			buffer_free(ivs, buf);
	for (i = 0; i < ARRAY_SIZE(churn_set); i++) {
		err = buffer_new(ivs, churn_set[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Grow the first vertex buffer that has room after it by 64 KiB. */
static void grow_one(struct ivs_device *ivs)
{
	struct ivs_buffer *buf;
	unsigned long flags;
	int err = -ENOSPC;

	list_for_each_entry(buf, &ivs->live, link) {
		if (buf->class != &buf_classes[VERTICES])
			continue;
		raw_spin_lock_irqsave(&ivs->lock, flags);
		ivs->resize_from = buf->node.size;
		err = orderly_alloc_resize(&ivs->vram, &buf->node,
					   buf->node.size + SZ_64K);
		raw_spin_unlock_irqrestore(&ivs->lock, flags);
		if (!err)
			break;
	}
	if (err)
		return;
	ivs->resize_id = buf->id;
	buffer_fill(ivs, buf);
}

/*
 * Hand IN_FLIGHT buffers to the "GPU" and let its fence interrupt free them
 * while this thread allocates staging buffers, then reap the objects.
 */
static int retire_in_irq(struct ivs_device *ivs)
{
	struct ivs_buffer *buf;
	unsigned long flags;
	unsigned int seen = 0, n = 0, i;
	int err = 0;

	/* Every fourth buffer that may go, of all kinds, but the grown one. */
	raw_spin_lock_irqsave(&ivs->lock, flags);
	list_for_each_entry(buf, &ivs->live, link) {
		if (n == IN_FLIGHT)
			break;
		if (!retirable(buf) || buf->id == ivs->resize_id)
			continue;
		if (seen++ % 4 == 1) {
			list_add_tail(&buf->fence_link, &ivs->in_flight);
			n++;
		}
	}
	raw_spin_unlock_irqrestore(&ivs->lock, flags);
	if (!n)
		return 0;

	reinit_completion(&ivs->fences_done);
	hrtimer_start(&ivs->fence, ns_to_ktime(FENCE_PERIOD_NS),
		      HRTIMER_MODE_REL_HARD);
	for (i = 0; i < STAGING_COUNT && !err; i++)
		err = buffer_new(ivs, STAGING);
	if (!wait_for_completion_timeout(&ivs->fences_done, FENCE_TIMEOUT)) {
		dev_err(&ivs->pdev->dev, "fence interrupt stalled\n");
		err = err ?: -ETIMEDOUT;
	}
	hrtimer_cancel(&ivs->fence);
	reap_retired(ivs);
	return err;
}

static int run_workload(struct ivs_device *ivs)
{
	unsigned int i, j;
	int err;

	err = buffer_new(ivs, FIRMWARE);
	for (i = 0; i < ARRAY_SIZE(initial_set) && !err; i++)
		for (j = 0; j < initial_set[i].count && !err; j++)
			err = buffer_new(ivs, initial_set[i].class);
	if (!err)
		err = churn(ivs);
	if (!err) {
		grow_one(ivs);
		err = retire_in_irq(ivs);
	}
	if (!err)
		err = orderly_alloc_check(&ivs->vram);
	return err;
}

/*
 * The device goes away: forget every buffer at once with
 * orderly_alloc_reset(), as after a device reset that lost VRAM, then free
 * the objects. The fence interrupt is stopped, nothing else runs.
 */
static void release_all(struct ivs_device *ivs)
{
	struct ivs_buffer *buf, *tmp;
	unsigned long flags;
	LIST_HEAD(gone);

	hrtimer_cancel(&ivs->fence);
	reap_retired(ivs);
	INIT_LIST_HEAD(&ivs->in_flight);
	raw_spin_lock_irqsave(&ivs->lock, flags);
	orderly_alloc_reset(&ivs->vram);
	list_splice_init(&ivs->live, &gone);
	raw_spin_unlock_irqrestore(&ivs->lock, flags);
	list_for_each_entry_safe(buf, tmp, &gone, link) {
		kfree(buf);
		ivs->objects--;
	}
	WARN_ON(ivs->objects);
	orderly_alloc_fini(&ivs->vram);
}

/* Fragmentation in tenths of a percent: 1 - largest hole / free. */
static unsigned int fragmentation(u64 free, u64 largest)
{
	if (!free)
		return 0;
	return 1000 - div64_u64(largest * 1000, free);
}

static int stats_show(struct seq_file *m, void *unused)
{
	struct ivs_device *ivs = m->private;
	struct resource *res = &ivs->pdev->resource[IVSHMEM_BAR];
	unsigned long flags, nodes, holes, inserts, enospc, frees, irq_frees;
	unsigned long raced;
	u64 free, largest;
	unsigned int frag;
	int check;

	raw_spin_lock_irqsave(&ivs->lock, flags);
	free = orderly_alloc_free_bytes(&ivs->vram);
	largest = orderly_alloc_largest_hole(&ivs->vram);
	holes = orderly_alloc_hole_count(&ivs->vram);
	nodes = orderly_alloc_node_count(&ivs->vram);
	check = orderly_alloc_check(&ivs->vram);
	inserts = ivs->inserts;
	enospc = ivs->enospc;
	frees = ivs->frees;
	irq_frees = ivs->irq_frees;
	raced = ivs->raced;
	raw_spin_unlock_irqrestore(&ivs->lock, flags);

	frag = fragmentation(free, largest);
	seq_printf(m, "manager:       %p (as the orderly_alloc trace events print it)\n",
		   &ivs->vram);
	seq_printf(m, "aperture:      BAR%d %pR, managed [0, %#llx), %llu MiB\n",
		   IVSHMEM_BAR, res, ivs->bar_size, ivs->bar_size / SZ_1M);
	seq_printf(m, "cpu-visible:   [0, %#llx), %llu MiB\n",
		   ivs->visible_end, ivs->visible_end / SZ_1M);
	seq_printf(m, "buffers:       %lu live, %llu bytes used\n", nodes,
		   ivs->bar_size - free);
	seq_printf(m, "free:          %llu bytes in %lu holes\n", free, holes);
	seq_printf(m, "largest hole:  %llu bytes\n", largest);
	seq_printf(m, "fragmentation: %u.%u%% (1 - largest hole / free)\n",
		   frag / 10, frag % 10);
	seq_printf(m, "inserts:       %lu, %lu failed with -ENOSPC\n", inserts,
		   enospc);
	seq_printf(m, "frees:         %lu in process context, %lu in hard IRQ\n",
		   frees, irq_frees);
	seq_printf(m, "raced:         %lu inserts while the fence interrupt was freeing\n",
		   raced);
	if (ivs->resize_id)
		seq_printf(m, "resized:       buffer %u grew in place from %llu to %llu bytes\n",
			   ivs->resize_id, ivs->resize_from,
			   ivs->resize_from + SZ_64K);
	seq_printf(m, "check:         %s (%d)\n", check ? "BROKEN" : "ok", check);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int buffers_show(struct seq_file *m, void *unused)
{
	struct ivs_device *ivs = m->private;
	struct orderly_alloc_node *node = NULL;
	unsigned long flags;

	seq_printf(m, "%4s %-11s %-10s %9s %7s %-5s %-7s %s\n", "id", "kind",
		   "offset", "size", "align", "place", "window", "pattern");
	/* seq_file prints into a buffer it has: nothing sleeps in here. */
	raw_spin_lock_irqsave(&ivs->lock, flags);
	while ((node = orderly_alloc_next_node(&ivs->vram, node))) {
		struct ivs_buffer *buf = container_of(node, struct ivs_buffer,
						      node);
		const struct buf_class *c = buf->class;

		seq_printf(m, "%4u %-11s %#010llx %9llu %7u %-5s %-7s %#018llx\n",
			   buf->id, c->name, node->start, node->size, c->align,
			   c->fixed ? "fixed" : mode_names[c->mode],
			   c->cpu_visible ? "visible" : "any",
			   pattern_word(buf->id, node->start));
	}
	raw_spin_unlock_irqrestore(&ivs->lock, flags);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(buffers);

static int irq_frees_show(struct seq_file *m, void *unused)
{
	struct ivs_device *ivs = m->private;
	struct irq_free log[IRQ_LOG_LEN];
	unsigned long flags, n, i;

	raw_spin_lock_irqsave(&ivs->lock, flags);
	n = min_t(unsigned long, ivs->irq_frees, IRQ_LOG_LEN);
	memcpy(log, ivs->irq_log, n * sizeof(log[0]));
	raw_spin_unlock_irqrestore(&ivs->lock, flags);

	seq_printf(m, "%4s %-10s %9s %3s %s\n", "id", "offset", "size", "cpu",
		   "context");
	for (i = 0; i < n; i++)
		seq_printf(m, "%4u %#010llx %9llu %3d %s, %s\n", log[i].id,
			   log[i].start, log[i].size, log[i].cpu,
			   log[i].hardirq ? "hard IRQ" : "NOT hard IRQ",
			   log[i].irqs_off ? "IRQs off" : "IRQs ON");
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(irq_frees);

/* orderly_alloc takes no lock: its debugfs helpers take ours. */
static unsigned long ivs_lock(void *arg)
	__acquires(&ivs->lock)
{
	struct ivs_device *ivs = arg;
	unsigned long flags;

	raw_spin_lock_irqsave(&ivs->lock, flags);
	return flags;
}

static void ivs_unlock(void *arg, unsigned long flags)
	__releases(&ivs->lock)
{
	struct ivs_device *ivs = arg;

	raw_spin_unlock_irqrestore(&ivs->lock, flags);
}

static void ivs_locking(struct ivs_device *ivs,
			struct orderly_alloc_locking *locking)
{
	*locking = (struct orderly_alloc_locking){
		.lock = ivs_lock, .unlock = ivs_unlock, .arg = ivs,
	};
}

static void ivs_debugfs_init(struct ivs_device *ivs)
{
	struct dentry *dir = debugfs_create_dir(pci_name(ivs->pdev),
						debugfs_root);
	struct orderly_alloc_locking locking;

	debugfs_create_file("stats", 0444, dir, ivs, &stats_fops);
	debugfs_create_file("buffers", 0444, dir, ivs, &buffers_fops);
	debugfs_create_file("irq_frees", 0444, dir, ivs, &irq_frees_fops);
	ivs->debugfs = dir;
	ivs_locking(ivs, &locking);
	orderly_alloc_debugfs_init(&ivs->vram_dbg, "vram", dir, &ivs->vram,
				   &locking);
	if (ivs->va_nodes)
		orderly_alloc_debugfs_init(&ivs->va_dbg, "va", dir, &ivs->va,
					   &locking);
}

/* The aperture's statistics, as debugfs vram/stats has them, in the log. */
static void ivs_log_stats(struct ivs_device *ivs)
{
	struct orderly_alloc_locking locking;
	struct orderly_alloc_printer log;
	char prefix[64];

	snprintf(prefix, sizeof(prefix), "%s %s: vram stats: ", DRV_NAME,
		 pci_name(ivs->pdev));
	ivs_locking(ivs, &locking);
	log = orderly_alloc_info_printer(prefix);
	orderly_alloc_stats(&ivs->vram, &locking, &log);
}

/*
 * A GPU's virtual address space with va_nodes allocations of 4 KiB to
 * 64 KiB: every eighth of the first half freed again, the second half left
 * packed, without a hole, the dump's worst case (see orderly_alloc_walk()).
 */
static int va_populate(struct ivs_device *ivs)
{
	unsigned long flags;
	unsigned int i;
	u64 ns;
	int err;

	if (!va_nodes)
		return 0;
	ivs->va_nodes = kvcalloc(va_nodes, sizeof(*ivs->va_nodes), GFP_KERNEL);
	if (!ivs->va_nodes)
		return -ENOMEM;
	err = orderly_alloc_init(&ivs->va, 0, VA_SPACE);
	ns = ktime_get_ns();
	for (i = 0; i < va_nodes && !err; i++) {
		u64 size = SZ_4K * (1 + prandom_u32_state(&ivs->rnd) % 16);

		raw_spin_lock_irqsave(&ivs->lock, flags);
		err = orderly_alloc_insert(&ivs->va, &ivs->va_nodes[i], size,
					   SZ_4K, ORDERLY_ALLOC_BEST);
		raw_spin_unlock_irqrestore(&ivs->lock, flags);
		cond_resched();
	}
	/* With the trace events on or off: what they cost when on. */
	ns = ktime_get_ns() - ns;
	dev_info(&ivs->pdev->dev, "va: %u inserts in %llu us, %llu ns each\n",
		 i, div_u64(ns, NSEC_PER_USEC), div_u64(ns, max(i, 1U)));
	for (i = 0; i < va_nodes / 2 && !err; i += 8) {
		raw_spin_lock_irqsave(&ivs->lock, flags);
		orderly_alloc_remove(&ivs->va, &ivs->va_nodes[i]);
		raw_spin_unlock_irqrestore(&ivs->lock, flags);
	}
	if (err) {
		orderly_alloc_reset(&ivs->va);
		orderly_alloc_fini(&ivs->va);
		kvfree(ivs->va_nodes);
		ivs->va_nodes = NULL;
	}
	return err;
}

static void va_release(struct ivs_device *ivs)
{
	if (!ivs->va_nodes)
		return;
	orderly_alloc_reset(&ivs->va);
	orderly_alloc_fini(&ivs->va);
	kvfree(ivs->va_nodes);
}

static int ivs_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct ivs_device *ivs;
	int err;

	ivs = devm_kzalloc(&pdev->dev, sizeof(*ivs), GFP_KERNEL);
	if (!ivs)
		return -ENOMEM;
	ivs->pdev = pdev;
	ivs->bar_size = pci_resource_len(pdev, IVSHMEM_BAR);
	/* The pattern keeps the low 32 bits of an offset. */
	if (ivs->bar_size < MIN_APERTURE || ivs->bar_size > SZ_4G) {
		dev_err(&pdev->dev, "BAR%d of %llu bytes: want 64 MiB to 4 GiB\n",
			IVSHMEM_BAR, ivs->bar_size);
		return -ENODEV;
	}
	ivs->visible_end = ivs->bar_size / 4;
	raw_spin_lock_init(&ivs->lock);
	INIT_LIST_HEAD(&ivs->live);
	INIT_LIST_HEAD(&ivs->in_flight);
	INIT_LIST_HEAD(&ivs->retired);
	hrtimer_init(&ivs->fence, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	ivs->fence.function = fence_irq;
	init_completion(&ivs->fences_done);
	prandom_seed_state(&ivs->rnd, seed);

	err = pci_enable_device_mem(pdev);
	if (err)
		return err;
	err = pci_request_region(pdev, IVSHMEM_BAR, DRV_NAME);
	if (err)
		goto disable;
	ivs->bar = pci_iomap_wc(pdev, IVSHMEM_BAR, 0);
	if (!ivs->bar) {
		err = -ENOMEM;
		goto release;
	}
	err = orderly_alloc_init(&ivs->vram, 0, ivs->bar_size);
	if (err)
		goto unmap;

	err = run_workload(ivs);
	if (!err)
		err = va_populate(ivs);
	if (err) {
		dev_err(&pdev->dev, "workload failed: %d\n", err);
		release_all(ivs);
		goto unmap;
	}
	snprintf(ivs->log_prefix, sizeof(ivs->log_prefix), "%s %s: vram: ",
		 DRV_NAME, pci_name(pdev));
	pci_set_drvdata(pdev, ivs);
	ivs_debugfs_init(ivs);
	ivs_log_stats(ivs);
	dev_info(&pdev->dev, "BAR%d: %llu MiB, %lu buffers live, %lu freed in hard IRQ, largest hole %llu KiB\n",
		 IVSHMEM_BAR, ivs->bar_size / SZ_1M,
		 orderly_alloc_node_count(&ivs->vram), ivs->irq_frees,
		 orderly_alloc_largest_hole(&ivs->vram) / SZ_1K);
	return 0;

unmap:
	pci_iounmap(pdev, ivs->bar);
release:
	pci_release_region(pdev, IVSHMEM_BAR);
disable:
	pci_disable_device(pdev);
	return err;
}

static void ivs_remove(struct pci_dev *pdev)
{
	struct ivs_device *ivs = pci_get_drvdata(pdev);
	unsigned long live = orderly_alloc_node_count(&ivs->vram);
	struct orderly_alloc_printer log;
	struct orderly_alloc_locking locking;

	orderly_alloc_debugfs_fini(&ivs->vram_dbg);
	if (ivs->va_nodes)
		orderly_alloc_debugfs_fini(&ivs->va_dbg);
	debugfs_remove_recursive(ivs->debugfs);
	ivs_locking(ivs, &locking);
	log = orderly_alloc_info_printer(ivs->log_prefix);
	orderly_alloc_dump(&ivs->vram, &locking, &log);
	orderly_alloc_printf(&log, "that was the dump at removal, of %lu buffers\n",
			     live);
	va_release(ivs);
	release_all(ivs);
	pci_iounmap(pdev, ivs->bar);
	pci_release_region(pdev, IVSHMEM_BAR);
	pci_disable_device(pdev);
	dev_info(&pdev->dev, "released %lu buffers, %u objects left\n", live,
		 ivs->objects);
}

static const struct pci_device_id ivs_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_REDHAT_QUMRANET, 0x1110) },	/* ivshmem */
	{ }
};
MODULE_DEVICE_TABLE(pci, ivs_ids);

static struct pci_driver ivs_driver = {
	.name = DRV_NAME,
	.id_table = ivs_ids,
	.probe = ivs_probe,
	.remove = ivs_remove,
};

static int __init ivs_init(void)
{
	int err;

	debugfs_root = debugfs_create_dir(DRV_NAME, NULL);
	err = pci_register_driver(&ivs_driver);
	if (err)
		debugfs_remove_recursive(debugfs_root);
	return err;
}
module_init(ivs_init);

static void __exit ivs_exit(void)
{
	pci_unregister_driver(&ivs_driver);
	debugfs_remove_recursive(debugfs_root);
}
module_exit(ivs_exit);

MODULE_DESCRIPTION("orderly_alloc sample: suballocate QEMU ivshmem's BAR2 like VRAM");
MODULE_LICENSE("GPL");
