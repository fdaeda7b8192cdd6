#!/usr/bin/env bash
# P1 and P2 of BRIEF.md: fieldvault export, and verify + import, of a vault
# holding ATTACHMENT_MIB of attachments and DETENTIONS detention records,
# against the standard-tool pipeline over the same plaintext files in the
# same run:
#   P1  tar -c | age -r R   +  b2sum (every file)  +  minisign -S
#   P2  age -d | tar -x     +  minisign -V         +  b2sum -c
# and against the SQLCipher floor of the same data (one unlock plus what
# vault.db alone costs; bench/vault_floor_tool.cc):
#   P1  read every record body and attachment chunk out of the keyed vault.db
#   P2  write the same records (a row per JSON line, no index) and
#       attachment bytes (bare blobs) into a keyed vault.db, commit
# Prints wall time, CPU (user + sys, children included) and peak RSS
# (GNU time -v) of each, best of RUNS runs, and the ratios fieldvault /
# tools (P1 and P2 target <= 1.0) and fieldvault / floor (how much is spent
# above what the vault's encrypted pages cost by themselves).
# CPU ratios are steadier than wall ones when others use the machine; the
# load average is printed. The KDF memory of the test vaults is KDF_MIB
# (the target is peak RSS <= KDF + 64 MiB).
#
# Usage: bench/compare_bundle.sh [BUILD_DIR] [ATTACHMENT_MIB] [DETENTIONS] [KDF_MIB] [RUNS]
#   defaults: build/release, 1024, 100000, 256, 1
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
attachment_mib=${2:-1024}
detentions=${3:-100000}
kdf_mib=${4:-256}
runs=${5:-1}
fv=$build/cli/fieldvault
tool=$build/bench/bundle_bench_tool
floor=$build/bench/vault_floor_tool
for program in "$fv" "$tool" "$floor"; do
  [ -x "$program" ] || { echo "compare_bundle: $program is missing; build first (scripts/build)" >&2; exit 2; }
done
for program in age age-keygen minisign b2sum tar /usr/bin/time; do
  command -v "$program" >/dev/null ||
    { echo "compare_bundle: $program not found (scripts/install-deps)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "compare_bundle: preparing $attachment_mib MiB of attachments and $detentions detentions..." >&2
"$tool" "$work" "$attachment_mib" "$detentions" "$kdf_mib"
pass=$work/pass
mkdir -p "$work/plain"
# Pristine copies: every run imports into, and writes the floor into, the
# same starting state.
cp -a "$work/hq" "$work/hq.0"
cp -a "$work/floor" "$work/floor.0"

# Runs "$@" once under GNU time -v and keeps, per name $1, the best wall,
# CPU (user + sys) and RSS seen so far in best_<name>.
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" ||
    { cat "$work/stderr.txt" >&2; exit 1; }
  local now
  now=$(awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); wall = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
    /User time/ { cpu += $2 } /System time/ { cpu += $2 }
    /Maximum resident set size/ { rss = $2 }
    END { printf "%.2f %.2f %d", wall, cpu, rss / 1024 }' "$work/time.txt")
  local previous=${best[$name]:-}
  best[$name]=$(awk -v a="$now" -v b="$previous" 'BEGIN {
    split(a, x, " "); if (b == "") { print a; exit }
    split(b, y, " ");
    printf "%.2f %.2f %d", (x[1] < y[1] ? x[1] : y[1]), (x[2] < y[2] ? x[2] : y[2]), (x[3] > y[3] ? x[3] : y[3]) }')
}
declare -A best

