"""pytest configuration of the suite (pytest-odoo).

Browser tours (HttpCase) need a running Odoo HTTP server, which pytest-odoo does not start:
setup/test.sh runs them with Odoo's own runner, so pytest skips them here.
"""

import pytest


def pytest_collection_modifyitems(config, items):
    from odoo.tests import HttpCase

    skip = pytest.mark.skip(reason="browser tour: runs under Odoo's runner in setup/test.sh")
    for item in items:
        cls = getattr(item, "cls", None)
        if cls is not None and issubclass(cls, HttpCase):
            item.add_marker(skip)
