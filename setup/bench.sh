#!/usr/bin/env bash
# Benchmarks of the suite (they print ratios; they are not tests). See README "Benchmarks".
#   ./setup/bench.sh [mass-balance] [--sizes 10000,100000,1000000]   (the default benchmark)
#   ./setup/bench.sh picking [--lines 200] [--repeat 5] [--profile]
#   ./setup/bench.sh xlsx [--sizes 10000,100000] [--repeat 3]         (reconciliation workbook)
#   ./setup/bench.sh all                                               (all three, default options)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
case "${1:-}" in
  mass-balance | picking | xlsx | all) WHICH="$1"; shift ;;
  "" | -*) WHICH=mass-balance ;;  # no name: the mass-balance benchmark, as before
  *) die "unknown benchmark '$1': mass-balance (default), picking, xlsx or all" ;;
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
