"""The IMAP mailbox form; the secret field is never filled in from what is saved."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from helpdesk.i18n import lazy_gettext as _l
from helpdesk.imap.connect import is_loopback
from helpdesk.imap.oauth import is_allowed_url


class MailboxForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)])
    host = StringField(_l("IMAP server"), validators=[DataRequired(), Length(max=255)])
    security = SelectField(_l("Connection security"), choices=[
        ("tls", _l("TLS (port 993)")),
        ("starttls", _l("STARTTLS (port 143)")),
        ("none", _l("None: only to this machine (localhost)")),
    ], default="tls")
    port = IntegerField(_l("Port"), default=993,
                        validators=[DataRequired(), NumberRange(min=1, max=65535)])
    username = StringField(_l("User name"), validators=[DataRequired(), Length(max=320)])
    auth_method = SelectField(_l("Sign in with"), choices=[
        ("password", _l("Password")),
        ("oauth2", _l("OAuth2 with a refresh token (Microsoft 365, Google Workspace): "
                      "the helpdesk renews the access token")),
        ("xoauth2", _l("OAuth2 access token as given (XOAUTH2; it expires)")),
    ], default="password")
    secret = PasswordField(_l("Password or token"))  # checked in validate_secret
    oauth_token_url = StringField(_l("OAuth2 token endpoint"), validators=[Length(max=500)])
    oauth_client_id = StringField(_l("OAuth2 client (application) ID"),
                                  validators=[Length(max=300)])
    oauth_client_secret = PasswordField(_l("OAuth2 client secret (if the app has one)"))
    oauth_scope = StringField(_l("OAuth2 scope"), validators=[Length(max=500)])
    folder = StringField(_l("Folder to read"), default="INBOX",
                         validators=[DataRequired(), Length(max=200)])
    after_storing = SelectField(_l("Once a message is stored"), choices=[
        ("move", _l("Move it to the processed folder")),
        ("seen", _l("Leave it in the folder, marked as read")),
    ], default="move")
    processed_folder = StringField(_l("Processed folder"), default="Processed",
                                   validators=[Optional(), Length(max=200)])
    enabled = BooleanField(_l("Read this mailbox"), default=True)
    submit = SubmitField(_l("Save"))
    test = SubmitField(_l("Test connection"))

    def __init__(self, *args: Any, has_secret: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_secret = has_secret

    def validate_secret(self, field: Any) -> None:
        if not field.data and not self.has_secret:
            raise ValidationError(_l("Enter the password or the token."))

    def validate_oauth_token_url(self, field: Any) -> None:
        if self.auth_method.data != "oauth2":
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Enter the token endpoint of the OAuth2 provider."))
        if not is_allowed_url(field.data.strip()):
            raise ValidationError(_l("The token endpoint must be an https:// address."))

    def validate_oauth_client_id(self, field: Any) -> None:
        if self.auth_method.data == "oauth2" and not (field.data or "").strip():
            raise ValidationError(_l("Enter the client (application) ID."))

    def validate_security(self, field: Any) -> None:
        # Credentials and customers' mail never cross a network in plain text.
        if field.data == "none" and self.host.data and not is_loopback(self.host.data.strip()):
            raise ValidationError(_l("Without TLS the server must be this machine "
                                     "(localhost); choose TLS or STARTTLS."))

    def validate_processed_folder(self, field: Any) -> None:
        if self.after_storing.data == "move":
            if not (field.data or "").strip():
                raise ValidationError(_l("Name the folder processed mail is moved to."))
            if field.data.strip() == (self.folder.data or "").strip():
                raise ValidationError(_l("The processed folder must differ from the folder "
                                         "read."))


class DeleteMailboxForm(FlaskForm):
    submit = SubmitField(_l("Delete mailbox"))
