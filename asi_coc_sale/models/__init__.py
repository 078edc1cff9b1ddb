from . import res_company
from . import sale_order
from . import sale_order_line
from . import stock_rule
from . import stock_move
from . import account_move
from . import account_move_line
from . import ir_actions_report
