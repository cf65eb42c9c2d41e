#!/usr/bin/env bash
# Issue 14: rebuilding into an existing output on this VM's disk (not tmpfs), the way a clerk
# does every month, sunshine against Hugo in one paired hyperfine run; then what one corrected
# report row rewrites. Needs: hyperfine, hugo (Debian), python3.
# Usage: bash bench/rebuild.sh [UNITS] [OUTROOT]   (defaults: 10000, /var/tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
out=${2:-/var/tmp}
cargo build --release --quiet --example gen_site
cargo build --release --quiet
site=/tmp/site-$n
[ -d "$site" ] || ./target/release/examples/gen_site --units "$n" --months 6 --depth 3 --seed 1 --out "$site"
[ -d /tmp/hugo-$n ] || python3 bench/hugo_site.py "$site" /tmp/hugo-$n >/dev/null
sun="./target/release/sunshine build --quiet --root $site --out $out/sun-$n"
hugo="hugo --quiet --source /tmp/hugo-$n -d $out/hugo-$n"
# Each output exists before the timed runs: both tools rebuild over their previous output.
$sun 2>/dev/null; $hugo
hyperfine -N --runs 5 --warmup 1 -n "sunshine rebuild $n" "$sun" -n "hugo rebuild $n" "$hugo" \
  --export-markdown /tmp/rebuild-$n.md
for cmd in "$sun" "$hugo"; do
  echo "${cmd%% *}: $(/usr/bin/time -f '%e s wall, %U s user, %S s sys, peak %M KB' $cmd 2>&1 >/dev/null | tail -1)"
done
echo "output: sunshine $(du -s --apparent-size -m $out/sun-$n | cut -f1) MB in $(find $out/sun-$n -type f | wc -l) files;" \
  "hugo $(du -s --apparent-size -m $out/hugo-$n | cut -f1) MB in $(find $out/hugo-$n -type f | wc -l) files"

# One corrected row of the latest report (the site's figures are sample data, so no
# [[correction]] is needed): which files the rebuild rewrites.
copy=/tmp/site-$n-edited
rm -rf "$copy" && cp -r "$site" "$copy"
./target/release/sunshine build --quiet --root "$copy" --out "$out/sun-$n-edited" 2>/dev/null
latest=$(ls "$copy"/data/2024/reports/*.toml | tail -1)
python3 - "$latest" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
row = re.search(r"three_year = (\d+)\n(.*?)total = (\d+)", s, re.S)
s = s[:row.start()] + f"three_year = {int(row[1]) + 1}\n{row[2]}total = {int(row[3]) + 1}" + s[row.end():]
open(p, "w", encoding="utf-8").write(s)
PY
touch /tmp/rebuild-mark
sleep 0.1
/usr/bin/time -f 'edited rebuild: %e s wall, %U s user' ./target/release/sunshine build --quiet --root "$copy" \
  --out "$out/sun-$n-edited" --changes /tmp/rebuild-changes-$n.txt 2>&1 | tail -1
total=$(find "$out/sun-$n-edited" -type f | wc -l)
newer=$(find "$out/sun-$n-edited" -type f -newer /tmp/rebuild-mark | wc -l)
echo "one corrected row: $(wc -l < /tmp/rebuild-changes-$n.txt) files listed by --changes, $newer of $total files have a new mtime"
