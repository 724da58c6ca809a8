"""Forms for complaints (art. 16.1) and conflict notices (art. 39.4.2), for staff and the
portal; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.i18n import lazy_gettext as _l

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
SUBJECTS = [("service", _l("the service")), ("invoice", _l("an invoice"))]
STAFF_CHANNELS = [("registered_letter", _l("registered letter")), ("email", _l("e-mail")),
                  ("letter", _l("letter"))]


class ComplaintForm(FlaskForm):
    subject = RadioField(_l("The complaint is about"), choices=SUBJECTS, default="service",
                         validators=[DataRequired()])
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("The complaint"), validators=[DataRequired(), Length(max=20000)])
    noticed_on = DateField(_l("Day the problem was (or should have been) noticed"),
                           validators=[Optional()])
    submit = SubmitField(_l("Register the complaint"))


NO_INVOICE = 0


class PortalComplaintForm(ComplaintForm):
    invoice_id = SelectField(_l("Invoice"), coerce=int, default=NO_INVOICE)


class StaffComplaintForm(ComplaintForm):
    customer_id = SelectField(_l("Customer"), coerce=int, validators=[DataRequired()])
    received_at = DateTimeLocalField(_l("Received (Brussels time)"), format=LOCAL_FORMAT,
                                     validators=[DataRequired()])
    channel = SelectField(_l("Received by"), choices=STAFF_CHANNELS, default="email")
    invoice_number = StringField(_l("Invoice number"), validators=[Optional(), Length(max=64)])


class ConflictForm(FlaskForm):
    title = StringField(_l("Short title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("The conflict"), validators=[DataRequired(), Length(max=20000)])
    submit = SubmitField(_l("Register the conflict notice"))


class StaffConflictForm(ConflictForm):
    customer_id = SelectField(_l("Customer"), coerce=int, validators=[DataRequired()])
    received_at = DateTimeLocalField(_l("Received (Brussels time)"), format=LOCAL_FORMAT,
                                     validators=[DataRequired()])
    channel = SelectField(_l("Received by"), choices=STAFF_CHANNELS,
                          default="registered_letter")


class AnswerForm(FlaskForm):
    text = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=20000)])
    held_at = DateTimeLocalField(_l("Consultation held (Brussels time; conflicts only)"),
                                 format=LOCAL_FORMAT, validators=[Optional()])
    submit = SubmitField(_l("Record the answer"))
