#!/usr/bin/env python3
"""check-includes.py SRCDIR - fails when a file includes another
directory's private header.

Every directory of the tree (indexer/, fetch/, src/analysis/, reports/,
src/cli/, ...) has one public header; its `*-private.h` headers are for
its own files. A unit test may include the private headers of the module
it tests (tests/test-NAME.c tests the directory that holds mlg-NAME.c) and
any `*-test-private.h` (fixtures for tests of every module); any other
file in tests/ may include the private headers of one directory. Prints
each violation as FILE:LINE and exits 1; exits 0 when there is none.
"""
import os
import re
import sys

SOURCE_DIRS = ["indexer", "fetch", "src", "reports", "tests", "bench"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def walk(root):
    for top in SOURCE_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if name.endswith((".c", ".cc", ".h")):
                    yield os.path.relpath(os.path.join(dirpath, name), root)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    files = sorted(walk(root))
    # Which directory each private header belongs to.
    home = {}
    for f in files:
        if f.endswith("-private.h"):
            home.setdefault(os.path.basename(f), os.path.dirname(f))
    # Where mlg-NAME.c lives, for the module of tests/test-NAME.c.
    module = {}
    for f in files:
        base = os.path.basename(f)
        if base.startswith("mlg-") and base.endswith(".c") \
                and not f.startswith("tests" + os.sep):
            module[base[len("mlg-"):-len(".c")]] = os.path.dirname(f)

    bad = []
    for f in files:
        here = os.path.dirname(f)
        in_tests = f == "tests" or f.startswith("tests" + os.sep)
        with open(os.path.join(root, f), encoding="utf-8",
                  errors="replace") as text:
            lines = list(enumerate(text, 1))
        seen = set()
        for number, line in lines:
            m = INCLUDE.match(line)
            if not m or not m.group(1).endswith("-private.h"):
                continue
            header = os.path.basename(m.group(1))
            owner = home.get(header)
            if owner is None:
                continue
            where = "%s:%d: includes %s (private to %s/)" % (
                f, number, header, owner)
            if not in_tests:
                if owner != here:
                    bad.append(where)
                continue
            if header.endswith("-test-private.h"):
                continue
            base = os.path.basename(f)
            tested = None
            if base.startswith("test-") and base.endswith(".c"):
                tested = module.get(base[len("test-"):-len(".c")])
            if tested is not None and owner != tested:
                bad.append(where + ", but %s tests %s/" % (base, tested))
                continue
            seen.add(owner)
            if len(seen) > 1:
                bad.append(where + ", a second module's private header")
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
