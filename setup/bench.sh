#!/usr/bin/env bash
# Benchmarks of the suite (they print ratios; they are not tests). See README "Benchmarks".
#   ./setup/bench.sh [mass-balance] [--sizes 10000,100000,1000000]   (the default benchmark)
#   ./setup/bench.sh picking [--lines 200] [--repeat 5] [--profile]
#   ./setup/bench.sh xlsx [--sizes 10000,100000] [--repeat 3]         (reconciliation workbook)
#   ./setup/bench.sh load [--clients 16] [--rounds 5] [--lines 10] [--workers 4]
#                                       (concurrent JSON-RPC clients against Odoo --workers)
#   ./setup/bench.sh all                                               (all four, default options)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  mass-balance | picking | xlsx | load | all) WHICH="$1"; shift ;;
  "" | -*) WHICH=mass-balance ;;  # no name: the mass-balance benchmark, as before
  *) die "unknown benchmark '$1': mass-balance (default), picking, xlsx, load or all" ;;
esac
[ "$WHICH" != all ] || [ $# -eq 0 ] || die "'all' runs each benchmark with its default options"
prepare
DB="${ASI_COC_BENCH_DB:-asi_coc_bench}"
if ! db_exists "$DB" || [ "$(cat "$STATE/$DB.stamp" 2>/dev/null)" != "$(suite_fingerprint)" ]; then
  log "building the scratch database $DB"
  dropdb --if-exists "$DB"
  odoo -d "$DB" -i "$SUITE_MODULES" --without-demo=all --stop-after-init --log-level=warn
  suite_fingerprint >"$STATE/$DB.stamp"
fi
cd "$ROOT"
bench() { TZ=UTC "$VENV/bin/python" "tests/benchmarks/$1" -c "$ODOO_CONF" -d "$DB" "${@:2}"; }
if [ "$WHICH" = mass-balance ] || [ "$WHICH" = all ]; then
  log "mass balance: get_balance and action_close against a raw GROUP BY"
  bench bench_mass_balance.py "$@"
fi
if [ "$WHICH" = picking ] || [ "$WHICH" = all ]; then
  log "picking validation: with and without the suite's checks"
  bench bench_picking_validation.py "$@"
fi
if [ "$WHICH" = xlsx ] || [ "$WHICH" = all ]; then
  log "reconciliation xlsx: the report against bare xlsxwriter writing the same cells"
  bench bench_reconciliation_xlsx.py "$@"
fi
if [ "$WHICH" = load ] || [ "$WHICH" = all ]; then
  # A real server commits what the clients do: they work on a copy, dropped afterwards.
  COPY="${DB}_load"
  drop_copy() { dropdb --if-exists "$COPY"; rm -rf "$STATE/data/filestore/$COPY"; }
  drop_copy
  trap drop_copy EXIT
  createdb -T "$DB" "$COPY"
  [ -d "$STATE/data/filestore/$DB" ] && cp -r "$STATE/data/filestore/$DB" "$STATE/data/filestore/$COPY"
  log "load: concurrent JSON-RPC clients against Odoo --workers, with and without ASI material"
  TZ=UTC "$VENV/bin/python" tests/benchmarks/bench_load.py -c "$ODOO_CONF" -d "$COPY" \
    ${ASI_COC_BENCH_HTTP_PORT:+--port "$ASI_COC_BENCH_HTTP_PORT"} "$@"
fi
