"""Your API tokens: a staff member lists, creates and revokes their own tokens.

The secret is shown once, on the page that answers the creation, and never again (only its
SHA-256 is kept). Another person's token id is 404 here.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from helpdesk.auth import api_tokens
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import ApiToken
from helpdesk.web.access import staff_required
from helpdesk.web.staff import bp
from helpdesk.web.token_forms import RevokeForm, TokenForm, issue_from


def _page(form: TokenForm, issued: api_tokens.Issued | None = None, status: int = 200):  # type: ignore[no-untyped-def]
    return render_template("staff/tokens.html", form=form, revoke_form=RevokeForm(formdata=None),
                           tokens=api_tokens.tokens_of(current_user), issued=issued,
                           now=utcnow()), status


@bp.get("/tokens")
@staff_required
def tokens():  # type: ignore[no-untyped-def]
    return _page(TokenForm(formdata=None))


@bp.post("/tokens")
@staff_required
def token_create():  # type: ignore[no-untyped-def]
    form = TokenForm()
    issued = issue_from(form, current_user)
    if issued is None:
        return _page(form, status=400)
    return _page(TokenForm(formdata=None), issued)


@bp.post("/tokens/<int:token_id>/revoke")
@staff_required
def token_revoke(token_id: int):  # type: ignore[no-untyped-def]
    token = db.session.get(ApiToken, token_id)
    if token is None or token.staff_id != current_user.id:
        abort(404)
    if not RevokeForm().validate_on_submit():
        abort(400)
    api_tokens.revoke(token, now=utcnow(), by=current_user)
    db.session.commit()
    flash(_("Token %(prefix)s… is revoked.", prefix=token.prefix), "success")
    return redirect(url_for("staff.tokens"))
