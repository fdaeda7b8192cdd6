#!/usr/bin/env bash
# Compares, on the same file in the same run, fieldvault's streaming
# BLAKE2b-512 with `b2sum`, and its prehashed minisign signing and
# verification with `minisign -S` and `minisign -V -H`. Prints wall times
# (best of REPEATS, runs of both sides interleaved so they share the
# machine's noise) and the ratio fieldvault / reference (lower is better;
# <= 1.0 means no slower). Also checks that the outputs agree: the same
# digest, and byte-identical signature files (Ed25519 is deterministic).
#
# Usage: bench/compare_b2sum_minisign.sh [BUILD_DIR] [SIZE_MIB] [REPEATS]
#   BUILD_DIR  a Release build with benchmarks (default build/release;
#              make it with scripts/build)
#   SIZE_MIB   size of the random test file (default 1024 = 1 GiB)
#   REPEATS    runs per command (default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
size_mib=${2:-1024}
repeats=${3:-3}
tool=$build/bench/minisign_bench_tool
if [ ! -x "$tool" ]; then
  echo "compare: $tool is missing; build first (scripts/build)" >&2
  exit 2
fi
for program in b2sum minisign; do
  command -v "$program" >/dev/null || { echo "compare: $program not found (scripts/install-deps)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/payload.bin
head -c $((size_mib << 20)) /dev/urandom >"$file"
minisign -G -W -p "$work/bench.pub" -s "$work/bench.key" >/dev/null
comment="timestamp:1700000000	file:payload.bin	hashed"
cat "$file" >/dev/null  # warm the page cache: measure hashing, not the disk

# "WALL CPU" milliseconds of one run of "$@" (output discarded); CPU is
# user + system time, less disturbed than wall time on a busy machine.
measure_ms() {
  local TIMEFORMAT='%R %U %S' times
  times=$({ time "$@" >/dev/null 2>&1 || echo "failed" >&2; } 2>&1)
  case $times in *failed*) echo "compare: failed: $*" >&2; exit 1 ;; esac
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$times"
}

# compare LABEL -- REFERENCE... -- FIELDVAULT...
compare() {
  local label=$1; shift; shift
  local reference=() ours=()
  while [ "$1" != "--" ]; do reference+=("$1"); shift; done
  shift
  ours=("$@")
  local ref_wall="" ref_cpu="" our_wall="" our_cpu="" wall cpu
  for _ in $(seq "$repeats"); do
    read -r wall cpu < <(measure_ms "${reference[@]}")
    if [ -z "$ref_wall" ] || [ "$wall" -lt "$ref_wall" ]; then ref_wall=$wall; fi
    if [ -z "$ref_cpu" ] || [ "$cpu" -lt "$ref_cpu" ]; then ref_cpu=$cpu; fi
    read -r wall cpu < <(measure_ms "${ours[@]}")
    if [ -z "$our_wall" ] || [ "$wall" -lt "$our_wall" ]; then our_wall=$wall; fi
    if [ -z "$our_cpu" ] || [ "$cpu" -lt "$our_cpu" ]; then our_cpu=$cpu; fi
  done
  awk -v l="$label" -v rw="$ref_wall" -v ow="$our_wall" -v rc="$ref_cpu" \
      -v oc="$our_cpu" 'BEGIN {
    printf "%-26s %7d %7d %6.2f   %7d %7d %6.2f\n", l, rw, ow,
           (rw > 0 ? ow / rw : 0), rc, oc, (rc > 0 ? oc / rc : 0) }'
}

echo "file: ${size_mib} MiB of random bytes; best of ${repeats} runs each"
echo "(shared machine: other builds and tests disturb these figures)"
echo "ratio = fieldvault / reference (lower is better); times in ms"
printf "%-26s %7s %7s %6s   %7s %7s %6s\n" "work" "ref" "fv" "wall" \
  "ref" "fv" "cpu"
compare "BLAKE2b-512 vs b2sum" -- b2sum "$file" -- "$tool" b2sum "$file"
compare "sign vs minisign -S" -- \
  minisign -S -s "$work/bench.key" -m "$file" -x "$work/reference.minisig" \
    -t "$comment" -- \
  "$tool" sign "$work/bench.key" "$file" "$comment"
compare "verify vs minisign -V -H" -- \
  minisign -V -H -p "$work/bench.pub" -m "$file" -x "$work/reference.minisig" -- \
  "$tool" verify "$work/bench.pub" "$file" "$work/reference.minisig"

# The outputs must agree, or the timings compare different work.
ours_digest=$("$tool" b2sum "$file" | cut -d' ' -f1)
reference_digest=$(b2sum "$file" | cut -d' ' -f1)
[ "$ours_digest" = "$reference_digest" ] || { echo "compare: digests differ" >&2; exit 1; }
cmp -s "$file.minisig" "$work/reference.minisig" ||
  { echo "compare: signature files differ" >&2; exit 1; }
minisign -V -H -p "$work/bench.pub" -m "$file" -x "$file.minisig" -q ||
  { echo "compare: minisign rejects fieldvault's signature" >&2; exit 1; }
echo "outputs agree: same BLAKE2b-512, byte-identical signature files"
