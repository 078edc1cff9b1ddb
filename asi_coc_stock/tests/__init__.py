from . import test_receipt_delivery
from . import test_coc_data
from . import test_delivery_slip
