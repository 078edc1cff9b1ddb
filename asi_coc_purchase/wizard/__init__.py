from . import asi_po_gate_override
