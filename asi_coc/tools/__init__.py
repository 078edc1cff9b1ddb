# Plain helpers shared by the add-ons of the suite (no models): import them from
# ``odoo.addons.asi_coc.tools``.
from .format import format_kg, format_share, format_t
