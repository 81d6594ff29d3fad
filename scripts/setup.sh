#!/usr/bin/env bash
# Installs everything focusd needs to build, run and test, skipping what is already there.
# Debian packages via apt-get, DuckDB 1.4.4 (pinned, checksum-verified) and the npm test/UI packages.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libcurl4-openssl-dev libssl-dev nlohmann-json3-dev libpugixml-dev libcpp-httplib-dev
  libcli11-dev libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev libpq-dev
  zlib1g-dev libbrotli-dev chromium
  # Ceph (monitor, memstore OSD, radosgw): the strict S3/STS server of the AWS signature tests.
  radosgw ceph-common ceph-mon ceph-osd
  # ClickHouse 18.16 (the optional distributed warehouse): its tests start clickhouse-server.
  clickhouse-server clickhouse-client
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm come with the machine image (a newer build than Debian's); install Debian's only if absent.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# DuckDB: library from the node bindings package, header from the duckdb package (same release).
DUCK_DIR="$ROOT/.deps/duckdb"
LIB_TGZ=duckdb-node-bindings-linux-x64-1.4.4-r.4.tgz
LIB_SHA=732fac4dc6b8f198870b9c4bb6ddf13544466daca00ad28ba2f1d80de5d7aa4b
HDR_TGZ=duckdb-1.4.4.tgz
HDR_SHA=5bb967dcbcd517670ba5f169f238fb9d6787e53752c60ebe24386169d76941ed
if [ ! -f "$DUCK_DIR/libduckdb.so" ] || [ ! -f "$DUCK_DIR/duckdb.h" ]; then
  echo "setup: fetching DuckDB 1.4.4"
  mkdir -p "$DUCK_DIR/dl"
  (cd "$DUCK_DIR/dl"
   [ -f "$LIB_TGZ" ] || npm pack --silent @duckdb/node-bindings-linux-x64@1.4.4-r.4 >/dev/null
   [ -f "$HDR_TGZ" ] || npm pack --silent duckdb@1.4.4 >/dev/null
   echo "$LIB_SHA  $LIB_TGZ" | sha256sum -c --quiet -
   echo "$HDR_SHA  $HDR_TGZ" | sha256sum -c --quiet -
   tar xzf "$LIB_TGZ" -O package/libduckdb.so > ../libduckdb.so.tmp && mv ../libduckdb.so.tmp ../libduckdb.so
   tar xzf "$HDR_TGZ" -O package/src/duckdb/src/include/duckdb.h > ../duckdb.h.tmp && mv ../duckdb.h.tmp ../duckdb.h)
  rm -rf "$DUCK_DIR/dl"
fi

# npm packages (pinned in package-lock.json): the browser test driver and the storage emulators.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: ok"
