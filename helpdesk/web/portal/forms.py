"""Portal forms: report an incident, reply, reject a fix, confirm a phone report."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from helpdesk.i18n import lazy_gettext as _l
from helpdesk.web.staff.forms import IMPACT_CHOICES, URGENCY_CHOICES


class SubmitIncidentForm(FlaskForm):
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=300)])
    urgency = RadioField(_l("Urgency"), choices=URGENCY_CHOICES,
                         validators=[DataRequired(message=_l("Choose the urgency."))])
    impact = RadioField(_l("Business impact"), choices=IMPACT_CHOICES,
                        validators=[DataRequired(message=_l("Choose the impact."))])
    description = TextAreaField(_l("What happens, since when, what you tried"),
                                validators=[DataRequired(), Length(max=20000)])
    files = MultipleFileField(_l("Attachments (optional)"))
    submit = SubmitField(_l("Report incident"))


class MessageForm(FlaskForm):
    text = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=20000)])
    files = MultipleFileField(_l("Attachments (optional)"))
    submit = SubmitField(_l("Send"))


class RejectFixForm(FlaskForm):
    reason = TextAreaField(_l("What is still not working?"),
                           validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Not resolved"))


class ConfirmForm(FlaskForm):
    text = TextAreaField(_l("Confirmation"), validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Confirm in writing"))
