#!/usr/bin/python3
"""Fails when code, tests, docs or scenarios tell history or point outside the repository.

Comments and docs say what holds, not which session or issue changed it (git keeps that), and a
clone must be complete: nothing may cite the design or facts files that lived beside the
repository (docs/architecture.md and docs/sources.md hold them). Every hit is printed as
FILE:LINE: text.

Usage: test_no_history_text.py [SOURCE_DIR]   (default: the repository holding this file)
"""
import os
import re
import sys

FOLDERS = ["sim", "include", "tests", "docs", "scenarios"]

# Built from parts so that this file does not match itself.
PATTERNS = [
    ("history", re.compile(r"\b" + "sess" + r"ions?\s+#?\d", re.IGNORECASE)),
    ("history", re.compile(r"\b" + "iss" + r"ues?\s*#\s*\d|\b" + "iss" + r"ues?\s+\d", re.IGNORECASE)),
    ("outside the repository", re.compile(r"\.\./" + "shared" + r"\b|/work/" + "shared" + r"\b")),
    ("outside the repository", re.compile(r"\b" + "DESIGN" + r"\.md\b")),
]


def hits_in(text):
    """(line number, what, line) for every line of text that matches a pattern."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        for what, pattern in PATTERNS:
            if pattern.search(line):
                out.append((n, what, line.strip()))
                break
    return out


def self_check():
    """The patterns catch what they are for and leave ordinary words alone."""
    bad = ["// " + "session" + " 4: faster", "Issue" + " 7 target", "(" + "issue" + " #12)",
           "see ../" + "shared/facts/x.md", "the phases of " + "DESIGN" + ".md"]
    good = ["start_new_session=True", "an issue with the input", "sessions of the court",
            "docs/architecture.md", "shared_ptr<Node>", "issued 3 warnings"]
    for text in bad:
        assert hits_in(text), f"not caught: {text!r}"
    for text in good:
        assert not hits_in(text), f"caught by mistake: {text!r}"


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    self_check()
    me = os.path.abspath(__file__)
    found = []
    scanned = 0
    for folder in FOLDERS:
        top = os.path.join(root, folder)
        if not os.path.isdir(top):
            print(f"{top}: no such folder")
            return 1
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if os.path.abspath(path) == me or os.path.islink(path):
                    continue
                with open(path, "rb") as f:
                    data = f.read()
                if b"\0" in data:  # binary (images)
                    continue
                scanned += 1
                for n, what, line in hits_in(data.decode("utf-8", errors="replace")):
                    found.append(f"{os.path.relpath(path, root)}:{n}: {what}: {line[:160]}")
    if scanned < 100:
        print(f"only {scanned} files scanned under {root}: wrong folder?")
        return 1
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} lines tell history or point outside the repository "
              "(docs/architecture.md and docs/sources.md are the repository's own design and sources)")
        return 1
    print(f"ok: {scanned} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
