from . import test_receipt_delivery
