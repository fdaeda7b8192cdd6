#!/usr/bin/env bash
# P6: wall time of small commands — `fieldvault incident list` over 20
# incidents (BRIEF's case) and `fieldvault status` — each a whole process
# start, unlock at the default Argon2id cost, open vault.db, query, print,
# against a
# bare Argon2id derivation at the same cost (256 MiB, 3 passes, 1 lane) in
# a fresh process through the same libsodium code (argon2id_bench_tool),
# measured in the same run with hyperfine. The reference `argon2` CLI runs
# too, for comparison with an independent implementation.
# Target: each <= Argon2id + 50 ms.
# Usage: bench/status_vs_argon2id.sh [BUILD_DIR]   (default: build/release)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
fv="$build/cli/fieldvault"
if [ ! -x "$fv" ] || [ ! -x "$build/bench/argon2id_bench_tool" ]; then
  build=$("$root/scripts/build" "$build")
  fv="$build/cli/fieldvault"
fi
for tool in argon2 hyperfine; do
  command -v "$tool" >/dev/null || { echo "needs $tool (scripts/install-deps)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'synthetic benchmark passphrase\n' > "$work/pass"
"$fv" init --vault "$work/vault" --passphrase-file "$work/pass" >/dev/null
for i in $(seq -w 1 20); do
  "$fv" incident add --vault "$work/vault" --passphrase-file "$work/pass" \
    --title "Synthetic incident $i" --start "2020-02-$i" >/dev/null
done

hyperfine --warmup 2 --runs "${RUNS:-10}" --export-json "$work/times.json" \
  -n argon2id "$build/bench/argon2id_bench_tool" \
  -n argon2-reference-cli "printf 'synthetic benchmark passphrase' | argon2 synthetic-salt16 -id -t 3 -m 18 -p 1 -l 32 -r" \
  -n status "$fv status --vault $work/vault --passphrase-file $work/pass" \
  -n incident-list "$fv incident list --vault $work/vault --passphrase-file $work/pass"

python3 - "$work/times.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
kdf, ref = results["argon2id"], results["argon2-reference-cli"]
print(f"median argon2id {kdf['median']*1000:.1f} ms "
      f"(reference argon2 CLI {ref['median']*1000:.1f} ms)")
for name in ("incident-list", "status"):
    run = results[name]
    diff_ms = (run["median"] - kdf["median"]) * 1000
    print(f"{name}: median {run['median']*1000:.1f} ms, "
          f"{name} - argon2id = {diff_ms:+.1f} ms (target <= +50 ms), "
          f"ratio {run['median']/kdf['median']:.3f}")
PY
