#!/usr/bin/python3
"""Renders the Venezuela map end to end: tankersim run, then tools/plot_tracks.py; checks that the
PNG has the requested size and is not blank (land, sea and at least one track colour).

    test_plot_tracks.py path/to/tankersim   (ctest passes the built binary)
"""
import os
import subprocess
import sys
import tempfile

import matplotlib.image as mpimg
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    tankersim = sys.argv[1]
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([tankersim, "run", os.path.join(ROOT, "scenarios", "venezuela_2020.yaml"), "--out", out],
                       check=True, stdout=subprocess.DEVNULL)
        png = os.path.join(out, "map.png")
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "plot_tracks.py"), os.path.join(out, "tracks.csv"),
                        "-o", png, "--width", "1200", "--height", "700"], check=True, stdout=subprocess.DEVNULL)
        img = mpimg.imread(png)
        assert img.shape[:2] == (700, 1200), f"size {img.shape}"
        rgb = (img[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3)
        colours, counts = np.unique(rgb, axis=0, return_counts=True)
        big = colours[counts > 500]  # colours covering a visible area
        assert len(big) >= 4, f"only {len(big)} large colour areas: blank map?"
        sea = np.array([0xdb, 0xe9, 0xf4])
        land = np.array([0xe6, 0xe1, 0xd3])
        assert any((c == sea).all() for c in big), "no sea"
        assert any((c == land).all() for c in big), "no land"
        # The first track colour of matplotlib's cycle (#1f77b4 or the purple of the last vessel,
        # drawn on top where tracks overlap) must appear.
        tracks = [np.array([0x1f, 0x77, 0xb4]), np.array([0x94, 0x67, 0xbd])]
        assert any(((rgb == t).all(axis=1)).sum() > 100 for t in tracks), "no track drawn"
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