recipient=""
for run in $(seq 1 "$runs"); do
  mkdir -p "$work/usb$run"
  measure p1 "$fv" export --vault "$work/field" --passphrase-file "$pass" \
    --to "$work/usb$run" --all
  bundle=$(ls "$work/usb$run"/*.fvb)
  if [ -z "$recipient" ]; then
    # The same plaintext files, for the tools' side.
    "$fv" id export-age-identity --vault "$work/hq" --passphrase-file "$pass" \
      "$work/hq.key" --yes 2>/dev/null >/dev/null
    age -d -i "$work/hq.key" "$bundle" | tar -x -C "$work/plain"
    recipient=$(age-keygen -y "$work/hq.key")
    minisign -G -W -p "$work/ref.pub" -s "$work/ref.key" >/dev/null
    bundle_mib=$(( $(stat -c %s "$bundle") >> 20 ))
  fi
  cat > "$work/p1.sh" <<P1
set -e
cd "$work/plain"
tar -c . | age -r $recipient > "$work/ref.age"
find . -type f ! -name B2SUMS -print0 | sort -z | xargs -0 b2sum > "$work/ref.sums"
minisign -S -s "$work/ref.key" -m "$work/ref.sums" -x "$work/ref.sums.minisig" >/dev/null
P1
  cat > "$work/p2.sh" <<P2
set -e
rm -rf "$work/ref-out" && mkdir "$work/ref-out"
age -d -i "$work/hq.key" "$work/ref.age" | tar -x -C "$work/ref-out"
minisign -Vq -p "$work/ref.pub" -m "$work/ref.sums" -x "$work/ref.sums.minisig"
cd "$work/ref-out" && b2sum --quiet -c "$work/ref.sums"
P2
  measure t1 bash "$work/p1.sh"
  measure f1 "$floor" read "$work/field" "$pass"
  rm -rf "$work/hq" && cp -a "$work/hq.0" "$work/hq"
  measure p2 "$fv" import --vault "$work/hq" --passphrase-file "$pass" "$bundle"
  measure t2 bash "$work/p2.sh"
  rm -rf "$work/floor" && cp -a "$work/floor.0" "$work/floor"
  measure f2 "$floor" write "$work/floor" "$pass" "$work/plain/records/"*.jsonl \
    $(find "$work/plain" -path "*/attachments/*" -type f)
  [ "$run" = 1 ] || rm -rf "$work/usb$run"
done

printf 'bundle: %s MiB (%s MiB of attachments, %s detentions), KDF %s MiB, best of %s; load: %s\n' \
  "$bundle_mib" "$attachment_mib" "$detentions" "$kdf_mib" "$runs" \
  "$(awk '{print $1, $2, $3}' /proc/loadavg)"
row() {
  read -r wall cpu rss <<<"${best[$1]}"
  printf '%-48s %7.2f %7.2f %8d\n' "$2" "$wall" "$cpu" "$rss"
}
printf '%-48s %7s %7s %8s\n' "" "wall s" "cpu s" "RSS MiB"
row p1 "P1 fieldvault export"
row t1 "   tools: tar|age + b2sum + minisign -S"
row f1 "   floor: read records + attachments, vault.db"
row p2 "P2 fieldvault verify + import"
row t2 "   tools: age -d|tar -x + minisign -V + b2sum -c"
row f2 "   floor: write them into vault.db"
ratios() {
  awk -v p="${best[$2]}" -v t="${best[$3]}" -v f="${best[$4]}" -v name="$1" 'BEGIN {
    split(p, a, " "); split(t, b, " "); split(f, c, " ");
    printf "%s: %.2fx tools (cpu %.2fx), %.2fx floor (cpu %.2fx); target <= 1.0x tools\n",
      name, a[1] / b[1], a[2] / b[2], a[1] / c[1], a[2] / c[2] }'
}
ratios "P1 export" p1 t1 f1
ratios "P2 import" p2 t2 f2
read -r _ _ p1_rss <<<"${best[p1]}"
read -r _ _ p2_rss <<<"${best[p2]}"
printf 'RSS above KDF memory: export %d MiB, import %d MiB (target <= 64)\n' \
  $((p1_rss - kdf_mib)) $((p2_rss - kdf_mib))
