from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _app_context(app):  # the search tests run inside a migrated, empty database
    yield app
