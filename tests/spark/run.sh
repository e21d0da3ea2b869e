#!/usr/bin/env bash
# The Spark test of `mizan align --jsonl` (issue 6): installs pyspark with pip (Java
# must be on the machine) and runs tests/spark/spark_pipe.py against a release build.
# Called by .ci/run; prints 'N passed, N failed'.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
python3 -m pip install --quiet --disable-pip-version-check pyspark >/dev/null
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/release/mizan"
python3 tests/spark/spark_pipe.py "$bin" "$root" 2> >(grep -v -E 'WARN|log4j|setLogLevel|incubator' >&2)
