/* SPDX-License-Identifier: GPL-2.0 */
/*
 * WARN_ON_ONCE() for the userspace build: every warning is printed and
 * counted (not only the first), so that a test can expect one.
 */
#ifndef _OA_SHIM_LINUX_BUG_H
#define _OA_SHIM_LINUX_BUG_H

extern unsigned long oa_shim_warnings;
void oa_shim_warn(const char *file, int line, const char *cond);

#define WARN_ON_ONCE(cond) ({						\
	int __warned = !!(cond);					\
	if (__warned)							\
		oa_shim_warn(__FILE__, __LINE__, #cond);		\
	__warned;							\
})

#define WARN_ONCE(cond, fmt, ...) ({					\
	int __warned = !!(cond);					\
	if (__warned)							\
		oa_shim_warn(__FILE__, __LINE__, fmt);			\
	__warned;							\
})

#endif
