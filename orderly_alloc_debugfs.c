// SPDX-License-Identifier: GPL-2.0
/*
 * orderly_alloc_debugfs - publish an orderly_alloc manager in debugfs, or
 * print it to the kernel log, in one call
 *
 * Copyright (C) 2026 The orderly_alloc authors
 */

#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "orderly_alloc_debugfs.h"

/**
 * DOC: debugfs
 *
 * A driver publishes a manager with one call,
 * orderly_alloc_debugfs_init(), which creates a directory with two files:
 *
 * - ``dump``: every range start, allocation and hole in address order, one
 *   a line, then the totals;
 * - ``stats``: allocations, holes, free bytes, the largest hole,
 *   fragmentation, log2 histograms of allocation and hole sizes, and the
 *   longest time a read of either file held the caller's lock.
 *
 * orderly_alloc_dump() and orderly_alloc_stats() print the same to any
 * &struct orderly_alloc_printer, such as the kernel log's
 * (orderly_alloc_info_printer()), as drm_mm_print() does to a drm_printer.
 *
 * orderly_alloc takes no lock, so these take the caller's, through the
 * callbacks of &struct orderly_alloc_locking. They hold it for one batch
 * of at most %ORDERLY_ALLOC_DUMP_BATCH spans (orderly_alloc_walk()), never
 * for a whole manager, and format outside it: a dump of a manager with
 * 100,000 allocations under a raw spinlock does not keep interrupts off for
 * all of its walk. What they print is therefore no single moment's state
 * when the manager changes meanwhile.
 */

static void seq_printfn(struct orderly_alloc_printer *p, struct va_format *vaf)
{
	seq_printf(p->arg, "%pV", vaf);
}

static void info_printfn(struct orderly_alloc_printer *p, struct va_format *vaf)
{
	pr_info("%s%pV", p->prefix ?: "", vaf);
}

/**
 * orderly_alloc_seq_printer() - a printer into a seq_file
 * @m: the seq_file, e.g. of a debugfs file
 *
 * Return: the printer, to pass by address.
 */
struct orderly_alloc_printer orderly_alloc_seq_printer(struct seq_file *m)
{
	return (struct orderly_alloc_printer){ .printfn = seq_printfn, .arg = m };
}
EXPORT_SYMBOL_GPL(orderly_alloc_seq_printer);

/**
 * orderly_alloc_info_printer() - a printer into the kernel log
 * @prefix: put before each line, e.g. the device's name and ": "; kept
 *	by the caller while the printer is in use
 *
 * Each line goes to the log at KERN_INFO level.
 *
 * Return: the printer, to pass by address.
 */
struct orderly_alloc_printer orderly_alloc_info_printer(const char *prefix)
{
	return (struct orderly_alloc_printer){ .printfn = info_printfn,
					       .prefix = prefix };
}
EXPORT_SYMBOL_GPL(orderly_alloc_info_printer);

/**
 * orderly_alloc_printf() - print one line to a printer
 * @p: the printer
 * @fmt: printf format, ending in a newline
 * @...: its arguments
 */
void orderly_alloc_printf(struct orderly_alloc_printer *p, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	p->printfn(p, &vaf);
	va_end(args);
}
EXPORT_SYMBOL_GPL(orderly_alloc_printf);

/* A batch of spans, copied out under the caller's lock. */
struct batch {
	unsigned int count;
	struct orderly_alloc_span spans[ORDERLY_ALLOC_DUMP_BATCH];
};

static void batch_add(void *arg, const struct orderly_alloc_span *span)
{
	struct batch *b = arg;

	b->spans[b->count] = *span;
	b->spans[b->count++].node = NULL;	/* not to be used unlocked */
}

/* What a walk over a manager sums up, and the O(1) answers at its end. */
struct totals {
	u64 used_bytes;
	u64 free_bytes;
	u64 largest_hole;
	unsigned long nodes;
	unsigned long holes;
	unsigned long ranges;
	unsigned long node_count;
	unsigned long hole_count;
	unsigned long used_log2[64];
	unsigned long free_log2[64];
	u64 longest_hold_ns;
	unsigned long batches;
};

