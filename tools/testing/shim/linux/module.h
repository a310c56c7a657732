/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _OA_SHIM_LINUX_MODULE_H
#define _OA_SHIM_LINUX_MODULE_H

#include <linux/compiler.h>

#define MODULE_DESCRIPTION(text) \
	static const char oa_shim_description[] __maybe_unused = text
#define MODULE_LICENSE(text) \
	static const char oa_shim_license[] __maybe_unused = text

#endif
