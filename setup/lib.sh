# shellcheck shell=bash
# Shared set-up steps of setup/run.sh and setup/test.sh.
# Every step checks first and only installs what is missing, so a second run is fast.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${ASI_COC_STATE:-$ROOT/.local}"          # git-ignored: config, logs, filestore, local PostgreSQL
VENV="${ASI_COC_VENV:-$ROOT/.venv}"             # git-ignored virtualenv
CACHE="${ASI_COC_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/asi_coc}"  # per-user, outside the repository
ODOO_URL="${ODOO_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
ODOO_CONF="$STATE/odoo.conf"
SUITE_MODULES="asi_coc,asi_coc_stock,asi_coc_purchase,asi_coc_sale,asi_coc_report,asi_coc_mrp,asi_coc_mrp_sale"
# Odoo modules the suite builds on; installed once in a template database that test runs copy.
BASE_MODULES="mail,product,uom,stock,purchase_stock,survey,sale_stock,sale_management,mrp,report_xlsx"
PY="${PYTHON:-python3}"

log() { printf '\033[1m[asi_coc]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[asi_coc] %s\033[0m\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

mkdir -p "$STATE" "$CACHE"

# --- Debian packages -------------------------------------------------------------------------
ensure_debian_packages() {
  local wanted=(libpq-dev libldap2-dev libsasl2-dev wkhtmltopdf poppler-utils chromium fonts-noto-cjk)
  local missing=() p
  command -v dpkg-query >/dev/null || { log "not a Debian system: make sure ${wanted[*]} are installed"; return 0; }
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if is_root; then
    log "installing Debian packages: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing Debian packages (ask an administrator: apt-get install ${missing[*]}):"
    log "  libpq-dev libldap2-dev libsasl2-dev build psycopg2/python-ldap; wkhtmltopdf prints PDFs and"
    log "  poppler-utils (pdftotext) reads them back in the tests;"
    log "  chromium runs UI tours; fonts-noto-cjk renders Chinese PDFs. Continuing without them."
  fi
}

# Odoo's PDF reports need wkhtmltopdf built with patched Qt: Debian's build loses the report
# header and footer (issuer, logo, page numbers) and the text layer. As root, the patched
# 0.12.6.1 build that Odoo documents is installed when it can be downloaded (tried once; the
# .deb is kept in the cache); otherwise Debian's build stays and one line says so at start.
ensure_patched_wkhtmltopdf() {
  command -v wkhtmltopdf >/dev/null || return 0
  local version
  version="$(wkhtmltopdf --version 2>/dev/null || true)"
  [[ "${version,,}" == *"patched qt"* ]] && return 0
  if is_root && command -v dpkg >/dev/null && [ ! -f "$CACHE/wkhtmltopdf-download-failed" ]; then
    local arch url deb
    arch="$(dpkg --print-architecture)"
    url="${ASI_COC_WKHTMLTOPDF_URL:-https://github.com/wkhtmltopdf/packaging/releases/download/0.12.6.1-3/wkhtmltox_0.12.6.1-3.bookworm_${arch}.deb}"
    deb="$CACHE/$(basename "$url")"
    if [ -s "$deb" ] || { curl -fsSL --connect-timeout 5 --max-time 120 -o "$deb.part" "$url" 2>/dev/null && mv "$deb.part" "$deb"; }; then
      if DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" >/dev/null 2>&1; then
        log "installed the patched wkhtmltopdf 0.12.6.1 (Odoo's PDF header, footer and text layer)"
        return 0
      fi
    fi
    rm -f "$deb.part"; touch "$CACHE/wkhtmltopdf-download-failed"
  fi
  log "wkhtmltopdf is Debian's build, not the patched 0.12.6.1 Odoo needs: PDFs print without header and footer (see README, Production)"
}

# --- Odoo source -----------------------------------------------------------------------------
# Sets ODOO_DIR. Order: $ODOO_SOURCE (folder or .tar.gz/.zip), the cache, a download into the cache.
unpack_into() {  # archive, destination folder
  local archive="$1" dest="$2" tmp
  tmp="$(mktemp -d "$CACHE/unpack.XXXXXX")"
  case "$archive" in
    *.zip) "$PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$archive" "$tmp" ;;
    *) tar -xzf "$archive" -C "$tmp" ;;
  esac
  # Archives hold one top folder (odoo-18.0.post…); a bare tree holds odoo-bin at the top.
  local top
  top="$(dirname "$(find "$tmp" -maxdepth 3 -path '*/odoo/release.py' | head -n1)")"
  top="$(dirname "$top")"
  [ -f "$top/odoo/release.py" ] || die "$archive does not look like an Odoo source archive"
  rm -rf "$dest"; mv "$top" "$dest"; rm -rf "$tmp"
}

