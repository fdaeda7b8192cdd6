#!/usr/bin/env bash
# Compares, on the same file in the same run, fieldvault's streaming age
# encryption and decryption (bench/age_file_tool, the crypto layer only)
# with `age -r` and `age -d`. Prints wall and CPU times (best of REPEATS,
# runs of both sides interleaved so they share the machine's noise) and the
# ratio fieldvault / age (lower is better; <= 1.0 means no slower). Then
# checks that each side decrypts the other's file to the original bytes.
#
# Usage: bench/compare_age.sh [BUILD_DIR] [SIZE_MIB] [REPEATS]
#   BUILD_DIR  a Release build with benchmarks (default build/release;
#              make it with scripts/build)
#   SIZE_MIB   size of the random test file (default 1024 = 1 GiB)
#   REPEATS    runs per command (default 3)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
size_mib=${2:-1024}
repeats=${3:-3}
tool=$build/bench/age_file_tool
if [ ! -x "$tool" ]; then
  echo "compare_age: $tool is missing; build first (scripts/build)" >&2
  exit 2
fi
for program in age age-keygen; do
  command -v "$program" >/dev/null ||
    { echo "compare_age: $program not found (scripts/install-deps)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file=$work/payload.bin
head -c $((size_mib << 20)) /dev/urandom >"$file"
age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/key.txt")
age -r "$recipient" -o "$work/by_age.age" "$file"
age -a -r "$recipient" -o "$work/by_age_armored.age" "$file"
"$tool" encrypt "$recipient" "$file" "$work/by_fieldvault.age"
cat "$file" "$work/by_age.age" >/dev/null  # warm the page cache

# "WALL CPU" milliseconds of one run of "$@"; CPU is user + system time,
# less disturbed than wall time on a busy machine.
measure_ms() {
  local TIMEFORMAT='%R %U %S' times
  times=$({ time "$@" >/dev/null 2>&1 || echo "failed" >&2; } 2>&1)
  case $times in *failed*) echo "compare_age: failed: $*" >&2; exit 1 ;; esac
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
    printf "%-24s %7d %7d %6.2f   %7d %7d %6.2f\n", l, rw, ow,
           (rw > 0 ? ow / rw : 0), rc, oc, (rc > 0 ? oc / rc : 0) }'
}

echo "file: ${size_mib} MiB of random bytes; best of ${repeats} runs each;"
echo "output to /dev/null (shared machine: other work disturbs these figures)"
echo "ratio = fieldvault / age (lower is better); times in ms"
printf "%-24s %7s %7s %6s   %7s %7s %6s\n" "work" "age" "fv" "wall" \
  "age" "fv" "cpu"
compare "encrypt vs age -r" -- \
  age -r "$recipient" -o /dev/null "$file" -- \
  "$tool" encrypt "$recipient" "$file" /dev/null
compare "encrypt -a vs age -r -a" -- \
  age -a -r "$recipient" -o /dev/null "$file" -- \
  "$tool" encrypt -a "$recipient" "$file" /dev/null
compare "decrypt vs age -d" -- \
  age -d -i "$work/key.txt" -o /dev/null "$work/by_age.age" -- \
  "$tool" decrypt "$work/key.txt" "$work/by_age.age" /dev/null
compare "decrypt -a vs age -d" -- \
  age -d -i "$work/key.txt" -o /dev/null "$work/by_age_armored.age" -- \
  "$tool" decrypt "$work/key.txt" "$work/by_age_armored.age" /dev/null

# Each side must decrypt the other's file, or the timings compare
# different work.
"$tool" decrypt "$work/key.txt" "$work/by_age.age" "$work/check1"
cmp -s "$file" "$work/check1" ||
  { echo "compare_age: fieldvault misdecrypts age's file" >&2; exit 1; }
rm -f "$work/check1"
age -d -i "$work/key.txt" -o "$work/check2" "$work/by_fieldvault.age"
cmp -s "$file" "$work/check2" ||
  { echo "compare_age: age misdecrypts fieldvault's file" >&2; exit 1; }
echo "outputs agree: each side decrypts the other's file to the original"
