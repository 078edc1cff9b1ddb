from . import test_certificate
from . import test_company
from . import test_conversion_factor
from . import test_partner
from . import test_product
from . import test_retention
from . import test_security
from . import test_tour
