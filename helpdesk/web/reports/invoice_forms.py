"""Forms of the invoices page (R22); Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import DateField, DecimalField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from helpdesk.i18n import lazy_gettext as _l

WHAT_FOR_CHOICES = [("sla_fee", _l("SLA fee")), ("hours", _l("hours")),
                    ("project", _l("project")), ("licence", _l("licence")),
                    ("other", _l("other"))]


class InvoiceForm(FlaskForm):
    contract_id = SelectField(_l("Agreement"), coerce=int, choices=[], validate_choice=False)
    invoiced_on = DateField(_l("Invoice date"), validators=[DataRequired()])
    number = StringField(_l("Invoice number"), validators=[DataRequired(), Length(max=64)])
    amount = DecimalField(_l("Amount (EUR)"), places=2,
                          validators=[DataRequired(), NumberRange(min=0)])
    what_for = SelectField(_l("What for"), choices=WHAT_FOR_CHOICES)
    paid_on = DateField(_l("Paid on (empty while unpaid)"), validators=[Optional()])
    submit = SubmitField(_l("Record invoice"))


class InvoiceImportForm(FlaskForm):
    contract_id = SelectField(_l("Agreement"), coerce=int, choices=[], validate_choice=False)
    file = FileField(_l("CSV file"), validators=[FileRequired(), FileSize(2 * 1024 * 1024)])
    submit = SubmitField(_l("Import invoices"))


class ProjectPriceForm(FlaskForm):
    price = DecimalField(_l("Project price (EUR; empty when the agreement names none)"),
                         places=2, validators=[Optional(), NumberRange(min=0)])
    submit = SubmitField(_l("Save project price"))
