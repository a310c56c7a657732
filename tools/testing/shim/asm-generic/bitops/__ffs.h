/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __ffs() in one instruction, for the reason __fls.h gives, and __ffs64(),
 * which the kernel's linux/bitops.h has and tools/include lacks.
 */
#ifndef _OA_SHIM_ASM_GENERIC_BITOPS___FFS_H
#define _OA_SHIM_ASM_GENERIC_BITOPS___FFS_H

#include <asm/types.h>

static inline unsigned int __ffs(unsigned long word)
{
	return __builtin_ctzl(word);
}

static inline unsigned int __ffs64(__u64 word)
{
	return __builtin_ctzll(word);
}

#endif
