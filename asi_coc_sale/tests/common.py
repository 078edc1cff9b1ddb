import io
import re
from contextlib import contextmanager
from datetime import date, datetime

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo.tests import Form
from odoo.tools.pdf import PdfReader

from odoo.addons.asi_coc_stock.tests.common import AsiStockCase

STATEMENT = (
    "The information provided in this CoC Document is in accordance with the ASI CoC Standard"
)
MARCH = datetime(2026, 3, 10, 10, 0)


def squash(text):
    """Text without whitespace: PDF text extraction breaks lines and spaces at will."""
    return re.sub(r"\s+", "", text)


class AsiSaleCase(AsiStockCase):
    """A certified company (own CoC certificate), a certified customer, ASI ingot in stock and
    helpers that quote, confirm, deliver and invoice through Odoo's own flows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The company's own certificate of AsiStockCase, under the number the tests print.
        cls.own_cert = cls.own_certificate
        cls.own_cert.write(
            {
                "number": "ASI-OWN-0007",
                "material_type_ids": [(6, 0, (cls.aluminium | cls.scrap_post).ids)],
            }
        )
        cls.company.asi_certificate_id = cls.own_cert
        cls.customer.write({"is_company": True, "street": "8 Coil Avenue", "city": "Wuxi"})
        cls.customer_cert = cls.Certificate.create(
            {
                "number": "ASI-CUST-0042",
                "holder_id": cls.customer.id,
                "date_start": date(2025, 6, 1),
                "date_end": date(2028, 5, 31),
                "material_type_ids": [(6, 0, cls.aluminium.ids)],
            }
        )
        cls.ingot.write({"invoice_policy": "delivery", "list_price": 3.0, "default_code": "P1020"})
        cls.silicon = cls.env["product.product"].create(
            {"name": "Silicon metal", "type": "consu", "invoice_policy": "delivery"}
        )

    # --------------------------------------------------------------------------------
    # helpers
    # --------------------------------------------------------------------------------
    @contextmanager
    def on(self, when=MARCH):
        with freeze_time(when):
            yield

    def quote(self, qty=600, requested=True, product=None, partner=None, extra_lines=()):
        lines = [
            (
                0,
                0,
                {
                    "product_id": (product or self.ingot).id,
                    "product_uom_qty": qty,
                    "asi_requested": requested,
                },
            ),
            *[(0, 0, vals) for vals in extra_lines],
        ]
        return self.env["sale.order"].create(
            {"partner_id": (partner or self.customer).id, "order_line": lines}
        )

    def onchange_warning(self, order):
        """The warning the salesperson gets when ticking ASI on the order's first line in
        the order's form (Odoo's Form logs an onchange's warning); the form is not saved."""
        form = Form(order)
        with (
            self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs,
            form.order_line.edit(0) as line,
        ):
            line.asi_requested = False
            line.asi_requested = True
        return logs.records[-1].args

    def confirm(self, order, when=MARCH):
        with freeze_time(when):
            order.action_confirm()
        return order

    def open_delivery_of(self, order, lots, qty=None):
        """The order's open delivery, reserved, with the lines of the products in ``lots``
        ({product: lot}) taken from their lot (``qty``, all by default) and the others in
        full."""
        picking = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        picking.action_assign()
        for move in picking.move_ids:
            if move.product_id in lots:
                move.move_line_ids.unlink()
                move.move_line_ids = [
                    (
                        0,
                        0,
                        {
                            "lot_id": lots[move.product_id].id,
                            "quantity": qty or move.product_uom_qty,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                            "product_id": move.product_id.id,
                        },
                    )
                ]
            else:
                move.quantity = move.product_uom_qty
        return picking

    def ship(self, order, lot, qty=None, when=MARCH):
        """Validate the order's open delivery, taking ``qty`` (all by default) from ``lot``."""
        picking = self.open_delivery_of(order, {self.ingot: lot}, qty)
        picking.move_ids.picked = True
        with freeze_time(when):
            res = picking.button_validate()
            if isinstance(res, dict) and res.get("res_model") == "stock.backorder.confirmation":
                wizard = self.env["stock.backorder.confirmation"].with_context(**res["context"])
                wizard.create({}).process()
        return picking

    def invoice(self, order, when=datetime(2026, 3, 12, 9, 0)):
        with freeze_time(when):
            invoice = order._create_invoices()
            invoice.action_post()
        return invoice

    def asi_lot(self, qty=1000, name="L-ASI-1"):
        picking = self.receive_asi(self.ingot, qty, name, "NPS-77")
        return picking.move_line_ids.lot_id

    def sold_and_shipped(self, qty=600, lot_qty=1000):
        lot = self.asi_lot(lot_qty)
        order = self.confirm(self.quote(qty))
        picking = self.ship(order, lot)
        return order, picking

    def render_html(self, report, records):
        html, _type = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        return html.decode()

    def text_of(self, html, xpath=None):
        tree = lxml_html.fromstring(html)
        nodes = tree.xpath(xpath) if xpath else [tree]
        return " ".join(" ".join(node.text_content().split()) for node in nodes) or None

    def pdf_text(self, report, records):
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(report_type, "pdf")
        return squash("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))

    def return_goods(self, picking, qty, when):
        """Return ``qty`` of ``picking``'s lot from the customer, even beyond what the return
        wizard proposes."""
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = qty
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        move = returned.move_ids
        move.move_line_ids.unlink()
        move.move_line_ids = [
            (
                0,
                0,
                {
                    "lot_id": picking.move_line_ids.lot_id.id,
                    "quantity": qty,
                    "product_id": move.product_id.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                },
            )
        ]
        move.picked = True
        with freeze_time(when):
            returned.button_validate()
        return returned
