#!/usr/bin/python3
"""`tankersim ais decode` against `gpsdecode -u -s` on gpsd's own test logs of real messages.

    test_ais_gpsd_corpus.py path/to/tankersim GPSD_TEST_DIR

GPSD_TEST_DIR holds test/sample.aivdm and test/daemon/*.log from the source package of Debian's
gpsd, which tools/install-deps.sh fetches from Debian's archive into a cache outside the
repository (docs/testing.md). The test fails when they are missing: it is not skipped.

Each file's AIVDM/AIVDO lines go, as one feed per file, through both decoders. gpsd's messages of
the types tankersim decodes (1-3, 5, 18, 19, 24, 27) are paired in order with tankersim's rows by
(type, MMSI), and every field gpsd reports is compared (tests/tools/test_ais_references.py,
gpsd_pairs). A known sentence between messages splits each decoder's output by message, so
each is compared with what the other made of the same lines. A message only one of them gives
fails the test, except one whose length in bits M.1371-5 does not allow (gpsd decodes type 1-3
from 163 bits, and longer 1-3, 18 and 19; tankersim counts them as wrong_length). Text with an
'@' before its end is compared up to that '@', where gpsd ends it.
"""
import csv
import glob
import io
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_ais_references import gpsd_pairs  # noqa: E402

TYPES = {1, 2, 3, 5, 18, 19, 24, 27}
SENTENCE = re.compile(r"^(\\[^\\]*\\)?![A-Z]{2}VD[MO],")
TEXT_COLUMNS = {"source", "talker", "channel", "call_sign", "name", "destination", "vendor_id", "part"}

def feed_lines(path):
    with open(path, encoding="latin-1") as f:
        return [line.rstrip("\r\n") for line in f if SENTENCE.match(line)]


def as_fields(t, row):
    """A CSV row as test_ais_references.py's encoded fields: numbers, None for empty, part 0/1."""
    f = {}
    for name, value in row.items():
        if name in TEXT_COLUMNS:
            f[name] = value
        elif value == "":
            f[name] = None
        else:
            f[name] = float(value) if "." in value else int(value)
    if t == 24:
        f["part"] = "AB".index(f["part"])
    for name in ("to_bow_m", "to_stern_m", "to_port_m", "to_starboard_m", "mothership_mmsi"):
        if f.get(name) is None:
            f.pop(name, None)  # gpsd_pairs compares them only where the message has them
    return f


def armoured(bits):
    bits += "0" * (-len(bits) % 6)
    return "".join(chr(v + 48 if v < 40 else v + 56) for v in (int(bits[i:i + 6], 2) for i in range(0, len(bits), 6)))


def sentence(payload, fill):
    body = f"AIVDM,1,1,,A,{payload},{fill}"
    sum_ = 0
    for c in body:
        sum_ ^= ord(c)
    return f"!{body}*{sum_:02X}"


# A type 1 from MMSI 999999999 (in the logs only as a type 8) between groups of lines, so that each
# decoder's output splits into what each group gave.
MARKER_MMSI = 999999999
MARKER = sentence(armoured("000001" + "00" + format(MARKER_MMSI, "030b") + "0" * 130), 0)


def groups_of(lines):
    """Single sentences, and the fragments of a multi-sentence message when they come in order;
    a fragment out of order is a group of its own (both decoders drop it)."""
    out = []
    i = 0
    while i < len(lines):
        f = lines[i].split("\\")[-1].split(",")
        count = int(f[1]) if len(f) > 2 and f[1].isdigit() else 1
        group = [lines[i]]
        if count > 1 and f[2] == "1":
            for k in range(2, count + 1):
                if i + k - 1 >= len(lines):
                    break
                g = lines[i + k - 1].split("\\")[-1].split(",")
                if len(g) < 7 or g[1] != f[1] or g[2] != str(k) or g[3] != f[3] or g[4] != f[4]:
                    break
                group.append(lines[i + k - 1])
            if len(group) != count:
                group = [lines[i]]
        out.append(group)
        i += len(group)
    return out


def payload_bits(group):
    fields = [line.split("\\")[-1].split(",") for line in group]
    fill = fields[-1][6].split("*")[0]
    return 6 * sum(len(f[5]) for f in fields) - (int(fill) if fill.isdigit() else 0)


# Lengths in bits that ITU-R M.1371-5 allows and tankersim decodes (docs/ais.md); gpsd also
# decodes shorter type 1-3 (from 163 bits) and longer 1-3, 18 and 19 messages.
def allowed(t, bits, part_b):
    if t in (1, 2, 3, 18):
        return bits == 168
    if t == 5:
        return 424 <= bits <= 426
    if t == 19:
        return bits == 312
    if t == 24:
        return bits == 168 if part_b else 160 <= bits <= 168
    if t == 27:
        return bits in (96, 168)
    return False


