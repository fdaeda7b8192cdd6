#!/usr/bin/env bash
# P3: imports the same generated detainee CSV (bench/gen_detainee_csv) with
# `fieldvault detainees import` and with the `sqlcipher` shell's plain
# `.import` into a keyed database (16384-byte pages, as the vault), in the
# same run, and prints wall and CPU times and the ratio fieldvault /
# sqlcipher (target: <= 2.0). fieldvault does much more per line: it
# validates, creates a person and a detention, computes the name match
# key, keeps the search index, and commits once with a custody event.
# Runs alternate so both sides share the machine's noise; best of REPEATS.
# After each import, bench/import_floor_tool writes the very rows it wrote
# into a fresh vault (records, names, search index; prepared statements,
# one transaction, timed in process): the floor any import into this
# schema pays, printed as fieldvault / floor. The tool holds those rows in
# memory (~6 KB per line), so it runs only up to 200000 lines.
#
# Usage: bench/compare_import.sh [BUILD_DIR] [ROWS] [REPEATS]
#   BUILD_DIR  a Release build with benchmarks (default build/release)
#   ROWS       CSV lines (default 1000000)
#   REPEATS    runs per side (default 1)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
rows=${2:-1000000}
repeats=${3:-1}
fieldvault=$build/cli/fieldvault
generator=$build/bench/gen_detainee_csv
floor=$build/bench/import_floor_tool
for tool in "$fieldvault" "$generator" "$floor"; do
  [ -x "$tool" ] || { echo "compare: $tool is missing; build first" >&2; exit 2; }
done
command -v sqlcipher >/dev/null || { echo "compare: sqlcipher not found (scripts/install-deps)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fv-import-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
csv=$work/detainees.csv
"$generator" "$rows" >"$csv"
printf 'synthetic benchmark passphrase\n' >"$work/pass"
chmod 600 "$work/pass"
key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
cat "$csv" >/dev/null  # warm the page cache for both sides

# "WALL CPU" milliseconds of one run of "$@".
measure_ms() {
  local TIMEFORMAT='%R %U %S' times
  times=$({ time "$@" >/dev/null 2>"$work/stderr" || echo "failed" >&2; } 2>&1)
  case $times in *failed*) echo "compare: failed: $*" >&2; cat "$work/stderr" >&2; exit 1 ;; esac
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$times"
}

# Peak RSS (KiB) of each side's last run goes to $work/<side>.rss when
# GNU time is installed.
rss_of() {
  local side=$1
  shift
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$work/$side.rss" "$@"
  else
    "$@"
  fi
}

sqlcipher_import() {
  rm -f "$work/ref.db"
  rss_of ref sqlcipher "$work/ref.db" >/dev/null <<EOF
PRAGMA key = "x'$key'";
PRAGMA cipher_page_size = 16384;
.mode csv
.import $csv detainees
EOF
}

# A fresh vault with one incident; not timed.
setup_vault() {
  rm -rf "$work/vault"
  local global=(--vault "$work/vault" --passphrase-file "$work/pass")
  "$fieldvault" init "${global[@]}" --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1
  "$fieldvault" incident add "${global[@]}" --title "Synthetic benchmark incident" \
    --start 2020-02-22 --country KZ >"$work/incident" 2>/dev/null
}

# The rows of the last import written again into a fresh vault; prints
# "WALL CPU" milliseconds of the writing alone.
run_floor() {
  rm -rf "$work/floor"
  "$fieldvault" init --vault "$work/floor" --passphrase-file "$work/pass" \
    --kdf-memory 1 --kdf-passes 1 >/dev/null 2>&1
  "$floor" "$work/vault" "$work/floor" "$work/pass" |
    awk '{ printf "%d %d\n", $4, $6 }'
}

run_import() {
  rss_of ours "$fieldvault" detainees import "$csv" --incident "$(cat "$work/incident")" \
    --vault "$work/vault" --passphrase-file "$work/pass"
}

best_ref_wall="" best_ref_cpu="" best_our_wall="" best_our_cpu=""
best_floor_wall="" best_floor_cpu=""
for _ in $(seq "$repeats"); do
  read -r wall cpu < <(measure_ms sqlcipher_import)
  if [ -z "$best_ref_wall" ] || [ "$wall" -lt "$best_ref_wall" ]; then best_ref_wall=$wall; fi
  if [ -z "$best_ref_cpu" ] || [ "$cpu" -lt "$best_ref_cpu" ]; then best_ref_cpu=$cpu; fi
  setup_vault
  read -r wall cpu < <(measure_ms run_import)
  if [ -z "$best_our_wall" ] || [ "$wall" -lt "$best_our_wall" ]; then best_our_wall=$wall; fi
  if [ -z "$best_our_cpu" ] || [ "$cpu" -lt "$best_our_cpu" ]; then best_our_cpu=$cpu; fi
  [ "$rows" -le 200000 ] || continue
  read -r wall cpu < <(run_floor)
  if [ -z "$best_floor_wall" ] || [ "$wall" -lt "$best_floor_wall" ]; then best_floor_wall=$wall; fi
  if [ -z "$best_floor_cpu" ] || [ "$cpu" -lt "$best_floor_cpu" ]; then best_floor_cpu=$cpu; fi
done
ref_rows=$(sqlcipher "$work/ref.db" "PRAGMA key = \"x'$key'\"; PRAGMA cipher_page_size = 16384; SELECT count(*) FROM detainees;" | tail -1)
echo "P3 detainee CSV import, $rows lines ($(du -h "$csv" | cut -f1)), best of $repeats"
printf '  %-34s wall %8d ms  cpu %8d ms  (%s rows)\n' "sqlcipher .import (keyed)" "$best_ref_wall" "$best_ref_cpu" "$ref_rows"
printf '  %-34s wall %8d ms  cpu %8d ms\n' "fieldvault detainees import" "$best_our_wall" "$best_our_cpu"
if [ -n "$best_floor_wall" ]; then
  printf '  %-34s wall %8d ms  cpu %8d ms\n' "floor: its rows into a fresh vault" "$best_floor_wall" "$best_floor_cpu"
fi
if [ -f "$work/ref.rss" ] && [ -f "$work/ours.rss" ]; then
  printf '  peak RSS: sqlcipher %d MiB, fieldvault %d MiB (last run)\n' \
    $(($(tail -1 "$work/ref.rss") / 1024)) $(($(tail -1 "$work/ours.rss") / 1024))
fi
echo "  load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
awk -v a="$best_our_wall" -v b="$best_ref_wall" -v c="$best_our_cpu" -v d="$best_ref_cpu" \
  'BEGIN { printf "  ratio fieldvault/sqlcipher: wall %.2f, cpu %.2f (target <= 2.0)\n", a / b, c / d }'
if [ -n "$best_floor_wall" ]; then
  awk -v a="$best_our_wall" -v b="$best_floor_wall" -v c="$best_our_cpu" -v d="$best_floor_cpu" \
    'BEGIN { printf "  ratio fieldvault/floor: wall %.2f, cpu %.2f\n", a / b, c / d }'
fi
