#!/usr/bin/python3
"""tools/build_gazetteer.py: its pieces against hand-worked cases, then --check: the committed
data/gazetteer-world.tsv and data/ports-corrections.tsv are what the tool writes from the inputs.

    test_build_gazetteer.py   (ctest runs it with Debian's python3 and python3-shapely)
"""
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "build_gazetteer.py")
sys.path.insert(0, os.path.join(ROOT, "tools"))
import build_gazetteer as bg  # noqa: E402


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def main():
    # The loader's key (tests/scenario/gazetteer_test.cpp has the same cases for the C++ one).
    check(bg.place_key("  Bab-el_Mandeb. ") == "bab el mandeb", "place_key")
    check(bg.place_key("Ra's Tannurah") == "ra s tannurah", "place_key apostrophe")
    # Apostrophes: the transcription title-cased the letter after one.
    check(bg.clean_name("Ra’S Tannurah") == "Ra's Tannurah", bg.clean_name("Ra’S Tannurah"))
    check(bg.clean_name("Arkhangel’Sk") == "Arkhangel'sk", bg.clean_name("Arkhangel’Sk"))
    check(bg.clean_name("Ile D’Ouessant") == "Ile D'Ouessant", bg.clean_name("Ile D’Ouessant"))
    # Pub. 151 gives whole seconds: 13.44861 = 13 deg 26 min 55 s.
    check(bg.to_dms(-13.44861) == (-1, 13, 26, 55), bg.to_dms(-13.44861))
    # Two slips of Pub. 151: Bajo Grande's -171.6, and Cartagena's -7.53333 (75 deg 32 min W).
    slips = bg.candidates(10.50833, -171.6)
    check(("longitude a degrees digit dropped", 10.50833, -71.6) in slips, "Bajo Grande's slip")
    check(("longitude a degrees digit added", 10.40556, -75.53333) in bg.candidates(10.40556, -7.53333), "Cartagena")
    check(all("minutes" not in h for h, _, _ in slips), "minutes digits only on request")
    check(any("minutes" in h for h, _, _ in bg.candidates(38.6, -122.26667, minutes=True)), "minutes on request")
    # One degree of a great circle on tankersim's sphere: 6,371,008.8 m x pi / 180 / 1852 m.
    d = bg.great_circle_nm((0.0, 0.0), (1.0, 0.0))
    check(abs(d - 6371008.8 * math.pi / 180.0 / 1852.0) < 1e-9, d)
    r = subprocess.run([sys.executable, TOOL, "--check"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr, file=sys.stderr)
        return 1
    print("12 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
