#!/usr/bin/env python3
"""`compare --mpi` under Open MPI's mpirun: 1, 2 and 4 ranks (oversubscribed on two cores) write
comparison.csv, differences.csv and runs.csv byte-identical to one process with one thread; and a
precision target with --mpi is refused with its exact message, exit 2.

Usage: test_mpi_compare.py TANKERSIM
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "scenarios", "what-if", "venezuela_2020_interdict.yaml")
ESCORT = os.path.join(ROOT, "scenarios", "what-if", "overlays", "escort_further_out.yaml")
FILES = ("comparison.csv", "differences.csv", "runs.csv")

# As root (CI containers) mpirun needs these two; in containers shared-memory single copy fails.
ENV = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
           OMPI_MCA_btl_vader_single_copy_mechanism="none", OMPI_MCA_rmaps_base_oversubscribe="1")


def compare_args(out):
    return ["compare", SCENARIO, "-n", "41", "--variant", "esc:" + ESCORT, "--no-progress", "--threads", "1",
            "--out", out]


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=300)
    if r.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {r.returncode}: {r.stderr.strip()}")
    return r


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    tankersim = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "one")
        run([tankersim] + compare_args(one))
        for ranks in (1, 2, 4):
            out = os.path.join(tmp, f"mpi{ranks}")
            r = run(["mpirun", "--oversubscribe", "-n", str(ranks), tankersim] + compare_args(out) + ["--mpi"])
            want = f"{ranks} MPI rank{'s' if ranks > 1 else ''} x 1 thread"
            if want not in r.stdout:
                sys.exit(f"FAIL: {ranks} ranks: '{want}' not in the output:\n{r.stdout}")
            for name in FILES:
                if read(os.path.join(out, name)) != read(os.path.join(one, name)):
                    sys.exit(f"FAIL: {ranks} ranks: {name} differs from one process's")
            print(f"{ranks} ranks: {', '.join(FILES)} identical to one process")
        r = subprocess.run([tankersim, "compare", SCENARIO, "--target-halfwidth", "0.1", "--mpi"], capture_output=True,
                           text=True, env=ENV, timeout=60)
        want = ("tankersim: --mpi and --target-halfwidth: a precision target needs every replication in order\n"
                "Run 'tankersim --help' for usage.\n")
        if r.returncode != 2 or r.stderr != want:
            sys.exit(f"FAIL: --mpi with a target: exit {r.returncode}, {r.stderr!r}")
    print("ok")


if __name__ == "__main__":
    main()
