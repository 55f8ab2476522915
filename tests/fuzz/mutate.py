#!/usr/bin/python3
"""Mutation fuzzing of tankersim's scenario loader and command line (docs/testing.md).

Takes the project's own scenarios and overlays, mutates each into hostile input (numbers to NaN,
inf and 1e308, type swaps, deleted and duplicated keys, control characters, invalid UTF-8,
truncation, byte flips, anchors and aliases, hostile --set overrides and command-line options)
and runs `tankersim validate`, then `run` (and sometimes `compare -n 2`) on each mutant that
validates. A mutant fails when a command

  - is killed by a signal (sanitizer aborts included) or runs longer than --timeout (10 s; 30 s
    for an ASan build, which runs about 3x slower),
  - exits with a code other than 0 (ok) or 2 (bad input); 1, a runtime failure, is a failure too,
  - prints a sanitizer report,
  - prints a diagnostic without a position (the rule is in check_stderr below), or one whose
    position is wrong (check_positions: past the end of the file, or a reader error, such as
    invalid UTF-8, away from the line of the byte it is about), or
  - validates with an end that is not after the start (check_accepted: a duration that
    overflows the clock, or rounds to 0 s).

Mutants are a pure function of (--seed, mutant index): `--only N` rebuilds and reruns mutant N.
Failing mutants are written to --keep DIR with the command, its output and the result.

Uses only the standard library and Debian's python3-yaml (whose event parser gives every node's
position, so mutations edit the original text and leave the rest of it, comments and line
numbers included, as it was).
"""
import argparse
import collections
import concurrent.futures
import os
import random
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO_GLOBS = ["scenarios", "scenarios/what-if", "tests/scenario/data/valid"]
OVERLAY_DIR = "scenarios/what-if/overlays"
# The scenario the what-if overlays are written against.
OVERLAY_BASE = "scenarios/what-if/venezuela_2020_interdict.yaml"

# ---- hostile values ---------------------------------------------------------------------------

HOSTILE_NUMBERS = [
    "nan", ".nan", ".NaN", "NaN", "inf", "-inf", ".inf", "-.inf", "+.inf", "1e308", "-1e308",
    "1e309", "-0", "-0.0", "1e300", "-1e300", "1e-300", "5e-324", "2.5e-7",
    "18446744073709551616",   # 2^64
    "18446744073709551615",   # 2^64 - 1
    "9223372036854775807", "9223372036854775808", "-9223372036854775809", "4294967296",
    "2147483648", "-1", "0", "0.0", "1" + "0" * 400, "9" * 1000, "0x7fffffffffffffff", "1_000",
    "0o777", "1e", "-.5",
]
HOSTILE_UNIT_NUMBERS = [
    "1e300", "1e308", "-1e308", "0.4", "0.001", "1e-300", "5e-324", "0", "-0", "-1", "nan", "inf",
    "-inf", "18446744073709551616", "9223372036854775808", "9" * 400, "2.5e-7", "1e19",
]
UNIT_FAMILIES = [
    ["s", "min", "h", "d"],
    ["kn", "km/h", "m/s"],
    ["nm", "km", "m"],
]
HOSTILE_TIMES = [
    "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "-99999-01-01T00:00:00Z",
    "99999999999-01-01T00:00:00Z", "2020-05-01T00:00:60Z", "2020-05-01T24:00:00Z",
    "2020-02-29T00:00:00Z", "1970-01-01", "2020-05-01T00:00:00+99:99", "2020-05-01T",
    "2020-05", "292277026596-12-04T15:30:08Z",
]
# Replacements of another type, as flow YAML (valid wherever a value can stand).
SCALAR_SWAPS = ["[]", "{}", "[1, 2]", "{a: 1}", "null", "~", '""', "[[[]]]", "{x: [1, {y: 2}]}"]
COLLECTION_SWAPS = ["x", "42", "null", '""', "true", "{}", "[]", "[1]", "{a: 1}", "1e308"]
CONTROL_CHARS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\r", "\t",
                 "\u0085", "\u2028", "\ufeff", "\u200b", "\x1f"]
INVALID_UTF8 = [b"\xff", b"\xfe", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
                b"\x80", b"\xe2\x82", b"\xf8\x88\x80\x80\x80"]
# --set values. No newline: the loader echoes the argument in its message, and a value with a
# line break would split that message over lines (the file mutations still reach such values).
HOSTILE_SET_VALUES = HOSTILE_NUMBERS + SCALAR_SWAPS + [
    "", "''", "x" * 50000, "\x01", "\x7f", "\u00e9", "\udcff", "*a", "&a", "&a x", "!!binary AAAA",
    "!!python/object:os.system x", "{", "[", "- x", "? x", "|", "%YAML 1.2", "---", "...",
    "a: b: c", "[*a]", "!!int x", "!!float nan", "true", "\t",
]
HOSTILE_SET_PATHS = [
    "vessels.99999999999999999999.name", "vessels.18446744073709551616.name",
    "vessels.18446744073709551615.name", "vessels.4294967296.name", "vessels.-1.name",
    "vessels.1e3.name", "vessels. 0.name", "vessels..name", "vessels.", ".", "..", "",
    "a" * 10000, ".".join(["a"] * 5000), "vessels.0.route.99999999999999999999",
    "vessels.0.route.-1", "simulation.step.x", "vessels.0.name.x.y", "vessels.0x1.name",
    "sides.0.units.99999999999999999999.max_speed", "\udcff", "vessels.0.\u00e9",
]
CLI_OPTIONS = [
    ("compare", ["--threads", "0"]), ("compare", ["--threads", "100000"]),
    ("compare", ["--threads", "18446744073709551616"]), ("compare", ["--threads", "-1"]),
    ("compare", ["--threads", "4294967297"]), ("compare", ["-n", "0"]), ("compare", ["-n", "-1"]),
    ("compare", ["-n", "18446744073709551616"]), ("compare", ["--seed", "18446744073709551616"]),
    ("compare", ["--seed", "-1"]), ("run", ["--seed", "18446744073709551615"]),
    ("run", ["--seed", "-1"]), ("run", ["--seed", "1e3"]), ("run", ["--max-vessel-steps", "nan"]),
    ("run", ["--max-vessel-steps", "inf"]), ("run", ["--max-vessel-steps", "1e308"]),
    ("run", ["--max-vessel-steps", "5e-324"]), ("validate", ["--max-vessel-steps", "nan"]),
    ("validate", ["--max-vessel-steps", "-1"]), ("validate", ["--max-vessel-steps", "1e400"]),
]