check_odoo_tree() {
  [ -f "$1/odoo/release.py" ] && grep -q "version_info = (18, 0" "$1/odoo/release.py"
}

ensure_odoo_source() {
  local cached="$CACHE/odoo-18.0"
  if [ -n "${ODOO_SOURCE:-}" ]; then
    if [ -d "$ODOO_SOURCE" ]; then
      check_odoo_tree "$ODOO_SOURCE" || die "ODOO_SOURCE=$ODOO_SOURCE is not an Odoo 18.0 source tree"
      ODOO_DIR="$(cd "$ODOO_SOURCE" && pwd)"; return 0
    fi
    [ -f "$ODOO_SOURCE" ] || die "ODOO_SOURCE=$ODOO_SOURCE does not exist"
    local stamp="$cached/.from-archive"
    if ! check_odoo_tree "$cached" || [ "$(cat "$stamp" 2>/dev/null)" != "$ODOO_SOURCE" ]; then
      log "unpacking $ODOO_SOURCE into $cached"
      unpack_into "$ODOO_SOURCE" "$cached"; echo "$ODOO_SOURCE" >"$stamp"
    fi
  elif ! check_odoo_tree "$cached"; then
    log "no Odoo 18.0 source in $cached: downloading Odoo's official 18.0 source archive"
    if ! curl -fsSL --connect-timeout 15 -o "$CACHE/odoo-18.0.tar.gz" "$ODOO_URL"; then
      rm -f "$CACHE/odoo-18.0.tar.gz"
      die "cannot download Odoo 18.0 ($ODOO_URL). Set ODOO_SOURCE to an Odoo 18.0 source folder or a .tar.gz/.zip archive of it, or unpack one into $cached."
    fi
    unpack_into "$CACHE/odoo-18.0.tar.gz" "$cached"
  fi
  check_odoo_tree "$cached" || die "$cached is not an Odoo 18.0 source tree"
  ODOO_DIR="$cached"
}

