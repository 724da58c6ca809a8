"""API tokens for a customer's integration: an administrator issues them in the name of one
of the customer's contact persons, whose portal scope and role they then carry."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from helpdesk.auth import api_tokens
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import ApiToken, ContactPerson
from helpdesk.web.access import administrator_required
from helpdesk.web.admin import bp
from helpdesk.web.admin.contracts import _get
from helpdesk.web.token_forms import RevokeForm, TokenForm, issue_from


def _page(person: ContactPerson, form: TokenForm, issued: api_tokens.Issued | None = None,
          status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("admin/contact_tokens.html", person=person, form=form,
                           revoke_form=RevokeForm(formdata=None),
                           tokens=api_tokens.tokens_of(person), issued=issued,
                           now=utcnow()), status


@bp.get("/contacts/<int:contact_id>/tokens")
@administrator_required
def contact_tokens(contact_id: int):  # type: ignore[no-untyped-def]
    return _page(_get(ContactPerson, contact_id), TokenForm(formdata=None))


@bp.post("/contacts/<int:contact_id>/tokens")
@administrator_required
def contact_token_create(contact_id: int):  # type: ignore[no-untyped-def]
    person = _get(ContactPerson, contact_id)
    form = TokenForm()
    issued = issue_from(form, person)
    if issued is None:
        return _page(person, form, status=400)
    return _page(person, TokenForm(formdata=None), issued)


@bp.post("/contacts/<int:contact_id>/tokens/<int:token_id>/revoke")
@administrator_required
def contact_token_revoke(contact_id: int, token_id: int):  # type: ignore[no-untyped-def]
    token = db.session.get(ApiToken, token_id)
    if token is None or token.contact_id != contact_id:
        abort(404)
    if not RevokeForm().validate_on_submit():
        abort(400)
    api_tokens.revoke(token, now=utcnow(), by=current_user)
    db.session.commit()
    flash(_("Token %(prefix)s… is revoked.", prefix=token.prefix), "success")
    return redirect(url_for("admin.contact_tokens", contact_id=contact_id))
