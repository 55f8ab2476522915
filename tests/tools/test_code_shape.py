#!/usr/bin/python3
"""The shape rules of docs/architecture.md that a reader cannot keep by eye.

1. No function in sim/engine/ longer than 80 lines or with more than 15 branches (clang-tidy's
   readability-function-size, on the build's compile_commands.json).
2. No domain value compared with a string literal outside the readers of input files: the
   engine, the world, the ledger, comparisons and the CSV writers branch on enums.

Usage: test_code_shape.py SOURCE_DIR BUILD_DIR
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys

MAX_LINES = 80
MAX_BRANCHES = 15

# Files that hold no reader of input text: a string literal compared there is a domain value
# kept as text.
NO_STRING_COMPARISONS = [
    "sim/engine",
    "sim/world",
    "sim/ledger",
    "sim/compare",
    "sim/io/csv_output.cpp",
    "sim/cli/run_command.cpp",
    "sim/cli/compare_command.cpp",
]
STRING_COMPARISON = re.compile(r'[!=]=\s*"|"\s*[!=]=')


def function_size_violations(source: pathlib.Path, build: pathlib.Path) -> list[str]:
    clang_tidy = shutil.which("clang-tidy")
    if clang_tidy is None:
        return ["clang-tidy is not installed (tools/install-deps.sh installs it)"]
    database = json.loads((build / "compile_commands.json").read_text())
    engine_dir = (source / "sim/engine").resolve()
    files = sorted({entry["file"] for entry in database
                    if pathlib.Path(entry["file"]).resolve().parent == engine_dir})
    if not files:
        return [f"no sim/engine/*.cpp in {build}/compile_commands.json"]
    config = ("{CheckOptions: [{key: readability-function-size.LineThreshold, value: %d}, "
              "{key: readability-function-size.BranchThreshold, value: %d}]}" % (MAX_LINES, MAX_BRANCHES))
    out = subprocess.run([clang_tidy, "-p", str(build), "--quiet", "-checks=-*,readability-function-size",
                          "-config=" + config, *files], capture_output=True, text=True)
    found = []
    for line in out.stdout.splitlines():
        if "readability-function-size" in line or re.search(r"note: \d+ (lines|branches)", line):
            found.append(line.replace(str(source) + "/", ""))
    return found


def string_comparisons(source: pathlib.Path) -> list[str]:
    found = []
    for entry in NO_STRING_COMPARISONS:
        path = source / entry
        files = sorted(path.rglob("*.[ch]pp")) if path.is_dir() else [path]
        for f in files:
            for number, line in enumerate(f.read_text().splitlines(), 1):
                code = line.split("//", 1)[0]
                if STRING_COMPARISON.search(code):
                    found.append(f"{f.relative_to(source)}:{number}: {line.strip()}")
    return found


def main() -> int:
    source = pathlib.Path(sys.argv[1]).resolve()
    build = pathlib.Path(sys.argv[2]).resolve()
    failures = 0
    for title, problems in (
        (f"functions in sim/engine/ over {MAX_LINES} lines or {MAX_BRANCHES} branches", function_size_violations(source, build)),
        ("domain values compared with string literals", string_comparisons(source)),
    ):
        if problems:
            failures += 1
            print(f"FAIL {title}:")
            for p in problems:
                print("  " + p)
        else:
            print(f"ok   no {title}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
