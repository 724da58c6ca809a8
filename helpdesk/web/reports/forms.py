"""Forms of the reports pages; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileSize
from wtforms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    HiddenField,
    MonthField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from helpdesk.credits import EXCLUSIONS, OutageCause
from helpdesk.sla import PRESET_NAMES
from helpdesk.tickets import reasons
from helpdesk.tickets.actions import NOT_ATTRIBUTABLE_REASONS

MONTH = Regexp(r"^\d{4}-\d{2}$", message="A month looks like 2026-10.")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"
CAUSES = [(c.value, "unavailable (counted)" if c not in EXCLUSIONS
           else f"{EXCLUSIONS[c]} (excluded)") for c in OutageCause]


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ClaimForm(FlaskForm):
    kind = SelectField("Claim for", choices=[
        ("incident", "incident credits (art. 40.4: registered letter within 7 days)"),
        ("availability", "availability credit (seed 001: e-mail within 15 days)")])
    channel = SelectField("Received by", choices=[("registered_letter", "registered letter"),
                                                  ("email", "e-mail")])
    received_on = DateField("Date received (Brussels)", validators=[DataRequired()])
    breaches = MultiCheckboxField("Breaches covered", choices=[], validate_choice=False)
    references = TextAreaField(
        "Other tickets covered (one per line: reference, optionally followed by the clock)",
        validators=[Optional(), Length(max=5000)])
    service_id = SelectField("Service (availability claims)", coerce=int, choices=[],
                             validate_choice=False)
    month = StringField("Month of the unavailability (availability claims)",
                        validators=[Optional(), MONTH])
    letter_reference = StringField("Letter or mail reference",
                                   validators=[Optional(), Length(max=200)])
    note = TextAreaField("Note", validators=[Optional(), Length(max=5000)])
    scan = FileField("Scan of the letter", validators=[FileSize(20 * 1024 * 1024)])
    submit = SubmitField("Record claim")


class OutageForm(FlaskForm):
    service_id = SelectField("Service", coerce=int, choices=[], validate_choice=False)
    start = DateTimeLocalField("Unavailable from (Brussels)", format=LOCAL_FORMAT,
                               validators=[DataRequired()])
    end = DateTimeLocalField("Until (Brussels; empty while still down)", format=LOCAL_FORMAT,
                             validators=[Optional()])
    cause = SelectField("Cause", choices=CAUSES)
    note = TextAreaField("Note", validators=[Optional(), Length(max=500)])
    submit = SubmitField("Record outage")


class ServiceForm(FlaskForm):
    name = StringField("Service name", validators=[DataRequired(), Length(max=200)])
    monthly_fee = DecimalField("Monthly fee (EUR)", places=2,
                               validators=[DataRequired(), NumberRange(min=0)])
    submit = SubmitField("Add service")


class ServiceFeeForm(FlaskForm):
    """R20: what a service was invoiced and paid for one billing period."""

    service_id = SelectField("Service", coerce=int)
    starts_on = MonthField("First month of the period", validators=[DataRequired()])
    months = SelectField("Billed", coerce=int, choices=[(1, "monthly"), (3, "quarterly"),
                                                        (12, "yearly")])
    invoiced = DecimalField("Invoiced for the period (EUR)", places=2,
                            validators=[DataRequired(), NumberRange(min=0)])
    paid = DecimalField("Paid (EUR)", places=2, validators=[Optional(), NumberRange(min=0)])
    submit = SubmitField("Record the fee")


class AttributionForm(FlaskForm):
    clock = HiddenField(validators=[DataRequired()])
    deadline = HiddenField(validators=[DataRequired()])
    month = HiddenField(validators=[Optional(), MONTH])
    reason = SelectField("Not solely attributable to the provider because",
                         choices=[(r, reasons.NOT_ATTRIBUTABLE[r])
                                  for r in NOT_ATTRIBUTABLE_REASONS])
    submit = SubmitField("Mark: no credit")


class WhatIfForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    customer_id = SelectField("Customer", coerce=int, choices=[], validate_choice=False)
    first = StringField("From month", validators=[DataRequired(), MONTH])
    last = StringField("To month", validators=[DataRequired(), MONTH])
    preset = SelectField("Replay under", choices=[(p, p) for p in PRESET_NAMES])
    submit = SubmitField("Replay")
