# SPDX-License-Identifier: GPL-2.0
#
# For people: kbuild itself reads ./Kbuild.
#
#   make [W=1] [C=1]  build orderly_alloc.ko and the sample modules out of
#                     tree, against Debian's 6.12 amd64 headers (fetched into
#                     ~/.cache/orderly_alloc), or KDIR=/path/to/kernel/build
#   make check        run every test (scripts/check); exits non-zero on failure
#   make demo         boot Debian's 6.12 in QEMU: the sample driver
#                     suballocates a PCI BAR, the host checks its bytes
#   make fuzz         libFuzzer on the userspace build, FUZZ_SECONDS=120
#   make insns        instructions and last-level cache misses per churn
#                     pair under callgrind (tools/testing/insns.baseline)
#   make bench        orderly_alloc against drm_mm, gen_pool and gpu_buddy in
#                     a UML kernel, BOOTS=3 boots; writes bench/RESULTS.md
#   make package      the Debian package orderly-alloc-dkms (dh-dkms), in
#                     ~/.cache/orderly_alloc/package; scripts/oa-dkms
#                     proves it in a Debian 12 chroot
#   make dkms         scripts/oa-dkms: make package, then in a Debian 12
#                     chroot DKMS builds the modules for each kernel, and
#                     QEMU loads them
#   make docs         Documentation/ to HTML with Sphinx and the kernel's
#                     kernel-doc extension; fails on any warning
#   make clients      vc4 ported to orderly_alloc and the drm_mm layer over
#                     it, with vc4's, DRM's and TTM's own KUnit suites, in a
#                     plain and a debug UML kernel (scripts/clients)
#   make clean        remove the build outputs

# Expanded by the shell in the recipe, so only `make modules` fetches it.
KDIR ?= $$(scripts/oa-cache headers)

# The showcase sample needs KUnit, which Debian's kernel lacks: not built here.
OA_CONFIG := CONFIG_ORDERLY_ALLOC=m CONFIG_ORDERLY_ALLOC_DEBUGFS=m \
	     CONFIG_ORDERLY_ALLOC_SAMPLES=m CONFIG_ORDERLY_ALLOC_IVSHMEM=m

all: modules

modules:
	@kdir="$(KDIR)" && \
	$(MAKE) -C "$$kdir" M="$(CURDIR)" $(OA_CONFIG) modules

# The userspace harness of tools/testing: see its Makefile.
FUZZ_SECONDS ?= 120
fuzz:
	$(MAKE) -C tools/testing fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

insns:
	$(MAKE) -C tools/testing insns

# The median of BOOTS boots of the benchmark kernel (scripts/oa-bench).
BOOTS ?= 3
bench:
	scripts/oa-cache deps
	OA_BENCH_COMMAND="make bench BOOTS=$(BOOTS)" scripts/oa-bench $(BOOTS)

# Sphinx, with the kernel's kernel-doc extension from the cached tree.
DOCS_OUT ?= $(or $(OA_CACHE),$(HOME)/.cache/orderly_alloc)/docs
docs:
	@scripts/oa-cache deps
	@ksrc="$$(scripts/oa-cache source)" && rm -rf "$(DOCS_OUT)" && \
	KSRC="$$ksrc" KDOC_WERROR=1 sphinx-build -W --keep-going -q -b html \
		-d "$(DOCS_OUT)/doctrees" Documentation "$(DOCS_OUT)/html" && \
	echo "docs: $(DOCS_OUT)/html/index.html"

# dpkg-buildpackage in a copy of the package's files, outside the repo;
# prints the .deb's path last.
PKG_OUT ?= $(or $(OA_CACHE),$(HOME)/.cache/orderly_alloc)/package
PKG_FILES := Kbuild Kconfig dkms.conf orderly_alloc.c orderly_alloc.h \
	     orderly_alloc_trace.h orderly_alloc_debugfs.c \
	     orderly_alloc_debugfs.h debian
package:
	@scripts/oa-cache deps
	@rm -rf "$(PKG_OUT)" && mkdir -p "$(PKG_OUT)/orderly-alloc" && \
	cp -r $(PKG_FILES) "$(PKG_OUT)/orderly-alloc/" && \
	(cd "$(PKG_OUT)/orderly-alloc" && dpkg-buildpackage -us -uc -b) \
		>"$(PKG_OUT)/build.log" 2>&1 || \
		{ tail -n 30 "$(PKG_OUT)/build.log"; exit 1; }
	@ls "$(PKG_OUT)"/orderly-alloc-dkms_*_all.deb

dkms:
	scripts/oa-cache deps
	scripts/oa-dkms

clients:
	scripts/oa-cache deps
	scripts/clients

check:
	scripts/check

demo:
	scripts/oa-cache deps
	scripts/oa-qemu --report

clean:
	find . -path ./.git -prune -o -type f \( -name '*.o' -o -name '*.ko' \
		-o -name '*.mod' -o -name '*.mod.c' -o -name '.*.cmd' \
		-o -name '.*.d' -o -name '*.a' -o -name modules.order \
		-o -name Module.symvers \) -exec rm -f {} +

.PHONY: all modules check demo clean fuzz insns bench docs package dkms \
	clients
