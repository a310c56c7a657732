// SPDX-License-Identifier: GPL-2.0
/* The few kernel services orderly_alloc.c uses, in userspace. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/types.h>
#include <linux/bug.h>
#include <linux/seq_file.h>

unsigned long oa_shim_warnings;

void oa_shim_warn(const char *file, int line, const char *cond)
{
	oa_shim_warnings++;
	if (getenv("OA_SHOW_WARNINGS"))
		fprintf(stderr, "WARNING: %s:%d: %s\n", file, line, cond);
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(m->buf + m->count, m->size - m->count, fmt, args);
	va_end(args);
	if (len < 0 || (size_t)len >= m->size - m->count)
		m->count = m->size;	/* overflow, as the kernel marks it */
	else
		m->count += len;
}
