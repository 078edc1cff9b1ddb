from . import asi_accounting_period
from . import mrp_production
from . import stock_move
