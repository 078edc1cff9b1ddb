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


# A msgid with nothing to translate (acronyms, clause numbers, units, placeholders): OCA's
# po-pretty-format drops a translation identical to its source, and Odoo prints the source.
NEUTRAL_TOKEN = re.compile(r"^(?:[A-Z]{2,}|CoC|[A-Z]?\d[\d.]*|kg|[a-z]–[a-z])$")


def _language_neutral(msgid):
    words = re.sub(r"%\([a-z_]+\)[sd]|%[sd]", " ", msgid).split()
    return all(NEUTRAL_TOKEN.match(word) for word in words)


@pytest.mark.parametrize("module", MODULES)
def test_zh_cn_is_complete(module):
    pot = polib.pofile(str(ROOT / module / "i18n" / f"{module}.pot"))
    po = polib.pofile(str(ROOT / module / "i18n" / "zh_CN.po"))
    translated = {e.msgid: e.msgstr for e in po if e.msgstr}
    missing = [
        e.msgid
        for e in pot
        if e.msgid and e.msgid not in translated and not _language_neutral(e.msgid)
    ]
    assert missing == []
    for msgid, msgstr in translated.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid


# --------------------------------------------------------------------------------------------
# One Chinese term per concept (docs/glossary_zh_CN.md) and Chinese typography (issue 13)
# --------------------------------------------------------------------------------------------
GLOSSARY = ROOT / "docs" / "glossary_zh_CN.md"
CJK = "\u3400-\u4dbf\u4e00-\u9fff"
FULL_WIDTH = "，。：；！？、（）“”"
# A placeholder filled at run time (not %%, a literal percent sign).
FILLED = r"(?:%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\})"
SPACING = [
    # 对 铝 无效: a space between two Chinese characters (a QWeb line break renders as one).
    (re.compile(f"[{CJK}](?: +|[ \t]*\n[ \t]+)[{CJK}]"), "space between Chinese characters"),
    (re.compile(f"[{CJK}] +[{FULL_WIDTH}]"), "space before full-width punctuation"),
    (re.compile(f"[{FULL_WIDTH}] +"), "space after full-width punctuation"),
    (re.compile(f"[{CJK}] +{FILLED}"), "space between Chinese and a placeholder"),
    (re.compile(f"{FILLED} +[{CJK}]"), "space between a placeholder and Chinese"),
]
FULL_DATE_IN_CHINESE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月")
MONTH_DAY = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")


def glossary():
    """(English, its msgid pattern, Chinese term, forbidden variants) of each table row."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] in ("English", "---"):
            continue
        english, chinese, forbidden, _source = cells
        words = re.escape(english).replace(r"\*", r"\w*").replace(r"\ ", r"[\s-]+")
        pattern = re.compile(rf"(?<![\w-]){words}(?![\w-])", re.IGNORECASE)
        variants = [v.strip() for v in forbidden.split(",") if v.strip() not in ("", "—")]
        rows.append((english, pattern, chinese, variants))
    return rows


def words_of(msgid):
    """The msgid without its placeholders and QWeb expressions (``%(claim)s`` is no claim)."""
    return re.sub(r'\bt-[\w-]+="[^"]*"', "", PLACEHOLDER.sub("", msgid))


def translations():
    for module in MODULES:
        for entry in polib.pofile(str(ROOT / module / "i18n" / "zh_CN.po")):
            if entry.msgid and entry.msgstr:
                yield module, entry


def test_glossary_lists_the_terms():
    rows = glossary()
    assert len(rows) >= 25
    english = [row[0].lower() for row in rows]
    assert len(set(english)) == len(english), "a term is listed twice"
    for term in ("verif*", "eligible", "material accounting period*", "chain of custody"):
        assert term in english


def test_glossary_is_followed():
    """Where a msgid has the English term, its msgstr has the Chinese one; no msgstr has a
    forbidden variant."""
    rows = glossary()
    wrong = []
    for module, entry in translations():
        words = words_of(entry.msgid)
        for english, pattern, chinese, variants in rows:
            if pattern.search(words) and chinese not in entry.msgstr:
                wrong.append(f"{module}: {english!r} is {chinese}: {entry.msgstr[:70]!r}")
            wrong.extend(
                f"{module}: {variant!r} is {chinese}: {entry.msgstr[:70]!r}"
                for variant in variants
                if variant in entry.msgstr
            )
    assert wrong == []


def test_chinese_spacing():
    wrong = [
        f"{module}: {reason}: {match.group()!r} in {entry.msgstr[:80]!r}"
        for module, entry in translations()
        for pattern, reason in SPACING
        for match in pattern.finditer(entry.msgstr)
    ]
    assert wrong == []


def test_dates_in_one_format():
    """A full date is YYYY-MM-DD, as the suite prints it; a yearly deadline is 6月30日."""
    wrong = [
        f"{module}: {entry.msgstr[:80]!r}"
        for module, entry in translations()
        if FULL_DATE_IN_CHINESE.search(entry.msgstr)
        or any(re.search(r"\s", m.group()) for m in MONTH_DAY.finditer(entry.msgstr))
    ]
    assert wrong == []
