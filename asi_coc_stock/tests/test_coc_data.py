import csv
import io
import json

from odoo.tests import TransactionCase, tagged

from .. import coc_data

GOOD = {
    "document_number": "ASI/2026/00001",
    "issue_date": "2026-03-10",
    "transfer_date": "2026-03-10",
    "issuer_name": "Casthouse Ltd",
    "issuer_address": "1 Smelter Road, 266000 Qingdao, China",
    "issuer_certificate": "ASI-OWN-0007",
    "receiver_name": "Rolling Mill Ltd",
    "receiver_address": "8 Coil Avenue, Wuxi",
    "receiver_certificate": None,
    "responsible_person": "Mei Chen",
    "ledger_ref": "WH/OUT/00001",
    "coc_model": None,
    "site_code": None,
    "total_mass_kg": 640.0,
    "statement": "The information provided in this CoC Document is in accordance with the "
    "ASI CoC Standard",
    "lines": [
        {
            "line_number": 1,
            "product_code": "P1020",
            "product_name": "Ingot P1020",
            "lot": "L-ASI-1",
            "material_type": "aluminium",
            "asi_status": "asi",
            "asi_mass_kg": 600.0,
            "asi_mass_basis": "aluminium_content",
            "carbon_footprint": None,
            "recycled_content_pre": None,
            "recycled_content_post": None,
            "ps_certification_status": None,
        }
    ],
}


def good(**changes):
    """A copy of GOOD; keys of the first line are given as line__<name>."""
    data = json.loads(json.dumps(GOOD))
    for key, value in changes.items():
        if key.startswith("line__"):
            data["lines"][0][key[6:]] = value
        else:
            data[key] = value
    return data


