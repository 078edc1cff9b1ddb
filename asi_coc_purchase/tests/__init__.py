from . import test_scrap_cash_limit
from . import test_certificate_invalidation
from . import test_due_diligence
from . import test_po_gate
from . import test_po_receipt
from . import test_survey_public_flow
from . import test_due_diligence_state
from . import test_scrap_due_diligence
