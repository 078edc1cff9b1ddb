from . import asi_due_diligence
from . import res_company
from . import res_config_settings
from . import res_partner
from . import purchase_order
from . import purchase_order_line
from . import stock_move
from . import survey_user_input
