#!/usr/bin/python3
"""An output folder holds the whole new set or the whole previous one, whatever stops the run.

strace injects the faults: SIGKILL at every rename and fsync of a run, the same with
RENAME_EXCHANGE refused (the two-rename fallback), ENOSPC at every write and fsync, and SIGINT and
SIGTERM mid-run, mid-publish and during `compare`'s replications. After each, the folder must
hold exactly the files (by SHA-256) of the previous set or of the new one, the exit code and
standard error must be the expected ones, and a second run into the folder must leave nothing
else beside it. Before output sets, a kill between the five per-file renames left a new
tracks.csv beside an old summary.csv, and a signal left "*.tmp-PID" files behind.

    test_output_set_faults.py path/to/tankersim   (ctest passes the built binary)
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "scenarios", "venezuela_2020.yaml")
WHAT_IF = os.path.join(ROOT, "scenarios", "what-if", "venezuela_2020_interdict.yaml")
OLD = ["--set", "vessels.Fortune.service_speed_kn=10"]  # every file differs from the new set's
LONG = ["--set", "simulation.output_interval=1min"]     # 16 MB of tracks: written during the run
STRACE = shutil.which("strace") or "/usr/bin/strace"

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
    return ok


def snapshot(folder):
    """{name: sha256} of a folder's files (a subfolder shows as 'DIR'); None when absent."""
    if not os.path.isdir(folder):
        return None
    out = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if os.path.isdir(path) and not os.path.islink(path):
            out[name] = "DIR"
        else:
            with open(path, "rb") as f:
                out[name] = hashlib.sha256(f.read()).hexdigest()
    return out


def tankersim(tool, args, out, inject=(), trace=None):
    cmd = [tool] + args + ["--out", out]
    if inject or trace:
        # -qq: strace itself writes nothing on stderr, so the program's messages can be compared.
        opts = ["-f", "-qq", "-o", trace or os.devnull] + [a for i in inject for a in ("-e", "inject=" + i)]
        if trace:
            opts += ["-y", "-e", "trace=write,fsync,rename,renameat,renameat2,clone3"]
        cmd = [STRACE] + opts + cmd
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)


def run_args(extra=()):
    return ["run", SCENARIO] + list(extra)


class Case:
    """A parent folder holding OUT, which holds the previous set (or nothing)."""

    counter = 0

    def __init__(self, base, previous):
        Case.counter += 1
        self.parent = os.path.join(base, f"case{Case.counter:03}")
        os.mkdir(self.parent)
        self.out = os.path.join(self.parent, "out")
        if previous is not None:
            shutil.copytree(previous, self.out)

    def others(self):
        return sorted(n for n in os.listdir(self.parent) if n != "out")


def traced_calls(trace):
    """[(syscall, path of its first descriptor)] in order, from an `strace -y` log."""
    calls = []
    with open(trace, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"\d+\s+(\w+)\((?:\d+<([^>]*)>)?", line)
            if m and "resumed>" not in line:
                calls.append((m.group(1), m.group(2) or ""))
    return calls


def expect_whole(case, sets, label, allow_absent=False):
    got = snapshot(case.out)
    if got is None and allow_absent:
        return True
    return check(got in sets, f"{label}: out holds a mix or something else: {got}")


def rerun_cleans_up(tool, case, new, label):
    r = tankersim(tool, run_args(), case.out)
    check(r.returncode == 0, f"{label}: the second run failed ({r.returncode}): {r.stderr}")
    check(snapshot(case.out) == new, f"{label}: the second run did not leave exactly the new set")
    check(case.others() == [], f"{label}: left beside out after the second run: {case.others()}")


