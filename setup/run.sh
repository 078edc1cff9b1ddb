#!/usr/bin/env bash
# Start Odoo with the demo database asi_coc_demo holding the whole suite and its demo data.
# Installs whatever is missing first (see setup/lib.sh). Extra arguments go to Odoo, e.g.
#   ./setup/run.sh --stop-after-init     build or update the demo database, then exit
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare

DB="${ASI_COC_DEMO_DB:-asi_coc_demo}"
modules_args=()
stamp="$STATE/$DB.stamp"
current="$(suite_fingerprint)"
if ! db_exists "$DB"; then
  log "creating the demo database $DB with ${SUITE_MODULES} and demo data (a few minutes, once)"
  modules_args=(-i "$SUITE_MODULES")
  rm -f "$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$current" ]; then
  # The suite's code changed since the database was built: install new modules, update the others.
  IFS='|' read -r to_install to_update < <(split_installed "$DB")
  log "updating the demo database $DB (install: ${to_install:-none}; update: ${to_update:-none})"
  [ -n "$to_install" ] && modules_args+=(-i "$to_install")
  [ -n "$to_update" ] && modules_args+=(-u "$to_update")
fi
if [ ${#modules_args[@]} -gt 0 ]; then
  odoo -d "$DB" "${modules_args[@]}" --stop-after-init --log-level=warn
  echo "$current" >"$stamp"
fi
for arg in "$@"; do
  [ "$arg" = --stop-after-init ] && { log "demo database $DB is ready"; exit 0; }
done
log "serving Odoo on http://localhost:${ASI_COC_HTTP_PORT:-8069} (database $DB, login admin / admin)"
exec_odoo -d "$DB" --db-filter="^${DB}\$" "$@"
