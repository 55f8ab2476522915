#!/usr/bin/python3
"""The AIS encoder against two independent decoders: Debian's gpsdecode (gpsd-clients) and
python3-ais (libais). tests/ais/ais_corpus writes random messages of every type (every field over
its whole range, "not available" one time in eight) with the fields it encoded; both decoders
read the sentences and every field they report is compared: positions, SOG, COG, draught in the
transmitted integer units exactly (1/600,000 deg is the position step), text exactly.

    test_ais_references.py path/to/ais_corpus path/to/tankersim [COUNT_PER_TYPE]   (ctest passes both)

The same sentences go through `tankersim ais decode`, and every column of its CSV is compared
with the fields encoded, so the decoder is held to the same values as the two references.

Where the references differ from ITU-R M.1371-5 the comparison says so and why (libais's 6-bit
table, libais's `gnss` flag, the 42-bit vendor id of the older 24B layout).
"""
import csv
import io
import json
import subprocess
import sys

import ais  # python3-ais

LON_NA, LAT_NA = 181 * 600000, 91 * 600000


def fine(deg, na):
    return na if deg is None else round(deg * 600000)


def coarse(deg, na):
    return na if deg is None else round(deg * 600)


def tenths(value, na):
    return na if value is None else round(value * 10)


def na_or(value, na):
    return na if value is None else value


def padded(text, chars):
    return (text + "@" * chars)[:chars]


def gpsd_pairs(t, f, g):
    """(field, expected, gpsdecode -u's value) for every field gpsd reports."""
    p = [("repeat", f["repeat"], g["repeat"]), ("mmsi", f["mmsi"], g["mmsi"])]
    if t in (1, 2, 3, 18, 19):
        p += [("sog_kn", tenths(f["sog_kn"], 1023), g["speed"]),
              ("position_accuracy", f["position_accuracy"], g["accuracy"]),
              ("lon_deg", fine(f["lon_deg"], LON_NA), g["lon"]), ("lat_deg", fine(f["lat_deg"], LAT_NA), g["lat"]),
              ("cog_deg", tenths(f["cog_deg"], 3600), g["course"]), ("heading_deg", na_or(f["heading_deg"], 511), g["heading"]),
              ("timestamp_s", f["timestamp_s"], g["second"])]
    if t in (1, 2, 3):
        p += [("nav_status", f["nav_status"], g["status"]), ("rot_indicator", f["rot_indicator"], g["turn"]),
              ("manoeuvre", f["manoeuvre"], g["maneuver"]), ("raim", f["raim"], g["raim"]),
              ("radio_status", f["radio_status"], g["radio"])]
    if t in (18, 19):
        p += [("reserved", f["reserved"], g["reserved"]), ("regional", f["regional"], g["regional"])]
    if t == 18:
        p += [("cs_unit", f["cs_unit"], g["cs"]), ("has_display", f["has_display"], g["display"]),
              ("has_dsc", f["has_dsc"], g["dsc"]), ("whole_band", f["whole_band"], g["band"]),
              ("accepts_message_22", f["accepts_message_22"], g["msg22"]), ("raim", f["raim"], g["raim"]),
              # gpsd's radio is the 20 bits of the communication state selector and state.
              ("radio_status", (f["itdma"] << 19) | f["radio_status"], g["radio"])]
    if t in (5, 19, 24) and "to_bow_m" in f:
        p += [(k + "_m", f[k + "_m"], g[k]) for k in ("to_bow", "to_stern", "to_port", "to_starboard")]
    if t in (5, 19) or (t == 24 and f["part"] == 1):
        p += [("ship_type", f["ship_type"], g["shiptype"])]
    if t in (5, 19):
        p += [("epfd", f["epfd"], g["epfd"]), ("name", f["name"], g["shipname"])]
    if t == 19:
        p += [("raim", f["raim"], g["raim"]), ("dte_not_ready", int(f["dte_not_ready"]), g["dte"]),
              ("assigned", f["assigned"], g["assigned"])]
    if t == 5:
        eta = "%02d-%02dT%02d:%02dZ" % (f["eta_month"], f["eta_day"], f["eta_hour"], f["eta_minute"])
        p += [("ais_version", f["ais_version"], g["ais_version"]), ("imo", f["imo"], g["imo"]),
              ("call_sign", f["call_sign"], g["callsign"]), ("eta", eta, g["eta"]),
              ("draught_m", tenths(f["draught_m"], 0), g["draught"]), ("destination", f["destination"], g["destination"]),
              ("dte_not_ready", int(f["dte_not_ready"]), g["dte"])]
    if t == 24:
        p += [("part", "AB"[f["part"]], g["part"])]
        if f["part"] == 0:
            p += [("name", f["name"], g["shipname"])]
        else:
            # gpsd reads the vendor id as 7 characters (M.1371-3) and the model and serial too.
            p += [("vendor_id", f["vendor_id"], g["vendorid"][:3].rstrip("@ ")), ("unit_model", f["unit_model"], g["model"]),
                  ("serial_number", f["serial_number"], g["serial"]), ("call_sign", f["call_sign"], g["callsign"])]
            if "mothership_mmsi" in f:
                p += [("mothership_mmsi", f["mothership_mmsi"], g["mothership_mmsi"])]
    if t == 27:
        p += [("nav_status", f["nav_status"], g["status"]), ("position_accuracy", f["position_accuracy"], g["accuracy"]),
              ("raim", f["raim"], g["raim"]), ("lon_deg", coarse(f["lon_deg"], 181 * 600), g["lon"]),
              ("lat_deg", coarse(f["lat_deg"], 91 * 600), g["lat"]), ("sog_kn", na_or(f["sog_kn"], 63), g["speed"]),
              ("cog_deg", na_or(f["cog_deg"], 511), g["course"]), ("position_latency", f["position_latency"], g["gnss"])]
    return p