NUMBER_RE = re.compile(r"^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
UNIT_VALUE_RE = re.compile(r"^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)(\s*)([A-Za-z/]+)$")
TIME_RE = re.compile(r"^\d{4}-\d\d-\d\d(T[\d:]+(\.\d+)?(Z|[+-]\d\d:?\d\d)?)?$")

# ---- the document: every node with the span of text it came from ------------------------------


class Node:
    """A YAML node with its span in the text. kind: map, seq, scalar or alias."""

    __slots__ = ("kind", "start", "end", "flow", "items", "value", "style", "anchor")

    def __init__(self, kind, start, end, flow=False, value=None, style=None, anchor=None):
        self.kind, self.start, self.end, self.flow = kind, start, end, flow
        self.items = []  # map: [(key, value)]; seq: [value]
        self.value, self.style, self.anchor = value, style, anchor


def build_tree(text):
    """The document's node tree from PyYAML's events (which, unlike composed nodes, keep the
    position of each alias); None when the text is not YAML."""
    try:
        events = list(yaml.parse(text))
    except yaml.YAMLError:
        return None
    pos = 0

    def node():
        nonlocal pos
        ev = events[pos]
        pos += 1
        if isinstance(ev, yaml.ScalarEvent):
            return Node("scalar", ev.start_mark.index, ev.end_mark.index, value=ev.value,
                        style=ev.style, anchor=ev.anchor)
        if isinstance(ev, yaml.AliasEvent):
            return Node("alias", ev.start_mark.index, ev.end_mark.index, value=ev.anchor)
        is_map = isinstance(ev, yaml.MappingStartEvent)
        n = Node("map" if is_map else "seq", ev.start_mark.index, 0, flow=bool(ev.flow_style),
                 anchor=ev.anchor)
        end_type = yaml.MappingEndEvent if is_map else yaml.SequenceEndEvent
        while not isinstance(events[pos], end_type):
            if is_map:
                k = node()
                n.items.append((k, node()))
            else:
                n.items.append(node())
        n.end = events[pos].end_mark.index
        pos += 1
        return n

    while pos < len(events) and not isinstance(events[pos], yaml.DocumentStartEvent):
        pos += 1
    if pos >= len(events):
        return None
    pos += 1
    if isinstance(events[pos], yaml.DocumentEndEvent):
        return None
    return node()


def content_end(text, n):
    """Where the node's own text ends: a block collection's end mark is the next token, after
    trailing newlines and comments, so take its last child's end instead."""
    if n.kind in ("map", "seq") and not n.flow and n.items:
        last = n.items[-1]
        return content_end(text, last[1] if n.kind == "map" else last)
    end = n.end
    if n.kind == "scalar" and n.style in ("|", ">"):
        while end > n.start and text[end - 1] in " \t\r\n":
            end -= 1
    return end


class Slot:
    """A place holding a value: the span to replace, and the paths that name it."""

    def __init__(self, path, node, start, end, key=None, parent=None):
        self.path, self.node, self.start, self.end = path, node, start, end
        self.key, self.parent = key, parent  # key node when in a mapping; parent node

    def display(self):
        out = ""
        for p in self.path:
            out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
        return out or "(top level)"


class Doc:
    def __init__(self, rel, text):
        self.rel, self.text = rel, text
        self.root = build_tree(text)
        self.slots = []
        self.pairs = []  # (map node, index of the pair, path of the map)
        self.set_paths = []  # paths for --set: list elements by index or by name
        if self.root is not None:
            self._walk(self.root, [], [[]])

    def lookup(self, parts):
        """The node at a path of keys and list indices, or None."""
        n = self.root
        for p in parts:
            if n is None:
                return None
            if isinstance(p, int):
                n = n.items[p] if n.kind == "seq" and p < len(n.items) else None
            else:
                n = next((v for k, v in n.items if k.kind == "scalar" and k.value == p), None) if n.kind == "map" else None
        return n

    def _value_span(self, key, value):
        """Span to replace for a mapping's value: after the colon for a block collection (so
        the replacement sits on the key's line), else the value's own text."""
        if value.kind in ("map", "seq") and not value.flow:
            colon = self.text.find(":", key.end)
            if colon != -1:
                return colon + 1, content_end(self.text, value)
        return value.start, content_end(self.text, value)

    def _walk(self, n, path, set_paths):
        if n.kind == "map":
            for i, (k, v) in enumerate(n.items):
                if k.kind != "scalar":
                    continue
                self.pairs.append((n, i, path))
                start, end = self._value_span(k, v)
                slot = Slot(path + [k.value], v, start, end, key=k, parent=n)
                self.slots.append(slot)
                sub = [p + [k.value] for p in set_paths]
                self.set_paths.extend(sub)
                self._walk(v, path + [k.value], sub)
        elif n.kind == "seq":
            for i, v in enumerate(n.items):
                slot = Slot(path + [i], v, v.start, content_end(self.text, v), parent=n)
                self.slots.append(slot)
                name = None
                if v.kind == "map":
                    for k2, v2 in v.items:
                        if k2.kind == "scalar" and k2.value == "name" and v2.kind == "scalar":
                            name = v2.value
                sub = [p + [str(i)] for p in set_paths]
                if name and "." not in name and "=" not in name:
                    sub += [p + [name] for p in set_paths]
                self.set_paths.extend(sub)
                self._walk(v, path + [i], sub[:2])


def replacement(slot, text, new):
    """(start, end, text) replacing the slot's value by flow YAML `new`; after a colon (a block
    collection's slot, or `key:` with no value) it needs a space to stay a mapping value."""
    if slot.start == slot.end or (slot.key is not None and slot.node.kind in ("map", "seq") and not slot.node.flow):
        return (slot.start, slot.end, " " + new)
    return (slot.start, slot.end, new)


def apply_edits(text, edits):
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text


def encode(text):
    # surrogateescape: an invalid-UTF-8 mutation is carried in the str as lone surrogates.
    return text.encode("utf-8", "surrogateescape")


# ---- mutations: each returns (new text or bytes, description) or None when it does not apply --


def scalars(doc, pred=lambda v: True):
    return [s for s in doc.slots if s.node.kind == "scalar" and s.node.style is None and pred(s.node.value)]


def pick_by_key(rng, slots):
    """A slot, its field name drawn first: a scenario has a hundred speeds in knots for each
    simulation.step, and the rare fields are the ones whose bounds are least tried."""
    by_key = collections.defaultdict(list)
    for s in slots:
        by_key[next((p for p in reversed(s.path) if isinstance(p, str)), "")].append(s)
    return rng.choice(by_key[rng.choice(sorted(by_key))])


def m_number(rng, doc):
    cands = scalars(doc, lambda v: bool(NUMBER_RE.match(v)))
    if not cands:
        return None
    s = pick_by_key(rng, cands)
    new = rng.choice(HOSTILE_NUMBERS)
    return apply_edits(doc.text, [replacement(s, doc.text, new)]), f"{s.display()}: {s.node.value!r} -> {new[:40]!r}"


def m_unit_value(rng, doc):
    cands = scalars(doc, lambda v: bool(UNIT_VALUE_RE.match(v)))
    if not cands:
        return None
    s = pick_by_key(rng, cands)
    _, space, unit = UNIT_VALUE_RE.match(s.node.value).groups()
    if rng.random() < 0.5:
        family = next((f for f in UNIT_FAMILIES if unit in f), UNIT_FAMILIES[0])
        unit = rng.choice(family)
    new = f"{rng.choice(HOSTILE_UNIT_NUMBERS)}{space or ' '}{unit}"
    return apply_edits(doc.text, [replacement(s, doc.text, new)]), f"{s.display()}: {s.node.value!r} -> {new[:40]!r}"


def m_time(rng, doc):
    cands = scalars(doc, lambda v: bool(TIME_RE.match(v)))
    if not cands:
        return None
    s = pick_by_key(rng, cands)
    new = rng.choice(HOSTILE_TIMES)
    return apply_edits(doc.text, [replacement(s, doc.text, new)]), f"{s.display()}: {s.node.value!r} -> {new!r}"


def m_type_swap(rng, doc):
    cands = [s for s in doc.slots if s.node.kind != "alias"]
    if not cands:
        return None
    s = rng.choice(cands)
    choices = SCALAR_SWAPS if s.node.kind == "scalar" else COLLECTION_SWAPS
    new = rng.choice([c for c in choices if c != ("{}" if s.node.kind == "map" else "[]")])
    return apply_edits(doc.text, [replacement(s, doc.text, new)]), f"{s.display()}: {s.node.kind} -> {new!r}"


def pair_span(doc, m, i):
    """Span of the i-th key-value pair of mapping m, with what separates it from its neighbour."""
    k, v = m.items[i]
    if m.flow:
        if i + 1 < len(m.items):
            return k.start, m.items[i + 1][0].start
        if i > 0:
            return content_end(doc.text, m.items[i - 1][1]), content_end(doc.text, v)
        return k.start, content_end(doc.text, v)
    if i + 1 < len(m.items):
        return k.start, m.items[i + 1][0].start
    return k.start, content_end(doc.text, v)


def m_delete_key(rng, doc):
    if not doc.pairs:
        return None
    m, i, path = rng.choice(doc.pairs)
    start, end = pair_span(doc, m, i)
    key = m.items[i][0].value
    return apply_edits(doc.text, [(start, end, "")]), f"{Slot(path + [key], None, 0, 0).display()}: deleted"


def m_duplicate_key(rng, doc):
    if not doc.pairs:
        return None
    m, i, path = rng.choice(doc.pairs)
    k, v = m.items[i]
    pair = doc.text[k.start:content_end(doc.text, v)]
    if m.flow:
        insert = pair + ", "
    else:
        col = k.start - (doc.text.rfind("\n", 0, k.start) + 1)
        insert = pair + "\n" + " " * col
    return (apply_edits(doc.text, [(k.start, k.start, insert)]),
            f"{Slot(path + [k.value], None, 0, 0).display()}: duplicated")


def random_position(rng, doc, data):
    """Inside a scalar value half of the time (so the byte reaches value parsing), else anywhere."""
    cands = scalars(doc) if doc.root is not None else []
    if cands and rng.random() < 0.5:
        s = rng.choice(cands)
        return rng.randint(s.start, max(s.start, s.end)), s.display()
    return rng.randint(0, len(data)), None


def m_control_char(rng, doc):
    c = rng.choice(CONTROL_CHARS)
    at, where = random_position(rng, doc, doc.text)
    return doc.text[:at] + c + doc.text[at:], f"{c!r} at char {at}" + (f" in {where}" if where else "")


def m_invalid_utf8(rng, doc):
    b = rng.choice(INVALID_UTF8)
    at, where = random_position(rng, doc, doc.text)
    return (encode(doc.text[:at]) + b + encode(doc.text[at:]),
            f"{b!r} at char {at}" + (f" in {where}" if where else ""))


def m_truncate(rng, doc):
    data = encode(doc.text)
    at = rng.randint(0, len(data) - 1)
    return data[:at], f"truncated at byte {at} of {len(data)}"


def m_byte_flip(rng, doc):
    data = bytearray(encode(doc.text))
    flips = []
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data))
        x = (1 << rng.randrange(8)) if rng.random() < 0.5 else rng.randint(1, 255)
        data[at] ^= x
        flips.append(f"{at}^{x:#04x}")
    return bytes(data), "bytes " + ", ".join(flips)


