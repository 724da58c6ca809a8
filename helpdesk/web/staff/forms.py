"""Staff forms: one small form per action, each posting to its own route."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from helpdesk.i18n import lazy_gettext as _l
from helpdesk.sla.priority import IMPACTS, URGENCIES
from helpdesk.tickets import reasons
from helpdesk.tickets.actions import NOT_AN_INCIDENT_REASONS
from helpdesk.web.labels import IMPACT, URGENCY

URGENCY_CHOICES = [(code, URGENCY[code]) for code in URGENCIES]
IMPACT_CHOICES = [(code, IMPACT[code]) for code in IMPACTS]
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class ActionForm(FlaskForm):
    """An action without input (supplier delivered, on-site visit)."""

    submit = SubmitField(_l("Record"))


class AcknowledgeForm(FlaskForm):
    message = TextAreaField(_l("Message to the customer (optional)"),
                            validators=[Optional(), Length(max=5000)])
    # The page ticks it when nobody has the ticket yet (tickets.action_forms).
    assign_to_me = BooleanField(_l("Assign to me"))
    submit = SubmitField(_l("Acknowledge"))


def _fix_note(label: str, id: str) -> TextAreaField:
    return TextAreaField(label, validators=[DataRequired(message=_l("Say what was done.")),
                                            Length(max=5000)], id=id)


def _fix_confirmation(label: str, id: str) -> BooleanField:
    return BooleanField(label, validators=[DataRequired(message=_l("Tick to confirm."))], id=id)


class ResolveForm(FlaskForm):
    """Art. 39.3.1: a fix says what was done, and is confirmed before it stops the clock."""

    # Ids of their own: the workaround form beside it has fields of the same names.
    note = _fix_note(_l("Resolution note (mailed to the customer, shown in the portal)"),
                     "resolve-note")
    confirm = _fix_confirmation(
        _l("I confirm the customer's infrastructure is operational again"), "resolve-confirm")
    submit = SubmitField(_l("Resolve and inform the customer"))


class WorkaroundForm(FlaskForm):
    note = _fix_note(_l("The workaround (mailed to the customer, shown in the portal)"),
                     "workaround-note")
    confirm = _fix_confirmation(_l("I confirm the service is restored by this workaround"),
                                "workaround-confirm")
    submit = SubmitField(_l("Record the workaround and inform the customer"))


class AssignForm(FlaskForm):
    staff_id = SelectField(_l("Assign to"), coerce=int)
    submit = SubmitField(_l("Assign"))


class ReplyForm(FlaskForm):
    text = TextAreaField(_l("Reply to the customer"),
                         validators=[DataRequired(), Length(max=20000)])
    submit = SubmitField(_l("Send reply"))


class NoteForm(FlaskForm):
    text = TextAreaField(_l("Internal note"), validators=[DataRequired(), Length(max=20000)])
    submit = SubmitField(_l("Add note"))


class PriorityForm(FlaskForm):
    urgency = RadioField(_l("Urgency"), choices=URGENCY_CHOICES, validators=[DataRequired()])
    impact = RadioField(_l("Business impact"), choices=IMPACT_CHOICES,
                        validators=[DataRequired()])
    reason = TextAreaField(_l("Why (after consultation with the customer)"),
                           validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Set priority"))


class SupplierForm(FlaskForm):
    supplier = StringField(_l("External supplier"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Suspend for supplier"))


class NotAnIncidentForm(FlaskForm):
    reason = SelectField(_l("Reason (art. 38.3)"),
                         choices=[(r, reasons.NOT_AN_INCIDENT[r])
                                  for r in NOT_AN_INCIDENT_REASONS])
    detail = StringField(_l("Details (optional; kept with the reason)"),
                         validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Not an incident"))


class OutOfScopeForm(FlaskForm):
    reason = StringField(_l("Why it is out of scope (shown to the customer)"),
                         validators=[DataRequired(message=_l("Say why.")), Length(max=500)])
    submit = SubmitField(_l("Out of scope (binding)"))


class TimeEntryForm(FlaskForm):
    start = DateTimeLocalField(_l("Start (Brussels time)"), format=LOCAL_FORMAT,
                               validators=[DataRequired(message=_l("Enter a start."))])
    end = DateTimeLocalField(_l("End (Brussels time)"), format=LOCAL_FORMAT,
                             validators=[DataRequired(message=_l("Enter an end."))])
    description = StringField(_l("Work done"), validators=[DataRequired(), Length(max=500)])
    submit = SubmitField(_l("Log time"))


NOBODY = 0  # the contact choice that names nobody: the first, and refused on submit
CHOOSE_CONTACT = NumberRange(min=1, message=_l("Choose the contact person."))


class PhoneReportForm(FlaskForm):
    # item 9.3: a chat is logged like a call where the contract names it (seed 001)
    channel = RadioField(_l("Channel"), choices=[("phone", _l("phone")), ("chat", _l("chat"))],
                         default="phone", validators=[DataRequired()])
    contact_id = SelectField(_l("Caller (contact person)"), coerce=int,
                             validators=[CHOOSE_CONTACT])
    called_at = DateTimeLocalField(_l("Call received (Brussels time)"), format=LOCAL_FORMAT,
                                   validators=[DataRequired()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    description = TextAreaField(_l("What the caller reported"),
                                validators=[DataRequired(), Length(max=20000)])
    urgency = RadioField(_l("Urgency"), choices=URGENCY_CHOICES, validators=[DataRequired()])
    impact = RadioField(_l("Business impact"), choices=IMPACT_CHOICES,
                        validators=[DataRequired()])
    submit = SubmitField(_l("Log phone report"))


class AttachHeldForm(FlaskForm):
    reference = StringField(_l("Ticket reference"), validators=[DataRequired(), Length(max=32)])
    reason = StringField(_l("Why (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Attach to ticket"))


class OpenFromHeldForm(FlaskForm):
    contact_id = SelectField(_l("Report on behalf of"), coerce=int, validators=[CHOOSE_CONTACT])
    urgency = RadioField(_l("Urgency"), choices=URGENCY_CHOICES, validators=[DataRequired()])
    impact = RadioField(_l("Business impact"), choices=IMPACT_CHOICES,
                        validators=[DataRequired()])
    reason = StringField(_l("Why (optional)"), validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Open ticket"))


class DiscardHeldForm(FlaskForm):
    reason = StringField(_l("Why it is discarded"), validators=[DataRequired(), Length(max=500)])
    submit = SubmitField(_l("Discard"))
