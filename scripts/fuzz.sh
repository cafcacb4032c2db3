#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/, one after the other, one job each.
#
#   scripts/fuzz.sh                  # every target, 600 s each
#   scripts/fuzz.sh progress_file    # one target
#   FUZZ_SECONDS=60 scripts/fuzz.sh  # shorter runs
#   scripts/fuzz.sh --replay         # only re-run fixtures/fuzz/<target>/* (no fuzzing)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The corpus
# grows in fuzz/corpus/<target> (seeded from fixtures/ on every run), crashes land in
# fuzz/artifacts/<target>; both are git-ignored. An input worth keeping goes to
# fixtures/fuzz/<target>/, which tests/it/properties.rs replays in `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${FUZZ_SECONDS:-600}"
RSS_MB="${FUZZ_RSS_MB:-1024}"
TIMEOUT="${FUZZ_TIMEOUT:-5}"
ALL_TARGETS=(plan_text progress_file report_store plan_sheet directory config)

replay=0
targets=()
for a in "$@"; do
  case "$a" in
    --replay) replay=1 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) targets+=("$a") ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${ALL_TARGETS[@]}")

# Each target process writes its input to one scratch file; keep those in fuzz/target.
export TMPDIR="$PWD/fuzz/target/tmp"
mkdir -p "$TMPDIR"

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz (and rustup toolchain install nightly)" >&2
  exit 2
fi

# Seeds: the fixtures a target was written for, and every kept regression input.
seed() {
  local target="$1" dir="fuzz/corpus/$1"
  mkdir -p "$dir"
  case "$target" in
    plan_text)
      for f in fixtures/plans/*.txt fixtures/editions/*.txt; do
        cp "$f" "$dir/seed-$(basename "$f" | sha1sum | cut -c1-12)"
        if command -v iconv >/dev/null 2>&1; then
          for enc in SHIFT_JIS EUC-JP; do
            iconv -f UTF-8 -t "$enc" "$f" >"$dir/seed-$enc-$(basename "$f" | sha1sum | cut -c1-12)" 2>/dev/null || true
          done
        fi
      done
      ;;
    report_store)
      # The payload of a store of the progress fixtures (kept in fixtures/fuzz/report_store,
      # copied below).
      ;;
    progress_file)
      # The first byte chooses the format: 0 xlsx, 1 xls, 2 ods, 3 csv, 4 xlsb (see the
      # target); +5 gives the same format under a file name without a month.
      for f in fixtures/progress/* fixtures/progress_bad/*; do
        local sel
        case "$f" in
          *.xlsx) sel=0 ;; *.xls) sel=1 ;; *.ods) sel=2 ;; *.csv) sel=3 ;; *.xlsb) sel=4 ;; *) continue ;;
        esac
        for s in "$sel" "$((sel + 5))"; do
          { printf "\\x$(printf %02x "$s")"; cat "$f"; } >"$dir/seed-$s-$(basename "$f" | sha1sum | cut -c1-12)"
        done
      done
      ;;
    plan_sheet)
      # The first byte chooses the format: 0 xlsx, 1 xls, 2 ods, 3 csv, 4 xlsb.
      for f in fixtures/plans/* fixtures/layouts/*; do
        local sel
        case "$f" in
          *.xlsx) sel=0 ;; *.xls) sel=1 ;; *.ods) sel=2 ;; *.csv) sel=3 ;; *.xlsb) sel=4 ;; *) continue ;;
        esac
        { printf "\\x$(printf %02x "$sel")"; cat "$f"; } >"$dir/seed-$sel-$(basename "$f" | sha1sum | cut -c1-12)"
      done
      ;;
    directory)
      # The first byte chooses the format: 0 csv, 1 xlsx, 2 xls, 3 ods.
      for f in $(find fixtures -iname 'departments*' -o -iname '部署マスタ*'); do
        local sel
        case "$f" in
          *.csv) sel=0 ;; *.xlsx) sel=1 ;; *.xls) sel=2 ;; *.ods) sel=3 ;; *) continue ;;
        esac
        { printf "\\x$(printf %02x "$sel")"; cat "$f"; } >"$dir/seed-$sel-$(basename "$f" | sha1sum | cut -c1-12)"
      done
      ;;
    config)
      for f in $(find fixtures input -name '*.toml'); do
        cp "$f" "$dir/seed-$(echo "$f" | sha1sum | cut -c1-12)"
      done
      ;;
  esac
  if [ -d "fixtures/fuzz/$target" ]; then
    cp fixtures/fuzz/"$target"/* "$dir"/ 2>/dev/null || true
  fi
}

status=0
for t in "${targets[@]}"; do
  if [ "$replay" = 1 ]; then
    [ -d "fixtures/fuzz/$t" ] || continue
    echo "== replay $t"
    cargo +nightly fuzz run "$t" fixtures/fuzz/"$t"/* -- -runs=1 -rss_limit_mb="$RSS_MB" -timeout="$TIMEOUT" || status=1
    continue
  fi
  seed "$t"
  mkdir -p fuzz/artifacts
  log="fuzz/artifacts/$t.log"
  echo "== fuzz $t for ${SECONDS_EACH}s (log: $log)"
  cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- \
    -max_total_time="$SECONDS_EACH" -rss_limit_mb="$RSS_MB" -timeout="$TIMEOUT" \
    $( [ -f "fuzz/dicts/$t.dict" ] && echo "-dict=fuzz/dicts/$t.dict" ) -print_final_stats=1 2>&1 | tee "$log" || status=1
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ +DONE' "$log" || true
done
exit "$status"
