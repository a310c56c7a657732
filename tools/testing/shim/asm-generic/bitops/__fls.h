/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __fls() as the kernel has it on x86 and arm64, one instruction, in place
 * of the C loop of tools/include, so that instruction counts of the core
 * in userspace are those of the kernel.
 */
#ifndef _OA_SHIM_ASM_GENERIC_BITOPS___FLS_H
#define _OA_SHIM_ASM_GENERIC_BITOPS___FLS_H

static inline unsigned int __fls(unsigned long word)
{
	return 8 * sizeof(word) - 1 - __builtin_clzl(word);
}

#endif
