"""IMAP mailboxes (issue #17): administrators add the provider's support mailbox, test the
connection and see how reading goes. The secret is sealed on saving and never shown
again; leaving its field empty keeps the saved one."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, url_for
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.imap import connect as imap
from helpdesk.imap import oauth
from helpdesk.imap.accounts import account_of, grant_of, signed_in_with
from helpdesk.imap.secrets import seal
from helpdesk.models import Mailbox
from helpdesk.privacy import audit
from helpdesk.web.access import administrator_required
from helpdesk.web.admin import bp
from helpdesk.web.admin.contracts import _get
from helpdesk.web.admin.mailbox_forms import DeleteMailboxForm, MailboxForm

_SETTINGS = ("name", "host", "port", "security", "username", "auth_method", "folder",
             "after_storing", "processed_folder", "enabled", "oauth_token_url",
             "oauth_client_id", "oauth_scope")


def problem_text(problem: imap.ImapProblem, account: imap.Account) -> str:
    """What went wrong, in words an administrator can act on."""
    where = f"{account.host}:{account.port}"
    if problem.kind == imap.AUTH:
        text = (_("The server refused the access token for %(user)s: get a new one.",
                  user=account.username) if account.auth_method == "xoauth2" else
                _("The server refused the user name or password for %(user)s.",
                  user=account.username))
    elif problem.kind == imap.TLS:
        text = _("The secure connection to %(where)s failed (TLS). Check the connection "
                 "security and the port, and that the server's certificate is valid.",
                 where=where)
    elif problem.kind == imap.UNREACHABLE:
        text = _("Cannot reach %(where)s. Check the server's name and the port.", where=where)
    elif problem.kind == imap.FOLDER:
        text = _("The folder \"%(folder)s\" does not exist in this mailbox.",
                 folder=account.folder)
    elif problem.kind == imap.PROCESSED_FOLDER:
        text = _("The processed folder \"%(folder)s\" does not exist in this mailbox; "
                 "create it first.", folder=account.processed_folder)
    elif problem.kind == imap.PLAINTEXT:
        text = _("Without TLS the server must be this machine (localhost); choose TLS or "
                 "STARTTLS.")
    elif problem.kind == oauth.TOKEN:
        text = _("The OAuth2 token endpoint refused to renew the access token: check the "
                 "client ID and secret, or sign in again for a new refresh token.")
    elif problem.kind == imap.SECRET:
        text = _("The saved password can no longer be read (the application's secret key "
                 "changed): enter it again.")
    else:
        text = _("The server answered unexpectedly.")
    return f"{text} ({problem.detail})" if problem.detail else text


def _account_from(form: MailboxForm, box: Mailbox) -> imap.Account:
    """The form's settings; a secret left empty is the saved one (the administrator tests
    what they changed around it)."""
    key, cafile = current_app.config["SECRET_KEY"], current_app.config["HELPDESK_IMAP_CA_FILE"]
    method = form.auth_method.data
    if method == "oauth2":
        draft = Mailbox(oauth_token_url=form.oauth_token_url.data.strip(),
                        oauth_client_id=form.oauth_client_id.data.strip(),
                        oauth_scope=(form.oauth_scope.data or "").strip(),
                        oauth_client_secret_sealed=box.oauth_client_secret_sealed or "",
                        secret_sealed=box.secret_sealed or "")
        grant = grant_of(draft, key, refresh_token=form.secret.data or None,
                         client_secret=form.oauth_client_secret.data or None)
        # A rotated refresh token is kept only when the saved one was used.
        secret = signed_in_with(grant, cafile=cafile, secret_key=key,
                                box=box if box.id and not form.secret.data else None)
        method = "xoauth2"
    elif form.secret.data:
        secret = form.secret.data
    else:
        secret = account_of(box, key, cafile=cafile).secret
    return imap.Account(
        host=form.host.data.strip(), port=form.port.data, security=form.security.data,
        username=form.username.data.strip(), auth_method=method,
        secret=secret, folder=form.folder.data.strip(),
        after_storing=form.after_storing.data,
        processed_folder=(form.processed_folder.data or "").strip())


def _page(form: MailboxForm, box: Mailbox, status: int = 200, **context: Any):  # type: ignore[no-untyped-def]
    return render_template("admin/mailbox_form.html", form=form, box=box,
                           delete_form=DeleteMailboxForm(formdata=None), **context), status


def _edit(box: Mailbox, form: MailboxForm):  # type: ignore[no-untyped-def]
    if not form.validate_on_submit():
        return _page(form, box, 400 if form.is_submitted() else 200)
    if form.test.data:
        try:
            count = imap.check(_account_from(form, box),
                               cafile=current_app.config["HELPDESK_IMAP_CA_FILE"])
            if box.id:
                db.session.commit()  # a rotated refresh token, if the saved one was used
        except imap.ImapProblem as problem:
            return _page(form, box, 200,
                         test_failed=problem_text(problem, _account_from_fields(form)))
        return _page(form, box, 200, test_passed=_(
            "Connected: signed in and found the folder \"%(folder)s\" with %(count)s "
            "messages.", folder=form.folder.data.strip(), count=count))
    is_new = box.id is None
    elsewhere = (form.host.data.strip(), form.username.data.strip(), form.folder.data.strip())
    if not is_new and elsewhere != (box.host, box.username, box.folder):
        # Another folder: its UIDs say nothing about this one's (read it from the start).
        box.uidvalidity, box.last_uid, box.unseen_only_below = None, 0, 0
    for name in _SETTINGS:
        value = getattr(form, name).data
        setattr(box, name, value.strip() if isinstance(value, str) else value)
    if form.after_storing.data != "move":
        box.processed_folder = box.processed_folder or ""
    key = current_app.config["SECRET_KEY"]
    if form.secret.data:
        box.secret_sealed = seal(form.secret.data, secret_key=key)
    if form.oauth_client_secret.data:
        box.oauth_client_secret_sealed = seal(form.oauth_client_secret.data, secret_key=key)
    for name in ("oauth_token_url", "oauth_client_id", "oauth_scope"):
        setattr(box, name, (getattr(box, name) or "").strip())
    if is_new:
        box.created_at = utcnow()
        box.last_uid = 0
        db.session.add(box)
    db.session.flush()
    audit.record("mailbox_saved", "mailbox", box.id,
                 detail=f"{box.username}@{box.host}:{box.port}"
                        + ("; secret replaced" if form.secret.data else ""))
    db.session.commit()
    flash(_("Mailbox saved. New mail is read within a few seconds."), "success")
    return redirect(url_for("admin.mailboxes"))


def _account_from_fields(form: MailboxForm) -> imap.Account:
    return imap.Account(host=form.host.data, port=form.port.data, security=form.security.data,
                        username=form.username.data, auth_method=form.auth_method.data,
                        secret="", folder=form.folder.data,
                        processed_folder=form.processed_folder.data or "")


@bp.get("/mailboxes")
@administrator_required
def mailboxes():  # type: ignore[no-untyped-def]
    boxes = db.session.scalars(select(Mailbox).order_by(Mailbox.name)).all()
    return render_template("admin/mailboxes.html", boxes=boxes)


@bp.route("/mailboxes/new", methods=["GET", "POST"])
@administrator_required
def mailbox_new():  # type: ignore[no-untyped-def]
    return _edit(Mailbox(), MailboxForm())


@bp.route("/mailboxes/<int:mailbox_id>", methods=["GET", "POST"])
@administrator_required
def mailbox_edit(mailbox_id: int):  # type: ignore[no-untyped-def]
    box = _get(Mailbox, mailbox_id)
    return _edit(box, MailboxForm(obj=box, has_secret=True))


@bp.post("/mailboxes/<int:mailbox_id>/delete")
@administrator_required
def mailbox_delete(mailbox_id: int):  # type: ignore[no-untyped-def]
    box = _get(Mailbox, mailbox_id)
    if not DeleteMailboxForm().validate_on_submit():
        return _page(MailboxForm(obj=box, has_secret=True, formdata=None), box, 400)
    audit.record("mailbox_deleted", "mailbox", box.id, detail=f"{box.username}@{box.host}")
    db.session.delete(box)
    db.session.commit()
    flash(_("Mailbox deleted; its mail already stored stays."), "success")
    return redirect(url_for("admin.mailboxes"))
