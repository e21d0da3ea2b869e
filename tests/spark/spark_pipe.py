#!/usr/bin/env python3
"""The distributed path for real: a local-mode Spark job pipes documents through
`mizan align --jsonl` (RDD.pipe, one mizan process per partition) and its pairs must
equal those of one mizan process reading the same documents.

Usage: spark_pipe.py MIZAN_BINARY [REPO_ROOT]

Documents: the NTREX dev documents kept in tests/data/ntrex-dev/parallel (as running
text, one story per group, comparable mode) and the seed articles (one group).
Also checks parallel mode, where documents pair by id (X.ar with X.fr).
Prints 'N passed, N failed' and exits non-zero on any failure.
"""

import json
import os
import subprocess
import sys
import tempfile


def documents(root):
    """JSON-lines records: each NTREX story a group, the seeds another."""
    records = []
    par = os.path.join(root, "tests", "data", "ntrex-dev", "parallel")
    for name in sorted(os.listdir(par)):
        if not name.endswith(".txt"):
            continue
        stem, lang = name[: -len(".xx.txt")], name[-len("xx.txt") : -len(".txt")]
        with open(os.path.join(par, name), encoding="utf-8") as f:
            # Lines joined into running text: mizan segments it.
            text = " ".join(l.strip() for l in f if l.strip())
        records.append({"id": f"{stem}.{lang}", "lang": lang, "text": text, "group": stem})
    seeds = os.path.join(root, "seeds")
    for name in sorted(os.listdir(seeds)):
        with open(os.path.join(seeds, name), encoding="utf-8") as f:
            text = f.read()
        arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
        lang = "ar" if arabic * 2 > len(text) else "fr"
        records.append({"id": name[:-4], "lang": lang, "text": text, "group": "seeds"})
    return records


def single_process(binary, lines, mode):
    run = subprocess.run(
        [binary, "align", "--jsonl", "--mode", mode],
        input="".join(l + "\n" for l in lines),
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.splitlines()


def spark(binary, lines, mode, key, partitions=4):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .appName("mizan-pipe-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    try:
        sc = spark.sparkContext
        sc.setLogLevel("ERROR")
        # Keep each unit of work (a group, or an X.ar/X.fr pair) in one partition and
        # its lines in input order, as a sharded archive would be laid out.
        indexed = sc.parallelize(list(enumerate(lines)), partitions)
        by_unit = indexed.map(lambda il: (key(json.loads(il[1])), il)).groupByKey(partitions)
        ordered = by_unit.flatMap(lambda kv: [l for _, l in sorted(kv[1])])
        out = ordered.pipe(f"{binary} align --jsonl --mode {mode}").collect()
        return out, ordered.getNumPartitions()
    finally:
        spark.stop()


def canonical(lines):
    return sorted(json.dumps(json.loads(l), sort_keys=True, ensure_ascii=False) for l in lines)


def main():
    binary = os.path.abspath(sys.argv[1])
    root = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    records = documents(root)
    passed = failed = 0

    def check(name, ok, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
            print(f"ok: {name}")
        else:
            failed += 1
            print(f"FAILED: {name} {detail}")

    # Comparable mode, one story per group.
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    local = single_process(binary, lines, "comparable")
    distributed, parts = spark(binary, lines, "comparable", key=lambda r: r["group"])
    check("comparable: pairs found", len(local) > 100, f"({len(local)} pairs)")
    check(
        f"comparable: spark ({parts} partitions) equals one process",
        canonical(local) == canonical(distributed),
        f"({len(local)} vs {len(distributed)} pairs)",
    )
    groups = {json.loads(l).get("group") for l in distributed}
    check("comparable: every pair names its group", None not in groups and "seeds" in groups)

    # Parallel mode, documents paired by id; no group needed.
    ntrex = [dict(r) for r in records if r["group"] != "seeds"]
    for r in ntrex:
        del r["group"]
    lines = [json.dumps(r, ensure_ascii=False) for r in ntrex]
    local = single_process(binary, lines, "parallel")
    distributed, parts = spark(binary, lines, "parallel", key=lambda r: r["id"].rsplit(".", 1)[0])
    check("parallel: pairs found", len(local) > 100, f"({len(local)} pairs)")
    check(
        f"parallel: spark ({parts} partitions) equals one process",
        canonical(local) == canonical(distributed),
        f"({len(local)} vs {len(distributed)} pairs)",
    )

    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
