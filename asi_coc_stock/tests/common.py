from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.addons.asi_coc.tests.common_mass_balance import MassBalanceCase


class AsiPickingMixin:
    """Receipts and deliveries through real pickings, for a case that has ``warehouse``,
    ``stock`` (its stock location), ``smelter`` (the default supplier) and ``customer``."""

    def draft_receipt(self, product, qty, partner=None):
        """A confirmed receipt of ``qty`` of ``product`` from ``partner`` (the smelter)."""
        suppliers = self.env.ref("stock.stock_location_suppliers")
        picking = self.env["stock.picking"].create(
            {
                "partner_id": (partner or self.smelter).id,
                "picking_type_id": self.warehouse.in_type_id.id,
                "location_id": suppliers.id,
                "location_dest_id": self.stock.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": suppliers.id,
                            "location_dest_id": self.stock.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        return picking

    def open_receipt(self, product, qty, lot, partner=None, **asi):
        """A receipt ready to validate: lot ``lot``, the supplier's CoC data ``asi`` typed
        on its line."""
        picking = self.draft_receipt(product, qty, partner)
        picking.move_ids.move_line_ids.write({"lot_name": lot, "quantity": qty, **asi})
        return picking

    def receive(self, product, qty, lot, partner=None, when=datetime(2026, 2, 10, 10, 0), **asi):
        if asi.get("asi_status") in ("asi", "eligible"):
            # CoC data states aluminium content (V2.1 8.3).
            asi.setdefault("asi_declared_mass_kg", product._asi_aluminium_kg(qty))
        return self.validate_picking(self.open_receipt(product, qty, lot, partner, **asi), when)

    def receive_asi(self, product, qty, lot, document_ref, **asi):
        """A receipt of ASI material from the smelter with its CoC data: its certificate
        ASI-T-0001 and the CoC document ``document_ref``."""
        asi = {"asi_certificate_number": "ASI-T-0001", "asi_document_ref": document_ref, **asi}
        return self.receive(product, qty, lot, asi_status="asi", **asi)

    def open_delivery(self, lines, partner=None):
        """A delivery ready to validate. ``lines``: (product, qty, lot, designated) tuples; a
        product without lots has ``lot`` None."""
        customers = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "partner_id": (partner or self.customer).id,
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "asi_designated": designated,
                            "location_id": self.stock.id,
                            "location_dest_id": customers.id,
                        },
                    )
                    for product, qty, _lot, designated in lines
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        moves = picking.move_ids.sorted("id")
        for move, (_product, qty, lot, _designated) in zip(moves, lines, strict=True):
            if lot:
                move.move_line_ids.write({"lot_id": lot.id, "quantity": qty})
            else:
                move.quantity = qty
        return picking

    def deliver(
        self, product, qty, lot, designated=True, partner=None, when=datetime(2026, 3, 10, 10, 0)
    ):
        picking = self.open_delivery([(product, qty, lot, designated)], partner)
        return self.validate_picking(picking, when)

    def validate_picking(self, picking, when):
        picking.move_ids.picked = True
        with freeze_time(when):
            picking.button_validate()
        return picking


class AsiStockCase(AsiPickingMixin, MassBalanceCase):
    """A casthouse site with the company's warehouse, lot-tracked ingot and scrap products,
    a customer, and helpers that receive and deliver through real pickings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.site = cls.env["asi.site"].create({"name": "Casthouse", "code": "CH"})
        cls.warehouse.asi_site_id = cls.site
        cls.kg = cls.env.ref("uom.product_uom_kgm")
        cls.ingot = cls.env["product.product"].create(
            {
                "name": "Ingot P1020",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
                "asi_material_type_id": cls.aluminium.id,
            }
        )
        cls.scrap = cls.env["product.product"].create(
            {
                "name": "UBC scrap",
                "is_storable": True,
                "tracking": "lot",
                "uom_id": cls.kg.id,
                "uom_po_id": cls.kg.id,
                "asi_material_type_id": cls.scrap_post.id,
                "asi_aluminium_content": 90,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Rolling Mill", "asi_role": "customer"}
        )
        cls.stock = cls.warehouse.lot_stock_id
        # Only a certified entity ships ASI material (V2.1 11): the company's own certificate.
        cls.own_certificate = cls.Certificate.create(
            {
                "number": "ASI-OWN-0001",
                "holder_id": cls.company.partner_id.id,
                "date_start": date(2025, 1, 1),
                "date_end": date(2027, 12, 31),
                "material_type_ids": [(6, 0, (cls.aluminium | cls.scrap_pre | cls.scrap_post).ids)],
            }
        )

    @contextmanager
    def approved_due_diligence(self, *partners):
        """asi_coc_purchase answers the due-diligence hook of scrap suppliers (V2.1 4.2 b, c)
        from its assessments; here the answer is "approved" for ``partners``, as that module
        gives it for an approval valid on the date."""
        registry_class = type(self.env["res.partner"])
        current = registry_class._asi_scrap_due_diligence_reasons

        def answer(partner, company, on_date):
            if partner.commercial_partner_id in partners:
                return []
            return current(partner, company, on_date)

        with patch.object(registry_class, "_asi_scrap_due_diligence_reasons", answer):
            yield

    def ledger(self, picking):
        return self.Line.search(
            [("res_model", "=", "stock.move"), ("res_id", "in", picking.move_ids.ids)]
        )

    def return_of(self, picking, qty, when):
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=picking.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = qty
        returned = self.env["stock.picking"].browse(wizard.action_create_returns()["res_id"])
        returned.move_ids.move_line_ids.write(
            {"lot_id": picking.move_line_ids.lot_id.id, "quantity": qty}
        )
        returned.move_ids.picked = True
        with freeze_time(when):
            returned.button_validate()
        return returned
