/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _OA_SHIM_LINUX_STRING_H
#define _OA_SHIM_LINUX_STRING_H

#include <string.h>

#endif
