#!/usr/bin/python3
"""tankersim compare then tools/plot_compare.py, end to end: the chart is written, has its size,
and shows bars of the fate colours.

    test_plot_compare.py path/to/tankersim   (ctest passes the built binary)
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
        subprocess.run([tankersim, "compare", os.path.join(ROOT, "scenarios", "what-if", "venezuela_2020_interdict.yaml"),
                        "-n", "20", "--out", out, "--variant",
                        "escort:" + os.path.join(ROOT, "scenarios", "what-if", "overlays", "escort_further_out.yaml")],
                       check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(out, "comparison.csv"), encoding="utf-8") as f:
            header = f.readline().strip().split(",")
        assert header[:6] == ["variant", "replications", "p_delivered", "p_seized", "mean_delivered_usd", "mean_seized_usd"], header
        png = os.path.join(out, "compare.png")
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "plot_compare.py"), os.path.join(out, "comparison.csv"),
                        "-o", png], check=True, stdout=subprocess.DEVNULL)
        img = mpimg.imread(png)
        assert img.shape[:2] == (480, 1200), f"size {img.shape}"
        rgb = (img[:, :, :3] * 255).astype(np.uint8).reshape(-1, 3)
        for name, colour in (("delivered", [0x2c, 0xa0, 0x2c]), ("diverted", [0xff, 0x7f, 0x0e])):
            assert ((rgb == np.array(colour)).all(axis=1)).sum() > 200, f"no {name} bars"
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
