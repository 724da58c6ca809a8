"""The ticket page's action forms are rendered once per language and state and kept
(helpdesk/web/form_html.py, issue #16): each ticket still shows its own choices, and a form
with errors or with text in it is rendered afresh."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from flask import render_template_string
from flask_babel import force_locale

from helpdesk.extensions import db
from helpdesk.tickets import actions
from helpdesk.timefmt import BRUSSELS
from helpdesk.web import form_html
from helpdesk.web.staff import forms as f
from tests.factories import login, make_ticket
from tests.integration.test_web_helpers import page, world

WEDNESDAY = datetime(2026, 11, 18, 11, 0, tzinfo=BRUSSELS)
WRAPPED = "{% call form_html_once(form, 'k') %}{% for f in form %}{{ f() }}{{ f.label() }}" \
          "{% endfor %}{% endcall %}"


def section(html: str, key: str) -> str:
    part = html[html.index(f'id="action-{key}"'):]
    return part[:part.index("</details>")]


def test_each_ticket_page_shows_its_own_state_with_the_forms_kept(client, clock):
    w = world()
    login(client, w.staff)
    clock.set(WEDNESDAY)
    mine = make_ticket(w.contact, urgency="blocking", impact="all", at=WEDNESDAY)
    nobodys = make_ticket(w.contact, urgency="light", impact="some", at=WEDNESDAY)
    actions.assign(mine, to=w.staff, by=w.staff, now=WEDNESDAY + timedelta(minutes=1))
    db.session.commit()

    for _ in range(2):  # the second round is served from what the first kept
        html = page(client.get(f"/staff/tickets/{mine.reference}"))
        assert re.findall(r'data-urgency="(\w+)" data-impact="(\w+)" class="chosen"',
                          section(html, "priority")) == [("blocking", "all")]
        assert f'<option selected value="{w.staff.id}">Tom</option>' in section(html, "assign")
        assert "checked" not in section(html, "acknowledge")  # already assigned

        html = page(client.get(f"/staff/tickets/{nobodys.reference}"))
        assert re.findall(r'data-urgency="(\w+)" data-impact="(\w+)" class="chosen"',
                          section(html, "priority")) == [("light", "some")]
        assert '<option selected value="0">' in section(html, "assign")
        assert "checked" in section(html, "acknowledge")  # "assign to me" ticked
    assert form_html._KEPT


def test_a_kept_form_is_per_language(app):
    with app.test_request_context():
        form = f.NoteForm(formdata=None)
        english = render_template_string(WRAPPED, form=form)
        with force_locale("nl"):
            dutch = render_template_string(WRAPPED, form=form)
        assert english != dutch
        assert render_template_string(WRAPPED, form=form) == english


def test_a_form_with_errors_or_typed_text_is_not_kept(app):
    with app.test_request_context():
        assert form_html.state(f.ReplyForm(formdata=None)) is not None
        assert form_html.state(f.ReplyForm(formdata=None, text="Dear Jan, ...")) is None
        refused = f.NoteForm(formdata=None)
        refused.validate()
        assert refused.errors and form_html.state(refused) is None

        calls = []

        def caller() -> str:
            calls.append(1)
            return "<p>fields</p>"

        typed = f.ReplyForm(formdata=None, text="Dear Jan, ...")
        form_html.form_html_once(typed, "reply", caller=caller)
        form_html.form_html_once(typed, "reply", caller=caller)
        assert len(calls) == 2


def test_a_changed_label_or_choice_is_a_new_state(app):
    with app.test_request_context():
        one, other = f.AssignForm(formdata=None), f.AssignForm(formdata=None)
        one.staff_id.choices = [(0, "nobody"), (1, "Tom")]
        other.staff_id.choices = [(0, "nobody"), (1, "Tom"), (2, "Ada")]
        assert form_html.state(one) != form_html.state(other)
        other.staff_id.choices = [(0, "nobody"), (1, "Tom")]
        assert form_html.state(one) == form_html.state(other)
        other.staff_id.label.text = "Give to"
        assert form_html.state(one) != form_html.state(other)
