from . import test_scrap_cash_limit
from . import test_certificate_invalidation
