#!/usr/bin/env bash
# Benchmarks of the suite (they print ratios; they are not tests). See README "Benchmarks".
#   ./setup/bench.sh [--sizes 10000,100000,1000000]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare
DB="${ASI_COC_BENCH_DB:-asi_coc_bench}"
if ! db_exists "$DB" || [ "$(cat "$STATE/$DB.stamp" 2>/dev/null)" != "$(suite_fingerprint)" ]; then
  log "building the scratch database $DB"
  dropdb --if-exists "$DB"
  odoo -d "$DB" -i "$SUITE_MODULES" --without-demo=all --stop-after-init --log-level=warn
  suite_fingerprint >"$STATE/$DB.stamp"
fi
cd "$ROOT"
TZ=UTC "$VENV/bin/python" tests/benchmarks/bench_mass_balance.py -c "$ODOO_CONF" -d "$DB" "$@"
