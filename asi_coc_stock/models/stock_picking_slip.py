from odoo import models

# The CoC block of the delivery slip is printed in pieces that each fit on a page: the first
# (the CoC data points and the first lines) right under the slip's lines on page 1, then
# pieces of lines, each a table kept on one page and titled with the delivery's name. A
# piece that does not fit in what is left of a page moves whole to the next one, so every
# page of the block starts with a title that names the delivery: a page read alone still
# leads to its CoC document (V2.1 9.2 b). Debian's wkhtmltopdf (unpatched Qt) does not
# repeat a table header on the next page; this does not depend on it.
# Sizes measured on A4 with the report's CSS (the demo's slip with 60 lines): below the
# slip's head and lines, page 1 holds the CoC data points and 3 lines whose product names
# wrap; a page holds a title and 15 one-line rows (a product name of more than
# SLIP_WRAP_CHARS characters wraps and counts twice); the sustainability table, whose
# product column is narrow, 10 rows of two lines.
SLIP_FIRST_LINES = 3
SLIP_ROWS_PER_PIECE = 15
SLIP_WRAP_CHARS = 60
SLIP_SUSTAINABILITY_PER_PIECE = 10


class StockPicking(models.Model):
    _inherit = "stock.picking"  # pylint: disable=consider-merging-classes-inherited

    def _asi_coc_slip_pieces(self, lines):
        """The CoC lines of the slip split into the pieces printed as separate tables."""
        pieces = [lines[:SLIP_FIRST_LINES]]
        rows = SLIP_ROWS_PER_PIECE
        for line in lines[SLIP_FIRST_LINES:]:
            label = f"[{line['product_code'] or ''}] {line['product_name']}"
            height = 1 + len(label) // SLIP_WRAP_CHARS
            if rows + height > SLIP_ROWS_PER_PIECE:
                pieces.append([])
                rows = 0
            pieces[-1].append(line)
            rows += height
        return pieces

    def _asi_coc_slip_sustainability_pieces(self, lines):
        """The sustainability data (V2.1 9.3) of the slip in pieces of its own table."""
        step = SLIP_SUSTAINABILITY_PER_PIECE
        return [lines[start : start + step] for start in range(0, len(lines), step)]
