#!/usr/bin/python3
"""Bar charts of a comparison: P(delivered), P(seized), P(diverted), P(turned back) per variant,
and the mean value delivered and seized, each with its 95% confidence interval as an error bar.

    tools/plot_compare.py out/venezuela_2020_interdict-compare/comparison.csv -o compare.png

Reads the rows of comparison.csv whose vessel is "all" (docs/output-files.md). Needs Debian's
python3-matplotlib (tools/install-deps.sh installs it).
"""
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

FATES = [("delivered", "p_delivered_est", "p_delivered"), ("seized", "p_seized_est", "p_seized"),
         ("diverted", "p_diverted", "p_diverted"), ("turned back", "p_turned_back", "p_turned_back")]
COLOURS = ["#2ca02c", "#d62728", "#ff7f0e", "#9467bd"]


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["vessel"] == "all"]
    if not rows:
        sys.exit(f"{path}: no rows with vessel 'all' (expected a tankersim compare comparison.csv)")
    return rows


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("comparison", help="comparison.csv from tankersim compare")
    ap.add_argument("-o", "--output", default="compare.png", help="PNG to write")
    ap.add_argument("--title", default=None)
    args = ap.parse_args(argv)
    rows = read_rows(args.comparison)
    names = [r["variant"] for r in rows]
    partial = rows[0].get("partial") == "true"
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.8), dpi=100)
    width = 0.8 / len(FATES)
    for k, (label, est, pre) in enumerate(FATES):
        xs = [i + (k - (len(FATES) - 1) / 2) * width for i in range(len(rows))]
        p = [float(r[est]) for r in rows]
        lo = [float(r[est]) - float(r[pre + "_lo"]) for r in rows]
        hi = [float(r[pre + "_hi"]) - float(r[est]) for r in rows]
        ax1.bar(xs, p, width, yerr=[lo, hi], capsize=3, label=label, color=COLOURS[k])
    ax1.set_xticks(range(len(rows)))
    ax1.set_xticklabels(names, rotation=15)
    ax1.set_ylim(0, 1)
    ax1.set_ylabel("probability per voyage (95% Wilson interval)")
    ax1.legend(fontsize=8)
    for k, (label, key, colour) in enumerate([("delivered", "mean_delivered_usd", "#2ca02c"), ("seized", "mean_seized_usd", "#d62728")]):
        xs = [i + (k - 0.5) * 0.35 for i in range(len(rows))]
        m = [float(r[key + "_est"]) / 1e6 for r in rows]
        lo = [(float(r[key + "_est"]) - float(r[key + "_lo"])) / 1e6 for r in rows]
        hi = [(float(r[key + "_hi"]) - float(r[key + "_est"])) / 1e6 for r in rows]
        ax2.bar(xs, m, 0.35, yerr=[lo, hi], capsize=3, label=label, color=colour)
    ax2.set_xticks(range(len(rows)))
    ax2.set_xticklabels(names, rotation=15)
    ax2.set_ylabel("mean value per replication, million USD (95% t interval)")
    ax2.legend(fontsize=8)
    reps = rows[0]["replications"]
    fig.suptitle(args.title or f"{len(rows)} variants, {reps} replications each{' (PARTIAL)' if partial else ''}")
    fig.tight_layout()
    fig.savefig(args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
