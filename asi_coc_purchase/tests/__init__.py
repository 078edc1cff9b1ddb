from . import test_due_diligence
from . import test_po_gate
from . import test_po_receipt
from . import test_survey_public_flow
