/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Nothing to define in userspace: the shim's linux/tracepoint.h made the
 * events empty functions already (CREATE_TRACE_POINTS changes nothing).
 */