pip_q() { "$VENV/bin/pip" -q "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2); }

# --- virtualenv ------------------------------------------------------------------------------
ensure_venv() {
  local stamp="$VENV/.asi_coc-stamp" want
  want="$(cat "$ODOO_DIR/requirements.txt" "$ROOT/requirements.txt" | sha1sum | cut -c1-16) $ODOO_DIR"
  [ -x "$VENV/bin/python" ] || { log "creating virtualenv $VENV"; "$PY" -m venv "$VENV"; }
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing Python requirements into $VENV (Odoo's, then the suite's)"
    # cbor2 (pinned by Odoo) imports pkg_resources in its setup script: build it with an old
    # setuptools. pip >= 26 reads PIP_BUILD_CONSTRAINT for build environments, older pip PIP_CONSTRAINT.
    local bc="$STATE/build-constraints.txt"
    echo "setuptools<70" >"$bc"
    export PIP_BUILD_CONSTRAINT="$bc" PIP_CONSTRAINT="$bc" PIP_DISABLE_PIP_VERSION_CHECK=1
    pip_q install -r "$ODOO_DIR/requirements.txt"
    # compat mode: PEP 660 editable finders lose against the odoo/addons namespace that
    # pip-installed OCA add-ons (report_xlsx) create in site-packages.
    pip_q install --no-deps -e "$ODOO_DIR" --config-settings editable_mode=compat
    unset PIP_CONSTRAINT
    pip_q install -r "$ROOT/requirements.txt"
    unset PIP_BUILD_CONSTRAINT
    echo "$want" >"$stamp"
  fi
}

# --- PostgreSQL ------------------------------------------------------------------------------
# Sets DB_HOST DB_PORT DB_USER DB_PASSWORD (empty = libpq defaults). Order: PG* variables or the
# default socket when usable; Debian's service (root); a project-local server (pgserver wheel).
pg_usable() {  # the role can log in and create databases
  local ok
  ok="$(psql -X -Atq -d postgres -c "select rolsuper or rolcreatedb from pg_roles where rolname = current_user" 2>/dev/null || true)"
  [ "$ok" = t ]
}

ensure_postgres() {
  DB_HOST="${PGHOST:-}" DB_PORT="${PGPORT:-}" DB_USER="${PGUSER:-}" DB_PASSWORD="${PGPASSWORD:-}"
  if command -v psql >/dev/null && pg_usable; then PG_KIND="existing"; return 0; fi
  if is_root && [ -z "${PGHOST:-}" ]; then
    if ! command -v pg_ctlcluster >/dev/null; then
      log "installing Debian's postgresql"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    if ! pg_usable; then
      log "starting Debian's PostgreSQL service"
      service postgresql start >/dev/null
      local i; for i in $(seq 1 30); do su postgres -c "psql -Atqc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
      su postgres -c "psql -Atqc \"select 1 from pg_roles where rolname='$(id -un)'\"" | grep -q 1 \
        || su postgres -c "createuser -s $(id -un)"
    fi
    pg_usable || die "Debian's PostgreSQL does not accept $(id -un); set PGHOST/PGPORT/PGUSER/PGPASSWORD"
    PG_KIND="debian"; return 0
  fi
  ensure_local_postgres
}

ensure_local_postgres() {
  # No server reachable and no root: run PostgreSQL 16 from the pgserver wheel's binaries,
  # data under .local/pgdata, on 127.0.0.1, superuser "odoo".
  # The port is derived from the checkout's path, so that two checkouts each run their own.
  local bin data="$STATE/pgdata" port
  port="${ASI_COC_PGPORT:-$((55432 + $(printf '%s' "$ROOT" | cksum | cut -d' ' -f1) % 500))}"
  "$VENV/bin/pip" show -q pgserver >/dev/null 2>&1 || "$VENV/bin/pip" install -q "pgserver==0.1.4"
  bin="$("$VENV/bin/python" -c 'import pgserver, os; print(os.path.join(os.path.dirname(pgserver.__file__), "pginstall", "bin"))')"
  [ -d "$data" ] || "$bin/initdb" -U odoo -A trust -D "$data" >/dev/null
  if "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    port="$(sed -n 4p "$data/postmaster.pid")"  # already running: keep its port
  else
    log "starting the project-local PostgreSQL on 127.0.0.1:$port"
    "$bin/pg_ctl" -D "$data" -w -l "$STATE/postgres.log" -o "-p $port -h 127.0.0.1 -k $data" start >/dev/null \
      || { tail -n 5 "$STATE/postgres.log" >&2; die "the project-local PostgreSQL did not start on port $port (see $STATE/postgres.log); set ASI_COC_PGPORT to a free port"; }
  fi
  export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=odoo
  DB_HOST=127.0.0.1 DB_PORT="$port" DB_USER=odoo DB_PASSWORD=""
  PG_KIND="local"
  PATH="$bin:$PATH"
}

# --- Odoo configuration ----------------------------------------------------------------------
write_odoo_conf() {
  # A git clone has addons/ at the top; the nightly source archive keeps them in odoo/addons.
  local addons="$ROOT,$ODOO_DIR/odoo/addons"
  [ -d "$ODOO_DIR/addons" ] && addons="$addons,$ODOO_DIR/addons"
  local oca
  oca="$("$VENV/bin/python" -c 'import odoo.addons.report_xlsx as m, os; print(os.path.dirname(os.path.dirname(m.__file__)))' 2>/dev/null || true)"
  cat >"$ODOO_CONF" <<CONF
[options]
addons_path = $addons${oca:+,$oca}
data_dir = $STATE/data
admin_passwd = admin
db_host = ${DB_HOST:-False}
db_port = ${DB_PORT:-False}
db_user = ${DB_USER:-False}
db_password = ${DB_PASSWORD:-False}
http_port = ${ASI_COC_HTTP_PORT:-8069}
list_db = True
CONF
}

odoo() { TZ=UTC "$VENV/bin/python" -m odoo -c "$ODOO_CONF" "$@"; }

db_exists() { psql -X -Atq -d postgres -c "select 1 from pg_database where datname = '$1'" | grep -q 1; }

prepare() {
  ensure_debian_packages
  ensure_patched_wkhtmltopdf
  ensure_odoo_source
  ensure_venv
  ensure_postgres
  write_odoo_conf
  log "Odoo: $ODOO_DIR; PostgreSQL: $PG_KIND${DB_HOST:+ ($DB_HOST:${DB_PORT})}; config: $ODOO_CONF"
}

# Fingerprint of the suite's code and data: a changed module means the database needs an update.
suite_fingerprint() {
  (cd "$ROOT" && find ${SUITE_MODULES//,/ } -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
    | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-16)
}

# Prints "<not installed>|<installed>" (comma-separated) of the suite's modules in database $1.
split_installed() {
  local installed
  installed="$(psql -X -Atq -d "$1" -c "select name from ir_module_module where state = 'installed'" | tr '\n' ' ')"
  local m inst=() upd=()
  for m in ${SUITE_MODULES//,/ }; do
    if [[ " $installed " == *" $m "* ]]; then upd+=("$m"); else inst+=("$m"); fi
  done
  local IFS=,
  echo "${inst[*]:-}|${upd[*]:-}"
}

exec_odoo() { TZ=UTC exec "$VENV/bin/python" -m odoo -c "$ODOO_CONF" "$@"; }
