/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's fixed-size types as the kernel spells them: u64 is unsigned
 * long long here too, so that orderly_alloc.c's printk formats stay right.
 */
#ifndef _OA_SHIM_LINUX_TYPES_H
#define _OA_SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <asm/types.h>

typedef __u8 u8;
typedef __s8 s8;
typedef __u16 u16;
typedef __s16 s16;
typedef __u32 u32;
typedef __s32 s32;
typedef __u64 u64;
typedef __s64 s64;
#define u128 unsigned __int128	/* the kernel's own u128 */

/* As the kernel's linux/types.h, for tools/include/linux/list.h. */
struct list_head {
	struct list_head *next, *prev;
};

struct hlist_head {
	struct hlist_node *first;
};

struct hlist_node {
	struct hlist_node *next, **pprev;
};

#endif
