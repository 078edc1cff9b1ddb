from odoo import models

# The CoC block of the delivery slip is printed in pieces that each fit on a page: the first
# (the CoC data points and the first lines) right under the slip's lines on page 1, then
# pieces of lines, each a table kept on one page and titled with the delivery's name. A
# piece that does not fit in what is left of a page moves whole to the next one, so every
# page of the block starts with a title that names the delivery (V2.1 9.2, V3 6.3: each
# page of the CoC document identifies it). Debian's wkhtmltopdf (unpatched Qt) does not
# repeat a table header on the next page; this does not depend on it.
SLIP_FIRST_LINES = 5
SLIP_LINES_PER_PIECE = 20


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _asi_coc_slip_pieces(self, lines):
        """The CoC lines of the slip split into the pieces printed as separate tables."""
        pieces = [lines[:SLIP_FIRST_LINES]]
        for start in range(SLIP_FIRST_LINES, len(lines), SLIP_LINES_PER_PIECE):
            pieces.append(lines[start : start + SLIP_LINES_PER_PIECE])
        return pieces
