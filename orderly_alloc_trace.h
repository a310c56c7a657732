/* SPDX-License-Identifier: GPL-2.0 */
/*
 * orderly_alloc's trace events: one per call that changes a manager.
 *
 * Enable them all with
 *	echo 1 > /sys/kernel/tracing/events/orderly_alloc/enable
 * or at boot with trace_event=orderly_alloc:*. Disabled, each costs a
 * patched-out jump (a static key); the arguments are read only when on.
 * The manager is printed as %p, hashed as a driver's own %p prints it.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM orderly_alloc

#if !defined(_ORDERLY_ALLOC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _ORDERLY_ALLOC_TRACE_H

#include <linux/tracepoint.h>
#include "orderly_alloc.h"

TRACE_DEFINE_ENUM(ORDERLY_ALLOC_BEST);
TRACE_DEFINE_ENUM(ORDERLY_ALLOC_LOW);
TRACE_DEFINE_ENUM(ORDERLY_ALLOC_HIGH);

#define show_orderly_alloc_mode(mode)					\
	__print_symbolic(mode,						\
			 { ORDERLY_ALLOC_BEST, "best" },		\
			 { ORDERLY_ALLOC_LOW, "low" },			\
			 { ORDERLY_ALLOC_HIGH, "high" })

/*
 * orderly_alloc_insert and orderly_alloc_insert_range: the request, its
 * range (last byte inclusive; [0, U64_MAX] without one), and where it went
 * (start is 0 when err is not).
 */
TRACE_EVENT(orderly_alloc_insert,
	    TP_PROTO(const struct orderly_alloc *oa,
		     const struct orderly_alloc_node *node, u64 size,
		     u64 align, u64 range_first, u64 range_last,
		     enum orderly_alloc_mode mode, int err),
	    TP_ARGS(oa, node, size, align, range_first, range_last, mode, err),
	    TP_STRUCT__entry(__field(const void *, oa)
			     __field(u64, start)
			     __field(u64, size)
			     __field(u64, align)
			     __field(u64, range_first)
			     __field(u64, range_last)
			     __field(int, mode)
			     __field(int, err)),
	    TP_fast_assign(__entry->oa = oa;
			   __entry->start = err ? 0 : node->start;
			   __entry->size = size;
			   __entry->align = align;
			   __entry->range_first = range_first;
			   __entry->range_last = range_last;
			   __entry->mode = mode;
			   __entry->err = err;),
	    TP_printk("oa=%p start=%#llx size=%#llx align=%#llx range=%#llx-%#llx mode=%s err=%d",
		      __entry->oa, __entry->start, __entry->size,
		      __entry->align, __entry->range_first,
		      __entry->range_last,
		      show_orderly_alloc_mode(__entry->mode), __entry->err)
);

/* orderly_alloc_reserve: the span asked for, and the answer. */
TRACE_EVENT(orderly_alloc_reserve,
	    TP_PROTO(const struct orderly_alloc *oa, u64 start, u64 size,
		     int err),
	    TP_ARGS(oa, start, size, err),
	    TP_STRUCT__entry(__field(const void *, oa)
			     __field(u64, start)
			     __field(u64, size)
			     __field(int, err)),
	    TP_fast_assign(__entry->oa = oa;
			   __entry->start = start;
			   __entry->size = size;
			   __entry->err = err;),
	    TP_printk("oa=%p start=%#llx size=%#llx err=%d", __entry->oa,
		      __entry->start, __entry->size, __entry->err)
);

/*
 * orderly_alloc_remove: the allocation given back; err is -EINVAL (and
 * start and size 0) for a node that was not allocated in @oa.
 */
TRACE_EVENT(orderly_alloc_remove,
	    TP_PROTO(const struct orderly_alloc *oa,
		     const struct orderly_alloc_node *node, int err),
	    TP_ARGS(oa, node, err),
	    TP_STRUCT__entry(__field(const void *, oa)
			     __field(u64, start)
			     __field(u64, size)
			     __field(int, err)),
	    TP_fast_assign(__entry->oa = oa;
			   __entry->start = err ? 0 : node->start;
			   __entry->size = err ? 0 : node->size;
			   __entry->err = err;),
	    TP_printk("oa=%p start=%#llx size=%#llx err=%d", __entry->oa,
		      __entry->start, __entry->size, __entry->err)
);

/* orderly_alloc_resize: the node's start, its size before and asked for. */
TRACE_EVENT(orderly_alloc_resize,
	    TP_PROTO(const struct orderly_alloc *oa, u64 start, u64 old_size,
		     u64 new_size, int err),
	    TP_ARGS(oa, start, old_size, new_size, err),
	    TP_STRUCT__entry(__field(const void *, oa)
			     __field(u64, start)
			     __field(u64, old_size)
			     __field(u64, new_size)
			     __field(int, err)),
	    TP_fast_assign(__entry->oa = oa;
			   __entry->start = start;
			   __entry->old_size = old_size;
			   __entry->new_size = new_size;
			   __entry->err = err;),
	    TP_printk("oa=%p start=%#llx size=%#llx new_size=%#llx err=%d",
		      __entry->oa, __entry->start, __entry->old_size,
		      __entry->new_size, __entry->err)
);

/* orderly_alloc_reset: how many allocations it forgot. */
TRACE_EVENT(orderly_alloc_reset,
	    TP_PROTO(const struct orderly_alloc *oa, unsigned long nodes),
	    TP_ARGS(oa, nodes),
	    TP_STRUCT__entry(__field(const void *, oa)
			     __field(unsigned long, nodes)),
	    TP_fast_assign(__entry->oa = oa;
			   __entry->nodes = nodes;),
	    TP_printk("oa=%p nodes=%lu", __entry->oa, __entry->nodes)
);

#endif /* _ORDERLY_ALLOC_TRACE_H */

/* Outside the guard: define_trace.h reads the events again. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#define TRACE_INCLUDE_FILE orderly_alloc_trace
#include <trace/define_trace.h>
