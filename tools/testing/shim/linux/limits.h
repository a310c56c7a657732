/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _OA_SHIM_LINUX_LIMITS_H
#define _OA_SHIM_LINUX_LIMITS_H

#include_next <linux/limits.h>

#define U32_MAX ((u32)~0U)
#define U64_MAX ((u64)~0ULL)

#endif
