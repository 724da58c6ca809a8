"""Log-in for staff and contact persons, log-out, password reset, language choice."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from helpdesk.auth import confirmation, revocation, throttle
from helpdesk.auth.passwords import dummy_hash, hash_password, verify_password
from helpdesk.auth.sessions import SESSION_KEY, Account
from helpdesk.auth.tokens import (
    ResetLinkExpired,
    ResetLinkInvalid,
    account_for_reset_token,
)
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.locales import LANGUAGES, in_language_of, supported
from helpdesk.models import ContactPerson, Staff
from helpdesk.outbox import enqueue
from helpdesk.outbox.secrets import RESET_LINK
from helpdesk.timefmt import brussels
from helpdesk.web import form_limits
from helpdesk.web.account import set_locale
from helpdesk.web.forms import (
    ConfirmAddressForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from helpdesk.web.redirects import local_target

bp = Blueprint("auth", __name__)


def home_for(account: Account) -> str:
    return url_for("staff.queue") if account.is_staff else url_for("portal.tickets")


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    return redirect(url_for("auth.portal_login"))


@bp.route("/portal/login", methods=["GET", "POST"])
def portal_login():  # type: ignore[no-untyped-def]
    return _login(ContactPerson, audience="portal")


@bp.route("/staff/login", methods=["GET", "POST"])
def staff_login():  # type: ignore[no-untyped-def]
    return _login(Staff, audience="staff")


def _login(model: type[Staff] | type[ContactPerson], audience: str):  # type: ignore[no-untyped-def]
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        now = utcnow()
        client = throttle.client_key(request.remote_addr)
        until = throttle.locked_until(client, now) or throttle.locked_until(email, now)
        if until is not None:
            wait = int((until - now).total_seconds()) + 1
            form.email.errors.append(
                _("Too many failed attempts. Try again in %(seconds)s seconds.", seconds=wait)
            )
            return render_template("auth/login.html", form=form, audience=audience), 429
        account = db.session.scalar(select(model).where(func.lower(model.email) == email))
        # An unknown address costs the same hash as a known one: timing reveals no accounts.
        password_ok = verify_password(
            account.password_hash if account else dummy_hash(), form.password.data
        ) and account is not None
        if account and account.active and password_ok:
            throttle.record_success(email)
            login_user(account)  # a new session key below: a planted cookie opens nothing
            session[SESSION_KEY] = revocation.begin(account.get_id(), now)
            session.permanent = True
            if supported(account.locale):  # issue #17: the stored language from log-in on
                session["lang"] = supported(account.locale)
            db.session.commit()
            if not account.is_staff and not account.email_confirmed:
                # R23: reminded at each log-in; the portal's first page has the button.
                flash(_("Please confirm your e-mail address: until you do, we send you no "
                        "mail about your tickets."), "warning")
            # Only paths of this site: an open redirect would let a phishing link bounce
            # through us.
            return redirect(local_target(request.args.get("next"), home_for(account)))
        config = current_app.config
        throttle.record_failure(email, now, max_failures=config["HELPDESK_LOGIN_LOCKOUT_FAILURES"],
                                lock_seconds=config["HELPDESK_LOGIN_LOCKOUT_SECONDS"])
        throttle.record_failure(client, now,
                                max_failures=config["HELPDESK_LOGIN_CLIENT_LOCKOUT_FAILURES"],
                                lock_seconds=config["HELPDESK_LOGIN_CLIENT_LOCKOUT_SECONDS"])
        form.password.errors.append(_("Unknown e-mail address or wrong password."))
        return render_template("auth/login.html", form=form, audience=audience), 401
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form, audience=audience), status


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    was_staff = current_user.is_authenticated and current_user.is_staff
    revocation.end(session.get(SESSION_KEY), utcnow(), "logged out")
    db.session.commit()
    logout_user()
    _clear_session_keeping_language()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.staff_login" if was_staff else "auth.portal_login"))


def _clear_session_keeping_language() -> None:
    """Nothing of the account stays in the session but its language: the log-in page that
    follows is in the language the person was reading."""
    language = session.get("lang")
    session.clear()
    if language in LANGUAGES:
        session["lang"] = language


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():  # type: ignore[no-untyped-def]
    """End every session of this account, on every device (a lost laptop, a shared PC)."""
    was_staff = current_user.is_staff
    ended = revocation.end_all(current_user.get_id(), utcnow(), "logged out everywhere")
    db.session.commit()
    logout_user()
    _clear_session_keeping_language()
    flash(_("You are logged out on every device (%(count)s session(s) ended).", count=ended),
          "info")
    return redirect(url_for("auth.staff_login" if was_staff else "auth.portal_login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@form_limits.per_client
@form_limits.per_mailbox
def forgot_password():  # type: ignore[no-untyped-def]
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        for model in (Staff, ContactPerson):
            account = db.session.scalar(select(model).where(func.lower(model.email) == email))
            if account is not None and account.active:
                _send_reset_link(account)
        db.session.commit()
        # The same answer whether or not the address is known: it reveals no accounts.
        flash(_("If that address belongs to an account, a reset link is on its way."), "info")
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/forgot.html", form=form), 400 if form.is_submitted() else 200


def _send_reset_link(account: Account) -> None:
    # The link is made when the mail is sent, from HELPDESK_BASE_URL: the stored mail never
    # holds it, and the request's Host header never names where it points (#18).
    # In the account's language, not the page's: whoever asked, the holder reads it.
    with in_language_of(account):
        enqueue(
            kind="password_reset",
            to_addr=account.email,
            subject=_("Reset your helpdesk password"),
            body_text=(
                _("Hello %(name)s,", name=account.name) + "\n\n"
                + _("Someone (hopefully you) asked to reset your password at %(when)s.",
                    when=brussels(utcnow())) + "\n"
                + _("Open this link within %(validity)s of this mail to choose a new one; it "
                    "works once:", validity=validity(
                        current_app.config["HELPDESK_PASSWORD_RESET_MAX_AGE"]))
                + f"\n\n{RESET_LINK}\n\n"
                + _("If you did not ask for this, ignore this mail.")
            ),
            automatic=True,
            secret_for=account.get_id(),
        )


def validity(seconds: int) -> str:
    """HELPDESK_PASSWORD_RESET_MAX_AGE in words: '2 hours', '1 hour 30 minutes', '5 minutes'."""
    hours, minutes = divmod(max(60, int(seconds)) // 60, 60)
    # Plain texts, not ngettext: the catalogue keeps no plural forms (as timefmt.duration).
    parts = []
    if hours:
        parts.append(_("%(num)s hour", num=hours) if hours == 1
                     else _("%(num)s hours", num=hours))
    if minutes:
        parts.append(_("%(num)s minute", num=minutes) if minutes == 1
                     else _("%(num)s minutes", num=minutes))
    return " ".join(parts)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    try:
        account = account_for_reset_token(token)
    except (ResetLinkExpired, ResetLinkInvalid) as problem:
        return render_template("auth/reset_invalid.html", message=str(problem)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        account.password_hash = hash_password(form.password.data)
        # Whoever held a session of this account (perhaps the reason for the reset) is out.
        revocation.end_all(account.get_id(), utcnow(), "password reset")
        db.session.commit()
        flash(_("Your password is set. You can log in now."), "success")
        return redirect(url_for("auth.staff_login" if account.is_staff else "auth.portal_login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset.html", form=form, account=account), status


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_address(token: str):  # type: ignore[no-untyped-def]
    """R23: the link mailed to a contact's address; the button press confirms it."""
    try:
        contact = confirmation.contact_for_confirmation_token(token)
    except confirmation.ConfirmationLinkExpired:
        return render_template("auth/confirm_invalid.html", expired=True), 400
    except confirmation.ConfirmationLinkInvalid:
        return render_template("auth/confirm_invalid.html", expired=False), 400
    form = ConfirmAddressForm()
    if form.validate_on_submit():
        confirmation.confirm(contact)
        db.session.commit()
        flash(_("Thank you: %(email)s is confirmed.", email=contact.email), "success")
        return redirect(url_for("portal.tickets") if current_user.is_authenticated
                        and current_user.get_id() == contact.get_id()
                        else url_for("auth.portal_login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/confirm.html", form=form, contact=contact), status


@bp.post("/language/<code>")
def choose_language(code: str):  # type: ignore[no-untyped-def]
    if code in LANGUAGES:
        session["lang"] = code
        if current_user.is_authenticated:  # the header's picker is the account's choice too
            set_locale(current_user, code)
            db.session.commit()
    return redirect(local_target(request.form.get("next"), url_for("auth.index")))
