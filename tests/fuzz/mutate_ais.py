#!/usr/bin/python3
"""Mutation fuzzing of `tankersim ais decode` (docs/testing.md), the AIS counterpart of mutate.py.

Takes the NMEA lines of tests/fuzz/corpus-ais/ and makes feeds of them with hostile changes: in
a field (fragment counts and numbers, sequence ids, channels, fill bits out of range, payloads of
random armoured characters and lengths, talkers, VDM/VDO), in a tag block (`c:` of 20 digits or
none, sources with separators, fields without `:`), in the bytes (flips, NUL, CR, non-ASCII,
separators), and in the lines (cut, joined, repeated, reordered, 1,024 to 100,000 characters).
Most field changes recompute the checksums, so that the mutant reaches the parser and decoder
behind them. Each feed goes through the real program, and fails when the command

  - is killed by a signal (sanitizer aborts included) or runs longer than --timeout (10 s; 30 s
    for an ASan build),
  - exits with a code other than 0 (the command exits 0 whatever the feed holds),
  - writes to standard error anything but its summary, or a summary that does not account for
    every line (tests/tools/test_ais_decode_hostile.py, check_summary).

Mutants are a pure function of (--seed, index): `--only N` rebuilds and reruns mutant N. Failing
feeds are written to --keep DIR with a command.sh.
"""
import argparse
import concurrent.futures
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "tools"))
from test_ais_decode_hostile import check_summary  # noqa: E402

CORPUS = os.path.join(REPO, "tests", "fuzz", "corpus-ais")
ARMOUR = "".join(chr(v + 48 if v < 40 else v + 56) for v in range(64))
HOSTILE_FIELDS = ["", "0", "1", "2", "9", "10", "-1", "+1", " 1", "A", "B", "C", "Z", "a", "1.0", "0x1",
                  "99999999999999999999", "\x00", "\xff", "*", "\\", "!", "$", "x" * 300]
HOSTILE_TAG_FIELDS = ["c:", "c:-1", "c:99999999999999999999", "c:1e3", "c:+5", "c:0x10", "s:", "s:a,b",
                      "s:" + "s" * 900, "g:1-2-3", "n:", "x", ":", "c", "t:\\", "d:*", "s:\x00"]
HOSTILE_BYTES = [0, 9, 10, 13, 0x7F, 0x80, 0xFF, ord(","), ord("*"), ord("\\"), ord("!"), ord("$"), ord("@")]


def checksum(body):
    s = 0
    for c in body.encode("latin-1"):
        s ^= c
    return f"{s:02X}"


def seed_lines():
    out = []
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), encoding="latin-1") as f:
            out += [line.rstrip("\r\n") for line in f if line.strip()]
    return out


def split_line(line):
    """(tag block body or None, sentence body, text after the checksum) of a seed line."""
    tag = None
    if line.startswith("\\"):
        end = line.index("\\", 1)  # ValueError when there is none
        tag, line = line[1:end].rsplit("*", 1)[0], line[end + 1:]
    body, star, rest = line[1:].partition("*")
    if not star:
        raise ValueError("no checksum")
    return tag, body, rest[2:]


def join_line(tag, body, rest, rng, fix=True):
    s = ""
    if tag is not None:
        s = f"\\{tag}*{checksum(tag) if fix or rng.random() < 0.5 else 'FF'}\\"
    return s + f"!{body}*{checksum(body) if fix else format(rng.randrange(256), '02X')}{rest}"


def mutate_fields(rng, line):
    tag, body, rest = split_line(line)
    fields = body.split(",")
    i = rng.randrange(len(fields))
    choice = rng.random()
    if i == 5 and choice < 0.6:
        n = rng.choice([0, 1, 5, 16, 27, 28, 29, 59, 60, 61, 70, 71, 72, 168, 169, 300, rng.randrange(400)])
        fields[5] = "".join(rng.choice(ARMOUR) for _ in range(n))
        if rng.random() < 0.2 and fields[5]:
            fields[5] = fields[5][:-1] + rng.choice("XYZ_[]^ ,*")
    elif i == 0 and choice < 0.5:
        fields[0] = rng.choice(["AIVDM", "AIVDO", "ABVDM", "BSVDO", "AIVDX", "AIVD", "AIVDMM", "", "!AIVDM", "aivdm"])
    else:
        fields[i] = rng.choice(HOSTILE_FIELDS)
    if rng.random() < 0.1:
        fields.insert(rng.randrange(len(fields) + 1), rng.choice(HOSTILE_FIELDS))
    if rng.random() < 0.1 and len(fields) > 1:
        del fields[rng.randrange(len(fields))]
    return join_line(tag, ",".join(fields), rest, rng, fix=rng.random() < 0.85)


