from . import test_designation
from . import test_eligible_scrap
from . import test_production
from . import test_yield
from . import test_tour
