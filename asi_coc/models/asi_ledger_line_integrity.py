from hashlib import sha256

from odoo import api, fields, models
from odoo.tools import SQL

# What a line's hash covers: everything it records, serialized by PostgreSQL only, so that
# sealing (Python) and checking (SQL) read the same text. Not the note (the one field that
# may change in an open period) and not Odoo's bookkeeping columns.
CONTENT = SQL(
    "json_build_array(id, company_id, period_id, date, site_id, material_type_id, asi_status, "
    "direction, flow_type, round(mass_kg::numeric, 3), partner_id, certificate_id, "
    "document_ref, res_model, res_id, origin_line_id, force_majeure_id, coc_error_id, "
    "close_entry)::text"
)
# The hash of a line, as Odoo's ``account`` computes a journal entry's inalterable hash
# (``account.move._calculate_hashes``): SHA-256 of the previous hash followed by the record.
HASH = SQL(
    "encode(sha256(convert_to(COALESCE(previous_hash, '') || chain_sequence::text || '|' || "
    "%s, 'UTF8')), 'hex')",
    CONTENT,
)
# Lines sealed per query (migration, reopen).
CHUNK = 5000


def line_hash(previous_hash, sequence, content):
    """HASH, computed in Python at posting."""
    return sha256(f"{previous_hash or ''}{sequence}|{content}".encode()).hexdigest()


class AsiLedgerLine(models.Model):
    """Inalterability of the ledger (V2.1 1.6, V3 2.2: records are kept unaltered): every
    line is sealed when it is written, by a hash of its content and of the hash of the
    company's previous line, as Odoo's ``account`` secures posted journal entries. A line
    changed or deleted below the ORM and the triggers breaks the chain from that line on:
    :meth:`_asi_check_chain` names it."""

    _inherit = "asi.ledger.line"  # pylint: disable=consider-merging-classes-inherited

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
        """[(id, content)] of ``ids``, in that order."""
        rows = self.env.execute_query(
            SQL(
                "SELECT id, %s FROM asi_ledger_line WHERE id IN %s",
                CONTENT,
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
            digest = line_hash(head, sequence, row[1])
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
        """Check the chain of ``company`` from its first line up to its last line dated on
        or before ``date_to`` (all of it when None), recomputing every hash.

        Returns {"ok", "lines_checked", "first_broken_line_id", "message"}."""
        self.flush_model()
        company = self.env["res.company"].sudo().browse(company.id)
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
        head_sequence = company.asi_ledger_chain_sequence or 0
        last = head_sequence
        if date_to:
            last = self.env.execute_query(
                SQL(
                    "SELECT COALESCE(MAX(chain_sequence), 0) FROM asi_ledger_line "
                    "WHERE company_id = %s AND date <= %s",
                    company.id,
                    date_to,
                )
            )[0][0]
        following = self.env.execute_query(
            SQL(
                "SELECT MIN(chain_sequence) FROM asi_ledger_line WHERE company_id = %s "
                "AND chain_sequence > %s",
                company.id,
                last,
            )
        )[0][0]
        # Per line: no position is missing before it, its previous hash is the hash of the
        # line before it, and its hash is that of its content. Together: the chain walked
        # from its start, in one pass of PostgreSQL. The line after the checked part must
        # follow it too (else lines were deleted at its end).
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, chain_sequence, missing FROM (
                    SELECT id, chain_sequence,
                           chain_sequence - 1 != COALESCE(LAG(chain_sequence) OVER w, 0)
                           OR previous_hash IS DISTINCT FROM LAG(inalterable_hash) OVER w
                               AS missing,
                           inalterable_hash IS DISTINCT FROM %(hash)s AS changed
                      FROM asi_ledger_line
                     WHERE company_id = %(company)s AND chain_sequence <= %(until)s
                    WINDOW w AS (ORDER BY chain_sequence)
                ) AS chain
                 WHERE missing OR (changed AND chain_sequence <= %(last)s)
              ORDER BY chain_sequence LIMIT 1
                """,
                hash=HASH,
                company=company.id,
                until=following or last,
                last=last,
            )
        )
        if rows:
            line_id, sequence, missing = rows[0]
            checked = self.env.execute_query(
                SQL(
                    "SELECT COUNT(*) FROM asi_ledger_line WHERE company_id = %s "
                    "AND chain_sequence < %s",
                    company.id,
                    sequence,
                )
            )[0][0]
            if missing:
                reason = self.env._(
                    "the line(s) before ledger line %(line)s in the chain are missing or were "
                    "changed: they were deleted or altered below the ORM.",
                    line=line_id,
                )
            else:
                reason = self.env._(
                    "ledger line %(line)s does not match its hash: it was changed after it "
                    "was posted.",
                    line=line_id,
                )
            return self._asi_broken(checked, line_id, reason)
        tail = self.env.execute_query(
            SQL(
                "SELECT chain_sequence, inalterable_hash FROM asi_ledger_line WHERE "
                "company_id = %s AND chain_sequence IS NOT NULL "
                "ORDER BY chain_sequence DESC LIMIT 1",
                company.id,
            )
        )
        tail_sequence, tail_hash = tail[0] if tail else (0, None)
        if (tail_sequence, tail_hash) != (head_sequence, company.asi_ledger_chain_hash or None):
            return self._asi_broken(
                min(last, tail_sequence),
                False,
                self.env._(
                    "the last line(s) of the chain are missing: they were deleted below the ORM."
                ),
            )
        return {
            "ok": True,
            "lines_checked": last,
            "first_broken_line_id": False,
            "message": self.env._(
                "The hash chain is intact: %(count)s ledger lines checked, none was changed or "
                "deleted since it was posted.",
                count=last,
            ),
        }

    @api.model
    def _asi_broken(self, checked, line_id, reason):
        return {
            "ok": False,
            "lines_checked": checked,
            "first_broken_line_id": line_id,
            "message": self.env._("The hash chain is broken: %(reason)s", reason=reason),
        }
