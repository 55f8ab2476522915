#!/usr/bin/python3
"""What `tankersim run --ais` writes, read by two independent decoders and held to the truth log.

For each scenario given, the run's ais.nmea goes through Debian's `gpsdecode -u` (gpsd-clients)
and python3-ais (libais). Every message must decode with no error, and its fields must equal the
row of ais_truth.csv it came from (joined on the tag block's receive second, the MMSI, the type
and part): position to the AIS step of 1/600,000 deg (1/600 deg for message 27), SOG and COG to
0.1 (whole for message 27), heading, navigational status, and for the static messages the name,
the draught and the destination. It also checks that every reception the truth log lists is in
ais.nmea once per receiver, and that the run's other files are the same as without --ais. And
the sides' ais sensors are these receivers: every `detected` event by AIS is at a position report
(its time and position to the digit) that the truth log shows the detecting unit received.

    test_ais_run_references.py path/to/tankersim SCENARIO.yaml [--set KEY=VALUE ...] ...
"""
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

import ais  # python3-ais

FILES = ["tracks.csv", "events.csv", "ledger.csv", "summary.csv", "summary_by_side.csv"]


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def unix_of(text):
    dt = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return dt.timestamp()


def messages(nmea_path):
    """(tag block c:, s:, payload, fill bits, first line) per message, in file order."""
    out, parts = [], []
    with open(nmea_path) as f:
        for line in f:
            line = line.rstrip("\n")
            assert line.startswith("\\"), f"no tag block: {line}"
            tag, sentence = line[1:].split("\\", 1)
            fields = dict(kv.split(":", 1) for kv in tag.split("*")[0].split(","))
            body = sentence.split("*")[0].split(",")
            count, number = int(body[1]), int(body[2])
            parts.append(body[5])
            if number == count:
                out.append((int(fields["c"]), fields["s"], "".join(parts), int(body[6]), line))
                parts = []
    assert not parts, "ais.nmea ends inside a multi-fragment message"
    return out


