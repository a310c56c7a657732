/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _OA_SHIM_LINUX_COMPILER_H
#define _OA_SHIM_LINUX_COMPILER_H

#include_next <linux/compiler.h>

#ifndef __must_check
#define __must_check __attribute__((__warn_unused_result__))
#endif

#endif