def libais_text(text):
    # libais's 6-bit table has '-' for code 31 ('_') and '`' for code 39 ('\''); it keeps the '@'.
    return text.replace("_", "-").replace("'", "`")


def near(value, step):
    """libais reports degrees and float32 knots: compare on the transmitted step."""
    return None if value is None else round(value / step)


def libais_pairs(t, f, a):
    p = [("repeat", f["repeat"], a["repeat_indicator"]), ("mmsi", f["mmsi"], a["mmsi"])]
    deg = 1 / 600000
    if t in (1, 2, 3, 18, 19):
        p += [("sog_kn", tenths(f["sog_kn"], 1023), round(a["sog"] * 10)),
              ("position_accuracy", f["position_accuracy"], bool(a["position_accuracy"])),
              ("lon_deg", fine(f["lon_deg"], LON_NA), near(a["x"], deg)), ("lat_deg", fine(f["lat_deg"], LAT_NA), near(a["y"], deg)),
              ("cog_deg", tenths(f["cog_deg"], 3600), round(a["cog"] * 10)),
              ("heading_deg", na_or(f["heading_deg"], 511), a["true_heading"]), ("timestamp_s", f["timestamp_s"], a["timestamp"])]
    if t in (1, 2, 3):
        p += [("nav_status", f["nav_status"], a["nav_status"]), ("manoeuvre", f["manoeuvre"], a["special_manoeuvre"]),
              ("spare", f["spare"], a["spare"]), ("raim", f["raim"], a["raim"])]
    if t in (18, 19):
        p += [("reserved", f["reserved"], a["spare"]), ("regional", f["regional"], a["spare2"])]
    if t == 18:
        p += [("cs_unit", f["cs_unit"], bool(a["unit_flag"])), ("has_display", f["has_display"], bool(a["display_flag"])),
              ("has_dsc", f["has_dsc"], bool(a["dsc_flag"])), ("whole_band", f["whole_band"], bool(a["band_flag"])),
              ("accepts_message_22", f["accepts_message_22"], bool(a["m22_flag"])), ("assigned", f["assigned"], bool(a["mode_flag"])),
              ("raim", f["raim"], a["raim"]), ("itdma", f["itdma"], bool(a["commstate_flag"]))]
    if t in (5, 19, 24) and "to_bow_m" in f:
        p += [(k + "_m", f[k + "_m"], a[d]) for k, d in
              (("to_bow", "dim_a"), ("to_stern", "dim_b"), ("to_port", "dim_c"), ("to_starboard", "dim_d"))]
    if t in (5, 19) or (t == 24 and f["part"] == 1):
        p += [("ship_type", f["ship_type"], a["type_and_cargo"])]
    if t in (5, 19):
        p += [("epfd", f["epfd"], a["fix_type"]), ("name", libais_text(padded(f["name"], 20)), a["name"])]
    if t == 19:
        p += [("raim", f["raim"], a["raim"]), ("dte_not_ready", int(f["dte_not_ready"]), a["dte"]),
              ("assigned", int(f["assigned"]), a["assigned_mode"]), ("spare", f["spare"], a["spare3"])]
    if t == 5:
        p += [("ais_version", f["ais_version"], a["ais_version"]), ("imo", f["imo"], a["imo_num"]),
              ("call_sign", libais_text(padded(f["call_sign"], 7)), a["callsign"]),
              ("eta_month", f["eta_month"], a["eta_month"]), ("eta_day", f["eta_day"], a["eta_day"]),
              ("eta_hour", f["eta_hour"], a["eta_hour"]), ("eta_minute", f["eta_minute"], a["eta_minute"]),
              ("draught_m", tenths(f["draught_m"], 0), round(a["draught"] * 10)),
              ("destination", libais_text(padded(f["destination"], 20)), a["destination"]),
              ("dte_not_ready", int(f["dte_not_ready"]), a["dte"]), ("spare", int(f["spare"]), a["spare"])]
    if t == 24:
        p += [("part", f["part"], a["part_num"])]
        if f["part"] == 0:
            p += [("name", libais_text(padded(f["name"], 20)), a["name"])]
        else:
            p += [("vendor_id", libais_text(padded(f["vendor_id"], 3)), a["vendor_id"][:3]),
                  ("call_sign", libais_text(padded(f["call_sign"], 7)), a["callsign"]), ("spare", f["spare"], a["spare"])]
    if t == 27:
        p += [("nav_status", f["nav_status"], a["nav_status"]), ("position_accuracy", f["position_accuracy"], bool(a["position_accuracy"])),
              ("raim", f["raim"], a["raim"]), ("lon_deg", coarse(f["lon_deg"], 181 * 600), near(a["x"], 1 / 600)),
              ("lat_deg", coarse(f["lat_deg"], 91 * 600), near(a["y"], 1 / 600)), ("sog_kn", na_or(f["sog_kn"], 63), a["sog"]),
              ("cog_deg", na_or(f["cog_deg"], 511), a["cog"]),
              # libais's gnss is "current GNSS position", the inverse of the latency flag.
              ("position_latency", f["position_latency"], not a["gnss"]), ("spare", int(f["spare"]), a["spare"])]
    return p


