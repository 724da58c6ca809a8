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
from flask_login import current_user, login_user, logout_user
from sqlalchemy import func, select

from helpdesk.auth import throttle
from helpdesk.auth.passwords import dummy_hash, hash_password, verify_password
from helpdesk.auth.sessions import Account
from helpdesk.auth.tokens import (
    ResetLinkExpired,
    ResetLinkInvalid,
    account_for_reset_token,
    make_reset_token,
)
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Staff
from helpdesk.outbox import enqueue
from helpdesk.timefmt import brussels
from helpdesk.web import form_limits
from helpdesk.web.forms import ForgotPasswordForm, LoginForm, ResetPasswordForm

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
        until = throttle.locked_until(email, now)
        if until is not None:
            wait = int((until - now).total_seconds()) + 1
            form.email.errors.append(
                f"Too many failed attempts. Try again in {wait} seconds."
            )
            return render_template("auth/login.html", form=form, audience=audience), 429
        account = db.session.scalar(select(model).where(func.lower(model.email) == email))
        # An unknown address costs the same hash as a known one: timing reveals no accounts.
        password_ok = verify_password(
            account.password_hash if account else dummy_hash(), form.password.data
        ) and account is not None
        if account and account.active and password_ok:
            throttle.record_success(email)
            login_user(account)
            session.permanent = True
            target = request.args.get("next", "")
            # Only local paths: an open redirect would let a phishing link bounce through us.
            if not target.startswith("/") or target.startswith("//"):
                target = home_for(account)
            return redirect(target)
        throttle.record_failure(
            email,
            now,
            max_failures=current_app.config["HELPDESK_LOGIN_LOCKOUT_FAILURES"],
            lock_seconds=current_app.config["HELPDESK_LOGIN_LOCKOUT_SECONDS"],
        )
        form.password.errors.append("Unknown e-mail address or wrong password.")
        return render_template("auth/login.html", form=form, audience=audience), 401
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form, audience=audience), status


@bp.post("/logout")
def logout():  # type: ignore[no-untyped-def]
    was_staff = current_user.is_authenticated and current_user.is_staff
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
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
        flash("If that address belongs to an account, a reset link is on its way.", "info")
        return redirect(url_for("auth.forgot_password"))
    return render_template("auth/forgot.html", form=form), 400 if form.is_submitted() else 200


def _send_reset_link(account: Account) -> None:
    link = url_for("auth.reset_password", token=make_reset_token(account), _external=True)
    hours = current_app.config["HELPDESK_PASSWORD_RESET_MAX_AGE"] // 3600 or 1
    enqueue(
        kind="password_reset",
        to_addr=account.email,
        subject="Reset your helpdesk password",
        body_text=(
            f"Hello {account.name},\n\n"
            f"Someone (hopefully you) asked to reset your password at "
            f"{brussels(utcnow())}.\nOpen this link within {hours} hour(s) to choose a new "
            f"one; it works once:\n\n{link}\n\nIf you did not ask for this, ignore this mail."
        ),
        automatic=True,
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):  # type: ignore[no-untyped-def]
    try:
        account = account_for_reset_token(token)
    except (ResetLinkExpired, ResetLinkInvalid) as problem:
        return render_template("auth/reset_invalid.html", message=str(problem)), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        account.password_hash = hash_password(form.password.data)
        db.session.commit()
        flash("Your password is set. You can log in now.", "success")
        return redirect(url_for("auth.staff_login" if account.is_staff else "auth.portal_login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset.html", form=form, account=account), status


@bp.post("/language/<code>")
def choose_language(code: str):  # type: ignore[no-untyped-def]
    if code in current_app.jinja_env.globals["LANGUAGES"]:
        session["lang"] = code
    target = request.form.get("next", "")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for("auth.index")
    return redirect(target)
