"""The account page of staff and contact persons alike: the language of their pages and mails
(issue #17). One form and one view body; the staff and portal blueprints each mount it."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_babel import refresh
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField

from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.locales import LANGUAGES, NAMES, supported

AUTOMATIC = ""  # no stored choice: the browser's language (pages), the default (mails)


class LocaleField(SelectField):
    """A person's language: automatic (stored as NULL) or one the product speaks. Used on
    the account pages and on the administrators' contact and staff forms."""

    def __init__(self, label=None, **kwargs):  # type: ignore[no-untyped-def]
        label = label or _l("Language of pages and mails")
        choices = ([(AUTOMATIC, _l("Automatic: the browser's language"))]
                   + [(code, NAMES[code]) for code in LANGUAGES])
        super().__init__(label, choices=choices, validate_choice=True, **kwargs)

    def process_data(self, value):  # type: ignore[no-untyped-def]
        self.data = value or AUTOMATIC

    def populate_obj(self, obj, name):  # type: ignore[no-untyped-def]
        setattr(obj, name, supported(self.data))


class LanguageForm(FlaskForm):
    locale = LocaleField()
    submit = SubmitField(_l("Save"))


def set_locale(person, code: str | None) -> None:  # type: ignore[no-untyped-def]
    """Store the person's choice and apply it to this session at once."""
    person.locale = supported(code)
    if person.locale:
        session["lang"] = person.locale
    else:
        session.pop("lang", None)
    refresh()  # this request's cached locale is the old one


def account_page(endpoint: str):  # type: ignore[no-untyped-def]
    form = LanguageForm(data={"locale": current_user.locale})
    if form.validate_on_submit():
        set_locale(current_user, form.locale.data)
        db.session.commit()
        flash(_("Your language is saved."), "success")
        return redirect(url_for(endpoint))
    status = 400 if form.is_submitted() else 200
    return render_template("account.html", form=form), status
