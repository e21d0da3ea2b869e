#!/usr/bin/env python3
"""Builds the large benchmark inputs of issue 6 from the NTREX dev split and the seeds.

Usage: make_inputs.py DEV_DIR SEEDS_DIR OUT_DIR

Writes under OUT_DIR:
  parallel-N/big.ar.txt, big.fr.txt   one sentence per line, N Arabic lines (N = 2500,
                                      5000, 10000): the dev documents' parallel files
                                      concatenated in a fresh shuffled order each round,
                                      so the pair stays a translation in order.
  parallel-N.gold.jsonl               its gold beads (the dev gold, moved), beside
                                      the folder so that the folder holds only the pair.
  comparable-N/ar.tsv, fr.tsv         BUCC-style pools of N sentences a side
                                      (N = 20000, 50000, 100000): new sentences recombined
                                      from two true 1-1 pairs of the dev gold (first half
                                      of one, second half of the other, on both sides the
                                      same way), plus recombinations from one side only
                                      (no counterpart), shuffled; gold.tsv lists the
                                      recombined pairs (ar_id<TAB>fr_id).
  throughput/ar.txt, fr.txt           about 32 MB of running text per language (the raw
                                      paragraphs and the seeds, repeated).
Deterministic (fixed seed).
"""

import json
import os
import random
import sys


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


def main():
    dev, seeds, out = sys.argv[1], sys.argv[2], sys.argv[3]
    rng = random.Random(6)
    par = os.path.join(dev, "parallel")
    docs = sorted(
        {n[: -len(".ar.txt")] for n in os.listdir(par) if n.endswith(".ar.txt")}
    )
    texts = {
        d: (read_lines(os.path.join(par, d + ".ar.txt")), read_lines(os.path.join(par, d + ".fr.txt")))
        for d in docs
    }

    with open(os.path.join(par, "gold.jsonl"), encoding="utf-8") as f:
        gold = {g["doc"]: g["beads"] for g in map(json.loads, f)}

    # Parallel: whole documents in shuffled rounds until N Arabic lines, with their
    # gold beads moved to where the documents landed.
    for n in (2500, 5000, 10000):
        ar, fr, beads = [], [], []
        while len(ar) < n:
            order = docs[:]
            rng.shuffle(order)
            for d in order:
                if len(ar) >= n:
                    break
                for a, b in gold[d]:
                    beads.append([[len(ar) + i for i in a], [len(fr) + j for j in b]])
                ar.extend(texts[d][0])
                fr.extend(texts[d][1])
        d = os.path.join(out, f"parallel-{n}")
        os.makedirs(d, exist_ok=True)
        for lang, lines in (("ar", ar), ("fr", fr)):
            with open(os.path.join(d, f"big.{lang}.txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        with open(os.path.join(out, f"parallel-{n}.gold.jsonl"), "w", encoding="utf-8") as f:
            f.write(json.dumps({"doc": "big", "beads": beads}) + "\n")

    # True 1-1 pairs from the parallel gold.
    pairs = []
    for doc in docs:
        ar, fr = texts[doc]
        for a, b in gold[doc]:
            if len(a) == 1 and len(b) == 1:
                pairs.append((ar[a[0]], fr[b[0]]))
    ar_only = [l.split("\t", 1)[1] for l in read_lines(os.path.join(dev, "comparable", "ar.tsv"))]
    fr_only = [l.split("\t", 1)[1] for l in read_lines(os.path.join(dev, "comparable", "fr.tsv"))]

    def halves(s, first):
        w = s.split()
        k = max(1, len(w) // 2)
        return w[:k] if first else w[k:]

    def recombine(x, y):
        return " ".join(halves(x, True) + halves(y, False))

    for n in (20000, 50000, 100000):
        ar, fr = [], []
        # Three fifths of each pool have a counterpart on the other side: entry k of
        # both lists, until the shuffles (which draw the same numbers whatever they
        # shuffle) move them; the pair number rides along to write the gold.
        for k in range(n * 3 // 5):
            (a1, f1), (a2, f2) = rng.choice(pairs), rng.choice(pairs)
            ar.append((recombine(a1, a2), k))
            fr.append((recombine(f1, f2), k))
        while len(ar) < n:
            ar.append((recombine(rng.choice(ar_only), rng.choice(ar_only)), None))
        while len(fr) < n:
            fr.append((recombine(rng.choice(fr_only), rng.choice(fr_only)), None))
        rng.shuffle(ar)
        rng.shuffle(fr)
        d = os.path.join(out, f"comparable-{n}")
        os.makedirs(d, exist_ok=True)
        ids = {}
        for lang, lines in (("ar", ar), ("fr", fr)):
            with open(os.path.join(d, f"{lang}.tsv"), "w", encoding="utf-8") as f:
                for i, (s, k) in enumerate(lines):
                    f.write(f"{lang}-{i:07d}\t{s}\n")
                    if k is not None:
                        ids.setdefault(k, {})[lang] = f"{lang}-{i:07d}"
        # gold.tsv: the recombined pairs (pairs recombined twice the same way, which
        # happens at 100,000, are interchangeable; the scores count them as different).
        with open(os.path.join(d, "gold.tsv"), "w", encoding="utf-8") as f:
            for k in sorted(ids):
                f.write(f"{ids[k]['ar']}\t{ids[k]['fr']}\n")

    # Throughput: running text per language, about 32 MB each.
    seg = os.path.join(dev, "segmentation")
    raw = {"ar": [], "fr": []}
    for name in sorted(os.listdir(seg)):
        for lang in raw:
            if name.endswith(f".{lang}.raw"):
                with open(os.path.join(seg, name), encoding="utf-8") as f:
                    raw[lang].append(f.read().strip())
    for name in sorted(os.listdir(seeds)):
        with open(os.path.join(seeds, name), encoding="utf-8") as f:
            text = f.read().strip()
        arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
        raw["ar" if arabic * 2 > len(text) else "fr"].append(text)
    d = os.path.join(out, "throughput")
    os.makedirs(d, exist_ok=True)
    target = 32 * 1024 * 1024
    for lang, paras in raw.items():
        size = 0
        with open(os.path.join(d, f"{lang}.txt"), "w", encoding="utf-8") as f:
            while size < target:
                order = paras[:]
                rng.shuffle(order)
                for p in order:
                    f.write(p + "\n\n")
                    size += len(p.encode("utf-8")) + 2


if __name__ == "__main__":
    main()
