import json
from hashlib import sha256

from odoo import api, fields, models
from odoo.tools import SQL

# The columns a line's hash covers: everything it records, in a fixed order. Not the note
# (the one field that may change in an open period) and not Odoo's bookkeeping columns.
HASHED_COLUMNS = (
    "id",
    "company_id",
    "period_id",
    "date",
    "site_id",
    "material_type_id",
    "asi_status",
    "direction",
    "flow_type",
    "mass_kg",
    "partner_id",
    "certificate_id",
    "document_ref",
    "res_model",
    "res_id",
    "origin_line_id",
    "force_majeure_id",
    "coc_error_id",
    "close_entry",
)
# Lines read per query when the chain is walked (check, migration, reopen).
CHUNK = 5000


def line_hash(row, sequence, previous_hash):
    """The hash of one line, as Odoo's ``account`` computes a journal entry's inalterable
    hash (``account.move._calculate_hashes``): SHA-256 of the previous hash followed by the
    record's values as sorted JSON. ``row``: the HASHED_COLUMNS values, as PostgreSQL
    returns them."""
    values = {"chain_sequence": str(sequence)}
    for name, value in zip(HASHED_COLUMNS, row, strict=True):
        if value is None or value is False:
            value = ""
        elif name == "mass_kg":
            value = f"{float(value):.3f}"
        elif name == "close_entry":
            value = "1"
        values[name] = str(value)
    record = json.dumps(values, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return sha256(((previous_hash or "") + record).encode()).hexdigest()


class AsiLedgerLine(models.Model):
    """Inalterability of the ledger (V2.1 1.6, V3 2.2: records are kept unaltered): every
    line is sealed when it is written, by a hash of its content and of the hash of the
    company's previous line, as Odoo's ``account`` secures posted journal entries. A line
    changed or deleted below the ORM and the triggers breaks the chain from that line on:
    :meth:`_asi_check_chain` names it."""

    _inherit = "asi.ledger.line"

    chain_sequence = fields.Integer(
        readonly=True, copy=False, help="Position of the line in its company's hash chain."
    )
    previous_hash = fields.Char(readonly=True, copy=False)
    inalterable_hash = fields.Char(
        string="Hash",
        readonly=True,
        copy=False,
        help="SHA-256 of the line's content and of the previous line's hash: changing a "
        "sealed line breaks the chain (Check Ledger Integrity).",
    )

    def init(self):
        res = super().init()
        self.env.cr.execute(
            """
                -- One position per line in its company's chain: the head is read by this
                -- index (O(1) per posting), and two chains of one company cannot coexist.
                CREATE UNIQUE INDEX IF NOT EXISTS asi_ledger_line_chain_idx
                    ON asi_ledger_line (company_id, chain_sequence)
                    WHERE chain_sequence IS NOT NULL;
                CREATE INDEX IF NOT EXISTS asi_ledger_line_unchained_idx
                    ON asi_ledger_line (company_id, id) WHERE chain_sequence IS NULL;
            """
        )
        # Lines posted before the chain existed are sealed once, in posting order.
        self._asi_chain_unchained()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._asi_chain()
        return lines

    # ------------------------------------------------------------------------------------
    # Sealing
    # ------------------------------------------------------------------------------------
    def _asi_chain(self):
        """Append these new lines to their companies' chains, in id order, inside the
        posting's transaction."""
        if not self:
            return
        self.flush_recordset()
        for company in self.company_id.sorted("id"):
            lines = self.filtered(lambda line, c=company: line.company_id == c).sorted("id")
            sequence, head = self._asi_lock_chain(company)
            self._asi_seal(company, self._asi_rows(lines.ids), sequence, head)
        self.invalidate_recordset(["chain_sequence", "previous_hash", "inalterable_hash"])

    @api.model
    def _asi_lock_chain(self, company):
        """Lock the chain of ``company`` and return its head (length, last hash).

        The UPDATE takes the company row's lock: a concurrent posting waits, and when the
        first commits, PostgreSQL (repeatable read) fails it with a serialization error that
        Odoo retries: the retry sees the new head. This holds across --workers."""
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET asi_ledger_chain_sequence = "
                "COALESCE(asi_ledger_chain_sequence, 0) WHERE id = %s "
                "RETURNING asi_ledger_chain_sequence, asi_ledger_chain_hash",
                company.id,
            )
        )
        sequence, head = self.env.cr.fetchone()
        return sequence, head

    def _asi_rows(self, ids):
        columns = SQL(", ").join(SQL.identifier(name) for name in HASHED_COLUMNS)
        rows = self.env.execute_query(
            SQL(
                "SELECT %s FROM asi_ledger_line WHERE id IN %s ORDER BY id",
                columns,
                tuple(ids) or (0,),
            )
        )
        order = {line_id: index for index, line_id in enumerate(ids)}
        return sorted(rows, key=lambda row: order[row[0]])

    @api.model
    def _asi_seal(self, company, rows, sequence, head):
        """Seal ``rows`` after position ``sequence`` whose hash is ``head``; moves the
        company's head. Returns {line id: hash}."""
        values, hashes = [], {}
        for row in rows:
            sequence += 1
            digest = line_hash(row, sequence, head)
            values.append(SQL("(%s, %s, %s, %s)", row[0], sequence, head or None, digest))
            hashes[row[0]] = head = digest
        if values:
            self.env.cr.execute(
                SQL(
                    "UPDATE asi_ledger_line l SET chain_sequence = v.seq, previous_hash = v.prev, "
                    "inalterable_hash = v.hash FROM (VALUES %s) AS v(id, seq, prev, hash) "
                    "WHERE l.id = v.id",
                    SQL(", ").join(values),
                )
            )
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET asi_ledger_chain_sequence = %s, "
                "asi_ledger_chain_hash = %s WHERE id = %s",
                sequence,
                head or None,
                company.id,
            )
        )
        self.env["res.company"].invalidate_model(
            ["asi_ledger_chain_sequence", "asi_ledger_chain_hash"]
        )
        return hashes

    @api.model
    def _asi_chain_unchained(self):
        """Seal the lines that have no place in the chain yet (posted before it existed),
        per company in posting order (id), after the current head."""
        self.env.cr.execute(
            "SELECT DISTINCT company_id FROM asi_ledger_line WHERE chain_sequence IS NULL"
        )
        for (company_id,) in self.env.cr.fetchall():
            company = self.env["res.company"].browse(company_id)
            ids = self.env.execute_query(
                SQL(
                    "SELECT id FROM asi_ledger_line WHERE company_id = %s "
                    "AND chain_sequence IS NULL ORDER BY id",
                    company_id,
                )
            )
            sequence, head = self._asi_lock_chain(company)
            for start in range(0, len(ids), CHUNK):
                chunk = [row[0] for row in ids[start : start + CHUNK]]
                hashes = self._asi_seal(company, self._asi_rows(chunk), sequence, head)
                sequence += len(chunk)
                head = hashes[chunk[-1]]
        self.invalidate_model(["chain_sequence", "previous_hash", "inalterable_hash"])

    @api.model
    def _asi_reseal(self, company, from_sequence):
        """Seal again the chain of ``company`` from position ``from_sequence`` on: after the
        reopening of a period removed the lines its close wrote (only then). Returns the
        ids of the lines sealed again."""
        self.flush_model()
        self._asi_lock_chain(company)
        before = self.env.execute_query(
            SQL(
                "SELECT chain_sequence, inalterable_hash FROM asi_ledger_line "
                "WHERE company_id = %s AND chain_sequence < %s "
                "ORDER BY chain_sequence DESC LIMIT 1",
                company.id,
                from_sequence,
            )
        )
        sequence, head = before[0] if before else (0, None)
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    "SELECT id FROM asi_ledger_line WHERE company_id = %s "
                    "AND chain_sequence >= %s ORDER BY chain_sequence",
                    company.id,
                    from_sequence,
                )
            )
        ]
        # Moving each line down in ascending order only ever takes a free position.
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            hashes = self._asi_seal(company, self._asi_rows(chunk), sequence, head)
            sequence += len(chunk)
            head = hashes[chunk[-1]]
        if not ids:
            self._asi_seal(company, [], sequence, head)
        self.invalidate_model(["chain_sequence", "previous_hash", "inalterable_hash"])
        return ids

    # ------------------------------------------------------------------------------------
    # Checking
    # ------------------------------------------------------------------------------------
    @api.model
    def _asi_check_chain(self, company, date_to=None):
        """Walk the chain of ``company`` from its first line up to its last line dated on
        or before ``date_to`` (all of it when None), recomputing every hash.

        Returns {"ok", "lines_checked", "first_broken_line_id", "message"}."""
        self.flush_model()
        Company = self.env["res.company"].sudo()
        company = Company.browse(company.id)
        unchained = self.env.execute_query(
            SQL(
                "SELECT id FROM asi_ledger_line WHERE company_id = %s AND chain_sequence IS NULL "
                "%s ORDER BY id LIMIT 1",
                company.id,
                SQL("AND date <= %s", date_to) if date_to else SQL(),
            )
        )
        if unchained:
            return self._asi_broken(
                0,
                unchained[0][0],
                self.env._(
                    "ledger line %(line)s is not sealed: it was written below the ORM.",
                    line=unchained[0][0],
                ),
            )
        last = company.asi_ledger_chain_sequence or 0
        if date_to:
            last = self.env.execute_query(
                SQL(
                    "SELECT COALESCE(MAX(chain_sequence), 0) FROM asi_ledger_line "
                    "WHERE company_id = %s AND date <= %s",
                    company.id,
                    date_to,
                )
            )[0][0]
        columns = SQL(", ").join(SQL.identifier(name) for name in HASHED_COLUMNS)
        sequence, head, checked = 0, None, 0
        while sequence < last:
            rows = self.env.execute_query(
                SQL(
                    "SELECT chain_sequence, previous_hash, inalterable_hash, %s "
                    "FROM asi_ledger_line WHERE company_id = %s AND chain_sequence > %s "
                    "AND chain_sequence <= %s ORDER BY chain_sequence LIMIT %s",
                    columns,
                    company.id,
                    sequence,
                    last,
                    CHUNK,
                )
            )
            if not rows:
                break
            for seq, previous, digest, *row in rows:
                if seq != sequence + 1:
                    return self._asi_broken(
                        checked,
                        row[0],
                        self.env._(
                            "the line(s) before ledger line %(line)s in the chain are missing: "
                            "they were deleted below the ORM.",
                            line=row[0],
                        ),
                    )
                if (previous or None) != (head or None) or line_hash(row, seq, head) != digest:
                    return self._asi_broken(
                        checked,
                        row[0],
                        self.env._(
                            "ledger line %(line)s does not match its hash: it was changed "
                            "after it was posted.",
                            line=row[0],
                        ),
                    )
                sequence, head, checked = seq, digest, checked + 1
        # The end of the checked part: the line after it must follow it, or, at the end of
        # the chain, the company's head must be its hash (else lines were deleted there).
        following = self.env.execute_query(
            SQL(
                "SELECT chain_sequence, previous_hash, id FROM asi_ledger_line "
                "WHERE company_id = %s AND chain_sequence > %s ORDER BY chain_sequence LIMIT 1",
                company.id,
                sequence,
            )
        )
        if following and (following[0][0], following[0][1]) != (sequence + 1, head):
            return self._asi_broken(
                checked,
                following[0][2],
                self.env._(
                    "the line(s) before ledger line %(line)s in the chain are missing: they "
                    "were deleted below the ORM.",
                    line=following[0][2],
                ),
            )
        if sequence < last or (
            not following
            and (sequence, head or None)
            != (company.asi_ledger_chain_sequence or 0, company.asi_ledger_chain_hash or None)
        ):
            return self._asi_broken(
                checked,
                False,
                self.env._(
                    "the last line(s) of the chain are missing: they were deleted below the ORM."
                ),
            )
        return {
            "ok": True,
            "lines_checked": checked,
            "first_broken_line_id": False,
            "message": self.env._(
                "The hash chain is intact: %(count)s ledger lines checked, none was changed or "
                "deleted since it was posted.",
                count=checked,
            ),
        }

    @api.model
    def _asi_broken(self, checked, line_id, reason):
        return {
            "ok": False,
            "lines_checked": checked,
            "first_broken_line_id": line_id,
            "message": self.env._(
                "The hash chain is broken: %(reason)s", reason=reason
            ),
        }
