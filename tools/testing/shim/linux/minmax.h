/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _OA_SHIM_LINUX_MINMAX_H
#define _OA_SHIM_LINUX_MINMAX_H

#include <linux/kernel.h>	/* the tools copy has min, max, min_t, max_t */

#define max3(x, y, z) max((typeof(x))max(x, y), z)

#endif