def split_on_marker(records, is_marker, groups):
    out = [[]]
    for r in records:
        if is_marker(r):
            out.append([])
        else:
            out[-1].append(r)
    assert len(out) == groups + 1, f"{len(out) - 1} markers for {groups} groups"
    return out[:-1]


def compare_file(tankersim, path, name):
    groups = groups_of(feed_lines(path))
    nmea = "".join(line + "\n" for g in groups for line in g + [MARKER])
    gpsd = subprocess.run(["gpsdecode", "-u", "-s"], input=nmea, capture_output=True, text=True, check=True)
    ours = subprocess.run([tankersim, "ais", "decode", "-"], input=nmea, capture_output=True, text=True)
    if ours.returncode != 0:
        return 0, 0, 0, 0, [f"{name}: tankersim ais decode exited {ours.returncode}: {ours.stderr.strip()}"]
    g_out = split_on_marker([json.loads(x) for x in gpsd.stdout.splitlines()],
                            lambda m: m.get("type") == 1 and m.get("mmsi") == MARKER_MMSI, len(groups))
    t_out = split_on_marker(list(csv.DictReader(io.StringIO(ours.stdout))),
                            lambda r: r["type"] == "1" and r["mmsi"] == str(MARKER_MMSI), len(groups))
    problems = []
    pairs = fields = longer = at_cut = 0
    for group, g_recs, t_rows in zip(groups, g_out, t_out):
        g_recs = [m for m in g_recs if m.get("type") in TYPES]
        for m in g_recs:
            # With -s gpsd writes a 24A as it comes, and a 24B alone (part "B") or, after its A,
            # merged with it (no "part", the A's name added): either way it is the B.
            if m["type"] == 24 and "part" not in m:
                m["part"] = "B"
        where = f"{name}: {group[0]}"
        if len(g_recs) == 1 and len(t_rows) == 1:
            g, row = g_recs[0], t_rows[0]
            t = g["type"]
            pairs += 1
            if (t, g["mmsi"]) != (int(row["type"]), int(row["mmsi"])):
                problems.append(f"{where}: gpsdecode type/MMSI {t}/{g['mmsi']}, tankersim {row['type']}/{row['mmsi']}")
                continue
            for field, want, got in gpsd_pairs(t, as_fields(t, row), g):
                fields += 1
                if isinstance(want, str) and "@" in want:
                    # gpsd ends text at its first '@'; tankersim drops only the trailing ones
                    # (the padding), so a left-padded "@@J130B" stays as it was sent.
                    want = want.split("@")[0]
                    at_cut += 1
                if want != got:
                    problems.append(f"{where}: type {t} MMSI {g['mmsi']} {field}: tankersim {want!r}, gpsdecode {got!r}")
        elif len(g_recs) == 1 and not t_rows and not allowed(g_recs[0]["type"], payload_bits(group),
                                                             g_recs[0].get("part") == "B"):
            longer += 1  # a length M.1371-5 does not allow: tankersim counts it as wrong_length
        elif g_recs or t_rows:
            problems.append(f"{where}: {len(g_recs)} gpsdecode messages, {len(t_rows)} tankersim rows")
    summary = ours.stderr.strip().removeprefix("tankersim ais decode: ")
    print(f"{name}: {len(groups)} messages or lone lines, {pairs} decoded by both, {fields} fields compared, "
          f"{longer} of lengths M.1371-5 does not allow decoded by gpsdecode only, {at_cut} texts with an '@' "
          f"before their end compared to it ({summary}, markers included)")
    return len(groups), pairs, fields, longer, problems


def main():
    tankersim, test_dir = sys.argv[1], sys.argv[2]
    files = [os.path.join(test_dir, "sample.aivdm")] + sorted(glob.glob(os.path.join(test_dir, "daemon", "*.log")))
    if not os.path.isfile(files[0]):
        print(f"test_ais_gpsd_corpus: no {files[0]}: gpsd's test logs are fetched by tools/install-deps.sh "
              "(from the gpsd source package of Debian's archive)", file=sys.stderr)
        sys.exit(1)
    totals = [0, 0, 0, 0]
    problems = []
    for path in files:
        name = os.path.relpath(path, test_dir)
        if not feed_lines(path):
            continue
        *counts, bad = compare_file(tankersim, path, name)
        totals = [a + b for a, b in zip(totals, counts)]
        problems += bad
    total_pairs = totals[1]
    print(f"all: {totals[0]} messages or lone lines, {totals[1]} decoded by both, {totals[2]} fields compared, "
          f"{totals[3]} of other lengths decoded by gpsdecode only")
    if total_pairs < 100:
        problems.append(f"only {total_pairs} messages paired: the logs are not what this test expects")
    if problems:
        print(f"{len(problems)} differences:\n" + "\n".join(problems[:60]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
