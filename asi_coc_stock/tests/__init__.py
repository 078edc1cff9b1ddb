from . import test_receipt_delivery
from . import test_receipt_rules
from . import test_sites_outsourcing
from . import test_coc_data_import
from . import test_coc_data
from . import test_delivery_slip
from . import test_tour
from . import test_whole_transaction
