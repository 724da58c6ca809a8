"""The request's catalogue (helpdesk/i18n.py) is looked up once per language, and
follows `force_locale`: a mail rendered in the contact's language inside a staff member's
request must not take the page's language, nor the page the mail's."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

from helpdesk.i18n import catalogue, gettext


def test_the_catalogue_follows_force_locale_and_comes_back(app):
    with app.test_request_context("/"):
        assert gettext("Queues") == "Queues"  # English, the default
        english = catalogue()
        assert catalogue() is english  # kept for the request
        with force_locale("nl"):
            assert gettext("Queues") == "Wachtrijen"
            assert render_template_string("{{ _('Queues') }}") == "Wachtrijen"
            with force_locale("fr"):
                assert gettext("Queues") != "Wachtrijen"
                assert render_template_string("{{ _('Queues') }}") == gettext("Queues")
            assert gettext("Queues") == "Wachtrijen"
        assert gettext("Queues") == "Queues"
        assert render_template_string("{{ _('Queues') }}") == "Queues"


def test_gettext_fills_in_its_variables(app):
    with app.test_request_context("/"), force_locale("nl"):
        assert gettext("Page %(n)s", n=3) == render_template_string("{{ _('Page %(n)s', n=3) }}")
        assert "3" in gettext("Page %(n)s", n=3)