@tagged("post_install", "-at_install")
class TestCocData(TransactionCase):
    """The CoC data file (coc_data.py, V2.1 10.1): what a receipt reads, and every way it
    can be wrong."""

    def assertParseError(self, content, message, filename="coc.json"):
        with self.assertRaises(coc_data.CocDataError) as cm:
            coc_data.parse(content, filename)
        self.assertEqual(str(cm.exception), message)
        return cm.exception

    def test_round_trip(self):
        self.assertEqual(coc_data.parse(coc_data.to_json(GOOD).encode()), GOOD)
        self.assertEqual(coc_data.parse(coc_data.to_csv(GOOD).encode()), GOOD)
        # A BOM (spreadsheet programs write one) is accepted.
        self.assertEqual(coc_data.parse(b"\xef\xbb\xbf" + coc_data.to_csv(GOOD).encode()), GOOD)

    def test_malformed_json(self):
        self.assertParseError(
            b'{"format": ', "not valid JSON: Expecting value: line 1 column 12 (char 11)"
        )

    def test_wrong_format_tag(self):
        document = json.loads(coc_data.to_json(GOOD))
        document["format"] = "fsc-coc-data"
        self.assertParseError(
            json.dumps(document).encode(), 'not ASI CoC data: "format" must be "asi-coc-data"'
        )

    def test_unsupported_version(self):
        document = json.loads(coc_data.to_json(GOOD))
        document["version"] = 2
        self.assertParseError(json.dumps(document).encode(), "unsupported version 2 (expected 1)")

    def test_lines_not_a_list(self):
        document = json.loads(coc_data.to_json(GOOD))
        document["lines"] = {"line_number": 1}
        self.assertParseError(json.dumps(document).encode(), '"lines" must be a list of objects')

    def test_missing_columns(self):
        header, *rows = coc_data.to_csv(GOOD).splitlines()
        columns = header.split(",")
        drop = {columns.index("ledger_ref"), columns.index("asi_mass_kg")}
        csv = "\n".join(
            ",".join(v for i, v in enumerate(row.split(",")) if i not in drop)
            for row in [header, *rows]
        )
        self.assertParseError(csv.encode(), "missing columns: ledger_ref, asi_mass_kg", "coc.csv")

    def test_unknown_columns(self):
        header, *rows = coc_data.to_csv(GOOD).splitlines()
        csv = "\n".join([header + ",colour,grade", *(row + ",silver,A" for row in rows)])
        self.assertParseError(csv.encode(), "unknown columns: colour, grade", "coc.csv")

    def test_non_utf8(self):
        content = coc_data.to_csv(GOOD).replace("Rolling Mill", "Walzwerk Müller").encode("cp1252")
        self.assertParseError(
            content, "coc.csv is not UTF-8 text (invalid start byte)", filename="coc.csv"
        )
        self.assertParseError(b"\xff", "- is not UTF-8 text (invalid start byte)", filename="")

    def test_negative_mass(self):
        self.assertParseError(
            coc_data.to_json(good(line__asi_mass_kg=-5)).encode(),
            "line 1: asi_mass_kg is negative",
        )
        self.assertParseError(
            coc_data.to_csv(good(line__asi_mass_kg=-5)).encode(),
            "line 1: asi_mass_kg is negative",
        )

    # V2.1 10.2: the file says what its masses measure -------------------------------------
    def test_mass_basis_written_and_defaulted(self):
        # This suite's masses are aluminium content (V2.1 8.3): every file says so.
        data = good(line__asi_mass_basis=None)
        self.assertEqual(
            json.loads(coc_data.to_json(data))["lines"][0]["asi_mass_basis"], "aluminium_content"
        )
        header, row = coc_data.to_csv(data).splitlines()
        self.assertIn("asi_mass_basis", header.split(","))
        self.assertIn(",aluminium_content,", row)
        # A file without the field (written before it existed) states aluminium content.
        document = json.loads(coc_data.to_json(GOOD))
        del document["lines"][0]["asi_mass_basis"]
        parsed = coc_data.parse(json.dumps(document).encode())
        self.assertEqual(parsed["lines"][0]["asi_mass_basis"], "aluminium_content")
        rows = list(csv.DictReader(io.StringIO(coc_data.to_csv(GOOD))))
        out = io.StringIO()
        columns = [c for c in coc_data.CSV_COLUMNS if c != "asi_mass_basis"]
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        parsed = coc_data.parse(out.getvalue().encode())
        self.assertEqual(parsed["lines"][0]["asi_mass_basis"], "aluminium_content")
        # A gross mass is read as gross.
        parsed = coc_data.parse(coc_data.to_json(good(line__asi_mass_basis="gross")).encode())
        self.assertEqual(parsed["lines"][0]["asi_mass_basis"], "gross")

    def test_unknown_mass_basis(self):
        self.assertParseError(
            coc_data.to_json(good(line__asi_mass_basis="net")).encode(),
            "line 1: unknown asi_mass_basis net (aluminium_content or gross)",
        )

    def test_unknown_status(self):
        self.assertParseError(
            coc_data.to_json(good(line__asi_status="certified")).encode(),
            "line 1: unknown asi_status certified",
        )

    def test_not_a_number(self):
        self.assertParseError(
            coc_data.to_csv(good(line__asi_mass_kg="600 kg", total_mass_kg="a lot")).encode(),
            "line 1: asi_mass_kg is not a number: 600 kg\ntotal_mass_kg is not a number: a lot",
        )
        self.assertParseError(
            coc_data.to_json(good(line__line_number="first")).encode(),
            "line 1: line_number is not a whole number: first",
        )

    def test_missing_values_listed_together(self):
        self.assertParseError(
            coc_data.to_json(good(issuer_certificate="  ", line__material_type=None)).encode(),
            "issuer_certificate is missing\nline 1: material_type is missing",
        )

    def test_no_lines(self):
        self.assertParseError(coc_data.to_json(good(lines=[])).encode(), "the file has no lines")
        header = coc_data.to_csv(GOOD).splitlines()[0]
        self.assertParseError(header.encode(), "the file has no lines", "coc.csv")

    def test_csv_rows_disagree_on_header_fields(self):
        data = good()
        data["lines"].append(dict(data["lines"][0], line_number=2, lot="L-ASI-2"))
        header, first, second = coc_data.to_csv(data).splitlines()
        second = second.replace("ASI/2026/00001", "ASI/2026/00002")
        self.assertParseError(
            f"{header}\n{first}\n{second}".encode(),
            "row 3: document_number differs from the first row",
            "coc.csv",
        )

    def test_messages_are_translated(self):
        with self.assertRaises(coc_data.CocDataError) as cm:
            coc_data.parse(coc_data.to_json(good(line__asi_mass_kg=-5)).encode())
        # No space between Chinese and the number (docs/glossary_zh_CN.md).
        self.assertEqual(cm.exception.message("zh_CN"), "第1行：asi_mass_kg 为负数")
