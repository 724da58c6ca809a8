"""Forms of the data-breach register; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from helpdesk.i18n import lazy_gettext as _l

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class CustomerChoices(SelectMultipleField):
    """Affected customers as a list of check boxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def at_least_one(form: FlaskForm, field: SelectMultipleField) -> None:
    """A plain validator: DataRequired would mark every check box `required` (all of them)."""
    if not field.data:
        raise ValidationError(str(_l("Choose at least one affected customer.")))


class BreachForm(FlaskForm):
    title = StringField(_l("Short title"), validators=[
        DataRequired(message=_l("Give the breach a short title.")), Length(max=200)])
    discovered = DateTimeLocalField(
        _l("Discovered (Brussels time)"), format=LOCAL_FORMAT,
        validators=[DataRequired(message=_l("Give the instant the breach was discovered."))])
    description = TextAreaField(_l("What happened (and the suspected cause)"), validators=[
        DataRequired(message=_l("Describe what happened.")), Length(max=10000)])
    data_categories = TextAreaField(_l("Nature and categories of personal data affected"),
                                    validators=[DataRequired(message=_l(
                                        "Say which kinds of personal data are affected.")),
                                        Length(max=5000)])
    consequences = TextAreaField(_l("Likely consequences (optional)"),
                                 validators=[Optional(), Length(max=5000)])
    measures = TextAreaField(_l("What we do about it (optional)"),
                             validators=[Optional(), Length(max=5000)])
    contact_point = TextAreaField(_l("Whom the customer can contact (optional)"),
                                  validators=[Optional(), Length(max=2000)])
    customers = CustomerChoices(_l("Affected customers"), coerce=int, choices=[],
                                validators=[at_least_one])
    submit = SubmitField(_l("Register the breach"))


class NotifyForm(FlaskForm):
    submit = SubmitField(_l("Notify affected customers"))
