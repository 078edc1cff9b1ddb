"""Every module of the suite ships its current strings in i18n/<module>.pot and a complete
Simplified Chinese translation in i18n/zh_CN.po (the product's readers are Chinese plants)."""

import io
import re
from pathlib import Path

import polib
import pytest

import odoo
from odoo.modules.registry import Registry
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted(p.parent.name for p in ROOT.glob("asi_coc*/__manifest__.py"))
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd%]|\{[a-z_0-9]*\}")


def exported_msgids(module):
    registry = Registry(odoo.tools.config["db_name"])
    buffer = io.BytesIO()
    with registry.cursor() as cr:
        trans_export(False, [module], buffer, "po", cr)
    return {e.msgid for e in polib.pofile(buffer.getvalue().decode()) if e.msgid}


@pytest.mark.parametrize("module", MODULES)
def test_pot_is_up_to_date(module):
    pot = polib.pofile(str(ROOT / module / "i18n" / f"{module}.pot"))
    committed = {e.msgid for e in pot if e.msgid}
    current = exported_msgids(module)
    assert current - committed == set(), "strings missing from the .pot: re-export it"
    assert committed - current == set(), "obsolete strings in the .pot: re-export it"


@pytest.mark.parametrize("module", MODULES)
def test_zh_cn_is_complete(module):
    pot = polib.pofile(str(ROOT / module / "i18n" / f"{module}.pot"))
    po = polib.pofile(str(ROOT / module / "i18n" / "zh_CN.po"))
    translated = {e.msgid: e.msgstr for e in po if e.msgstr}
    missing = [e.msgid for e in pot if e.msgid and e.msgid not in translated]
    assert missing == []
    for msgid, msgstr in translated.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