def mutate_payload(rng, line):
    """A payload of random armoured characters (its type drawn from those decoded, mostly) and
    length, or the seed's with characters changed; fill bits 0-5 and checksums right."""
    tag, body, rest = split_line(line)
    fields = body.split(",")
    if len(fields) != 7:
        raise ValueError("not seven fields")
    if rng.random() < 0.5:
        n = rng.choice([1, 6, 16, 17, 26, 27, 28, 29, 52, 53, 60, 70, 71, 72, 168, rng.randrange(1, 170)])
        first = rng.choice("123" "5" "B" "C" "H" "K" + ARMOUR[:8])
        fields[5] = first + "".join(rng.choice(ARMOUR) for _ in range(n - 1))
    elif fields[5]:
        p = list(fields[5])
        for _ in range(rng.randint(1, 3)):
            p[rng.randrange(len(p))] = rng.choice(ARMOUR)
        fields[5] = "".join(p)
    fields[6] = str(rng.randrange(6))
    return join_line(tag, ",".join(fields), rest, rng)


def mutate_tag(rng, line):
    tag, body, rest = split_line(line)
    parts = tag.split(",") if tag else []
    if parts and rng.random() < 0.5:
        parts[rng.randrange(len(parts))] = rng.choice(HOSTILE_TAG_FIELDS)
    else:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(HOSTILE_TAG_FIELDS))
    if rng.random() < 0.2:
        return "\\" + ",".join(parts) + "\\" + join_line(None, body, rest, rng)  # no *hh
    return join_line(",".join(parts), body, rest, rng, fix=rng.random() < 0.9)


def mutate_bytes(rng, line):
    b = bytearray(line.encode("latin-1"))
    for _ in range(rng.randint(1, 4)):
        if not b:
            break
        b[rng.randrange(len(b))] = rng.choice(HOSTILE_BYTES + [rng.randrange(256)])
    return b.decode("latin-1")


def mutate_length(rng, line):
    kind = rng.random()
    if kind < 0.4:
        return line[:rng.randrange(len(line) + 1)]
    n = rng.choice([1023, 1024, 1025, 1026, 4096, 100000])
    if kind < 0.7:
        return (line + "," * n)[:n]  # padded after the checksum: USCG-style fields
    return "!" + "A" * (n - 1)


LINE_MUTATIONS = [mutate_payload, mutate_payload, mutate_payload, mutate_fields, mutate_fields, mutate_tag,
                  mutate_bytes, mutate_length]


def make_mutant(seed, index, seeds):
    """A feed (bytes) and a description, the same for the same seed and index."""
    rng = random.Random(f"{seed}:{index}")
    lines = [rng.choice(seeds) for _ in range(rng.randint(1, 40))]
    if rng.random() < 0.3:  # keep the fragments of a multi-sentence message together
        start = rng.randrange(len(seeds))
        lines = seeds[start:start + rng.randint(2, 12)]
    done = []
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(lines))
        m = rng.choice(LINE_MUTATIONS)
        try:
            lines[i] = m(rng, lines[i])
        except ValueError:  # a line an earlier change left without its structure
            m = mutate_bytes
            lines[i] = m(rng, lines[i])
        done.append(f"{m.__name__}@{i}")
    kind = rng.random()
    if kind < 0.15 and len(lines) > 1:
        rng.shuffle(lines)
        done.append("shuffled")
    elif kind < 0.3 and len(lines) > 1:
        i = rng.randrange(len(lines) - 1)
        lines[i:i + 2] = [lines[i] + lines[i + 1]]
        done.append(f"joined@{i}")
    elif kind < 0.4:
        lines = lines * rng.randint(2, 20)
        done.append("repeated")
    end = rng.choice(["\n", "\n", "\r\n", "\r", "\n\n"])
    data = end.join(lines)
    if rng.random() < 0.8:
        data += end
    return data.encode("latin-1"), ", ".join(done)


