#!/usr/bin/env bash
# Runs fuzz targets one after the other, each for the given minutes, with the limits the README
# names: one job, inputs up to 64 KiB, 2 GiB of memory, 10 s per input. The binaries are run
# directly (built once by `cargo +nightly fuzz build -O`), so no cargo lock is held while
# fuzzing. Findings land in fuzz/artifacts/<target>/; logs in fuzz/logs/.
#
#   fuzz/run.sh 10 junit_xml allure1 ...     # minutes, then targets (default: all)
set -euo pipefail

fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
minutes=${1:?minutes}
shift
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(result_json container_json history_jsonl allure2_history environment categories
        junit_xml dotnet_xml allure1 cucumber_json archive report_json)
fi
bin_dir="$fuzz_dir/target/x86_64-unknown-linux-gnu/release"
mkdir -p "$fuzz_dir/logs"
for target in "${targets[@]}"; do
    [ -x "$bin_dir/$target" ] || { echo "build first: cargo +nightly fuzz build -O" >&2; exit 2; }
    mkdir -p "$fuzz_dir/corpus/$target" "$fuzz_dir/artifacts/$target"
    log="$fuzz_dir/logs/$target.log"
    echo "$(date -u +%FT%TZ) $target: $minutes min" | tee -a "$fuzz_dir/logs/campaign.txt"
    status=0
    "$bin_dir/$target" "$fuzz_dir/corpus/$target" \
        -artifact_prefix="$fuzz_dir/artifacts/$target/" \
        -max_total_time=$((minutes * 60)) -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -jobs=1 -workers=1 -print_final_stats=1 > "$log" 2>&1 || status=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    echo "$(date -u +%FT%TZ) $target: exit $status, ${runs:-?} runs, $(find "$fuzz_dir/artifacts/$target" -type f | wc -l) artifacts" \
        | tee -a "$fuzz_dir/logs/campaign.txt"
done
