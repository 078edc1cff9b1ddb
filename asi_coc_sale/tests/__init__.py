from . import test_sale_request
from . import test_invoice
from . import test_returns
from . import test_whole_transaction
from . import test_screens
