#!/usr/bin/python3
"""tools/make_fleet.py end to end: the same seed gives the same file, a different seed another,
and tankersim validate --strict accepts it (no leg crosses Natural Earth 1:50m land).

    test_make_fleet.py path/to/tankersim   (ctest passes the built binary)
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "make_fleet.py")


def fleet(seed):
    return subprocess.run([sys.executable, TOOL, "--vessels", "40", "--days", "5", "--seed", str(seed)],
                          check=True, capture_output=True, text=True).stdout


def main():
    tankersim = sys.argv[1]
    a, b, c = fleet(3), fleet(3), fleet(4)
    assert a == b, "same seed, different files"
    assert a != c, "different seeds, same file"
    assert a.count("- {name: T") == 40, "not 40 vessels"
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(a)
        path = f.name
    try:
        r = subprocess.run([tankersim, "validate", "--strict", path], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert "40 vessels, 200 legs" in r.stdout, r.stdout
        # Port to port: every tanker's voyage is routed at sea by tankersim and ends at its port.
        ports = subprocess.run([sys.executable, TOOL, "--vessels", "12", "--days", "40", "--seed", "5", "--port-to-port"],
                               check=True, capture_output=True, text=True).stdout
        assert ports.count("route: {from: ") == 12, ports
        with open(path, "w") as f:
            f.write(ports)
        out_dir = tempfile.mkdtemp()
        r = subprocess.run([tankersim, "run", path, "--out", os.path.join(out_dir, "fleet")], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        delivered = [l for l in r.stdout.splitlines() if l.startswith("T0") and " delivered " in l]
        assert len(delivered) >= 6, r.stdout
        bad = subprocess.run([sys.executable, TOOL, "--vessels", "0", "--days", "5"], capture_output=True, text=True)
        assert bad.returncode == 2 and "at least 1" in bad.stderr, bad.stderr
    finally:
        os.unlink(path)
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
