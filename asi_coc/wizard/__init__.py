from . import asi_period_close
