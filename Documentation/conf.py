# SPDX-License-Identifier: GPL-2.0
#
# Sphinx configuration of orderly_alloc's documentation, rendered by
# `make docs` with the kernel's own kernel-doc extension, taken from the
# linux-source tree that scripts/oa-cache unpacks (KSRC).
import os
import sys

KSRC = os.environ.get("KSRC")
if not KSRC:
    sys.exit("conf.py: set KSRC to a kernel source tree (make docs does)")
sys.path.insert(0, os.path.join(KSRC, "Documentation", "sphinx"))

project = "orderly_alloc"
copyright = "2026, The orderly_alloc authors"
master_doc = "index"
extensions = ["kerneldoc"]
kerneldoc_bin = os.path.join(KSRC, "scripts", "kernel-doc")
kerneldoc_srctree = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
kerneldoc_verbosity = 1
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = []

# What the kernel's conf.py tells Sphinx's C parser, as far as we use it.
c_id_attributes = ["__must_check", "__printf", "__iomem", "__acquires",
                   "__releases"]
