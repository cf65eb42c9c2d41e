#!/usr/bin/env bash
# The nginx example of README.md ("发布到服务器"), run for real: the block is taken from README as
# it is, pointed at a built site on a loopback port, and asked for what a visitor's browser asks.
# Usage: bash tests/publish/nginx.sh SITE_DIR   (needs nginx and curl; .ci/run installs them)
set -euo pipefail
cd "$(dirname "$0")/../.."
site=$(realpath "$1")
work=$(mktemp -d)
trap 'nginx -p "$work" -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT
port=18437

# The server block from README, with a loopback port instead of 443 and the site's folder as root.
sed -n '/^```nginx$/,/^```$/p' README.md | sed '1d;$d' \
  | sed -e "s#listen 443 ssl;#listen 127.0.0.1:$port;#" -e "s#root /srv/sunshine/public;#root $site;#" \
  > "$work/site.conf"
grep -q "listen 127.0.0.1:$port;" "$work/site.conf" && grep -q "root $site;" "$work/site.conf" \
  || { echo "README's nginx block no longer has the listen/root lines this test rewrites"; exit 1; }
cat > "$work/nginx.conf" <<CONF
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    include $work/site.conf;
}
CONF
mkdir -p "$work/tmp"
nginx -t -p "$work" -c "$work/nginx.conf" 2>&1 | tail -1
nginx -p "$work" -c "$work/nginx.conf"

fail=0
# expect PATH STATUS HEADER-PATTERN... : each pattern must match a response header line.
expect() {
  local path=$1 status=$2; shift 2
  local headers
  headers=$(curl -s -o /dev/null -D - "http://127.0.0.1:$port$path" | tr -d '\r')
  if ! grep -q "^HTTP/1.1 $status" <<<"$headers"; then
    echo "FAIL $path: wanted $status, got $(head -1 <<<"$headers")"; fail=1; return
  fi
  for pattern in "$@"; do
    if ! grep -qi -- "$pattern" <<<"$headers"; then
      echo "FAIL $path: no header matching '$pattern'"; echo "$headers" | sed 's/^/    /'; fail=1
    fi
  done
  echo "ok   $path $status"
}
css=$(cd "$site" && ls assets/style.*.css | head -1)
csv=$(cd "$site" && ls data/*/quotas.csv | head -1)
unit=$(cd "$site" && ls -d */units/*/ | head -1)
expect / 200 '^content-type: text/html; charset=utf-8' '^cache-control: public, max-age=300' '^x-content-type-options: nosniff'
expect "/$unit" 200 '^content-type: text/html; charset=utf-8'
expect "/$css" 200 '^content-type: text/css' '^cache-control: public, max-age=31536000, immutable' '^x-content-type-options: nosniff'
expect "/$csv" 200 '^content-type: text/csv; charset=utf-8' '^content-disposition: attachment' '^cache-control: public, max-age=300' '^x-content-type-options: nosniff'
expect /data/datapackage.json 200 '^content-type: application/json; charset=utf-8'
expect /feed.xml 200 'xml'
expect /no-such-page/ 404 '^content-type: text/html; charset=utf-8'
# The 404 is the site's own page, not nginx's.
curl -s "http://127.0.0.1:$port/no-such-page/" | grep -q '<html lang="zh' || { echo "FAIL: the 404 is not the site's 404.html"; fail=1; }
exit $fail
