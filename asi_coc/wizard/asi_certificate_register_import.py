import base64
import csv
import io

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..models.asi_certificate import INVALID_STATES

# Columns of the register export, matched case-insensitively: column -> field.
COLUMNS = {
    "certificate number": "number",
    "holder": "holder",
    "type": "certificate_type",
    "status": "state",
    "valid from": "date_start",
    "valid until": "date_end",
    "scope": "scope",
}
REQUIRED = ("number", "state")
TYPES = {
    "coc": "coc",
    "chain of custody": "coc",
    "ps": "ps",
    "performance": "ps",
    "performance standard": "ps",
}
STATES = ("active", "provisional", "suspended", "withdrawn", "expired")


class AsiCertificateRegisterImport(models.TransientModel):
    """Import an export of ASI's certificate register (CSV) into the company's register
    (V2.1 10.3: the supplier's certificate is verified against ASI's register).

    Every row is checked first; any malformed row refuses the whole file, so nothing is
    half-written. Rows of certificates that are not in the register are reported, not created.
    Only differences are written: importing the same file again changes nothing."""

    _name = "asi.certificate.register.import"
    _description = "Import the ASI certificate register"

    data_file = fields.Binary(string="Register Export (CSV)", required=True, attachment=False)
    filename = fields.Char()
    register_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="The day the register was exported: certificates found in it count as verified "
        "on that day.",
    )
    state = fields.Selection([("upload", "Upload"), ("done", "Done")], default="upload")
    result = fields.Text(readonly=True)

    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        Certificate = self.env["asi.certificate"]
        # The register's certificates of the file, in one query (numbers match
        # case-insensitively, as the register's uniqueness check does).
        register = {
            certificate.number.lower(): certificate
            for certificate in Certificate.search(
                expression.AND(
                    [
                        expression.OR([[("number", "=ilike", row["number"])] for _l, row in rows]),
                        [("company_id", "=", self.env.company.id)],
                    ]
                )
            )
        }
        updated, unchanged, unmatched = [], 0, []
        for line, row in rows:
            certificate = register.get(row["number"].lower(), Certificate)
            holder = (row.get("holder") or "").strip().lower()
            if not certificate:
                unmatched.append(
                    self.env._(
                        "row %(row)s: %(number)s is not in the register",
                        row=line,
                        number=row["number"],
                    )
                )
                continue
            if holder and holder != (certificate.holder_id.name or "").strip().lower():
                unmatched.append(
                    self.env._(
                        "row %(row)s: %(number)s is held by %(holder)s in the register, not by "
                        "%(file_holder)s",
                        row=line,
                        number=certificate.number,
                        holder=certificate.holder_id.name,
                        file_holder=row["holder"],
                    )
                )
                continue
            values = self._changes(certificate, row)
            if values:
                certificate.write(values)
                certificate.message_post(
                    body=self.env._(
                        "Updated from the ASI register of %(date)s (%(file)s).",
                        date=self.register_date,
                        file=self.filename or "-",
                    )
                )
                updated.append(certificate.number)
            else:
                unchanged += 1
        lines = [
            self.env._(
                "%(updated)s certificate(s) updated, %(unchanged)s unchanged, %(unmatched)s row(s) "
                "not matched.",
                updated=len(updated),
                unchanged=unchanged,
                unmatched=len(unmatched),
            )
        ]
        if updated:
            lines.append(self.env._("Updated: %s", ", ".join(updated)))
        lines += unmatched
        self.write({"state": "done", "result": "\n".join(lines)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _changes(self, certificate, row):
        values = {}
        for name in ("certificate_type", "date_start", "date_end"):
            if row.get(name) and certificate[name] != row[name]:
                values[name] = row[name]
        if "material_type_ids" in row and certificate.material_type_ids != row["material_type_ids"]:
            values["material_type_ids"] = [(6, 0, row["material_type_ids"].ids)]
        if certificate.state != row["state"]:
            values["state"] = row["state"]
            if row["state"] in INVALID_STATES and certificate.state not in INVALID_STATES:
                # Invalid from the register's date at the latest (V2.1 10.1: transfers before
                # it stay covered).
                end = row.get("date_end") or certificate.date_end
                values["date_invalid"] = min(self.register_date, end) if end else self.register_date
        if (
            values
            or not certificate.last_verified
            or certificate.last_verified < self.register_date
        ):
            values.update(last_verified=self.register_date, verified_by=self.env.uid)
        if values and certificate.source != "register_import":
            values["source"] = "register_import"
        return values

    def _read_rows(self):
        """[(row number, values)] or a UserError listing every problem of the file."""
        content = base64.b64decode(self.data_file or b"")
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UserError(
                self.env._(
                    "%(file)s is not UTF-8 text (%(reason)s): export the register as UTF-8 CSV.",
                    file=self.filename or self.env._("The file"),
                    reason=error.reason,
                )
            ) from error
        reader = csv.DictReader(io.StringIO(text))
        header = [(name or "").strip().lower() for name in reader.fieldnames or []]
        unknown = [name for name in header if name not in COLUMNS]
        missing = [
            column
            for column, field in COLUMNS.items()
            if field in REQUIRED and column not in header
        ]
        if unknown or missing:
            raise UserError(
                self.env._(
                    "The register file's columns are not the expected ones (%(expected)s). "
                    "Unknown: %(unknown)s. Missing: %(missing)s.",
                    expected=", ".join(COLUMNS),
                    unknown=", ".join(unknown) or "-",
                    missing=", ".join(missing) or "-",
                )
            )
        materials = self.env["asi.material.type"].with_context(active_test=False).search([])
        errors, rows, seen = [], [], {}
        for line, raw in enumerate(reader, start=2):
            raw = {
                COLUMNS[(k or "").strip().lower()]: (v or "").strip() for k, v in raw.items() if k
            }
            row, problems = self._parse_row(raw, materials)
            number = (row.get("number") or "").lower()
            if number in seen:
                problems.append(
                    self.env._(
                        "%(number)s appears twice (row %(first)s)",
                        number=row["number"],
                        first=seen[number],
                    )
                )
            seen.setdefault(number, line)
            errors += [
                self.env._("row %(row)s: %(problem)s", row=line, problem=p) for p in problems
            ]
            rows.append((line, row))
        if not rows and not errors:
            errors.append(self.env._("the file has no rows"))
        if errors:
            raise UserError(
                self.env._(
                    "The register file was not imported, nothing changed:\n%s", "\n".join(errors)
                )
            )
        return rows

    def _parse_row(self, raw, materials):
        problems, row = [], {"number": raw.get("number"), "holder": raw.get("holder")}
        if not row["number"]:
            problems.append(self.env._("no certificate number"))
        state = (raw.get("state") or "").lower()
        if state not in STATES:
            problems.append(self.env._("unknown status %s", raw.get("state") or "-"))
        row["state"] = state
        if raw.get("certificate_type"):
            kind = TYPES.get(raw["certificate_type"].lower())
            if not kind:
                problems.append(self.env._("unknown type %s", raw["certificate_type"]))
            row["certificate_type"] = kind
        for name in ("date_start", "date_end"):
            if raw.get(name):
                try:
                    row[name] = fields.Date.to_date(raw[name])
                except ValueError:
                    problems.append(
                        self.env._("%(value)s is not a date (YYYY-MM-DD)", value=raw[name])
                    )
        if raw.get("scope"):
            found = self.env["asi.material.type"]
            by_key = {m.code: m for m in materials}
            by_key.update({(m.name or "").lower(): m for m in materials})
            for token in filter(None, (t.strip() for t in raw["scope"].split(";"))):
                match = by_key.get(token.lower(), self.env["asi.material.type"])
                if not match:
                    problems.append(self.env._("unknown material %s in the scope", token))
                found |= match
            row["material_type_ids"] = found
        return row, problems
