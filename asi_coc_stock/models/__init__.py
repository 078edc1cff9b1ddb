from . import stock_warehouse
from . import stock_lot
from . import stock_move_line
from . import stock_move
from . import stock_picking
from . import product_template
