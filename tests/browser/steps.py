"""Steps the browser tests share: logging in and submitting a staff action."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(page, base: str, audience: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/{audience}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")


def staff_action(page, key: str, **fields: str | bool) -> None:  # type: ignore[no-untyped-def]
    """Open the action, fill its fields (True ticks a checkbox) and submit it."""
    page.click(f"#action-{key} summary")
    for name, value in fields.items():
        if value is True:
            page.check(f"#action-{key} [name={name}]")
        else:
            page.fill(f"#action-{key} [name={name}]", str(value))
    page.click(f"#action-{key} input[type=submit]")
    page.wait_for_selector(".flash.success")
