from . import account_payment
from . import asi_certificate
