#!/usr/bin/python3
"""Outputs do not move: every CSV that `tankersim run` and `tankersim compare` write for the
reference set below has the SHA-256 stored in tests/data/output_hashes/<mode>.sha256.

The set: scenarios/venezuela_2020.yaml, scenarios/seizure_aug_2020.yaml and
scenarios/what-if/venezuela_2020_interdict.yaml run with seeds 1, 2 and 7 (events, ledger,
summary, summary_by_side, tracks, unit_tracks); the what-if compared over 200 replications with the README's
two variants and seizure_aug_2020 over 100 (comparison.csv, differences.csv, runs.csv); and, with the bounded
scheduler, the May 2020 scenario with `--ais` (seed 1: ais.nmea, ais_truth.csv, ais_summary.csv
beside the others). Run once per sense-phase
scheduler (--sensing), each against a hash set of its own: the exhaustive scheduler's exact motion
in every step moves a boarding by ~1e-6 s, and a cost accrued up to it by a cent, in one voyage
of the what-if comparison (docs/decisions.md); the differential test in
tests/engine/interdiction_test.cpp checks that the two agree event by event. The exhaustive
scheduler compares the what-if over 50 replications, not 200 (25 s of CPU less; replication 18,
the one that differs, is among them). A change that moves an output on purpose rewrites the set
with --write and says why.

    test_outputs_match_stored_hashes.py path/to/tankersim bounded|exhaustive [--write]
"""
import hashlib
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIOS = ["scenarios/venezuela_2020.yaml", "scenarios/seizure_aug_2020.yaml",
             "scenarios/what-if/venezuela_2020_interdict.yaml"]
SEEDS = ["1", "2", "7"]
WHAT_IF_REPLICATIONS = {"bounded": "200", "exhaustive": "50"}
WHAT_IF_COMPARE = ["scenarios/what-if/venezuela_2020_interdict.yaml",
                   "--variant", "escort-600nm:scenarios/what-if/overlays/escort_further_out.yaml",
                   "--variant", "ais-dark:scenarios/what-if/overlays/ais_dark.yaml"]
AUG_COMPARE = ["scenarios/seizure_aug_2020.yaml", "-n", "100"]


def tankersim(binary, args):
    r = subprocess.run([binary] + args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: tankersim {' '.join(args)} exited {r.returncode}: {r.stderr.strip()}")


def write_outputs(binary, mode, out):
    for sc in SCENARIOS:
        for seed in SEEDS:
            name = os.path.splitext(os.path.basename(sc))[0] + "-" + seed
            tankersim(binary, ["run", sc, "--seed", seed, "--sensing", mode, "--out", os.path.join(out, name)])
    if mode == "bounded":
        tankersim(binary, ["run", SCENARIOS[0], "--seed", "1", "--ais", "--out", os.path.join(out, "venezuela_2020-ais-1")])
    what_if = WHAT_IF_COMPARE + ["-n", WHAT_IF_REPLICATIONS[mode]]
    for folder, args in (("cmp", what_if), ("cmp-aug", AUG_COMPARE)):
        tankersim(binary, ["compare"] + args + ["--sensing", mode, "--no-progress", "--out", os.path.join(out, folder)])


def hashes(out):
    """{'./folder/file.csv': sha256} of every CSV and NMEA file but the manifests (which hold times)."""
    found = {}
    for folder in sorted(os.listdir(out)):
        for name in sorted(os.listdir(os.path.join(out, folder))):
            if (name.endswith(".csv") or name.endswith(".nmea")) and name != "manifest.csv":
                with open(os.path.join(out, folder, name), "rb") as f:
                    found[f"./{folder}/{name}"] = hashlib.sha256(f.read()).hexdigest()
    return found


def read_stored(path):
    stored = {}
    with open(path) as f:
        for line in f:
            digest, name = line.split()
            stored[name] = digest
    return stored


def main():
    if len(sys.argv) < 3 or sys.argv[2] not in ("bounded", "exhaustive"):
        sys.exit(__doc__)
    binary, mode = os.path.abspath(sys.argv[1]), sys.argv[2]
    stored_path = os.path.join(ROOT, "tests", "data", "output_hashes", mode + ".sha256")
    with tempfile.TemporaryDirectory() as out:
        write_outputs(binary, mode, out)
        found = hashes(out)
    if "--write" in sys.argv[3:]:
        with open(stored_path, "w") as f:
            f.writelines(f"{digest}  {name}\n" for name, digest in sorted(found.items()))
        print(f"wrote {len(found)} hashes to {stored_path}")
        return
    stored = read_stored(stored_path)
    differ = [n for n in sorted(set(stored) | set(found)) if stored.get(n) != found.get(n)]
    for n in differ:
        print(f"FAIL: {n}: {found.get(n, 'not written')} (stored {stored.get(n, 'none')})")
    # 60 files of run and compare (two differences.csv); the bounded set adds the --ais run's 9.
    expected = {"bounded": 69, "exhaustive": 60}[mode]
    if len(stored) != expected:
        differ.append("count")
        print(f"FAIL: {stored_path} holds {len(stored)} hashes, not the {expected} of the set")
    if differ:
        sys.exit(1)
    print(f"{mode}: {len(found)} files match {os.path.relpath(stored_path, ROOT)}")


if __name__ == "__main__":
    main()
