#!/usr/bin/env bash
# Whole-build timings of sunshine and Hugo on the same synthetic sites (see BENCHMARKS.md).
# Needs: hyperfine, hugo (Debian), python3. Usage: bash bench/compare.sh [OUTROOT]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/dev/shm}
cargo build --release --quiet --example gen_site
for n in 33 1000 10000; do
  [ -d /tmp/site-$n ] || ./target/release/examples/gen_site --units $n --months 6 --depth 3 --seed 1 --out /tmp/site-$n
  python3 bench/hugo_site.py /tmp/site-$n /tmp/hugo-$n >/dev/null
  runs=$([ $n = 10000 ] && echo 3 || echo 10)
  hyperfine -N --runs $runs --warmup 1 \
    --prepare "rm -rf $out/sun-$n $out/hugo-$n" \
    -n "sunshine $n" "./target/release/sunshine build --quiet --root /tmp/site-$n --out $out/sun-$n" \
    -n "hugo $n" "hugo --quiet --source /tmp/hugo-$n -d $out/hugo-$n" \
    --export-markdown /tmp/compare-$n.md
  rm -rf $out/sun-$n $out/hugo-$n
  for tool in sunshine hugo; do
    if [ $tool = sunshine ]; then cmd="./target/release/sunshine build --quiet --root /tmp/site-$n --out $out/sun-$n"; else cmd="hugo --quiet --source /tmp/hugo-$n -d $out/hugo-$n"; fi
    echo "$tool $n peak KB: $(/usr/bin/time -v $cmd 2>&1 | awk '/Maximum resident/ {print $6}')"
  done
  echo "pages: sunshine $(find $out/sun-$n -name '*.html' | wc -l), hugo $(find $out/hugo-$n -name '*.html' | wc -l); largest sunshine page: $(find $out/sun-$n -name '*.html' -printf '%s %p\n' | sort -n | tail -1)"
done
