#!/usr/bin/env bash
# P6: wall time of `fieldvault status` (process start, unlock at the
# default Argon2id cost, open vault.db, read the summary, print) against a
# bare Argon2id derivation at the same cost (256 MiB, 3 passes, 1 lane) in
# a fresh process through the same libsodium code (argon2id_bench_tool),
# measured in the same run with hyperfine. The reference `argon2` CLI runs
# too, for comparison with an independent implementation.
# Target: status <= Argon2id + 50 ms.
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

hyperfine --warmup 2 --runs "${RUNS:-10}" --export-json "$work/times.json" \
  -n argon2id "$build/bench/argon2id_bench_tool" \
  -n argon2-reference-cli "printf 'synthetic benchmark passphrase' | argon2 synthetic-salt16 -id -t 3 -m 18 -p 1 -l 32 -r" \
  -n status "$fv status --vault $work/vault --passphrase-file $work/pass"

python3 - "$work/times.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
kdf, status = results["argon2id"], results["status"]
ref = results["argon2-reference-cli"]
diff_ms = (status["median"] - kdf["median"]) * 1000
print(f"median argon2id {kdf['median']*1000:.1f} ms, status {status['median']*1000:.1f} ms, "
      f"status - argon2id = {diff_ms:+.1f} ms (target <= +50 ms), "
      f"ratio {status['median']/kdf['median']:.3f}; "
      f"reference argon2 CLI {ref['median']*1000:.1f} ms")
PY
