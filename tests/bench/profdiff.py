#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""profdiff.py DIR: compare perf sample counts per symbol, encapsulated
against plain (tests/bench/profile.sh writes DIR/{self,incl}-MODE.txt:
"overhead samples symbol" lines)."""
import sys

out = sys.argv[1]


def load(name):
    d = {}
    try:
        lines = open(f"{out}/{name}").readlines()
    except OSError:
        return d
    for line in lines:
        f = line.split(None, 2)
        if len(f) < 3:
            continue
        try:
            d[f[2].strip()] = d.get(f[2].strip(), 0) + int(f[1])
        except ValueError:
            pass
    return d


sp, se, sn = load("self-plain.txt"), load("self-encap.txt"), load("self-plain-nogso.txt")
tp, te, tn = sum(sp.values()), sum(se.values()), sum(sn.values())
print(f"total samples (instructions) for the same work: plain {tp}, "
      f"encap {te} ({100.0 * (te - tp) / tp:+.1f}%), plain without GSO {tn} "
      f"({100.0 * (tn - tp) / tp:+.1f}%)")
for kind in ("self", "incl"):
    p, e = load(f"{kind}-plain.txt"), load(f"{kind}-encap.txt")
    print(f"\n== {kind} samples, encap - plain (in % of plain's total)")
    rows = sorted(((e.get(s, 0) - p.get(s, 0), s) for s in set(p) | set(e)),
                  reverse=True)
    for d, s in rows[:45]:
        print(f"{d:+8d} {100.0 * d / tp:+7.2f}%  plain {p.get(s, 0):7d} "
              f"encap {e.get(s, 0):7d}  {s}")
    print("  ...")
    for d, s in rows[-8:]:
        print(f"{d:+8d} {100.0 * d / tp:+7.2f}%  plain {p.get(s, 0):7d} "
              f"encap {e.get(s, 0):7d}  {s}")
