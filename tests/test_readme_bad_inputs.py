"""The README table "Bad input the suite refuses" cannot drift from the code: it has at least
40 numbered rows grouped by area, every test it names exists (file, class, method, read with
``ast``), and every message it quotes is a string of the suite's code (or, marked "Odoo:", of
Odoo's own source). The code is searched as a whole, so moving a model to another file or
module does not break the table; changing a message does. No database is needed."""

import ast
import re
from functools import cache
from pathlib import Path

import pytest

import odoo

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Bad input the suite refuses"
MIN_ROWS = 40
MESSAGE = re.compile(r"^(?P<odoo>Odoo: )?`(?P<text>[^`]+)`$")
TEST = re.compile(r"^`(?P<path>[\w/.]+\.py)::(?P<cls>\w+)::(?P<method>test_\w+)`$")
# where Odoo's access, record-rule and RPC messages live
ODOO_FILES = (
    "models.py",
    "service/model.py",
    "addons/base/models/ir_model.py",
    "addons/base/models/ir_rule.py",
)


def table_rows():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert SECTION in text, f"README.md has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].isdigit():
            assert len(cells) == 5, f"row {cells[0]}: # | Area | Bad input | Message | Test"
            rows.append(cells)
    return rows


def strings_of(paths):
    """Every string literal of the files (implicit concatenations joined, the fixed parts of
    f-strings included): the texts a message can be made of."""
    found = set()
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


@cache
def suite_strings():
    paths = [
        path
        for path in ROOT.glob("asi_coc*/**/*.py")
        if "tests" not in path.relative_to(ROOT).parts
    ]
    return strings_of(paths)


@cache
def odoo_strings():
    base = Path(odoo.__file__).resolve().parent
    return strings_of(base / name for name in ODOO_FILES)


@cache
def classes_of(path):
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"), path)
    return {
        node.name: {
            item.name
            for item in node.body
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        for node in tree.body
        if isinstance(node, ast.ClassDef)
    }


def test_at_least_40_rows_numbered_and_grouped_by_area():
    rows = table_rows()
    assert len(rows) >= MIN_ROWS
    assert [int(row[0]) for row in rows] == list(range(1, len(rows) + 1))
    areas = [row[1] for row in rows]
    blocks = [area for index, area in enumerate(areas) if index == 0 or areas[index - 1] != area]
    assert len(blocks) == len(set(blocks)), f"an area appears in two places: {blocks}"
    assert all(row[2] for row in rows), "every row says what the bad input is"


@pytest.mark.parametrize("row", table_rows(), ids=lambda row: row[0])
def test_row_names_an_existing_test(row):
    match = TEST.match(row[4])
    assert match, f"row {row[0]}: the test is `path/to/test_file.py::Class::test_method`"
    path = match["path"]
    assert (ROOT / path).is_file(), f"row {row[0]}: no file {path}"
    classes = classes_of(path)
    assert match["cls"] in classes, f"row {row[0]}: no class {match['cls']} in {path}"
    assert match["method"] in classes[match["cls"]], (
        f"row {row[0]}: no method {match['method']} in {path}::{match['cls']}"
    )


@pytest.mark.parametrize("row", table_rows(), ids=lambda row: row[0])
def test_row_quotes_a_message_of_the_code(row):
    match = MESSAGE.match(row[3])
    assert match, f"row {row[0]}: the message is `text` or Odoo: `text`"
    fragment = match["text"]
    assert "%" not in fragment, f"row {row[0]}: quote the fixed text, not a placeholder"
    strings = odoo_strings() if match["odoo"] else suite_strings()
    assert any(fragment in string for string in strings), (
        f"row {row[0]}: {fragment!r} is in no string of "
        + ("Odoo's source" if match["odoo"] else "the suite's code")
    )
