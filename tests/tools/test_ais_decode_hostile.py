#!/usr/bin/python3
"""`tankersim ais decode` on hostile copies of a large feed (docs/ais.md, "tankersim ais decode").

    test_ais_decode_hostile.py path/to/ais_corpus path/to/tankersim [LINES]

`ais_corpus --feed LINES` writes a receiver-like feed (120,000 lines unless told); the test
makes truncated, garbled (random bytes changed, NUL, CR and newlines among them), cut, joined,
bad-checksum, shuffled and CRLF copies of it, and one with all of these, and runs the command on
each, from a file and from standard input. Each run must exit 0 within the time limit, write only
its summary to standard error, and account for every line: the lines it read are the lines of
the input (newlines, and a last line without one), `lines in messages` + `dropped` is that
count, `dropped` is the sum of the causes, `messages` is the number of CSV rows and the type 24
parts add up to the rows of type 24. On the clean feed the bad checksums are exactly the lines
whose `*hh` this script finds wrong. A small hand-made feed with one line of every cause must
give an exact summary.
"""
import os
import random
import re
import subprocess
import sys
import tempfile

SUMMARY = re.compile(r"^tankersim ais decode: lines (\d+), messages (\d+), lines in messages (\d+), "
                     r"dropped (\d+)(?:: (.*))?$")
PARTS = re.compile(r"^tankersim ais decode: type 24 parts A (\d+), B (\d+); A without a B from its MMSI (\d+), "
                   r"B without an A (\d+)$")
CAUSES = ["malformed", "bad_checksum", "malformed_tag_block", "bad_tag_block_checksum", "orphan_fragment",
          "bad_character", "bad_fill_bits", "unknown_type", "wrong_length", "too_long"]
TIMEOUT_S = 120  # a run of 120,000 lines takes under a second (under ASan a few)


def checksum(body):
    s = 0
    for c in body.encode("latin-1"):
        s ^= c
    return f"{s:02X}"


def sentence(payload, fill, count=1, number=1, seq=""):
    body = f"AIVDM,{count},{number},{seq},A,{payload},{fill}"
    return f"!{body}*{checksum(body)}"


def lines_read(data):
    """Lines as the command counts them: one a newline, and a last one without."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def check_summary(data, stdout, stderr, result=None):
    """What is wrong with the output of `ais decode` on `data` (bytes each), [] if nothing; the
    summary's counts go into `result` when given. Also used by tests/fuzz/mutate_ais.py."""
    err = stderr.decode("latin-1").splitlines()
    m = SUMMARY.match(err[0]) if err else None
    if not m or len(err) > 2 or (len(err) == 2 and not PARTS.match(err[1])):
        return [f"standard error is not the summary: {stderr[:500]!r}"]
    lines, messages, in_messages, dropped = (int(x) for x in m.groups()[:4])
    causes = {}
    for item in m.group(5).split(", ") if m.group(5) else []:
        cause, n = item.rsplit(" ", 1)
        causes[cause] = int(n)
    rows = stdout.count(b"\n") - 1
    type24 = sum(1 for r in stdout.split(b"\n")[1:] if r.split(b",")[4:5] == [b"24"])
    want = lines_read(data)
    checks = [
        (lines == want, f"lines {lines}, the input has {want}"),
        (in_messages + dropped == lines, f"lines in messages {in_messages} + dropped {dropped} != lines {lines}"),
        (sum(causes.values()) == dropped, f"causes {causes} do not add up to dropped {dropped}"),
        (all(c in CAUSES for c in causes), f"unknown cause in {causes}"),
        (rows == messages, f"{rows} CSV rows for messages {messages}"),
        (messages <= in_messages, f"messages {messages} from fewer lines {in_messages}"),
    ]
    if len(err) == 2:
        a, b, a_alone, b_alone = (int(x) for x in PARTS.match(err[1]).groups())
        checks += [(a + b == type24, f"type 24 parts A {a} + B {b} != {type24} type 24 rows"),
                   (a_alone <= a and b_alone <= b, f"parts alone {a_alone}, {b_alone} over parts {a}, {b}")]
    else:
        checks.append((type24 == 0, f"{type24} type 24 rows and no parts line"))
    if result is not None:
        result.update(lines=lines, messages=messages, causes=causes)
    return [what for ok, what in checks if not ok]