def m_anchor_alias(rng, doc):
    """An anchor added to one value and an alias of it put in place of a later one: another
    vessel's sub-map where there is one, else any later value; or aliases that are wrong."""
    colls = [s for s in doc.slots if s.key is not None and s.node.kind in ("map", "seq")]
    variant = rng.choice(["submap", "submap", "submap", "undefined", "self", "merge", "key"])
    if variant == "undefined" or not colls:
        s = rng.choice([s for s in doc.slots if s.node.kind != "alias"] or [None])
        if s is None:
            return None
        return apply_edits(doc.text, [replacement(s, doc.text, "*fz_nowhere")]), f"{s.display()}: -> undefined alias"
    src = rng.choice(colls)
    name = src.node.anchor or "fz_a"
    edits = []
    if not src.node.anchor:
        at = src.start if (src.node.flow or src.node.kind == "scalar") else doc.text.find(":", src.key.end) + 1
        edits.append((at, at, " &fz_a " if not src.node.flow else "&fz_a "))
    if variant == "self":  # an alias inside the node it names
        inner = [s for s in doc.slots if src.start < s.start and s.end <= src.end and s.node.kind != "alias"]
        if not inner:
            return None
        t = rng.choice(inner)
        edits.append(replacement(t, doc.text, f"*{name}"))
        return apply_edits(doc.text, edits), f"{t.display()}: -> alias of its ancestor {src.display()}"
    later = [s for s in doc.slots if s.start >= src.end and s.node.kind != "alias"]
    if not later:
        return None
    if variant == "merge":  # a merge key into a later mapping (the loader knows no merge keys)
        maps = [s for s in later if s.node.kind == "map" and s.node.items]
        if not maps:
            return None
        t = rng.choice(maps)
        k0 = t.node.items[0][0]
        col = k0.start - (doc.text.rfind("\n", 0, k0.start) + 1)
        sep = ", " if t.node.flow else "\n" + " " * col
        edits.append((k0.start, k0.start, f"<<: *{name}{sep}"))
        return apply_edits(doc.text, edits), f"{t.display()}: merge key of {src.display()}"
    if variant == "key":  # an alias as a mapping key
        keyed = [s for s in later if s.key is not None]
        if not keyed:
            return None
        t = rng.choice(keyed)
        edits.append((t.key.start, t.key.end, f"*{name} "))
        return apply_edits(doc.text, edits), f"{t.display()}: key -> alias of {src.display()}"
    # submap: the same key of another list element (another vessel's cargo, fuel, route), else any
    same = [s for s in later if len(s.path) == len(src.path) and s.path[0] == src.path[0]
            and s.path[-1] == src.path[-1] and s.path != src.path]
    t = rng.choice(same or later)
    edits.append(replacement(t, doc.text, f"*{name}"))
    return apply_edits(doc.text, edits), f"{t.display()}: -> alias of {src.display()}"