/*
 * One batch under the caller's lock, from *@cursor: @fn sees each span.
 * Times the hold into @t; at the end, takes the O(1) answers too.
 */
static bool locked_batch(struct orderly_alloc *oa,
			 const struct orderly_alloc_locking *locking,
			 u64 *cursor, void (*fn)(void *arg,
						 const struct orderly_alloc_span *span),
			 void *arg, struct totals *t)
{
	unsigned long flags;
	u64 t0, held;
	bool more;

	flags = locking->lock(locking->arg);
	t0 = local_clock();
	more = orderly_alloc_walk(oa, cursor, ORDERLY_ALLOC_DUMP_BATCH, fn, arg);
	if (!more) {
		t->free_bytes = orderly_alloc_free_bytes(oa);
		t->largest_hole = orderly_alloc_largest_hole(oa);
		t->node_count = orderly_alloc_node_count(oa);
		t->hole_count = orderly_alloc_hole_count(oa);
	}
	held = local_clock() - t0;
	locking->unlock(locking->arg, flags);
	t->longest_hold_ns = max(t->longest_hold_ns, held);
	t->batches++;
	return more;
}

static void print_span(struct orderly_alloc_printer *p,
		       const struct orderly_alloc_span *span)
{
	if (span->kind == ORDERLY_ALLOC_SPAN_RANGE)
		orderly_alloc_printf(p, "%#018llx: range\n", span->start);
	else
		orderly_alloc_printf(p, "%#018llx-%#018llx: %llu: %s\n",
				     span->start,
				     span->start + (span->size - 1), span->size,
				     span->kind == ORDERLY_ALLOC_SPAN_USED ?
				     "used" : "free");
}

static void print_totals(struct orderly_alloc_printer *p,
			 const struct totals *t)
{
	orderly_alloc_printf(p, "allocations: %lu, holes: %lu, free: %llu, largest hole: %llu\n",
			     t->node_count, t->hole_count, t->free_bytes,
			     t->largest_hole);
}

/**
 * orderly_alloc_dump() - print every range start, allocation and hole
 * @oa: the manager
 * @locking: the caller's lock, taken for each batch
 * @p: where to print, e.g. orderly_alloc_info_printer()
 *
 * One line per span in address order (first and last byte, size), then the
 * totals, as the ``dump`` file of orderly_alloc_debugfs_init(). Allocates
 * one batch's buffer and may sleep between batches: call it from process
 * context, without the lock.
 *
 * Return: the longest time the lock was held, in nanoseconds.
 */
u64 orderly_alloc_dump(struct orderly_alloc *oa,
		       const struct orderly_alloc_locking *locking,
		       struct orderly_alloc_printer *p)
{
	struct totals t = {};
	struct batch *b;
	u64 cursor = 0;
	unsigned int i;
	bool more;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		orderly_alloc_printf(p, "no memory for a dump\n");
		return 0;
	}
	do {
		b->count = 0;
		more = locked_batch(oa, locking, &cursor, batch_add, b, &t);
		for (i = 0; i < b->count; i++)
			print_span(p, &b->spans[i]);
		cond_resched();
	} while (more);
	print_totals(p, &t);
	kfree(b);
	return t.longest_hold_ns;
}
EXPORT_SYMBOL_GPL(orderly_alloc_dump);

static void totals_add(void *arg, const struct orderly_alloc_span *span)
{
	struct totals *t = arg;

	switch (span->kind) {
	case ORDERLY_ALLOC_SPAN_RANGE:
		t->ranges++;
		break;
	case ORDERLY_ALLOC_SPAN_USED:
		t->nodes++;
		t->used_bytes += span->size;
		t->used_log2[ilog2(span->size)]++;
		break;
	case ORDERLY_ALLOC_SPAN_FREE:
		t->holes++;
		t->free_log2[ilog2(span->size)]++;
		break;
	}
}

