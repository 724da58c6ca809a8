"""Contact persons (portal role) and staff (roles); new accounts get a set-password link."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from helpdesk.auth import confirmation
from helpdesk.auth.disposable import extra_domains, is_disposable
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import ContactPerson, Customer, Staff
from helpdesk.privacy import audit
from helpdesk.web.access import administrator_required
from helpdesk.web.admin import bp
from helpdesk.web.admin import forms as f
from helpdesk.web.admin.contracts import _get
from helpdesk.web.auth import _send_reset_link


def _email_taken(model: Any, email: str, own_id: int | None) -> bool:
    other = db.session.scalar(select(model).where(func.lower(model.email) == email))
    return other is not None and other.id != own_id


def _disposable(email: str) -> bool:
    extra = current_app.config["HELPDESK_EXTRA_DISPOSABLE_DOMAINS"]
    return is_disposable(email, extra=extra_domains(extra))


def _save_person(form: Any, person: Any, model: Any, template: str, **context: Any):  # type: ignore[no-untyped-def]
    """Validate, refuse a duplicate or disposable address, save; a new account gets a
    password link, and a contact whose address is new gets a confirmation link (R23)."""
    if getattr(person, "erased_at", None) is not None and form.is_submitted():
        abort(409)  # an anonymised person stays anonymised (seed 003); add a new account
    previous = person.email
    if form.validate_on_submit():
        if _email_taken(model, form.email.data, person.id):
            form.email.errors.append(_("Another account uses this e-mail address."))
        elif form.email.data != previous and _disposable(form.email.data):
            # R23, seed 000: accounts are for a person's own lasting address.
            form.email.errors.append(_("This is a temporary (disposable) e-mail address; "
                                       "an account needs the person's own lasting address."))
        else:
            is_new = person.id is None
            form.populate_obj(person)
            if is_new:
                person.created_at = utcnow()
                db.session.add(person)
                db.session.flush()
                # Seed 000: passwords are never e-mailed; the person chooses one via a link.
                _send_reset_link(person)
            readdressed = isinstance(person, ContactPerson) and person.email != previous
            if readdressed:
                confirmation.address_set(person, previous=None if is_new else previous)
            db.session.commit()
            flash(_saved_message(is_new, readdressed), "success")
            return None
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, person=person, **context), status


def _saved_message(is_new: bool, readdressed: bool) -> str:
    if is_new and readdressed:
        return _("Saved; links to choose a password and to confirm the address were sent.")
    if is_new:
        return _("Saved; a link to choose a password was sent.")
    if readdressed:
        return _("Saved; the new address gets no mail about tickets until its holder opens "
                 "the confirmation link sent to it.")
    return _("Saved.")


@bp.route("/customers/<int:customer_id>/contacts/new", methods=["GET", "POST"])
@administrator_required
def contact_new(customer_id: int):  # type: ignore[no-untyped-def]
    owner = _get(Customer, customer_id)
    person = ContactPerson(customer_id=owner.id, email_confirmed=False)
    page = _save_person(f.ContactForm(), person, ContactPerson, "admin/contact_form.html",
                        customer=owner)
    return page or redirect(url_for("admin.customer", customer_id=owner.id))


@bp.route("/contacts/<int:contact_id>", methods=["GET", "POST"])
@administrator_required
def contact_edit(contact_id: int):  # type: ignore[no-untyped-def]
    person = _get(ContactPerson, contact_id)
    if request.method == "GET":
        audit.viewed("contact", person.id)
    page = _save_person(f.ContactForm(obj=person), person, ContactPerson,
                        "admin/contact_form.html", customer=person.customer)
    return page or redirect(url_for("admin.customer", customer_id=person.customer_id))


@bp.get("/staff")
@administrator_required
def staff_list():  # type: ignore[no-untyped-def]
    people = db.session.scalars(select(Staff).order_by(Staff.name)).all()
    return render_template("admin/staff_list.html", people=people)


@bp.route("/staff/new", methods=["GET", "POST"])
@administrator_required
def staff_new():  # type: ignore[no-untyped-def]
    page = _save_person(f.StaffForm(), Staff(), Staff, "admin/staff_form.html")
    return page or redirect(url_for("admin.staff_list"))


@bp.route("/staff/<int:staff_id>", methods=["GET", "POST"])
@administrator_required
def staff_edit(staff_id: int):  # type: ignore[no-untyped-def]
    person = _get(Staff, staff_id)
    if request.method == "GET":
        audit.viewed("staff", person.id)
    page = _save_person(f.StaffForm(obj=person), person, Staff, "admin/staff_form.html")
    return page or redirect(url_for("admin.staff_list"))
