"""Forms of the agent workflow (issue #16): canned-reply templates and merging duplicates."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.i18n import lazy_gettext as _l

LANGUAGE_NAMES = {"nl": _l("Dutch"), "en": _l("English"), "fr": _l("French"),
                  "de": _l("German")}

# What each placeholder of helpdesk/workflow/canned.py stands for, in the staff's language.
PLACEHOLDER_LABELS = {
    "contact_name": _l("the reporting contact person's name"),
    "reference": _l("the ticket's reference"),
    "title": _l("the ticket's title"),
    "deadline": _l("the ticket's next contract deadline, in Brussels time"),
    "agent_name": _l("the name of the staff member replying"),
}


class CannedReplyForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    text_nl = TextAreaField(_l("Text in Dutch"), validators=[Optional(), Length(max=20000)])
    text_en = TextAreaField(_l("Text in English"), validators=[Optional(), Length(max=20000)])
    text_fr = TextAreaField(_l("Text in French"), validators=[Optional(), Length(max=20000)])
    text_de = TextAreaField(_l("Text in German"), validators=[Optional(), Length(max=20000)])
    submit = SubmitField(_l("Save canned reply"))

    def texts(self) -> dict[str, str]:
        return {lang: getattr(self, f"text_{lang}").data or "" for lang in LANGUAGE_NAMES}


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Delete"))


class MergeForm(FlaskForm):
    into = StringField(_l("Keep ticket (reference)"),
                       validators=[DataRequired(), Length(max=32)])
    reason = StringField(_l("Why it is a duplicate"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Merge into that ticket"))