def is_asan(binary):
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def child_env(asan, mem_mb):
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", f"abort_on_error=1:detect_leaks=1:hard_rss_limit_mb={mem_mb}"
                   if asan else "abort_on_error=1")
    env.setdefault("UBSAN_OPTIONS", "abort_on_error=1:halt_on_error=1:print_stacktrace=1")
    return env


def execute(binary, data, timeout, env, work_root, index):
    path = os.path.join(work_root, f"feed-{index}.nmea")
    with open(path, "wb") as f:
        f.write(data)
    start = time.monotonic()
    p = subprocess.Popen([binary, "ais", "decode", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        out, err = p.communicate(timeout=timeout)
        code = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        code = "timeout"
    secs = time.monotonic() - start
    os.unlink(path)
    if code == "timeout":
        return f"timeout after {timeout:.0f} s", secs, err, {}
    if code != 0:
        return f"exit {code}" + (" (signal)" if code < 0 else ""), secs, err, {}
    result = {}
    problems = check_summary(data, out, err, result)
    return ("; ".join(problems) if problems else None), secs, err, result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300, help="mutants to make and run")
    ap.add_argument("--tankersim", default=os.path.join(REPO, "build/ci/sim/tankersim"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, help="seconds per command (default 10; 30 for an ASan build)")
    ap.add_argument("--mem-limit-mb", type=int, default=2048)
    ap.add_argument("--keep", help="folder for failing feeds")
    ap.add_argument("--only", type=int, action="append", help="run only mutant N (repeatable)")
    ap.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    args = ap.parse_args()

    binary = os.path.abspath(args.tankersim)
    seeds = seed_lines()
    indices = args.only or range(args.count)
    mutants = {i: make_mutant(args.seed, i, seeds) for i in indices}
    if args.list:
        for i, (data, what) in mutants.items():
            print(f"{i:5d} {len(data):7d} bytes {what}")
        return 0
    if not os.access(binary, os.X_OK):
        print(f"mutate_ais.py: no tankersim at {binary}", file=sys.stderr)
        return 2
    asan = is_asan(binary)
    timeout = args.timeout if args.timeout is not None else (30.0 if asan else 10.0)
    if not asan:
        mem = args.mem_limit_mb << 20
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    env = child_env(asan, args.mem_limit_mb)
    start = time.monotonic()
    work_root = tempfile.mkdtemp(prefix="tankersim-fuzz-ais-")
    failures = {}
    slowest = 0.0
    messages = 0
    causes = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(execute, binary, data, timeout, env, work_root, i): i
                       for i, (data, _) in mutants.items()}
            for fut in concurrent.futures.as_completed(futures):
                i = futures[fut]
                failure, secs, err, result = fut.result()
                slowest = max(slowest, secs)
                messages += result.get("messages", 0)
                for cause, n in result.get("causes", {}).items():
                    causes[cause] = causes.get(cause, 0) + n
                if failure:
                    failures[i] = (failure, err)
                    print(f"{i:5d} failed: {failure[:300]} ({mutants[i][1]})", flush=True)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    lines = sum(data.count(b"\n") for data, _ in mutants.values())
    print(f"\ntankersim ais fuzz: {len(mutants)} feeds (seed {args.seed}), {lines} lines, "
          f"{time.monotonic() - start:.1f} s (slowest {slowest:.1f} s), {binary}{' (ASan)' if asan else ''}")
    print(f"messages {messages}, dropped: " + ", ".join(f"{c} {n}" for c, n in sorted(causes.items())))
    if failures:
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for i, (failure, err) in failures.items():
                dest = os.path.join(args.keep, f"ais-{i:05d}")
                os.makedirs(dest, exist_ok=True)
                with open(os.path.join(dest, "feed.nmea"), "wb") as f:
                    f.write(mutants[i][0])
                with open(os.path.join(dest, "command.sh"), "w") as f:
                    f.write("#!/bin/sh\ncd \"$(dirname \"$0\")\"\n" + shlex.join([binary, "ais", "decode", "feed.nmea"]) + "\n")
                with open(os.path.join(dest, "result.txt"), "w", errors="backslashreplace") as f:
                    f.write(f"mutant {i}: {mutants[i][1]}\nfailure: {failure}\nstderr:\n{err.decode('latin-1')}\n")
            print(f"failing feeds written to {args.keep}/ (each with command.sh)")
        print(f"{len(failures)} failing feeds")
        return 1
    print("no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