def payload_of(sentences):
    fields = [s.split(",") for s in sentences]
    return "".join(f[5] for f in fields), int(fields[-1][6].split("*")[0])


def tankersim_mismatches(tankersim, nmea, corpus):
    """`tankersim ais decode -` on the sentences: one CSV row a message, in order, its columns
    named as the corpus's fields."""
    run = subprocess.run([tankersim, "ais", "decode", "-"], input=nmea, check=True, capture_output=True, text=True)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    if len(rows) != len(corpus):
        return [f"tankersim ais decode: {len(rows)} rows for {len(corpus)} messages; {run.stderr.strip()}"]
    out = []
    for i, (c, row) in enumerate(zip(corpus, rows)):
        t = c["type"]
        for name, want in c["fields"].items():
            got = row[name]
            if name == "part":
                want = "AB"[want]
            elif want is None:
                want = ""
            elif isinstance(want, bool):
                want = "1" if want else "0"
            elif name in ("lon_deg", "lat_deg"):
                step = 600 if t == 27 else 600000
                want, got = round(want * step), round(float(got) * step) if got else got
            elif isinstance(want, float):
                want, got = round(want * 10), round(float(got) * 10) if got else got
            else:
                want = str(want)
            if want != got:
                out.append(f"message {i} type {t} tankersim {name}: sent {want!r}, decoded {got!r}  {c['sentences'][0]}")
    return out


def main():
    corpus_exe, tankersim = sys.argv[1], sys.argv[2]
    count = sys.argv[3] if len(sys.argv) > 3 else "600"
    corpus = [json.loads(line) for line in
              subprocess.run([corpus_exe, count], check=True, capture_output=True, text=True).stdout.splitlines()]
    nmea = "".join(s + "\n" for c in corpus for s in c["sentences"])
    # -u: unscaled (the transmitted integers); -s: each part of a type 24 on its own.
    out = subprocess.run(["gpsdecode", "-u", "-s"], input=nmea, check=True, capture_output=True, text=True).stdout
    decoded = [json.loads(line) for line in out.splitlines()]
    assert len(decoded) == len(corpus), f"gpsdecode decoded {len(decoded)} of {len(corpus)} messages"
    mismatches = []
    compared = {"gpsdecode": 0, "libais": 0}
    for i, (c, g) in enumerate(zip(corpus, decoded)):
        t, f = c["type"], c["fields"]
        if g.get("type") != t or g.get("mmsi") != f["mmsi"]:
            mismatches.append(f"message {i}: gpsdecode type/mmsi {g.get('type')}/{g.get('mmsi')}, sent {t}/{f['mmsi']}")
            continue
        payload, fill = payload_of(c["sentences"])
        a = ais.decode(payload, fill)
        for ref, pairs in (("gpsdecode", gpsd_pairs(t, f, g)), ("libais", libais_pairs(t, f, a))):
            for name, want, got in pairs:
                compared[ref] += 1
                if want != got:
                    mismatches.append(f"message {i} type {t} {ref} {name}: sent {want!r}, decoded {got!r}  {c['sentences'][0]}")
    tankersim_bad = tankersim_mismatches(tankersim, nmea, corpus)
    mismatches += tankersim_bad
    compared["tankersim"] = sum(len(c["fields"]) for c in corpus)
    types = sorted({c["type"] for c in corpus})
    print(f"{len(corpus)} messages of types {types}; fields compared: {compared}")
    if mismatches:
        print(f"{len(mismatches)} mismatches:\n" + "\n".join(mismatches[:30]), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