static void print_histogram(struct orderly_alloc_printer *p, const char *what,
			    const unsigned long *log2)
{
	unsigned int i;

	orderly_alloc_printf(p, "%s sizes, log2 histogram:\n", what);
	for (i = 0; i < 64; i++)
		if (log2[i])
			orderly_alloc_printf(p, "  [2^%-2u, 2^%-2u) %lu\n", i,
					     i + 1, log2[i]);
}

/* Fragmentation in tenths of a percent: 1 - largest hole / free. */
static unsigned int fragmentation(u64 free, u64 largest)
{
	if (!free)
		return 0;
	return 1000 - div64_u64(largest * 1000, free);
}

static void stats_walk(struct orderly_alloc *oa,
		       const struct orderly_alloc_locking *locking,
		       struct totals *t)
{
	u64 cursor = 0;

	while (locked_batch(oa, locking, &cursor, totals_add, t, t))
		cond_resched();
}

static void print_stats(struct orderly_alloc_printer *p, const struct totals *t)
{
	unsigned int frag = fragmentation(t->free_bytes, t->largest_hole);

	orderly_alloc_printf(p, "ranges:        %lu\n", t->ranges);
	orderly_alloc_printf(p, "allocations:   %lu, %llu bytes\n", t->nodes,
			     t->used_bytes);
	orderly_alloc_printf(p, "holes:         %lu, %llu bytes free\n",
			     t->hole_count, t->free_bytes);
	orderly_alloc_printf(p, "largest hole:  %llu bytes\n", t->largest_hole);
	orderly_alloc_printf(p, "fragmentation: %u.%u%% (1 - largest hole / free)\n",
			     frag / 10, frag % 10);
	print_histogram(p, "allocation", t->used_log2);
	print_histogram(p, "hole", t->free_log2);
	orderly_alloc_printf(p, "this walk:     %lu batches of %u spans, lock held %llu ns max\n",
			     t->batches, ORDERLY_ALLOC_DUMP_BATCH,
			     t->longest_hold_ns);
}

/**
 * orderly_alloc_stats() - print statistics and size histograms
 * @oa: the manager
 * @locking: the caller's lock, taken for each batch
 * @p: where to print
 *
 * Counts and sums, fragmentation, log2 histograms of allocation and hole
 * sizes, as the ``stats`` file of orderly_alloc_debugfs_init(). Walks the
 * manager in batches; may sleep between them: call it from process context,
 * without the lock.
 */
void orderly_alloc_stats(struct orderly_alloc *oa,
			 const struct orderly_alloc_locking *locking,
			 struct orderly_alloc_printer *p)
{
	struct totals *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t) {
		orderly_alloc_printf(p, "no memory for statistics\n");
		return;
	}
	stats_walk(oa, locking, t);
	print_stats(p, t);
	kfree(t);
}
EXPORT_SYMBOL_GPL(orderly_alloc_stats);

static void note_hold(struct orderly_alloc_debugfs *dbg, const struct totals *t)
{
	/* Two readers at once may lose a maximum: a statistic, not a lock. */
	WRITE_ONCE(dbg->longest_hold_ns,
		   max(READ_ONCE(dbg->longest_hold_ns), t->longest_hold_ns));
	WRITE_ONCE(dbg->batches, READ_ONCE(dbg->batches) + t->batches);
}

/*
 * The dump file: a seq_file whose records are batches. Each record is
 * walked under the lock when seq_file first asks for it, and shown again
 * from the copy if seq_file retries it with a larger buffer.
 */
struct dump_iter {
	struct orderly_alloc_debugfs *dbg;
	loff_t pos;		/* of the batch in @b */
	bool filled;
	bool more;		/* a batch follows @b */
	u64 next;		/* where it starts */
	struct totals t;
	struct batch b;
};

static void dump_fill(struct dump_iter *it, u64 cursor)
{
	struct orderly_alloc_debugfs *dbg = it->dbg;

	it->b.count = 0;
	it->t.longest_hold_ns = 0;
	it->t.batches = 0;
	it->more = locked_batch(dbg->oa, &dbg->locking, &cursor, batch_add,
				&it->b, &it->t);
	it->next = cursor;
	it->filled = true;
	note_hold(dbg, &it->t);
}

