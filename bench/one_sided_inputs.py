#!/usr/bin/env python3
"""Builds a parallel input whose French side has sentences the Arabic side lacks.

Usage: one_sided_inputs.py DEV_DIR OUT_DIR block|spread K

The first K dev documents (in name order) are the document pair, end to end; the
French lines of the other dev documents are added to the French side, either as one
passage somewhere in the middle (`block`) or each at a random place (`spread`).
Writes OUT_DIR/big.ar.txt, OUT_DIR/big.fr.txt and OUT_DIR.gold.jsonl (the dev gold
beads moved, the added lines as 0-1 beads); score a run with
`mizan eval OUT/p.json --gold OUT_DIR.gold.jsonl`. Deterministic (fixed seed).

Measured (README, Measured speed): K = 16, block: F1 0.95 (0.12 before anchors);
K = 26, block: 0.97 (0.59); K = 56 and 50, spread: 0.944 and 0.920 (unchanged).
"""

import json
import os
import random
import sys


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l for l in f.read().splitlines() if l.strip()]


def main():
    dev, out, mode, k = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    par = os.path.join(dev, "parallel")
    rng = random.Random(11)
    with open(os.path.join(par, "gold.jsonl"), encoding="utf-8") as f:
        gold = {g["doc"]: g["beads"] for g in map(json.loads, f)}
    docs = sorted(gold)
    ar, fr, beads = [], [], []
    for d in docs[:k]:
        a = lines(os.path.join(par, d + ".ar.txt"))
        f = lines(os.path.join(par, d + ".fr.txt"))
        beads += [[[x + len(ar) for x in A], [y + len(fr) for y in F]] for A, F in gold[d]]
        ar += a
        fr += f
    extra = [l for d in docs[k:] for l in lines(os.path.join(par, d + ".fr.txt"))]
    if mode == "spread":
        places = sorted(rng.randrange(len(fr) + 1) for _ in extra)
    else:
        at = rng.randrange(len(fr) // 4, 3 * len(fr) // 4)
        places = [at] * len(extra)
    new_fr, moved, added, n = [], {}, [], 0
    for j in range(len(fr) + 1):
        while n < len(places) and places[n] == j:
            added.append(len(new_fr))
            new_fr.append(extra[n])
            n += 1
        if j < len(fr):
            moved[j] = len(new_fr)
            new_fr.append(fr[j])
    beads = [[a, [moved[j] for j in f]] for a, f in beads] + [[[], [j]] for j in added]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "big.ar.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(ar) + "\n")
    with open(os.path.join(out, "big.fr.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(new_fr) + "\n")
    with open(out.rstrip("/") + ".gold.jsonl", "w", encoding="utf-8") as f:
        f.write(json.dumps({"doc": "big", "beads": beads}) + "\n")
    print(f"{out}: {len(ar)} Arabic lines, {len(new_fr)} French ({len(extra)} added, {mode})")


if __name__ == "__main__":
    main()
