from . import asi_receipt_verify
from . import asi_coc_data_import
from . import asi_coc_document_revise
from . import asi_receipt_confirm