def truth_rows(path):
    """The rows of messages somebody received (a million others end in ",,": skipped unparsed)."""
    rows = {}
    receptions = 0
    with open(path) as f:
        header = next(csv.reader([f.readline()]))
        kept = (line for line in f if not line.endswith(",,\n"))
        for r in csv.DictReader(kept, fieldnames=header):
            if r["sent"] != "yes" or not r["received_by"]:
                continue
            second = int(unix_of(r["time_utc"]) // 1)
            key = (int(r["mmsi"]), int(r["message_type"]), r["part"], second)
            assert key not in rows, f"two transmissions share {key}"
            rows[key] = r
            receptions += len([x for x in r["received_by"].split(";") if x])
    return rows, receptions


def source_of(name):
    """The tag block's s: of a receiver (docs/output-files.md, ais.nmea)."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in name).split()) or "receiver"


def check_ais_detections(out_dir, truth):
    """Every detection by an ais sensor is a reception of a position report by that unit."""
    heard = {}
    for r in truth.values():
        if r["message_type"] in ("1", "18"):
            heard[(r["vessel"], r["time_utc"][:19] + "Z", r["lat_deg"], r["lon_deg"])] = r["received_by"].split(";")
    n = 0
    with open(os.path.join(out_dir, "events.csv")) as f:
        for e in csv.DictReader(f):
            if e["event"] != "detected" or not e["detail"].startswith("ais at"):
                continue
            n += 1
            # events.csv has whole seconds, rounded; the slot is to the millisecond.
            key = [k for k in ((e["vessel"], t, e["lat_deg"], e["lon_deg"]) for t in seconds_around(e["time_utc"]))
                   if k in heard]
            assert key, f"no position report received at the AIS detection {e}"
            assert source_of(e["actor"]) in heard[key[0]], f"{e['actor']} did not receive the report of {e}"
    return n


def seconds_around(text):
    t = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp()
    return [datetime.fromtimestamp(t + d, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") for d in (-1, 0)]


def close(a, b, tol, what, line):
    if abs(a - b) > tol:
        raise AssertionError(f"{what}: decoded {a}, truth {b} (tolerance {tol}) in {line}")


def check_gpsd(g, r, line):
    t = g["type"]
    assert g["mmsi"] == int(r["mmsi"]), line
    if t in (1, 18):
        close(g["lat"], float(r["lat_deg"]) * 600000, 1, "lat", line)
        close(g["lon"], float(r["lon_deg"]) * 600000, 1, "lon", line)
        close(g["speed"], float(r["sog_kn"]) * 10, 1, "sog", line)
        close(g["course"], float(r["cog_deg"]) * 10, 1, "cog", line)
        assert g["heading"] == int(r["heading_deg"]), line
    if t == 1:
        assert g["status"] == int(r["nav_status"]), line
    if t == 27:
        close(g["lat"], float(r["lat_deg"]) * 600, 1, "lat", line)
        close(g["lon"], float(r["lon_deg"]) * 600, 1, "lon", line)
        assert g["status"] == int(r["nav_status"]), line
    if t == 5:
        assert g["shipname"] == r["name"], (g["shipname"], r["name"], line)
        assert g["destination"] == r["destination"], (g["destination"], r["destination"], line)
        if r["draught_m"]:
            assert g["draught"] == round(float(r["draught_m"]) * 10), (g["draught"], r["draught_m"], line)
        else:
            assert g["draught"] == 0, line
    if t == 24 and r["part"] == "A":
        assert g["shipname"] == r["name"], line


def check_libais(m, r, line):
    t = m["id"]
    assert m["mmsi"] == int(r["mmsi"]), line
    if t in (1, 18):
        close(m["y"], float(r["lat_deg"]), 1.0 / 600000, "lat", line)
        close(m["x"], float(r["lon_deg"]), 1.0 / 600000, "lon", line)
        close(m["sog"], float(r["sog_kn"]), 0.1 + 1e-9, "sog", line)
        close(m["cog"], float(r["cog_deg"]), 0.1 + 1e-9, "cog", line)
        assert m["true_heading"] == int(r["heading_deg"]), line
    if t == 1:
        assert m["nav_status"] == int(r["nav_status"]), line
    if t == 5:
        assert m["name"].rstrip("@ ") == r["name"], (m["name"], r["name"], line)


def check(tankersim, scenario, sets):
    with tempfile.TemporaryDirectory() as tmp:
        plain, with_ais = os.path.join(tmp, "plain"), os.path.join(tmp, "ais")
        args = [x for s in sets for x in ("--set", s)]
        subprocess.run([tankersim, "run", scenario, "--out", plain] + args, check=True, capture_output=True)
        subprocess.run([tankersim, "run", scenario, "--out", with_ais, "--ais"] + args, check=True, capture_output=True)
        for name in FILES:
            assert sha(os.path.join(plain, name)) == sha(os.path.join(with_ais, name)), f"--ais changed {name}"
        nmea = os.path.join(with_ais, "ais.nmea")
        msgs = messages(nmea)
        truth, receptions = truth_rows(os.path.join(with_ais, "ais_truth.csv"))
        assert len(msgs) == receptions, f"{len(msgs)} messages in ais.nmea, {receptions} receptions in the truth log"
        gpsd = subprocess.run(["gpsdecode", "-u"], stdin=open(nmea), capture_output=True, text=True, check=True)
        decoded = [json.loads(x) for x in gpsd.stdout.splitlines()]
        assert gpsd.stderr == "", gpsd.stderr[:500]
        assert len(decoded) == len(msgs), f"gpsdecode gave {len(decoded)} messages for {len(msgs)}"
        satellites = set()
        with open(os.path.join(with_ais, "ais_summary.csv")) as f:
            for r in csv.DictReader(f):
                if r["receiver_kind"] == "satellite" and not r["receiver"].startswith("("):
                    satellites.add("-".join("".join(ch if ch.isalnum() else " " for ch in r["receiver"]).split()))
        # Satellite messages are delivered after their pass's latency: late, out of order.
        late = sum(1 for a, b in zip(msgs, msgs[1:]) if b[0] < a[0])
        if satellites:
            assert late > 0, "a satellite's messages all came in time order"
        types = {}
        for (c, source, payload, fill, line), g in zip(msgs, decoded):
            t = g["type"]
            part = "" if t != 24 else "AB"[g.get("partno", 0)]
            r = truth.get((g["mmsi"], t, part, c))
            assert r is not None, f"no truth row for {line}"
            assert source in r["received_by"].split(";"), f"{source} not among the receivers of {line}"
            check_gpsd(g, r, line)
            check_libais(ais.decode(payload, fill), r, line)
            types[t] = types.get(t, 0) + 1
        detections = check_ais_detections(with_ais, truth)
        print(f"{os.path.basename(scenario)} {' '.join(sets)}: {len(msgs)} messages decoded by gpsdecode and libais "
              f"equal the truth log; by type {dict(sorted(types.items()))}; {late} delivered out of order; "
              f"{detections} detections by AIS, each a reception")


def main():
    tankersim = sys.argv[1]
    runs, current = [], None
    args = sys.argv[2:]
    k = 0
    while k < len(args):
        if args[k] == "--set":
            current[1].append(args[k + 1])
            k += 2
        else:
            current = (args[k], [])
            runs.append(current)
            k += 1
    for scenario, sets in runs:
        check(tankersim, scenario, sets)


if __name__ == "__main__":
    main()
