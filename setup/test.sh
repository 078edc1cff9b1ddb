#!/usr/bin/env bash
# Run every test of the suite on a fresh database, under both runners:
#  1. Odoo's runner: the suite is installed into a fresh database with --test-enable, which
#     runs every test (what OCA CI does): TransactionCase tests at install, then the browser
#     tours (HttpCase, headless Chromium), which pytest-odoo cannot run, post-install;
#  2. pytest-odoo runs every test again and prints pytest's summary line last.
# Exits non-zero on any failure. Installs whatever is missing first (see setup/lib.sh).
#   ./setup/test.sh                                 everything
#   ./setup/test.sh asi_coc/tests/test_certificate.py::TestCertificate::test_x
#                                                   only these pytest targets (fresh database,
#                                                   no Odoo runner, no tours)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare

DB="${ASI_COC_TEST_DB:-asi_coc_test}"
TEMPLATE="${DB}_base"
LOGS="$STATE/test-logs"
mkdir -p "$LOGS"

# The Odoo modules the suite depends on are installed once into a template database (the slow
# part); each run copies it, so every run still starts from a fresh database.
template_key="$(printf '%s %s' "$ODOO_DIR" "$BASE_MODULES" | sha1sum | cut -c1-16)"
if ! db_exists "$TEMPLATE" || [ "$(cat "$STATE/$TEMPLATE.stamp" 2>/dev/null)" != "$template_key" ]; then
  log "building the template database $TEMPLATE ($BASE_MODULES), once"
  dropdb --if-exists "$TEMPLATE"
  rm -rf "$STATE/data/filestore/$TEMPLATE"
  odoo -d "$TEMPLATE" -i "$BASE_MODULES" --without-demo=all --stop-after-init --log-level=warn
  echo "$template_key" >"$STATE/$TEMPLATE.stamp"
fi
fresh_db() {
  dropdb --if-exists "$DB"
  createdb -T "$TEMPLATE" "$DB"
  rm -rf "$STATE/data/filestore/$DB"
  [ -d "$STATE/data/filestore/$TEMPLATE" ] && cp -r "$STATE/data/filestore/$TEMPLATE" "$STATE/data/filestore/$DB"
  return 0
}
fresh_db

status=0
if [ $# -gt 0 ]; then
  odoo -d "$DB" -i "$SUITE_MODULES" --without-demo=all --stop-after-init --log-level=warn
  pytest_targets=("$@")
else
  log "Odoo runner: installing $SUITE_MODULES with --test-enable (log: $LOGS/odoo-tests.log)"
  if ! odoo -d "$DB" -i "$SUITE_MODULES" --without-demo=all --test-enable --stop-after-init \
       --http-port="${ASI_COC_TEST_HTTP_PORT:-8169}" --log-level=test >"$LOGS/odoo-tests.log" 2>&1; then
    status=1
  fi
  f="$LOGS/odoo-tests.log"
  grep -E "(ERROR|CRITICAL) $DB " "$f" >&2 && status=1
  # A tour that cannot run (no Chromium, no websocket-client) is skipped by Odoo: that is a failure here.
  grep -E "skipped .*: (websocket|Chrome|Chromium|browser)" "$f" >&2 && status=1
  grep -E "odoo.tests.result: " "$f" | tail -n 2 >&2 || true
  [ $status -eq 0 ] && log "Odoo runner: all green" || log "Odoo runner: FAILURES, see $LOGS"
  read -r -a pytest_targets <<<"${SUITE_MODULES//,/ }"
  [ -d "$ROOT/tests" ] && pytest_targets+=("$ROOT/tests")
fi

log "pytest-odoo: ${pytest_targets[*]}"
cd "$ROOT"
"$VENV/bin/python" -m pytest --odoo-config="$ODOO_CONF" --odoo-database="$DB" -p no:cacheprovider \
  "${pytest_targets[@]}" || status=$?
exit $status
