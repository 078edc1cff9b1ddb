from . import asi_period_close
from . import asi_certificate_register_import
from . import asi_period_tie_out
