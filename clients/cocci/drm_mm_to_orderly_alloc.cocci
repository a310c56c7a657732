// SPDX-License-Identifier: GPL-2.0
/// Port a driver's own use of drm_mm to orderly_alloc.
///
/// What drm_mm calls can be translated without knowing the driver: types,
/// the include, insert in its three forms (color 0 only: orderly_alloc has
/// no color), node_allocated, takedown, the safe walk that empties a
/// manager, and remove wherever an insert in the same files names the
/// manager of the same field. Run spatch over all of a driver's files at
/// once (not --dir), so that an insert in one file tells the manager of a
/// remove in another. What is left, a remove whose manager nothing names
/// or an insert with a color, fails to build: a rule of the driver's own
/// (clients/vc4/vc4.cocci) or a small patch says it.
///
/// drm_mm_init() returns nothing and orderly_alloc_init() can fail on an
/// empty range: in a function that returns a pointer the port returns
/// ERR_PTR(-EINVAL), in one that returns int, -EINVAL (check that nothing
/// needs undoing there), elsewhere it warns.
//
// Confidence: High for what it changes; review the init error paths.
// Options: --very-quiet --in-place, every file of the driver at once.

virtual patch

@@
@@
- #include <drm/drm_mm.h>
+ #include <linux/orderly_alloc.h>

@@
@@
- struct drm_mm_node
+ struct orderly_alloc_node

@@
@@
- struct drm_mm
+ struct orderly_alloc

// Remember the manager of each node field that an insert names.
@ins@
expression M, E, S;
identifier F;
@@
(
  drm_mm_insert_node(M, &E->F, S)
|
  drm_mm_insert_node_generic(M, &E->F, S, ...)
|
  drm_mm_insert_node_in_range(M, &E->F, S, ...)
)

@@
expression M, N, S;
@@
- drm_mm_insert_node(M, N, S)
+ orderly_alloc_insert(M, N, S, 0, ORDERLY_ALLOC_BEST)

@@
expression M, N, S, A;
@@
- drm_mm_insert_node_generic(M, N, S, A, 0, \(0\|DRM_MM_INSERT_BEST\|DRM_MM_INSERT_EVICT\))
+ orderly_alloc_insert(M, N, S, A, ORDERLY_ALLOC_BEST)

@@
expression M, N, S, A;
@@
- drm_mm_insert_node_generic(M, N, S, A, 0, \(DRM_MM_INSERT_LOW\|DRM_MM_INSERT_LOWEST\))
+ orderly_alloc_insert(M, N, S, A, ORDERLY_ALLOC_LOW)

@@
expression M, N, S, A;
@@
- drm_mm_insert_node_generic(M, N, S, A, 0, \(DRM_MM_INSERT_HIGH\|DRM_MM_INSERT_HIGHEST\))
+ orderly_alloc_insert(M, N, S, A, ORDERLY_ALLOC_HIGH)

@@
expression M, N, S, A, RS, RE;
@@
- drm_mm_insert_node_in_range(M, N, S, A, 0, RS, RE, \(0\|DRM_MM_INSERT_BEST\|DRM_MM_INSERT_EVICT\))
+ orderly_alloc_insert_range(M, N, S, A, RS, RE, ORDERLY_ALLOC_BEST)

@@
expression M, N, S, A, RS, RE;
@@
- drm_mm_insert_node_in_range(M, N, S, A, 0, RS, RE, \(DRM_MM_INSERT_LOW\|DRM_MM_INSERT_LOWEST\))
+ orderly_alloc_insert_range(M, N, S, A, RS, RE, ORDERLY_ALLOC_LOW)

@@
expression M, N, S, A, RS, RE;
@@
- drm_mm_insert_node_in_range(M, N, S, A, 0, RS, RE, \(DRM_MM_INSERT_HIGH\|DRM_MM_INSERT_HIGHEST\))
+ orderly_alloc_insert_range(M, N, S, A, RS, RE, ORDERLY_ALLOC_HIGH)

@@
expression N;
@@
- drm_mm_node_allocated(N)
+ orderly_alloc_node_allocated(N)

// The walk that empties a manager: its remove names the manager.
@@
iterator name drm_mm_for_each_node_safe, orderly_alloc_for_each_node_safe;
expression N, X, M;
statement S;
@@
- drm_mm_for_each_node_safe(N, X, M)
+ orderly_alloc_for_each_node_safe(N, X, M)
  S

@@
iterator name orderly_alloc_for_each_node_safe;
expression N, X, M;
@@
  orderly_alloc_for_each_node_safe(N, X, M) {
  <...
- drm_mm_remove_node(N)
+ orderly_alloc_remove(M, N)
  ...>
  }

@@
expression ins.M, E;
identifier ins.F;
@@
- drm_mm_remove_node(&E->F)
+ orderly_alloc_remove(M, &E->F)

@@
expression M;
@@
- drm_mm_takedown(M)
+ orderly_alloc_fini(M)

// A size chosen by a condition: one init, so that one check follows it.
@@
expression C, M, S, Z1, Z2;
@@
- if (C)
- 	drm_mm_init(M, S, Z1);
- else
- 	drm_mm_init(M, S, Z2);
+ drm_mm_init(M, S, C ? Z1 : Z2);

@@
identifier fn;
type T;
expression M, S, Z;
@@
T *fn(...)
{
<...
- drm_mm_init(M, S, Z);
+ if (orderly_alloc_init(M, S, Z))
+ 	return ERR_PTR(-EINVAL);
...>
}

@@
identifier fn;
expression M, S, Z;
@@
int fn(...)
{
<...
- drm_mm_init(M, S, Z);
+ if (orderly_alloc_init(M, S, Z))
+ 	return -EINVAL;
...>
}

@@
expression M, S, Z;
@@
- drm_mm_init(M, S, Z);
+ WARN_ON(orderly_alloc_init(M, S, Z));