def m_alias_bomb(rng, doc):
    """Nested anchors, each a list of aliases of the one before: 10^levels nodes once expanded."""
    levels = rng.randint(6, 12)
    width = 10
    parts = ["&fz_b0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        parts.append(f"&fz_b{i} [" + ", ".join([f"*fz_b{i - 1}"] * width) + "]")
    bomb = "[" + ", ".join(parts) + "]"
    cands = [s for s in doc.slots if s.node.kind != "alias"]
    if cands and rng.random() < 0.7:
        s = rng.choice(cands)
        return apply_edits(doc.text, [replacement(s, doc.text, bomb)]), f"{s.display()}: -> alias bomb of 10^{levels}"
    return f"fz_bomb: {bomb}\n" + doc.text, f"top-level key: alias bomb of 10^{levels}"


# ---- the scenario format's keys, for the keys no scenario of the project has --------------


class Key:
    """A key of the scenario format: its path ("sides[].units[].sensors[].look_interval"), type,
    and the key-suffix form of a quantity ("_s" for look_interval_s), if any."""

    def __init__(self, pattern, type_, suffix):
        self.pattern, self.type, self.suffix = pattern, type_, suffix
        self.parent, _, self.name = pattern.rpartition(".")


def load_schema():
    """Every key of docs/scenario-format.md (generated from the schema, and tested against it),
    so that mutants also set the optional keys no scenario of the project uses."""
    keys = []
    row = re.compile(r"^\| `([^`]+)`(?: \(or `(_\w+)`, \.\.\.\))? \| ([^|]+?) \|")
    with open(os.path.join(REPO, "docs/scenario-format.md"), encoding="utf-8") as f:
        for line in f:
            mo = row.match(line)
            if mo and not mo.group(1).endswith("[]"):
                keys.append(Key(mo.group(1), mo.group(3), mo.group(2)))
    return keys


SCHEMA = load_schema()


def pattern_of(path):
    """"sides[].units[]" for the path ["sides", 0, "units", 1]."""
    out = ""
    for p in path:
        out += "[]" if isinstance(p, int) else (("." if out else "") + p)
    return out


def instantiate(rng, doc, pattern):
    """A --set path for a schema pattern, each [] an index the document has (0 where it has none)."""
    parts, path = [], []
    for i, piece in enumerate(pattern.split(".")):
        name, lists = piece.rstrip("[]"), piece.count("[]")
        path.append(name)
        parts.append(name)
        for _ in range(lists):
            n = doc.lookup(path)
            index = rng.randrange(len(n.items)) if n is not None and n.kind == "seq" and n.items else 0
            path.append(index)
            parts.append(str(index))
    return parts


def hostile_value_for(rng, key):
    """A hostile value of the key's type, or of another; the key may become its suffix form."""
    name = key.name
    for family in UNIT_FAMILIES:
        if key.type.startswith(("duration", "speed", "distance")) and key.type.split(" (")[1].startswith(family[0]):
            if key.suffix and rng.random() < 0.3:
                return name + key.suffix, rng.choice(HOSTILE_UNIT_NUMBERS)
            return name, f"{rng.choice(HOSTILE_UNIT_NUMBERS)} {rng.choice(family)}"
    if key.type in ("number", "integer", "degrees"):
        return name, rng.choice(HOSTILE_NUMBERS)
    if key.type == "ISO 8601 UTC time":
        return name, rng.choice(HOSTILE_TIMES)
    return name, rng.choice(HOSTILE_SET_VALUES)


def plain_fits(value, flow):
    """True when `k: value` (in a flow mapping when flow) is one key with a value: the value
    can go in as it is, else it goes in quoted (then the key is what the mutant is about)."""
    try:
        parsed = yaml.safe_load(("{k: %s}" if flow else "k: %s") % value)
    except (yaml.YAMLError, ValueError):
        return False
    return isinstance(parsed, dict) and list(parsed) == ["k"] and parsed["k"] is not None


def quoted(value):
    return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'


def m_add_key(rng, doc):
    """A key the format has but the mapping lacks, with a hostile value of its type."""
    maps = [([], doc.root)] if doc.root is not None and doc.root.kind == "map" else []
    maps += [(s.path, s.node) for s in doc.slots if s.node.kind == "map" and s.node.items]
    options = []
    for path, n in maps:
        have = {k.value for k, _ in n.items if k.kind == "scalar"}
        pat = pattern_of(path)
        options += [(path, n, k) for k in SCHEMA if k.parent == pat and k.name not in have]
    if not options:
        return None
    path, n, key = rng.choice(options)
    name, value = hostile_value_for(rng, key)
    if not plain_fits(value, n.flow):
        value = quoted(value)
    k0 = n.items[0][0]
    col = k0.start - (doc.text.rfind("\n", 0, k0.start) + 1)
    sep = ", " if n.flow else "\n" + " " * col
    return (apply_edits(doc.text, [(k0.start, k0.start, f"{name}: {value}{sep}")]),
            f"{pattern_of(path + [name]) or name}: added {value[:40]!r}")


FILE_MUTATIONS = {
    "number": m_number,
    "unit-value": m_unit_value,
    "time": m_time,
    "type-swap": m_type_swap,
    "delete-key": m_delete_key,
    "duplicate-key": m_duplicate_key,
    "control-char": m_control_char,
    "invalid-utf8": m_invalid_utf8,
    "truncate": m_truncate,
    "byte-flip": m_byte_flip,
    "anchor-alias": m_anchor_alias,
    "alias-bomb": m_alias_bomb,
    "add-key": m_add_key,
}
# Mutant kinds with their weights (out of the total): file mutations, --set overrides, overlays
# mutated and given to `compare --variant`, and hostile command-line options.
KIND_WEIGHTS = {k: 6 for k in FILE_MUTATIONS}
# "interval": one duration of the format (step, output_interval, look_interval, revisit, dwell,
# ...) set by --set, whether the file has it or not, to an extreme value: the durations divide
# the run into steps, samples and looks, so a wrong bound there exhausts memory or never ends.
KIND_WEIGHTS.update({"number": 9, "unit-value": 9, "alias-bomb": 3, "set": 12, "interval": 6,
                     "overlay": 10, "cli-option": 3})
DURATION_KEYS = [k for k in SCHEMA if k.type.startswith("duration")]


def hostile_set(rng, doc):
    r = rng.random()
    if r < 0.2:
        path = rng.choice(HOSTILE_SET_PATHS)
    elif r < 0.6:
        key = rng.choice(SCHEMA)
        name, value = hostile_value_for(rng, key)
        parts = instantiate(rng, doc, key.parent) if key.parent else []
        return ".".join(parts + [name]) + "=" + value
    else:
        path = ".".join(rng.choice(doc.set_paths))
    if rng.random() < 0.15:
        value = "x"  # a hostile path with a harmless value
    else:
        value = rng.choice(HOSTILE_SET_VALUES)
        unit_slots = scalars(doc, lambda v: bool(UNIT_VALUE_RE.match(v)))
        if rng.random() < 0.3 and unit_slots:
            s = rng.choice(unit_slots)
            path = ".".join(str(p) for p in s.path)
            value = f"{rng.choice(HOSTILE_UNIT_NUMBERS)} {UNIT_VALUE_RE.match(s.node.value).group(3)}"
    return f"{path}={value}"


# ---- mutants ---------------------------------------------------------------------------------


class Mutant:
    def __init__(self, index, kind, source):
        self.index, self.kind, self.source = index, kind, source
        self.files = {}        # name in the work folder -> bytes
        self.links = []        # paths (relative to REPO) to link into the work folder
        self.scenario = None   # name of the scenario file in the work folder
        self.overlays = []     # names of overlay files
        self.sets = []         # --set arguments
        self.options = {}      # command -> extra arguments
        self.compare = False   # also run `compare -n 2` when validate passes
        self.description = ""

    def contents(self):
        """Bytes of each file a diagnostic may name, by its name in the work folder."""
        out = {}
        for rel in self.links:
            if rel.endswith(".yaml"):
                with open(os.path.join(REPO, rel), "rb") as f:
                    out[os.path.basename(rel)] = f.read()
        out.update(self.files)
        return out


def load_docs():
    def docs_in(folder):
        out = []
        for name in sorted(os.listdir(os.path.join(REPO, folder))):
            if name.endswith(".yaml"):
                rel = os.path.join(folder, name)
                with open(os.path.join(REPO, rel), encoding="utf-8") as f:
                    out.append(Doc(rel, f.read()))
        return out

    scenarios = [d for folder in SCENARIO_GLOBS for d in docs_in(folder)]
    return scenarios, docs_in(OVERLAY_DIR)


def siblings(rel):
    """Files next to a scenario that it may name by a relative path (geojson zones)."""
    folder = os.path.dirname(rel)
    return [os.path.join(folder, n) for n in sorted(os.listdir(os.path.join(REPO, folder)))
            if not n.endswith(".yaml")]


def file_mutation(rng, doc, kind):
    """The kind's mutation of doc; structural kinds fall back to a byte flip where they find
    nothing to change (recorded in the description)."""
    for _ in range(8):
        r = FILE_MUTATIONS[kind](rng, doc)
        if r is not None:
            return r
    data, desc = m_byte_flip(rng, doc)
    return data, f"(no {kind} site) {desc}"


def make_mutant(seed, index, scenarios, overlays):
    rng = random.Random(f"{seed}:{index}")
    kinds = list(KIND_WEIGHTS)
    kind = rng.choices(kinds, weights=[KIND_WEIGHTS[k] for k in kinds])[0]
    if kind == "overlay":
        base = next(d for d in scenarios if d.rel == OVERLAY_BASE)
        doc = rng.choice(overlays)
        sub = rng.choice(list(FILE_MUTATIONS))
        m = Mutant(index, kind, doc.rel)
        data, desc = file_mutation(rng, doc, sub)
        m.description = f"{sub}: {desc}"
        m.scenario = os.path.basename(base.rel)
        m.links = [base.rel] + siblings(base.rel)
        m.files["overlay.yaml"] = data if isinstance(data, bytes) else encode(data)
        m.overlays = ["overlay.yaml"]
        if rng.random() < 0.3:  # a second, untouched variant alongside
            other = rng.choice(overlays)
            m.links.append(other.rel)
            m.overlays.append(os.path.basename(other.rel))
        return m
    doc = rng.choice(scenarios)
    m = Mutant(index, kind, doc.rel)
    m.scenario = os.path.basename(doc.rel)
    m.links = siblings(doc.rel)
    m.compare = rng.random() < 0.2
    if kind == "set":
        m.links.append(doc.rel)
        m.sets = [hostile_set(rng, doc) for _ in range(rng.randint(1, 3))]
        m.description = " ".join(f"--set {s[:60]!r}" for s in m.sets)
    elif kind == "interval":
        m.links.append(doc.rel)
        key = rng.choice(DURATION_KEYS)
        parts = instantiate(rng, doc, key.parent) if key.parent else []
        m.sets = [".".join(parts + [key.name]) + f"={rng.choice(HOSTILE_UNIT_NUMBERS)} {rng.choice(UNIT_FAMILIES[0])}"]
        m.description = f"--set {m.sets[0]!r}"
    elif kind == "cli-option":
        m.links.append(doc.rel)
        command, args = rng.choice(CLI_OPTIONS)
        m.options[command] = args
        m.compare = m.compare or command == "compare"
        m.description = f"{command} {' '.join(args)}"
    else:
        data, m.description = file_mutation(rng, doc, kind)
        m.files[m.scenario] = data if isinstance(data, bytes) else encode(data)
    return m


# ---- running and checking --------------------------------------------------------------------

SUMMARY_RE = re.compile(r"^(?P<file>.+): \d+ errors?, \d+ warnings?$")
# Messages about a whole file, with no position to give (sim/scenario/loader.cpp).
FILE_LEVEL = ("no such file", "is a directory", "not a regular file", "file too large", "cannot be read",
              "too many errors; ", "too many warnings; ")
SANITIZER_RE = re.compile(r"runtime error:|ERROR: (Address|Leak|Memory|Thread|UndefinedBehavior)Sanitizer")


def printable(text):
    """The loader's scenario::printable: what a diagnostic shows of input text. Well-formed UTF-8
    stays, except C0 and C1 controls; \\n, \\t, \\r and \\xNN for the rest, byte by byte."""
    data = text.encode("utf-8", "surrogateescape")
    out = []
    i = 0
    while i < len(data):
        c = data[i]
        n = 1 if 0x20 <= c < 0x7F else 2 if 0xC2 <= c <= 0xDF else 3 if 0xE0 <= c <= 0xEF else 4 if 0xF0 <= c <= 0xF4 else 0
        ok = n > 0 and i + n <= len(data) and all(data[i + k] & 0xC0 == 0x80 for k in range(1, n))
        if ok and n == 2 and c == 0xC2 and data[i + 1] < 0xA0:
            ok = False
        if ok:
            out.append(data[i:i + n].decode("utf-8", "surrogateescape"))
            i += n
            continue
        out.append({0x0A: "\\n", 0x09: "\\t", 0x0D: "\\r"}.get(c, f"\\x{c:02X}"))
        i += 1
    return "".join(out)


def check_stderr(command, code, stderr, files, sets, cli_options):
    """The first line of stderr that is not a positioned diagnostic, or None. Every line must be
      FILE:LINE:COL: ...   FILE one of the scenario and overlay files, LINE and COL >= 1;
      --set ARG: ...       ARG one of the --set arguments given;
      FILE: MESSAGE        a file-level MESSAGE (FILE_LEVEL: the file cannot be read at all);
      FILE: N errors, M warnings   validate's last line when it exits 2;
      tankersim: ...       only for a mutant with hostile command-line options, exit 2 (a usage
                           error, about an argument that has no position), with CLI11's
                           "Run 'tankersim --help' for usage." after it;
      tankersim: warning: variant '...   compare's warning of outcomes identical in every
                           replication (docs/compare.md): about the results, not the input.
    An exit 2 with nothing on stderr fails too: the input was refused without a reason."""
    lines = [ln for ln in stderr.split("\n") if ln != ""]
    if code == 2 and not lines:
        return "(exit 2 with nothing on stderr)"
    for n, line in enumerate(lines):
        ok = False
        for f in files:
            if line.startswith(f + ":"):
                rest = line[len(f) + 1:]
                mo = re.match(r"^([1-9]\d*):([1-9]\d*): ", rest)
                if mo or any(rest.startswith(" " + msg) for msg in FILE_LEVEL):
                    ok = True
                elif (command == "validate" and code == 2 and n == len(lines) - 1
                      and f == files[0] and SUMMARY_RE.match(line)):
                    ok = True
        if not ok and any(line.startswith(f"--set {printable(s)}: ") for s in sets):
            ok = True
        if not ok and command == "compare" and code == 0 and line.startswith("tankersim: warning: variant '"):
            ok = True
        if not ok and cli_options and code == 2 and (
                line.startswith("tankersim: ") or line == "Run 'tankersim --help' for usage."):
            ok = True
        if not ok:
            return line
    return None


# libyaml's reader errors: an encoding problem or a character YAML does not allow, found while
# decoding, before any token; the loader must still say on which line.
READER_ERRORS = ("invalid Unicode character", "invalid leading UTF-8 octet", "invalid trailing UTF-8 octet",
                 "invalid length of a UTF-8 sequence", "incomplete UTF-8 octet sequence",
                 "control characters are not allowed")
LIBYAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def yaml_allowed(c):
    """Characters libyaml's reader accepts (YAML 1.1 printable; yaml_parser_update_buffer)."""
    return (c in (0x09, 0x0A, 0x0D) or 0x20 <= c <= 0x7E or c == 0x85 or 0xA0 <= c <= 0xD7FF
            or 0xE000 <= c <= 0xFFFD or 0x10000 <= c <= 0x10FFFF)


def line_range(prefix):
    """The line a byte is on, counting "\n" only (an editor's count) and counting every break
    libyaml counts (\r, NEL, LS, PS as well); a position in between is right."""
    text = prefix.decode("utf-8", "replace")
    return prefix.count(b"\n") + 1, len(LIBYAML_BREAKS.findall(text)) + 1


def first_reader_error(data):
    """Byte offset of the first byte libyaml's reader refuses, or None."""
    try:
        text, bad = data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        text, bad = data[:e.start].decode("utf-8"), e.start
    for i, ch in enumerate(text):
        if not yaml_allowed(ord(ch)):
            return len(text[:i].encode("utf-8"))
    return bad


def check_positions(stderr, contents):
    """The first positioned line whose position is wrong, with why, or None: a line past the end
    of the file, or a reader error away from the line of the byte it is about."""
    for line in stderr.split("\n"):
        for f, data in contents.items():
            mo = re.match(re.escape(f) + r":(\d+):(\d+): (.*)$", line)
            if not mo:
                continue
            n = int(mo.group(1))
            # At the end of a file without a final line break libyaml moves to the next line
            # (yaml_parser_fetch_stream_end), so an error at the very end is one line further.
            last = max(line_range(data)) + (0 if data.endswith((b"\n", b"\r")) else 1)
            if n > last:
                return f"{line} (the file has {last} lines)"
            if mo.group(3) in ("YAML syntax error: " + msg for msg in READER_ERRORS):
                off = first_reader_error(data)
                if off is None:
                    return f"{line} (the file has no byte the reader refuses)"
                lo, hi = sorted(line_range(data[:off]))
                if not lo <= n <= hi:
                    return f"{line} (the first byte refused, at offset {off}, is on line {lo})"
    return None


class Result:
    def __init__(self):
        self.outcome = "ok"        # ok (accepted), rejected (exit 2), or failed
        self.failure = None        # class of failure
        self.detail = ""
        self.commands = []         # (command, args, exit code or "timeout", seconds, stdout, stderr)
        self.work = None           # the work folder of a failed mutant, until it is kept


def is_asan(binary):
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def child_env(asan, mem_mb):
    env = dict(os.environ)
    # Sanitizer reports become SIGABRT (not exit 1), and an ASan build, which reserves terabytes
    # of address space, gets its memory limit from hard_rss_limit_mb instead of RLIMIT_AS.
    env.setdefault("ASAN_OPTIONS", f"abort_on_error=1:detect_leaks=1:hard_rss_limit_mb={mem_mb}"
                   if asan else "abort_on_error=1")
    env.setdefault("UBSAN_OPTIONS", "abort_on_error=1:halt_on_error=1:print_stacktrace=1")
    return env


def run_command(argv, cwd, timeout, env):
    start = time.monotonic()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        out, err = p.communicate(timeout=timeout)
        code = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        code = "timeout"
    # surrogateescape: bytes that are not UTF-8 (an echoed --set value) compare as they were given.
    return code, time.monotonic() - start, out.decode("utf-8", "surrogateescape"), err.decode("utf-8", "surrogateescape")


VALIDATE_OK_RE = re.compile(r": ok: .* (\S+) to (\S+), step (-?\d+) s")
UTC_RE = re.compile(r"^(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$")


def check_accepted(stdout):
    """For a validate that passed: its summary must give an end after the start and a positive
    step (a duration that overflows the clock shows up here, as an end before the start)."""
    mo = VALIDATE_OK_RE.search(stdout)
    if not mo:
        return f"no summary line ({stdout.strip()[:100]!r})"
    start, end = UTC_RE.match(mo.group(1)), UTC_RE.match(mo.group(2))
    if not start or not end:
        return f"start or end is not a time ({mo.group(1)} to {mo.group(2)})"
    if tuple(map(int, end.groups())) <= tuple(map(int, start.groups())) or int(mo.group(3)) <= 0:
        return f"accepted a run from {mo.group(1)} to {mo.group(2)}, step {mo.group(3)} s"
    return None


def classify(command, code, stderr, m, stdout=""):
    """(failure class, detail) or None."""
    if code == "timeout":
        return "timeout", ""
    if SANITIZER_RE.search(stderr):
        line = next(ln for ln in stderr.split("\n") if SANITIZER_RE.search(ln))
        return "sanitizer", line.strip()
    # RLIMIT_AS makes allocations fail (bad_alloc); an ASan build stops at hard_rss_limit_mb.
    memory = any(s in stderr for s in ("std::bad_alloc", "out of memory", "hard rss limit exhausted",
                                       "allocation-size-too-big", "requested allocation size"))
    if isinstance(code, int) and code < 0:
        name = signal.Signals(-code).name
        if memory:
            return "memory-limit", name
        if name == "SIGXFSZ":
            return "output-limit", "an output file reached the file size limit"
        thrown = re.search(r"terminate called after throwing an instance of '([^']+)'", stderr)
        return f"signal {name}", (f"uncaught {thrown.group(1)}" if thrown else "")
    if code not in (0, 2):
        return ("memory-limit" if memory else f"exit {code}"), stderr.strip().split("\n")[-1][:200]
    files = [m.scenario] + m.overlays
    bad = check_stderr(command, code, stderr, files, m.sets, bool(m.options))
    if bad is not None:
        return "unpositioned diagnostic", bad[:300]
    bad = check_positions(stderr, m.contents())
    if bad is not None:
        return "wrong position", bad[:300]
    if command == "validate" and code == 0:
        bad = check_accepted(stdout)
        if bad is not None:
            return "impossible time span", bad
    return None


def execute(m, binary, timeout, env, work_root):
    r = Result()
    work = tempfile.mkdtemp(prefix=f"m{m.index:05d}-", dir=work_root)
    try:
        for rel in m.links:
            os.symlink(os.path.join(REPO, rel), os.path.join(work, os.path.basename(rel)))
        for name, data in m.files.items():
            with open(os.path.join(work, name), "wb") as f:
                f.write(data)
        sets = [f"--set={s}" for s in m.sets]
        plan = []
        if m.overlays:
            variants = []
            for i, o in enumerate(m.overlays):
                variants += ["--variant", f"v{i}:{o}"]
            plan.append(("compare", ["compare", m.scenario, "-n", "2", "--out", "out-compare",
                                     "--no-progress"] + variants))
        else:
            plan.append(("validate", ["validate", m.scenario] + sets))
            plan.append(("run", ["run", m.scenario, "--out", "out-run"] + sets))
            if m.compare:
                plan.append(("compare", ["compare", m.scenario, "-n", "2", "--out", "out-compare",
                                         "--no-progress"] + sets))
        for command, args in plan:
            args = args + m.options.get(command, [])
            # surrogateescape: a --set value may carry bytes that are not UTF-8.
            argv = [binary] + [os.fsencode(a) for a in args]
            code, secs, out, err = run_command(argv, work, timeout, env)
            r.commands.append((command, args, code, secs, out, err))
            failure = classify(command, code, err, m, out)
            if failure:
                r.outcome, (r.failure, r.detail) = "failed", failure
                r.failure = f"{r.failure} ({command})"
                break
            if code == 2:
                r.outcome = "rejected"
                break
        if r.outcome == "failed":
            r.work = work
            return r
    except Exception:
        shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    return r


def keep(m, r, binary, keep_dir):
    """Saves a failing mutant: its files, a command.sh that reproduces the failing command from
    inside the folder, and stdout, stderr and result.txt."""
    dest = os.path.join(keep_dir, f"{m.index:05d}-{m.kind}")
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(r.work, dest, symlinks=True, ignore=shutil.ignore_patterns("out-*"))
    command, args, code, secs, out, err = r.commands[-1]
    with open(os.path.join(dest, "command.sh"), "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write("#!/bin/sh\ncd \"$(dirname \"$0\")\"\n"
                + " ".join(shlex.quote(a) for a in [binary] + args) + "\n")
    with open(os.path.join(dest, "stdout.txt"), "w", errors="surrogateescape") as f:
        f.write(out)
    with open(os.path.join(dest, "stderr.txt"), "w", errors="surrogateescape") as f:
        f.write(err)
    with open(os.path.join(dest, "result.txt"), "w", errors="backslashreplace") as f:
        f.write(f"mutant {m.index} ({m.kind}) of {m.source}: {m.description}\n"
                f"failure: {r.failure}\n{('detail: ' + r.detail + chr(10)) if r.detail else ''}"
                f"exit: {code}\nseconds: {secs:.2f}\n")


def signature(m, r):
    """What makes two failures the same finding, roughly: command, class and the failing line
    with the numbers taken out (or, for a timeout, the field mutated)."""
    if r.failure.startswith(("timeout", "memory-limit", "output-limit")):
        if m.sets:
            what = " ".join(s.split("=")[0] for s in m.sets)
            what = re.sub(r"\.\d+(?=\.|$)", ".N", what)
        else:
            what = re.sub(r"\[\d+\]", "[]", m.description.split(":")[0])
        return f"{r.failure}: {m.kind} {what}"
    detail = r.detail
    for f in [m.scenario] + m.overlays:
        detail = detail.replace(f, "FILE")
    detail = re.sub(r"'[^']*'", "'…'", detail)
    detail = re.sub("|".join(READER_ERRORS), "(reader error)", detail)
    detail = re.sub(r"\d+", "N", detail)
    return f"{r.failure}: {detail[:120]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=300, help="mutants to make and run")
    ap.add_argument("--tankersim", default=os.path.join(REPO, "build/ci/sim/tankersim"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, help="seconds per command (default 10; 30 for an ASan build)")
    ap.add_argument("--mem-limit-mb", type=int, default=2048,
                    help="memory of each command (address space; RSS for an ASan build)")
    ap.add_argument("--keep", help="folder for failing mutants")
    ap.add_argument("--only", type=int, action="append", help="run only mutant N (repeatable)")
    ap.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    ap.add_argument("--verbose", "-v", action="store_true", help="one line per mutant")
    args = ap.parse_args()

    binary = os.path.abspath(args.tankersim)
    scenarios, overlays = load_docs()
    indices = args.only or range(args.count)
    mutants = [make_mutant(args.seed, i, scenarios, overlays) for i in indices]
    if args.list:
        for m in mutants:
            print(f"{m.index:5d} {m.kind:<14} {m.source}: {m.description[:150]!r}")
        return 0
    if not os.access(binary, os.X_OK):
        print(f"mutate.py: no tankersim at {binary} (build the ci preset, or give --tankersim)", file=sys.stderr)
        return 2

    asan = is_asan(binary)
    # ASan and UBSan slow tankersim down about 3x (a 9.5 s run took 29.4 s), and a timeout must
    # mean the same mutant in either build.
    timeout = args.timeout if args.timeout is not None else (30.0 if asan else 10.0)
    mem = args.mem_limit_mb << 20
    # Limits set here are inherited by every child (setting them in preexec_fn is not safe with
    # threads). 1 GiB of output per file: more is a run nobody asked for. No core files.
    if not asan:
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    env = child_env(asan, args.mem_limit_mb)

    start = time.monotonic()
    work_root = tempfile.mkdtemp(prefix="tankersim-fuzz-")
    results = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(execute, m, binary, timeout, env, work_root): m for m in mutants}
            for fut in concurrent.futures.as_completed(futures):
                m = futures[fut]
                r = results[m.index] = fut.result()
                if args.verbose or r.outcome == "failed":
                    last = r.commands[-1]
                    said = r.detail or (last[5].split("\n")[0] if last[5] else "")
                    print(f"{m.index:5d} {m.kind:<14} {r.outcome:<8} {r.failure or '':<34} "
                          f"{m.source}: {m.description[:100]!r} {said[:160]!r} ({last[3]:.1f} s)", flush=True)
                if r.outcome == "failed":
                    if args.keep:
                        keep(m, r, binary, args.keep)
                    shutil.rmtree(r.work, ignore_errors=True)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    wall = time.monotonic() - start

    table = collections.defaultdict(collections.Counter)
    findings = collections.OrderedDict()
    for m in mutants:
        r = results[m.index]
        table[m.kind][r.outcome] += 1
        if r.outcome == "failed":
            findings.setdefault(signature(m, r), []).append(m.index)
    commands = sum(len(r.commands) for r in results.values())
    slowest = max((c[3] for r in results.values() for c in r.commands), default=0.0)
    print(f"\ntankersim fuzz: {len(mutants)} mutants (seed {args.seed}), {commands} commands, {wall:.1f} s "
          f"(slowest command {slowest:.1f} s), {binary}{' (ASan)' if asan else ''}")
    print(f"{'kind':<14} {'mutants':>7} {'accepted':>8} {'rejected':>8} {'failed':>6}")
    for kind in KIND_WEIGHTS:
        c = table.get(kind)
        if c:
            print(f"{kind:<14} {sum(c.values()):>7} {c['ok']:>8} {c['rejected']:>8} {c['failed']:>6}")
    failed = sum(len(v) for v in findings.values())
    if findings:
        print(f"\n{failed} failing mutants, {len(findings)} distinct failures:")
        for sig, idx in findings.items():
            shown = ", ".join(str(i) for i in idx[:8]) + (", ..." if len(idx) > 8 else "")
            print(f"  {len(idx):4d} x {sig}  [mutants {shown}]")
        if args.keep:
            print(f"failing mutants written to {args.keep}/ (each with command.sh)")
        return 1
    print("no failures")
    return 0


if __name__ == "__main__":
    sys.exit(main())
