"""Met and breached clocks per month as an inline SVG, drawn on the server (no JavaScript):
the web page and the PDF show the same drawing."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from helpdesk.reports.report import ChartMonth

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 36, 36, 24
MET, BREACHED = "#2e7d32", "#c62828"
SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _ceiling(value: int) -> int:
    """A round top for the axis: 4, 8, 10, 20, 50, 100, ..."""
    for top in (4, 8, 10, 20, 50):
        if value <= top:
            return top
    step = 10 ** (len(str(value)) - 1)
    return -(-value // step) * step


def met_breached_svg(months: Sequence[ChartMonth], title: str = "Clocks met and breached"
                     ) -> Markup:
    top = _ceiling(max((max(m.met, m.breached) for m in months), default=0))
    plot_h = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT - 8) / max(len(months), 1)
    bar = max(slot / 2 - 4, 2)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" '
        'class="chart" font-family="sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="4" width="10" height="10" fill="{MET}"/>'
        f'<text x="{LEFT + 14}" y="13">met</text>'
        f'<rect x="{LEFT + 50}" y="4" width="10" height="10" fill="{BREACHED}"/>'
        f'<text x="{LEFT + 64}" y="13">breached</text>',
    ]
    for i in range(5):
        value = top * i // 4
        y = HEIGHT - BOTTOM - plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                     'stroke="#ddd"/>'
                     f'<text x="{LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{value}</text>')
    for index, month in enumerate(months):
        x = LEFT + index * slot + 4
        for offset, count, colour, word in ((0, month.met, MET, "met"),
                                            (bar, month.breached, BREACHED, "breached")):
            h = plot_h * count / top if top else 0
            y = HEIGHT - BOTTOM - h
            parts.append(f'<rect x="{x + offset:.1f}" y="{y:.1f}" width="{bar:.1f}" '
                         f'height="{h:.1f}" fill="{colour}"><title>{month.month}: {count} '
                         f'{word}</title></rect>')
            if count:
                parts.append(f'<text x="{x + offset + bar / 2:.1f}" y="{y - 2:.1f}" '
                             f'text-anchor="middle">{count}</text>')
        label = f"{SHORT[month.month.month - 1]}"
        parts.append(f'<text x="{x + bar:.1f}" y="{HEIGHT - BOTTOM + 14}" '
                     f'text-anchor="middle">{label}</text>')
        if index == 0 or month.month.month == 1:
            parts.append(f'<text x="{x + bar:.1f}" y="{HEIGHT - BOTTOM + 26}" '
                         f'text-anchor="middle">{month.month.year}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
