// SPDX-License-Identifier: GPL-2.0
/// What the generic rules (clients/cocci/) cannot know about vc4: the
/// manager of the node that holds the Mitchell/Netravali filter kernel,
/// which the driver allocates through a pointer parameter and frees by
/// name. Runs before the generic rules, on vc4's files only.
//
// Confidence: High
// Options: --very-quiet --in-place

virtual patch

@@
expression H;
@@
- drm_mm_remove_node(&H->mitchell_netravali_filter)
+ orderly_alloc_remove(&H->dlist_mm, &H->mitchell_netravali_filter)
