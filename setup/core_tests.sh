#!/usr/bin/env bash
# Odoo's own tests with the whole suite installed (README, Odoo's own tests: installing the suite must keep
# Odoo's stock, purchase_stock, sale_stock and stock_account tests as green as without it).
# Not part of setup/test.sh (it takes 10 minutes or more); run it after changing a hook into
# Odoo core.
#   ./setup/core_tests.sh                         /stock,/purchase_stock,/sale_stock,/stock_account
#   ./setup/core_tests.sh /purchase_stock         other test tags
#   ASI_COC_CORE_WITHOUT_SUITE=1 ./setup/core_tests.sh   the same on Odoo alone (the baseline)
# Prints the failing tests and exits non-zero if any fails beyond Odoo's own baseline failures.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare

DB="${ASI_COC_CORE_DB:-asi_coc_core}"
TAGS="${1:-/stock,/purchase_stock,/sale_stock,/stock_account}"
LOG="$STATE/test-logs/odoo-core-tests-$DB.log"
mkdir -p "$STATE/test-logs"
# Failures of Odoo 18.0 itself on a database without demo data, measured without the suite
# (ASI_COC_CORE_WITHOUT_SUITE=1). The picking tours need the lots group, which a database
# without demo data does not give the admin.
BASELINE="TestProcRule.test_reordering_rule_1 TestProcRule.test_replenishment_order_to_max
TestStockFlow.test_74_move_state_waiting_mto TestStockPickingTour.test_onchange_serial_lot_ids
TestStockPickingTour.test_add_new_line TestStockPickingTour.test_detailed_op_no_save_1
TestStockPickingTour.test_edit_existing_line TestStockPickingTour.test_edit_existing_lines_2
TestStockPickingTour.test_generate_serial_1 TestStockPickingTour.test_generate_serial_2
TestTourBoM.test_mrp_bom_product_catalog TestTourMrpOrder.test_mrp_order_product_catalog"

modules="stock_account,purchase_stock,sale_stock,mrp"
[ -z "${ASI_COC_CORE_WITHOUT_SUITE:-}" ] && modules="$modules,$SUITE_MODULES"
log "building $DB with $modules (no demo data)"
dropdb --if-exists "$DB"
odoo -d "$DB" -i "$modules" --without-demo=all --stop-after-init --log-level=warn
log "running Odoo's tests $TAGS (log: $LOG)"
odoo -d "$DB" -u stock --test-enable --test-tags "$TAGS" --stop-after-init \
  --http-port="${ASI_COC_TEST_HTTP_PORT:-8169}" --log-level=test >"$LOG" 2>&1 || true
grep -E "odoo.tests.result: " "$LOG" | tail -n 1
failing="$(grep -oE "(FAIL|ERROR): [A-Za-z0-9_.]+\.test_[A-Za-z0-9_]+" "$LOG" \
  | sed -E 's/^(FAIL|ERROR): //' | awk -F. '{print $(NF-1) "." $NF}' | sort -u)"
status=0
for test in $failing; do
  if grep -qw "$test" <<<"$BASELINE"; then
    echo "  baseline failure (Odoo itself): $test"
  else
    echo "  FAILURE: $test"; status=1
  fi
done
[ $status -eq 0 ] && log "Odoo's own tests: no failure beyond Odoo's baseline" \
  || log "Odoo's own tests: failures beyond the baseline, see $LOG"
exit $status
