/* SPDX-License-Identifier: GPL-2.0 */
/* Just enough of seq_file for orderly_alloc_print(): a growing buffer. */
#ifndef _OA_SHIM_LINUX_SEQ_FILE_H
#define _OA_SHIM_LINUX_SEQ_FILE_H

#include <stddef.h>
#include <linux/compiler.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;
};

__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);

#endif
