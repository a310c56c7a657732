/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _OA_SHIM_LINUX_PRINTK_H
#define _OA_SHIM_LINUX_PRINTK_H

#include <stdio.h>

#define pr_err(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) fprintf(stderr, fmt, ##__VA_ARGS__)

#endif
