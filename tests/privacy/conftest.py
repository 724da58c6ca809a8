from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _app_context(app):  # every privacy test runs inside a migrated, empty database
    yield app
