#!/usr/bin/env bash
# Re-export each module's .pot from the test database (built by setup/test.sh) and merge it
# into the module's zh_CN.po: translations are kept, new strings come in untranslated and
# are listed, obsolete ones are dropped. tests/test_i18n.py fails until they are translated.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
prepare
DB="${ASI_COC_TEST_DB:-asi_coc_test}"
db_exists "$DB" || die "run ./setup/test.sh first: it builds the database $DB"
for module in ${SUITE_MODULES//,/ }; do
  mkdir -p "$ROOT/$module/i18n"
  odoo -d "$DB" --i18n-export="$ROOT/$module/i18n/$module.pot" --modules="$module" \
    --stop-after-init --log-level=warn
  "$VENV/bin/python" - "$ROOT/$module/i18n" "$module" <<'PY'
import sys
from pathlib import Path

import polib

folder, module = Path(sys.argv[1]), sys.argv[2]
pot = polib.pofile(str(folder / f"{module}.pot"))
po_path = folder / "zh_CN.po"
po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
if not po_path.exists():
    po.metadata = dict(pot.metadata, Language="zh_CN", **{"Plural-Forms": "nplurals=1; plural=0;"})
po.merge(pot)
po[:] = [e for e in po if not e.obsolete]
po.save(str(po_path))
missing = [e.msgid for e in po if e.msgid and not e.msgstr]
print(f"{module}: {len(po)} strings, {len(missing)} to translate in {po_path}")
for msgid in missing:
    print("  -", msgid.replace("\n", " ")[:120])
PY
done
# The .po/.pot files in the layout OCA's po-pretty-format wants (the pre-commit check): sorted
# and wrapped; a translation identical to its source is dropped (Odoo prints the source).
cd "$ROOT" && PATH="$VENV/bin:$PATH" pre-commit run --hook-stage manual oca-checks-po-fix \
  --files "$ROOT"/asi_coc*/i18n/*.po* >/dev/null || true