static void *dump_start(struct seq_file *m, loff_t *pos)
{
	struct dump_iter *it = m->private;

	if (!it->filled || *pos < it->pos) {
		it->pos = 0;
		dump_fill(it, 0);
	}
	while (it->pos < *pos) {
		if (!it->more)
			return NULL;
		it->pos++;
		dump_fill(it, it->next);
	}
	return it;
}

static void *dump_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return dump_start(m, pos);
}

static void dump_stop(struct seq_file *m, void *v)
{
}

static int dump_show(struct seq_file *m, void *v)
{
	struct dump_iter *it = v;
	struct orderly_alloc_printer p = orderly_alloc_seq_printer(m);
	unsigned int i;

	for (i = 0; i < it->b.count; i++)
		print_span(&p, &it->b.spans[i]);
	if (!it->more)
		print_totals(&p, &it->t);
	return 0;
}

static const struct seq_operations dump_seq_ops = {
	.start = dump_start,
	.next = dump_next,
	.stop = dump_stop,
	.show = dump_show,
};

static int dump_open(struct inode *inode, struct file *file)
{
	struct dump_iter *it;

	it = __seq_open_private(file, &dump_seq_ops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->dbg = inode->i_private;
	return 0;
}

static const struct file_operations dump_fops = {
	.owner = THIS_MODULE,
	.open = dump_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = seq_release_private,
};

static int stats_show(struct seq_file *m, void *unused)
{
	struct orderly_alloc_debugfs *dbg = m->private;
	struct orderly_alloc_printer p = orderly_alloc_seq_printer(m);
	struct totals *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	stats_walk(dbg->oa, &dbg->locking, t);
	note_hold(dbg, t);
	print_stats(&p, t);
	seq_printf(m, "all reads:     %lu batches, lock held %llu ns at most\n",
		   READ_ONCE(dbg->batches), READ_ONCE(dbg->longest_hold_ns));
	kfree(t);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

/**
 * orderly_alloc_debugfs_init() - publish a manager in debugfs
 * @dbg: the caller's, kept until orderly_alloc_debugfs_fini()
 * @name: name of the directory to create
 * @parent: where, or NULL for the debugfs root
 * @oa: the manager; it must outlive @dbg
 * @locking: the lock that serialises every call on @oa: orderly_alloc takes
 *	no lock of its own, so reading the files takes this one, a batch at a
 *	time (see &struct orderly_alloc_locking); copied
 *
 * Creates @name/dump (orderly_alloc_dump()) and @name/stats
 * (orderly_alloc_stats(), and the longest time any read held the lock).
 * As everything in debugfs, it fails silently: the driver goes on.
 */
void orderly_alloc_debugfs_init(struct orderly_alloc_debugfs *dbg,
				const char *name, struct dentry *parent,
				struct orderly_alloc *oa,
				const struct orderly_alloc_locking *locking)
{
	dbg->oa = oa;
	dbg->locking = *locking;
	dbg->longest_hold_ns = 0;
	dbg->batches = 0;
	dbg->dir = debugfs_create_dir(name, parent);
	debugfs_create_file("dump", 0444, dbg->dir, dbg, &dump_fops);
	debugfs_create_file("stats", 0444, dbg->dir, dbg, &stats_fops);
}
EXPORT_SYMBOL_GPL(orderly_alloc_debugfs_init);

/**
 * orderly_alloc_debugfs_fini() - remove what orderly_alloc_debugfs_init() made
 * @dbg: as passed to it
 *
 * Waits for the readers of the files to finish; then @dbg and the manager
 * may go.
 */
void orderly_alloc_debugfs_fini(struct orderly_alloc_debugfs *dbg)
{
	debugfs_remove_recursive(dbg->dir);
	dbg->dir = NULL;
}
EXPORT_SYMBOL_GPL(orderly_alloc_debugfs_fini);

MODULE_DESCRIPTION("orderly_alloc: debugfs and kernel log dumps of a manager");
MODULE_LICENSE("GPL");
