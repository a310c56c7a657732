/* SPDX-License-Identifier: GPL-2.0 */
/* ARRAY_SIZE(), which tools/include keeps in linux/kernel.h. */
#ifndef _OA_SHIM_LINUX_ARRAY_SIZE_H
#define _OA_SHIM_LINUX_ARRAY_SIZE_H

#include <linux/kernel.h>

#endif
