/* SPDX-License-Identifier: GPL-2.0 */
/*
 * orderly_alloc_debugfs - publish an orderly_alloc manager in debugfs, or
 * print it to the kernel log, in one call (module orderly_alloc_debugfs)
 */
#ifndef _ORDERLY_ALLOC_DEBUGFS_H
#define _ORDERLY_ALLOC_DEBUGFS_H

#include <linux/compiler.h>
#include <linux/types.h>

#include "orderly_alloc.h"

struct dentry;
struct seq_file;
struct va_format;

/**
 * struct orderly_alloc_locking - the caller's lock, which the helpers take
 * @lock: takes the lock that serialises every call on the manager; returns
 *	what @unlock needs, e.g. the flags of raw_spin_lock_irqsave()
 * @unlock: drops it
 * @arg: for @lock and @unlock, e.g. the lock
 *
 * orderly_alloc takes no lock of its own: the helpers below take this one
 * around each batch of at most %ORDERLY_ALLOC_DUMP_BATCH allocations and
 * holes, and drop it between batches.
 */
struct orderly_alloc_locking {
	unsigned long (*lock)(void *arg);
	void (*unlock)(void *arg, unsigned long flags);
	void *arg;
};

/* Allocations and holes a dump visits per hold of the caller's lock. */
#define ORDERLY_ALLOC_DUMP_BATCH	64

/**
 * struct orderly_alloc_printer - where a dump goes, like &struct drm_printer
 * @printfn: prints one line
 * @arg: for @printfn: the seq_file, or NULL
 * @prefix: for the kernel log: put before each line
 */
struct orderly_alloc_printer {
	void (*printfn)(struct orderly_alloc_printer *p, struct va_format *vaf);
	void *arg;
	const char *prefix;
};

/**
 * struct orderly_alloc_debugfs - a manager published in debugfs
 *
 * Embedded in the caller's object; filled by orderly_alloc_debugfs_init().
 */
struct orderly_alloc_debugfs {
	/* private: */
	struct orderly_alloc *oa;
	struct orderly_alloc_locking locking;
	struct dentry *dir;
	u64 longest_hold_ns;
	unsigned long batches;
};

struct orderly_alloc_printer orderly_alloc_seq_printer(struct seq_file *m);
struct orderly_alloc_printer orderly_alloc_info_printer(const char *prefix);
__printf(2, 3) void orderly_alloc_printf(struct orderly_alloc_printer *p,
					 const char *fmt, ...);

u64 orderly_alloc_dump(struct orderly_alloc *oa,
		       const struct orderly_alloc_locking *locking,
		       struct orderly_alloc_printer *p);
void orderly_alloc_stats(struct orderly_alloc *oa,
			 const struct orderly_alloc_locking *locking,
			 struct orderly_alloc_printer *p);

void orderly_alloc_debugfs_init(struct orderly_alloc_debugfs *dbg,
				const char *name, struct dentry *parent,
				struct orderly_alloc *oa,
				const struct orderly_alloc_locking *locking);
void orderly_alloc_debugfs_fini(struct orderly_alloc_debugfs *dbg);

#endif /* _ORDERLY_ALLOC_DEBUGFS_H */