def run(tankersim, data, name, stdin):
    with tempfile.NamedTemporaryFile(suffix=".nmea") as f:
        f.write(data)
        f.flush()
        args = [tankersim, "ais", "decode", "-" if stdin else f.name]
        try:
            p = subprocess.run(args, input=data if stdin else None, capture_output=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            return None, [f"{name}: no result within {TIMEOUT_S} s"]
    if p.returncode != 0:
        return None, [f"{name}: exit {p.returncode} (a negative code is a signal): {p.stderr[-500:]!r}"]
    result = {}
    problems = [f"{name}: {what}" for what in check_summary(data, p.stdout, p.stderr, result)]
    return (result if result else None), problems


def hand_made_case(tankersim):
    """One line of every cause, and one message; the summary is exact."""
    ok = "!AIVDM,1,1,,B,177KQJ5000G?tO`K>RA1wUbN0TKH,0*5C"  # gpsd's example (AIVDM.adoc)
    tag = "c:1590969600"
    lines = [
        ok,
        "hello",                                                   # malformed
        ok[:-1] + "D",                                             # bad_checksum
        f"\\{tag}\\{ok}",                                          # malformed_tag_block (no *hh)
        f"\\{tag}*00\\{ok}",                                       # bad_tag_block_checksum
        sentence("0" * 11, 2, count=2, number=2, seq="3"),         # orphan_fragment
        sentence("177KQJ5000G?tO`K>RA1wUbN0TKX", 0),               # bad_character ('X')
        sentence("177KQJ5000G?tO`K>RA1wUbN0TKH", 6),               # bad_fill_bits
        sentence("8" + "0" * 27, 0),                               # unknown_type (8)
        sentence("177KQJ5000G?tO`K>RA1wUbN0TK", 0),                # wrong_length (162 bits)
        "x" * 1100,                                                # too_long
    ]
    data = "".join(line + "\n" for line in lines).encode("latin-1")
    p = subprocess.run([tankersim, "ais", "decode", "-"], input=data, capture_output=True, timeout=TIMEOUT_S)
    want = ("tankersim ais decode: lines 11, messages 1, lines in messages 1, dropped 10: malformed 1, "
            "bad_checksum 1, malformed_tag_block 1, bad_tag_block_checksum 1, orphan_fragment 1, bad_character 1, "
            "bad_fill_bits 1, unknown_type 1, wrong_length 1, too_long 1\n")
    got = p.stderr.decode("latin-1")
    problems = []
    if p.returncode != 0 or got != want:
        problems.append(f"hand-made feed: exit {p.returncode}, summary\n  {got!r}\nwanted\n  {want!r}")
    return problems


def bad_checksums(text_lines):
    """Lines of the clean feed whose sentence checksum is wrong (the generator makes some)."""
    n = 0
    for line in text_lines:
        sentence_part = line.split("\\")[-1]
        body, _, rest = sentence_part[1:].partition("*")
        if rest[:2] != checksum(body):
            n += 1
    return n


def variants(clean, rng):
    lines = clean.split(b"\n")[:-1]
    out = {"clean": clean}
    out["truncated"] = clean[:rng.randrange(len(clean) // 3, len(clean))]
    garbled = bytearray(clean)
    for _ in range(len(clean) // 200):
        garbled[rng.randrange(len(garbled))] = rng.choice([rng.randrange(256), 0, 10, 13, ord(","), ord("*"), ord("\\")])
    out["garbled"] = bytes(garbled)
    out["cut"] = b"".join((l[:rng.randrange(len(l) + 1)] if rng.random() < 0.1 else l) + b"\n" for l in lines)
    out["joined"] = b"".join(l + (b"" if rng.random() < 0.1 else b"\n") for l in lines)

    def bad_sum(l):
        """One line in ten with its checksum wrong, or (one in twenty) not hex at all."""
        star = l.rfind(b"*")
        hh = l[star + 1:star + 3]
        if star < 0 or rng.random() >= 0.1 or not re.fullmatch(rb"[0-9A-F]{2}", hh):
            return l
        new = b"ZZ" if rng.random() < 0.5 else b"%02X" % (int(hh, 16) ^ 0x5A)
        return l[:star + 1] + new + l[star + 3:]
    out["bad_checksums"] = b"".join(bad_sum(l) + b"\n" for l in lines)
    shuffled = list(lines)
    rng.shuffle(shuffled)
    out["shuffled"] = b"".join(l + b"\n" for l in shuffled)
    out["crlf_no_final_newline"] = b"\r\n".join(lines)
    mixed = list(lines)
    rng.shuffle(mixed)
    mixed = [bad_sum(l[:rng.randrange(len(l) + 1)] if rng.random() < 0.05 else l) for l in mixed]
    mixed_data = bytearray(b"".join(l + (b"" if rng.random() < 0.05 else b"\n") for l in mixed))
    for _ in range(len(mixed_data) // 500):
        mixed_data[rng.randrange(len(mixed_data))] = rng.randrange(256)
    out["all_at_once"] = bytes(mixed_data)[:rng.randrange(len(mixed_data) // 2, len(mixed_data))]
    return out


def main():
    corpus_exe, tankersim = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 120000
    problems = hand_made_case(tankersim)
    clean = subprocess.run([corpus_exe, "--feed", str(count), "3"], check=True, capture_output=True).stdout
    rng = random.Random(11)
    results = {}
    for i, (name, data) in enumerate(variants(clean, rng).items()):
        result, bad = run(tankersim, data, name, stdin=i % 3 == 2)
        problems += bad
        if result:
            results[name] = result
            print(f"{name}: {len(data)} bytes, lines {result['lines']}, messages {result['messages']}, "
                  f"dropped {result['causes']}")
    clean_result = results.get("clean")
    if clean_result:
        text_lines = clean.decode("latin-1").splitlines()
        want_bad = bad_checksums(text_lines)
        if clean_result["lines"] < 100000 or clean_result["causes"].get("bad_checksum", 0) != want_bad:
            problems.append(f"clean: {clean_result}, wanted at least 100,000 lines and bad_checksum {want_bad}")
    for name, cause in (("garbled", "malformed"), ("cut", "malformed"), ("joined", "malformed"),
                        ("bad_checksums", "bad_checksum"), ("shuffled", "orphan_fragment"),
                        ("all_at_once", "malformed")):
        r = results.get(name)
        if r and clean_result and r["causes"].get(cause, 0) <= clean_result["causes"].get(cause, 0):
            problems.append(f"{name}: no more {cause} than the clean feed: {r['causes']}")
    if problems:
        print(f"{len(problems)} problems:\n" + "\n".join(problems[:30]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
