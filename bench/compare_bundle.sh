#!/usr/bin/env bash
# P1 and P2 of BRIEF.md: fieldvault export, and verify + import, of a vault
# holding ATTACHMENT_MIB of attachments and DETENTIONS detention records,
# against the standard-tool pipeline over the same plaintext files in the
# same run:
#   P1  tar -c | age -r R   +  b2sum (every file)  +  minisign -S
#   P2  age -d | tar -x     +  minisign -V         +  b2sum -c
# Prints wall time and peak RSS (GNU time -v) of each side and the ratio
# fieldvault / tools (lower is better; P1 and P2 target <= 1.0). The KDF
# memory of the test vaults is KDF_MIB (fieldvault's peak RSS includes it:
# the target is RSS <= KDF + 64 MiB). Figures are disturbed by anything
# else running on the machine.
#
# Usage: bench/compare_bundle.sh [BUILD_DIR] [ATTACHMENT_MIB] [DETENTIONS] [KDF_MIB]
#   defaults: build/release, 1024, 100000, 256
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
attachment_mib=${2:-1024}
detentions=${3:-100000}
kdf_mib=${4:-256}
fv=$build/cli/fieldvault
tool=$build/bench/bundle_bench_tool
for program in "$fv" "$tool"; do
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
mkdir -p "$work/usb" "$work/plain" "$work/ref-out"

# "WALL_SECONDS MAX_RSS_KIB" of one run of "$@", from GNU time -v.
measure() {
  /usr/bin/time -v -o "$work/time.txt" "$@" >/dev/null
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" |
         awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  echo "$wall $rss"
}

read -r p1_wall p1_rss < <(measure "$fv" export --vault "$work/field" \
  --passphrase-file "$pass" --to "$work/usb" --all)
bundle=$(ls "$work/usb"/*.fvb)

# The same plaintext files, for the tools' side.
"$fv" id export-age-identity --vault "$work/hq" --passphrase-file "$pass" \
  "$work/hq.key" --yes 2>/dev/null >/dev/null
age -d -i "$work/hq.key" "$bundle" | tar -x -C "$work/plain"
recipient=$(age-keygen -y "$work/hq.key")
minisign -G -W -p "$work/ref.pub" -s "$work/ref.key" >/dev/null
cat > "$work/p1.sh" <<P1
set -e
cd "$work/plain"
tar -c . | age -r $recipient > "$work/ref.age"
find . -type f ! -name B2SUMS -print0 | sort -z | xargs -0 b2sum > "$work/ref.sums"
minisign -S -s "$work/ref.key" -m "$work/ref.sums" -x "$work/ref.sums.minisig" >/dev/null
P1
cat > "$work/p2.sh" <<P2
set -e
age -d -i "$work/hq.key" "$work/ref.age" | tar -x -C "$work/ref-out"
minisign -Vq -p "$work/ref.pub" -m "$work/ref.sums" -x "$work/ref.sums.minisig"
cd "$work/ref-out" && b2sum --quiet -c "$work/ref.sums"
P2
read -r t1_wall t1_rss < <(measure bash "$work/p1.sh")
read -r p2_wall p2_rss < <(measure "$fv" import --vault "$work/hq" \
  --passphrase-file "$pass" "$bundle")
read -r t2_wall t2_rss < <(measure bash "$work/p2.sh")

bundle_mib=$(( $(stat -c %s "$bundle") >> 20 ))
printf 'bundle: %s MiB (%s MiB of attachments, %s detentions), vault KDF memory %s MiB\n' \
  "$bundle_mib" "$attachment_mib" "$detentions" "$kdf_mib"
printf '%-34s %10s %12s\n' "" "wall (s)" "peak RSS MiB"
printf '%-34s %10.2f %12d\n' "P1 fieldvault export" "$p1_wall" $((p1_rss / 1024))
printf '%-34s %10.2f %12d\n' "P1 tar|age + b2sum + minisign -S" "$t1_wall" $((t1_rss / 1024))
printf '%-34s %10.2f %12d\n' "P2 fieldvault import" "$p2_wall" $((p2_rss / 1024))
printf '%-34s %10.2f %12d\n' "P2 age -d|tar -x + minisign -V + b2sum -c" "$t2_wall" $((t2_rss / 1024))
awk -v a="$p1_wall" -v b="$t1_wall" -v c="$p2_wall" -v d="$t2_wall" 'BEGIN {
  printf "ratio P1 fieldvault/tools: %.2f (target <= 1.0)\n", a / b;
  printf "ratio P2 fieldvault/tools: %.2f (target <= 1.0)\n", c / d }'
printf 'RSS above KDF memory: export %d MiB, import %d MiB (target <= 64)\n' \
  $((p1_rss / 1024 - kdf_mib)) $((p2_rss / 1024 - kdf_mib))
