# Copyright 2026 ASI Chain of Custody for Odoo
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The machine-readable CoC data of one shipment (V3 6.3, V2.1 9.2-9.3).

One format, two encodings that carry exactly the same fields:

- JSON: ``{"format": "asi-coc-data", "version": 1, <header fields>, "lines": [<line>, ...]}``
- CSV (UTF-8, comma separated, one header row): one row per shipment line, the header fields
  repeated on every row, columns named as below.

A delivery of this suite writes it (``stock.picking._asi_coc_data()``); a receipt of this
suite reads it (the "Import CoC data" wizard), so two companies running the suite pass CoC
data without retyping. Plain Python apart from lazy translations of the error messages.
"""

import csv
import io
import json

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

FORMAT = "asi-coc-data"
VERSION = 1

# (name, required, meaning). Order is the CSV column order.
HEADER_FIELDS = [
    ("document_number", True, "unique identification number of the shipment (V3 6.3.1)"),
    ("issue_date", True, "date the CoC document was issued (V2.1 9.2 a), YYYY-MM-DD"),
    ("transfer_date", True, "date of transfer of control (V3 6.3.5), YYYY-MM-DD"),
    ("issuer_name", True, "entity name (V3 6.3.2)"),
    ("issuer_address", True, "issuer address (V2.1 9.2 c)"),
    ("issuer_certificate", True, "ASI CoC certificate number of the issuer (V3 6.3.3)"),
    ("receiver_name", True, "receiving entity name (V3 6.3.4)"),
    ("receiver_address", True, "receiving entity address (V2.1 9.2 d)"),
    ("receiver_certificate", False, "ASI CoC certificate number of the receiver, if any"),
    ("responsible_person", True, "person who can verify the document (V2.1 9.2 e)"),
    ("ledger_ref", True, "document reference in the material accounting system (V2.1 9.2 b)"),
    ("coc_model", False, "CoC model under site option 3 (V3 6.3.8)"),
    ("site_code", False, "unique site identifier under site option 3 (V3 6.3.9)"),
    ("total_mass_kg", True, "total shipment mass in kg (V2.1 9.2 h)"),
    ("statement", True, "the CoC statement (V2.1 9.2 i)"),
]
LINE_FIELDS = [
    ("line_number", True, "1, 2, ... within the shipment"),
    ("product_code", False, "the issuer's product reference"),
    ("product_name", True, "the issuer's product name"),
    ("lot", False, "batch / lot code"),
    ("material_type", True, "ASI material type code (asi.material.type code)"),
    ("asi_status", True, "asi | eligible | non_asi"),
    ("asi_mass_kg", True, "ASI material mass of the line in kg (V3 6.3.7)"),
    # V2.1 10.2: the receiver compares like with like, so the file says what the mass measures.
    (
        "asi_mass_basis",
        False,
        (
            "what asi_mass_kg measures: aluminium_content (the default, what this suite "
            "writes: the mass its ledger counts, V2.1 8.3) | gross (the mass of the goods)"
        ),
    ),
    # V2.1 9.3: optional sustainability data.
    ("carbon_footprint", False, "kg CO2e per tonne"),
    ("recycled_content_pre", False, "pre-consumer recycled content, %"),
    ("recycled_content_post", False, "post-consumer recycled content, %"),
    ("ps_certification_status", False, "ASI Performance Standard status of the site"),
]
HEADER_NAMES = [name for name, _required, _doc in HEADER_FIELDS]
LINE_NAMES = [name for name, _required, _doc in LINE_FIELDS]
CSV_COLUMNS = HEADER_NAMES + LINE_NAMES
NUMBER_FIELDS = {
    "total_mass_kg",
    "asi_mass_kg",
    "carbon_footprint",
    "recycled_content_pre",
    "recycled_content_post",
}
STATUSES = ("asi", "eligible", "non_asi")
# What a declared ASI mass measures. Scrap and eligible waste count by their aluminium content
# (V2.1 8.3): a line of 1,000 kg of scrap at 95 % states 950 kg of aluminium content.
MASS_BASES = [("aluminium_content", "Aluminium content"), ("gross", "Gross mass")]
MASS_BASIS_CODES = tuple(code for code, _label in MASS_BASES)
DEFAULT_MASS_BASIS = "aluminium_content"


class CocDataError(ValueError):
    """The file is not CoC data this suite can read; ``errors`` lists every problem (lazy
    translations: ``message(lang)`` renders them in the user's language)."""

    def __init__(self, errors):
        self.errors = list(errors)
        # The exception's own text is the English source: no language to look up here (the
        # caller renders ``message(lang)`` for the user).
        super().__init__(self.message("en_US"))

    def message(self, lang=""):
        return "\n".join(
            error if isinstance(error, str) else error._translate(lang) for error in self.errors
        )


def _number(value):
    return None if value in (None, "") else float(value)


def to_json(data):
    """``data``: a dict of the header fields plus ``lines`` (list of line dicts)."""
    document = {"format": FORMAT, "version": VERSION}
    document.update({name: data.get(name) for name in HEADER_NAMES})
    document["lines"] = [_line_out(line) for line in data["lines"]]
    return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def _line_out(line):
    out = {name: line.get(name) for name in LINE_NAMES}
    # Every file says what its masses measure; this suite's masses are aluminium content.
    out["asi_mass_basis"] = out["asi_mass_basis"] or DEFAULT_MASS_BASIS
    return out


def to_csv(data):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in data["lines"]:
        row = {name: data.get(name) for name in HEADER_NAMES}
        row.update(_line_out(line))
        writer.writerow({k: "" if v is None or v is False else v for k, v in row.items()})
    return out.getvalue()


def parse(content, filename=""):
    """Read CoC data from bytes (JSON or CSV, decided by the content). Returns the same dict
    ``to_json`` takes, numbers as floats. Raises CocDataError listing every problem."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CocDataError(
            [
                _lt(
                    "%(file)s is not UTF-8 text (%(reason)s)",
                    file=filename or "-",
                    reason=exc.reason,
                )
            ]
        ) from exc
    if text.lstrip().startswith("{"):
        data = _parse_json(text)
    else:
        data = _parse_csv(text)
    return _validate(data)


def _parse_json(text):
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise CocDataError([_lt("not valid JSON: %s", exc)]) from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CocDataError([_lt('not ASI CoC data: "format" must be "%s"', FORMAT)])
    if document.get("version") != VERSION:
        raise CocDataError([_lt("unsupported version %s (expected 1)", document.get("version"))])
    lines = document.get("lines")
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        raise CocDataError([_lt('"lines" must be a list of objects')])
    data = {name: document.get(name) for name in HEADER_NAMES}
    data["lines"] = lines
    return data


def _parse_csv(text):
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    missing = [name for name, required, _doc in HEADER_FIELDS + LINE_FIELDS if required]
    missing = [name for name in missing if name not in columns]
    unknown = [name for name in columns if name not in CSV_COLUMNS]
    errors = []
    if missing:
        errors.append(_lt("missing columns: %s", ", ".join(missing)))
    if unknown:
        errors.append(_lt("unknown columns: %s", ", ".join(unknown)))
    if errors:
        raise CocDataError(errors)
    rows = list(reader)
    if not rows:
        raise CocDataError([_lt("the file has no lines")])
    data = {name: rows[0].get(name) for name in HEADER_NAMES}
    for number, row in enumerate(rows[1:], start=3):
        for name in HEADER_NAMES:
            if (row.get(name) or "") != (data[name] or ""):
                errors.append(
                    _lt("row %(row)s: %(field)s differs from the first row", row=number, field=name)
                )
    if errors:
        raise CocDataError(errors)
    data["lines"] = [{name: row.get(name) for name in LINE_NAMES} for row in rows]
    return data


def _validate(data):
    errors = []
    for name, required, _doc in HEADER_FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            value = data[name] = value.strip() or None
        if required and value in (None, ""):
            errors.append(_lt("%s is missing", name))
    if not data["lines"]:
        errors.append(_lt("the file has no lines"))
    for index, line in enumerate(data["lines"], start=1):
        errors += _validate_line(line, index)
    try:
        data["total_mass_kg"] = _number(data.get("total_mass_kg"))
    except (TypeError, ValueError):
        errors.append(_lt("total_mass_kg is not a number: %s", data.get("total_mass_kg")))
    if errors:
        raise CocDataError(errors)
    return data


def _validate_line(line, index):
    """Normalise one line in place (stripped texts, numbers); returns its problems."""
    errors = []
    for name, required, _doc in LINE_FIELDS:
        value = line.get(name)
        if isinstance(value, str):
            value = line[name] = value.strip() or None
        if required and value in (None, ""):
            errors.append(_lt("line %(line)s: %(field)s is missing", line=index, field=name))
    if line.get("line_number") is not None:
        try:
            line["line_number"] = int(line["line_number"])
        except (TypeError, ValueError):
            errors.append(
                _lt(
                    "line %(line)s: line_number is not a whole number: %(value)s",
                    line=index,
                    value=line["line_number"],
                )
            )
    if line.get("asi_status") and line["asi_status"] not in STATUSES:
        errors.append(
            _lt(
                "line %(line)s: unknown asi_status %(status)s",
                line=index,
                status=line["asi_status"],
            )
        )
    # A file without the field (or of an earlier writer) states aluminium content, as this
    # suite always has (V2.1 8.3).
    line["asi_mass_basis"] = line.get("asi_mass_basis") or DEFAULT_MASS_BASIS
    if line["asi_mass_basis"] not in MASS_BASIS_CODES:
        errors.append(
            _lt(
                "line %(line)s: unknown asi_mass_basis %(basis)s (aluminium_content or gross)",
                line=index,
                basis=line["asi_mass_basis"],
            )
        )
    for name in LINE_NAMES:
        if name not in NUMBER_FIELDS or name not in line:
            continue
        try:
            line[name] = _number(line[name])
        except (TypeError, ValueError):
            errors.append(
                _lt(
                    "line %(line)s: %(field)s is not a number: %(value)s",
                    line=index,
                    field=name,
                    value=line[name],
                )
            )
    mass = line.get("asi_mass_kg")
    if isinstance(mass, float) and mass < 0:
        errors.append(_lt("line %s: asi_mass_kg is negative", index))
    return errors
