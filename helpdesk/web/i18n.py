"""The Dutch catalogue: compiled from translations/*.po when the .mo is missing or older."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def compile_catalogues(translations: Path) -> None:
    """A fresh clone has the .po and the committed .mo; this only repairs a stale .mo."""
    for po_path in translations.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        try:
            with po_path.open("rb") as po:
                catalog = read_po(po)
            with mo_path.open("wb") as mo:
                write_mo(mo, catalog)
        except OSError:
            pass  # a read-only install keeps the committed .mo
