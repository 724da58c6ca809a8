"""Every mail to a person is in that person's language (issue #17): the contract-duty mails
(the hours dispute verdict of art. 6.6, the site visits of art. 27.2, the suspension for
non-payment of art. 6.9, the answer to a complaint (art. 16.1) or conflict notice
(art. 39.4.2), and the managers' notice when a consultation period ends) are built in the
addressee's language, and the portal's refusals are in the reader's language. The clock is
set; nothing reads the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from helpdesk.duties import nonpayment
from helpdesk.duties.escalation import settle_conflicts
from helpdesk.extensions import db
from helpdesk.models import ContractDuty, OutboxMessage, SiteVisit
from helpdesk.people.language import language_of
from helpdesk.web import services
from tests.factories import login, make_staff, make_ticket
from tests.integration.test_web_helpers import page, world


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def french_world(clock, at: datetime):
    clock.set(at)
    w = world()
    w.contact.locale = "fr"
    db.session.commit()
    return w


def mail_of(kind: str) -> OutboxMessage:
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == kind).order_by(OutboxMessage.id.desc())).first()


def test_a_french_contact_gets_the_hours_dispute_verdict_in_french(client, clock):
    w = french_world(clock, utc(2026, 11, 4, 9, 0))
    ticket = make_ticket(w.contact, at=utc(2026, 11, 4, 9, 0))
    clock.set(utc(2026, 11, 4, 15, 30))
    event = services.log_time(ticket, by=w.staff, start=utc(2026, 11, 4, 13, 0),
                              end=utc(2026, 11, 4, 15, 0), description="Replaced the switch",
                              now=utc(2026, 11, 4, 15, 30))
    db.session.commit()
    clock.set(utc(2026, 11, 6, 10, 0))
    login(client, w.contact)
    assert client.post(f"/portal/hours/{event.id}/dispute",
                       data={"reason": "Only one hour."}).status_code == 302
    client.post("/logout")
    login(client, w.staff)  # Tom reads English; the mail is in Jan's language all the same
    assert client.post(f"/staff/hours/{event.id}/resolve", data={
        "outcome": "withdrawn", "note": "Agreed: one hour."}).status_code == 302
    mail = mail_of("hours_dispute")
    assert mail.subject == f"[{ticket.reference}] Votre contestation d'heures"
    assert "avons retiré ces heures" in mail.body_text
    assert "Replaced the switch : 120 min" in mail.body_text


def test_a_french_contact_gets_the_site_visit_announcement_and_report_in_french(client, clock):
    w = french_world(clock, utc(2026, 11, 18, 10, 0))
    login(client, w.staff)
    assert client.post("/staff/site-visits", data={
        "customer": w.customer.id, "title": "Contrôle trimestriel", "start": "2026-12-02T09:00",
        "end": "2026-12-02T12:00"}).status_code == 302
    announced = mail_of("site_visit")
    assert announced.subject.startswith("Visite de maintenance préventive planifiée : ")
    assert "2 déc. 2026" in announced.subject  # the date in French (helpdesk.timefmt)
    assert announced.body_text.startswith("Madame, Monsieur Kroon,")
    assert "Nous planifions une visite de maintenance préventive" in announced.body_text
    assert "(heure de Bruxelles)" in announced.body_text
    visit = db.session.scalars(select(SiteVisit)).one()
    clock.set(utc(2026, 12, 3, 10, 0))
    assert client.post(f"/staff/site-visits/{visit.id}/report", data={
        "defects": "UPS", "open_points": "Batterie", "follow_up": "Mars 2027"}
    ).status_code in (302, 303)
    report = mail_of("site_visit")
    assert report.id != announced.id
    assert report.subject.startswith("Rapport de la visite de maintenance du ")
    assert "Défauts constatés :" in report.body_text
    assert "Points restant à traiter :" in report.body_text


def test_a_french_contact_gets_the_suspension_start_and_stop_in_french(clock):
    now = utc(2026, 11, 18, 10, 0)
    w = french_world(clock, now)
    manager = make_staff(name="Mia", role="escalation_manager")
    db.session.commit()
    suspension = nonpayment.start(w.customer, by=manager, reason="F-2026-041 impayée",
                                  now=now)
    db.session.commit()
    started = mail_of("payment_suspension")
    assert started.subject == "Interventions suspendues pour non-paiement"
    assert "nos interventions sont suspendues pour non-paiement (art. 6.9" in started.body_text
    assert "Motif : F-2026-041 impayée" in started.body_text
    nonpayment.stop(suspension, by=manager, reason="Payée", now=now + timedelta(days=2))
    db.session.commit()
    stopped = mail_of("payment_suspension")
    assert stopped.subject == "Interventions reprises"
    assert "la suspension de nos interventions pour non-paiement est levée" in \
        stopped.body_text


def test_a_french_contact_gets_the_answer_to_a_complaint_in_french(client, clock):
    w = french_world(clock, utc(2026, 5, 6, 8, 0))
    login(client, w.contact)
    assert client.post("/portal/complaints/new", data={
        "subject": "service", "noticed_on": "2026-05-05", "title": "Sauvegardes",
        "text": "Pas de sauvegardes."}).status_code == 302
    duty = db.session.scalars(select(ContractDuty)).one()
    client.post("/logout")
    login(client, w.staff)
    assert client.post(f"/staff/duties/{duty.id}/answer",
                       data={"text": "Corrigé."}).status_code == 302
    mail = mail_of("complaint_answered")
    assert mail.subject == "Votre réclamation : Sauvegardes"
    assert "La réponse à votre réclamation « Sauvegardes » :" in mail.body_text
    assert "Vous le trouvez dans le portail sous Notre contrat." in mail.body_text


def test_a_french_manager_gets_the_conflict_notice_and_its_end_in_french(client, clock):
    clock.set(utc(2026, 5, 6, 8, 0))
    w = world()
    manager = make_staff(name="Mia", role="escalation_manager", locale="fr")
    db.session.commit()
    login(client, w.staff)
    assert client.post("/staff/duties/new/conflict", data={
        "customer_id": w.customer.id, "received_at": "2026-05-06T09:30",
        "channel": "registered_letter", "title": "Litige", "text": "Désaccord."}
    ).status_code == 302
    notice = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "conflict_notice", OutboxMessage.to_addr == manager.email)).one()
    assert notice.subject == ("Notification de litige de Kroon : concertation au plus tard "
                              "le 21 mai 2026")
    assert "Période de concertation en cours" in notice.body_text
    assert settle_conflicts(utc(2026, 5, 21, 22, 0)) == 1  # art. 39.4.2: 15 days ended
    told = {m.to_addr: m for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "conflict_period_ended"))}
    french = told[manager.email]
    assert french.subject == ("Escalade : pas de concertation dans les 15 jours sur la "
                              "notification de litige de Kroon")
    assert "La période de concertation s'est terminée sans concertation" in french.body_text
    assert "21 mai 2026" in french.body_text
    english = told[w.admin.email]  # the administrator chose no language: the default
    assert english.subject.startswith("Escalation: no consultation within 15 days")
    assert "2026-05-21" in english.body_text


def test_a_dutch_contact_sees_a_complaint_refusal_in_dutch(client, clock):
    clock.set(utc(2026, 5, 6, 8, 0))
    w = world()
    w.contact.locale = "nl"
    db.session.commit()
    login(client, w.contact)
    refused = client.post("/portal/complaints/new", data={
        "subject": "service", "noticed_on": "2026-05-09", "title": "x", "text": "y"})
    assert refused.status_code == 422
    assert "nadat de klacht binnenkwam" in page(refused)
    assert "cannot have been noticed" not in page(refused)


def test_a_dutch_contact_sees_a_late_dispute_refused_in_dutch(client, clock):
    clock.set(utc(2026, 11, 4, 9, 0))
    w = world()
    w.contact.locale = "nl"
    db.session.commit()
    ticket = make_ticket(w.contact, at=utc(2026, 11, 4, 9, 0))
    event = services.log_time(ticket, by=w.staff, start=utc(2026, 11, 4, 13, 0),
                              end=utc(2026, 11, 4, 15, 0), description="Switch",
                              now=utc(2026, 11, 4, 15, 30))
    db.session.commit()
    clock.set(utc(2026, 11, 11, 23, 0))  # Thursday 12 Nov 00:00 Brussels: art. 6.6 closed
    login(client, w.contact)
    refused = client.post(f"/portal/hours/{event.id}/dispute", data={"reason": "Te veel."})
    assert refused.status_code == 409
    html = page(refused)
    assert "binnen 7 dagen" in html and "11 nov 2026" in html and "within 7 days" not in html


def test_language_of_is_the_mail_locale(app):
    class Person:
        def __init__(self, locale):
            self.locale = locale

    assert language_of(Person("fr-BE")) == "fr"
    assert language_of(Person("xx")) == language_of(None) == "en"
