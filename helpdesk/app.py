"""The app factory: configuration, extensions, blueprints and template helpers in one place."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, has_request_context, request, session
from sqlalchemy import event
from sqlalchemy.engine import Engine

from helpdesk import config as settings_module
from helpdesk import ratelimits, timefmt
from helpdesk.extensions import babel, csrf, db, login_manager, migrate
from helpdesk.locales import LANGUAGES, NAMES, supported
from helpdesk.web.links import trusted_hosts

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        "helpdesk",
        root_path=str(ROOT),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=os.environ.get("HELPDESK_INSTANCE_PATH") or str(ROOT / "instance"),
    )
    settings = settings_module.from_environment(dict(os.environ), Path(app.instance_path))
    if config:
        settings.update(config)
    app.config.update({f"HELPDESK_{k}": v for k, v in settings.items()})
    app.config.update(
        SECRET_KEY=settings["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=settings_module.database_uri(settings["DATABASE_URL"]),
        # hide_parameters: a database error's text (which gets logged) carries no values,
        # so no message body, address or password hash reaches the log.
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True, "hide_parameters": True},
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(str(settings.get("BASE_URL", "")).startswith("https")),
        PERMANENT_SESSION_LIFETIME=timedelta(days=settings["SESSION_MAX_DAYS"]),
        # Requests naming another Host are refused: nothing the app builds follows a
        # requester's Host header (mail links come from the base URL, helpdesk/web/links.py).
        TRUSTED_HOSTS=trusted_hosts(str(settings.get("BASE_URL", ""))),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # token lives as long as the session
        BABEL_DEFAULT_LOCALE="en",
        BABEL_DEFAULT_TIMEZONE="Europe/Brussels",
        MAX_CONTENT_LENGTH=30 * 1024 * 1024,
    )
    if config:
        app.config.update(config)  # Flask settings such as TESTING pass straight through

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    ratelimits.init_app(app)
    _init_login(app)
    _register_blueprints(app)
    _register_template_helpers(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """WAL for concurrent readers, enforced foreign keys, and waiting instead of failing."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def _select_locale() -> str | None:
    """The signed-in person's stored language, else this session's choice, else the
    browser's (helpdesk/locales.py). Mails force their addressee's language instead."""
    if not has_request_context():  # a job or a mail built outside a request: the default
        return None
    from flask_login import current_user

    stored = supported(getattr(current_user, "locale", None))
    if stored:
        return stored
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) if request else None


def _init_login(app: Flask) -> None:
    from helpdesk.auth.sessions import load_user

    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.portal_login"
    # Staff pages send a visitor to the staff log-in, not to the customer portal's.
    login_manager.blueprint_login_views = {
        "staff": "auth.staff_login", "admin": "auth.staff_login", "reports": "auth.staff_login"}
    login_manager.session_protection = "strong"


def _register_blueprints(app: Flask) -> None:
    import helpdesk.search.index  # noqa: F401  (the session hooks keeping search current)
    from helpdesk import api, i18n
    from helpdesk.web import badges, form_html, labels, request_log, security
    from helpdesk.web.admin import bp as admin_bp
    from helpdesk.web.auth import bp as auth_bp
    from helpdesk.web.errors import register_error_handlers
    from helpdesk.web.health import bp as health_bp
    from helpdesk.web.portal import bp as portal_bp
    from helpdesk.web.reports import bp as reports_bp
    from helpdesk.web.staff import bp as staff_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(portal_bp, url_prefix="/portal")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(reports_bp, url_prefix="/staff/reports")
    app.register_blueprint(health_bp)
    api.register(app)
    register_error_handlers(app)
    labels.register(app)
    badges.register(app)
    form_html.register(app)
    security.register(app)
    request_log.register(app)
    i18n.compile_catalogues(ROOT / "translations")
    i18n.install_template_gettext(app)


def _register_template_helpers(app: Flask) -> None:
    app.jinja_env.filters["brussels"] = timefmt.brussels
    app.jinja_env.filters["brussels_short"] = timefmt.brussels_short
    app.jinja_env.filters["iso_utc"] = timefmt.iso_utc
    app.jinja_env.filters["duration"] = timefmt.duration
    app.jinja_env.filters["day"] = timefmt.day
    app.jinja_env.filters["money"] = timefmt.money
    app.jinja_env.filters["month_label"] = timefmt.month_label
    app.jinja_env.filters["number"] = timefmt.number
    app.jinja_env.globals["LANGUAGES"] = LANGUAGES
    app.jinja_env.globals["LANGUAGE_NAMES"] = NAMES
