/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trace events for the userspace build, as the kernel has them without
 * CONFIG_TRACEPOINTS: each TRACE_EVENT() in orderly_alloc_trace.h becomes
 * an empty trace_<event>() that the compiler drops, arguments and all.
 */
#ifndef _OA_SHIM_LINUX_TRACEPOINT_H
#define _OA_SHIM_LINUX_TRACEPOINT_H

#define TP_PROTO(args...)	args
#define TP_ARGS(args...)	args
#define TRACE_DEFINE_ENUM(...)
#define EXPORT_TRACEPOINT_SYMBOL_GPL(...)

#define TRACE_EVENT(name, proto, ...)					\
	static inline void trace_##name(proto) { }

#endif