def main():
    tool = sys.argv[1]
    with tempfile.TemporaryDirectory() as base:
        ref_old, ref_new, ref_long = (os.path.join(base, n) for n in ("ref_old", "ref_new", "ref_long"))
        for folder, extra in ((ref_old, OLD), (ref_new, []), (ref_long, LONG)):
            r = tankersim(tool, run_args(extra), folder)
            assert r.returncode == 0, r.stderr
        old, new = snapshot(ref_old), snapshot(ref_new)
        csvs = [n for n in new if n.endswith(".csv") and n != "manifest.csv"]
        assert len(csvs) == 6 and all(old[n] != new[n] for n in csvs), "the old and new sets must differ file by file"

        # The renames and fsyncs of a run into a folder that holds a previous set.
        case = Case(base, ref_old)
        trace = os.path.join(base, "run.trace")
        tankersim(tool, run_args(), case.out, trace=trace)
        calls = traced_calls(trace)
        renames = sum(1 for c, _ in calls if c in ("rename", "renameat", "renameat2"))
        fsyncs = sum(1 for c, _ in calls if c == "fsync")
        writes = [p for c, p in calls if c == "write"]
        print(f"a run: {renames} rename(s), {fsyncs} fsyncs, {len(writes)} writes")
        check(renames >= 1 and fsyncs >= 1, "no rename or fsync traced")

        # ---- SIGKILL at every rename and fsync ------------------------------------------------
        outcomes = set()
        for call, what, count in (("rename,renameat,renameat2", "rename", renames), ("fsync", "fsync", fsyncs)):
            for n in range(1, count + 1):
                label = f"SIGKILL at {what} #{n}"
                case = Case(base, ref_old)
                tankersim(tool, run_args(), case.out, inject=[f"{call}:signal=KILL:when={n}"])
                if expect_whole(case, (old, new), label):
                    outcomes.add("old" if snapshot(case.out) == old else "new")
                rerun_cleans_up(tool, case, new, label)
        check(outcomes == {"old", "new"}, f"the kills should leave the old set at some points, the new at others: {outcomes}")
        print(f"SIGKILL at each: {renames + fsyncs} cases, outcomes {sorted(outcomes)}")

        # ---- no RENAME_EXCHANGE: the two-rename fallback, and SIGKILL at each of its renames ---
        no_exchange = "renameat2:error=EINVAL"
        case = Case(base, ref_old)
        r = tankersim(tool, run_args(), case.out, inject=[no_exchange])
        check(r.returncode == 0 and snapshot(case.out) == new and case.others() == [],
              f"fallback: {r.returncode} {r.stderr} {case.others()}")
        for n in (1, 2):
            label = f"fallback, SIGKILL at renameat #{n}"
            case = Case(base, ref_old)
            tankersim(tool, run_args(), case.out, inject=[no_exchange, f"renameat:signal=KILL:when={n}"])
            if snapshot(case.out) is None:
                # Killed between its two renames: out is absent, the previous set whole beside it.
                aside = [n for n in case.others() if n.endswith("-old")]
                if check(len(aside) == 1 and snapshot(os.path.join(case.parent, aside[0])) == old,
                         f"{label}: the previous set is not whole beside out: {case.others()}"):
                    print(f"{label}: out absent, the previous set whole beside it")
            expect_whole(case, (old, new), label, allow_absent=True)
            rerun_cleans_up(tool, case, new, label)

        # ---- ENOSPC at every write and fsync --------------------------------------------------
        for k, path in enumerate(writes, start=1):
            if ".tankersim-" not in path:
                continue
            case = Case(base, ref_old)
            r = tankersim(tool, run_args(), case.out, inject=[f"write:error=ENOSPC:when={k}"])
            want = (f"tankersim: cannot write {case.out}/{os.path.basename(path)}: No space left on device; "
                    f"{case.out} keeps the previous output set\n")
            check((r.returncode, r.stderr) == (1, want), f"ENOSPC at write #{k}: {r.returncode} {r.stderr!r}, wanted {want!r}")
            check(snapshot(case.out) == old and case.others() == [], f"ENOSPC at write #{k}: not the old set, or left beside it: {case.others()}")
        case = Case(base, ref_old)
        # The third write(2) of the minute-by-minute run is unit_tracks.csv's: its seven units report
        # from the start, the vessels of tracks.csv only once they have departed (days later).
        r = tankersim(tool, run_args(LONG), case.out, inject=["write:error=ENOSPC:when=3"])
        check((r.returncode, r.stderr) == (1, f"tankersim: cannot write {case.out}/unit_tracks.csv: No space left on device; "
                                              f"{case.out} keeps the previous output set\n"),
              f"ENOSPC mid-run: {r.returncode} {r.stderr!r}")
        check(snapshot(case.out) == old and case.others() == [], "ENOSPC mid-run: the previous set is not intact")
        fsync_paths = [p for c, p in calls if c == "fsync"]
        for k, path in enumerate(fsync_paths, start=1):
            case = Case(base, ref_old)
            r = tankersim(tool, run_args(), case.out, inject=[f"fsync:error=ENOSPC:when={k}"])
            if ".tankersim-" not in path:  # the parent, after the switch: the new set is in place
                want, holds = f"tankersim: cannot sync the folder holding {case.out}: No space left on device; " \
                              f"{case.out} holds the new output set\n", new
            elif os.path.basename(os.path.dirname(path)).startswith(".out.tankersim-"):
                want, holds = f"tankersim: cannot sync {case.out}/{os.path.basename(path)}: No space left on device; " \
                              f"{case.out} keeps the previous output set\n", old
            else:
                want, holds = f"tankersim: cannot sync the staging folder of {case.out}: No space left on device; " \
                              f"{case.out} keeps the previous output set\n", old
            check((r.returncode, r.stderr) == (1, want), f"ENOSPC at fsync #{k}: {r.returncode} {r.stderr!r}, wanted {want!r}")
            check(snapshot(case.out) == holds and case.others() == [], f"ENOSPC at fsync #{k}: not the expected set, or left beside it: {case.others()}")

        # ---- SIGINT and SIGTERM ---------------------------------------------------------------
        for sig, code in (("INT", 130), ("TERM", 143)):
            case = Case(base, ref_old)
            r = tankersim(tool, run_args(LONG), case.out, inject=[f"write:signal={sig}:when=3"])
            want = f"tankersim: interrupted (SIG{sig}); {case.out} keeps the previous output set\n"
            check((r.returncode, r.stderr) == (code, want), f"SIG{sig} mid-run: {r.returncode} {r.stderr!r}, wanted {want!r}")
            check(snapshot(case.out) == old and case.others() == [], f"SIG{sig} mid-run: not the old set, or left beside it: {case.others()}")
        case = Case(base, None)
        r = tankersim(tool, run_args(LONG), case.out, inject=["write:signal=INT:when=3"])
        check((r.returncode, r.stderr) == (130, f"tankersim: interrupted (SIGINT); nothing was written to {case.out}\n"),
              f"SIGINT into a new folder: {r.returncode} {r.stderr!r}")
        check(snapshot(case.out) is None and case.others() == [], f"SIGINT into a new folder: out exists, or left beside it: {case.others()}")
        # Mid-publish: before the switch the previous set stays; at the switch the new one is in.
        case = Case(base, ref_old)
        r = tankersim(tool, run_args(), case.out, inject=["fsync:signal=TERM:when=1"])
        check((r.returncode, r.stderr) == (143, f"tankersim: interrupted (SIGTERM); {case.out} keeps the previous output set\n"),
              f"SIGTERM at the first fsync: {r.returncode} {r.stderr!r}")
        check(snapshot(case.out) == old and case.others() == [], f"SIGTERM at the first fsync: not the old set, or left beside it: {case.others()}")
        case = Case(base, ref_old)
        r = tankersim(tool, run_args(), case.out, inject=["rename,renameat,renameat2:signal=INT:when=1"])
        check((r.returncode, r.stderr) == (130, f"tankersim: interrupted (SIGINT); {case.out} holds the new output set\n"),
              f"SIGINT at the switch: {r.returncode} {r.stderr!r}")
        check(snapshot(case.out) == new and case.others() == [], f"SIGINT at the switch: not the new set, or left beside it: {case.others()}")

        # ---- compare: the first SIGINT publishes a PARTIAL set, SIGTERM keeps the previous -----
        # Worker threads start per batch (clone3), so the 5th clone3 falls in the third batch.
        compare = ["compare", WHAT_IF, "-n", "2000", "--threads", "2", "--no-progress"]
        ref_cmp = os.path.join(base, "ref_cmp")
        assert tankersim(tool, ["compare", WHAT_IF, "-n", "3", "--no-progress"], ref_cmp).returncode == 0
        old_cmp = snapshot(ref_cmp)
        case = Case(base, ref_cmp)
        r = tankersim(tool, compare, case.out, inject=["clone3:signal=INT:when=5"])
        m = re.fullmatch(r"tankersim: interrupted \(SIGINT\); (.*) holds a PARTIAL output set \((\d+) of 2000 replications\)\n", r.stderr)
        if check(r.returncode == 130 and m and m.group(1) == case.out, f"compare SIGINT: {r.returncode} {r.stderr!r}"):
            done = int(m.group(2))
            print(f"compare SIGINT: a PARTIAL set of {done} replications")
            with open(os.path.join(case.out, "comparison.csv"), encoding="utf-8") as f:
                rows = [line.split(",") for line in f.read().splitlines()]
            check(0 < done < 2000 and rows[1][1] == str(done) and rows[1][7] == "true",
                  f"compare SIGINT: comparison.csv says {rows[1][:8]} for {done} replications")
            with open(os.path.join(case.out, "runs.csv"), encoding="utf-8") as f:
                check(sum(1 for _ in f) == 1 + 5 * done, "compare SIGINT: runs.csv does not hold the replications done")
            check(sorted(os.listdir(case.out)) == ["comparison.csv", "differences.csv", "manifest.csv", "runs.csv"] and case.others() == [],
                  f"compare SIGINT: {os.listdir(case.out)} {case.others()}")
        for inject, sig, code, label in (("clone3:signal=TERM:when=5", "TERM", 143, "compare SIGTERM"),
                                         ("clone3:signal=INT:when=5+", "INT", 130, "compare, a second SIGINT")):
            case = Case(base, ref_cmp)
            r = tankersim(tool, compare, case.out, inject=[inject])
            want = f"tankersim: interrupted (SIG{sig}); {case.out} keeps the previous output set\n"
            check((r.returncode, r.stderr) == (code, want), f"{label}: {r.returncode} {r.stderr!r}, wanted {want!r}")
            check(snapshot(case.out) == old_cmp and case.others() == [], f"{label}: not the old set, or left beside it: {case.others()}")

    for f in failures:
        print("FAIL:", f)
    print(f"{Case.counter} cases, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
