from . import test_sale_cast_billets
