"""R23, seed 000: temporary (disposable) addresses are refused for accounts; the maintained
list comes from the disposable-email-domains package, administrators add their own."""

from __future__ import annotations

import pytest

from helpdesk.auth.disposable import extra_domains, is_disposable
from helpdesk.config import SettingsError, from_environment

# date_free: settings, catalogues and template lint, no time in them; no clock read, no database.
pytestmark = pytest.mark.date_free


@pytest.mark.parametrize("address", ["a@mailinator.com", "a@MAILINATOR.com",
                                     "a@x.mailinator.com", "a@guerrillamail.com"])
def test_listed_domains_and_their_subdomains_are_disposable(address):
    assert is_disposable(address)


@pytest.mark.parametrize("address", ["a@kroon.example", "a@gmail.com", "a@com", "no-at-sign"])
def test_ordinary_addresses_are_not(address):
    assert not is_disposable(address)


def test_extra_domains_from_the_setting_are_refused_too():
    extra = extra_domains(" Throwaway.example, burner.example ,")
    assert extra == {"throwaway.example", "burner.example"}
    assert is_disposable("a@mx.burner.example", extra=extra)
    assert not is_disposable("a@kroon.example", extra=extra)


def test_the_setting_is_validated_at_start(tmp_path):
    ok = from_environment({"HELPDESK_EXTRA_DISPOSABLE_DOMAINS": "A.example, b.example."},
                          tmp_path)
    assert ok["EXTRA_DISPOSABLE_DOMAINS"] == "a.example,b.example"
    with pytest.raises(SettingsError, match="HELPDESK_EXTRA_DISPOSABLE_DOMAINS must be"):
        from_environment({"HELPDESK_EXTRA_DISPOSABLE_DOMAINS": "a.example,not a domain"},
                         tmp_path)
    with pytest.raises(SettingsError, match="HELPDESK_EMAIL_CONFIRMATION_MAX_DAYS"):
        from_environment({"HELPDESK_EMAIL_CONFIRMATION_MAX_DAYS": "0"}, tmp_path)
