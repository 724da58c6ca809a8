"""Administration forms; what needs the database (unique e-mail) is checked in the views."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.fields import MonthField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from helpdesk import sla as engine
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import PortalRole, StaffRole
from helpdesk.web.account import LocaleField
from helpdesk.web.labels import SLA_NAME

CUSTOM = "custom"


def normalised_email(value: str) -> str:
    """E-mail addresses are stored normalised and lower-case (mail is matched on them)."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as problem:
        raise ValidationError(str(problem)) from None


class EmailAddress:
    def __call__(self, form: Any, field: Any) -> None:
        if field.data:
            field.data = normalised_email(field.data)


def cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


class CustomerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Save"))


class ContractForm(FlaskForm):
    name = StringField(_l("Contract name"), validators=[DataRequired(), Length(max=200)])
    sla_preset = SelectField(_l("SLA"), choices=[(n, SLA_NAME.get(n, n))
                                               for n in engine.PRESET_NAMES]
                             + [(CUSTOM, _l("custom (JSON below)"))])
    sla_definition = TextAreaField(_l("Custom SLA definition (JSON)"), validators=[Optional()])
    starts_on = DateField(_l("Starts on"), validators=[DataRequired()])
    ends_on = DateField(_l("Ends on (optional)"), validators=[Optional()])
    annual_cap_enabled = BooleanField(_l("Annual liability cap (art. 16.3/16.4)"), default=True)
    annual_cap_percent = IntegerField(_l("Cap: percentage of 12 months invoiced"), default=20,
                                      validators=[NumberRange(min=0, max=100)])
    annual_cap_euro = DecimalField(_l("Cap: at most (EUR)"), places=2, default=Decimal("5000"),
                                   validators=[NumberRange(min=0)])
    # art. 38.1: lowering the level during the term needs the provider's written agreement
    sla_agreement = StringField(_l("Provider's written agreement to lower the level "
                                   "(art. 38.1), if any"),
                                validators=[Optional(), Length(max=500)])
    submit = SubmitField(_l("Save contract"))

    definition: dict[str, Any] | None = None

    def validate_sla_definition(self, field: Any) -> None:
        self.definition = None
        if self.sla_preset.data != CUSTOM:
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("A custom SLA needs its definition as JSON."))
        try:
            data = json.loads(field.data)
        except json.JSONDecodeError as problem:
            raise ValidationError(f"JSON: {problem}") from None
        if not isinstance(data, dict):
            raise ValidationError(_l("The definition must be a JSON object."))
        try:
            engine.Sla.from_definition(data)
        except (engine.SlaError, ValueError) as problem:
            raise ValidationError(str(problem)) from None
        self.definition = data

    def validate_ends_on(self, field: Any) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The contract cannot end before it starts."))


class FeeForm(FlaskForm):
    month = MonthField(_l("Month"), validators=[DataRequired()])
    invoiced = DecimalField(_l("Invoiced (EUR)"), places=2,
                            validators=[DataRequired(), NumberRange(min=0)])
    paid = DecimalField(_l("Paid (EUR)"), places=2, validators=[Optional(), NumberRange(min=0)])
    submit = SubmitField(_l("Save fee"))

    def validate_invoiced(self, field: Any) -> None:
        if field.data is not None and field.data != field.data.quantize(Decimal("0.01")):
            raise ValidationError(_l("At most two decimals (cents)."))

    validate_paid = validate_invoiced


class ClosingDayForm(FlaskForm):
    day = DateField(_l("Day"), validators=[DataRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=200)])
    submit = SubmitField(_l("Add closing day"))


class EscalationForm(FlaskForm):
    tier = SelectField(_l("Tier"), coerce=int, choices=[(2, "2"), (3, "3")])
    staff_id = SelectField(_l("Person"), coerce=int)
    submit = SubmitField(_l("Add"))


class DeleteForm(FlaskForm):
    submit = SubmitField(_l("Remove"))


class ContactForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=320),
                                                   EmailAddress()])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=50)])
    portal_role = SelectField(_l("Portal role"), choices=[(r.value, r.value) for r in PortalRole])
    # Issue #17: mails to a contact who never opens the portal are in this language too.
    locale = LocaleField()
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))


class StaffForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = StringField(_l("E-mail"), validators=[DataRequired(), Length(max=320),
                                                   EmailAddress()])
    role = SelectField(_l("Role"), choices=[(r.value, r.value.replace("_", " "))
                                            for r in StaffRole])
    locale = LocaleField()
    active = BooleanField(_l("Active"), default=True)
    submit = SubmitField(_l("Save"))
