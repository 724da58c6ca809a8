"""WSGI entry point for production servers, e.g. `gunicorn -w 4 wsgi:app`.

Web workers only serve pages; run the scheduler (`helpdesk scheduler`) and the SMTP
listener (`helpdesk smtpd`) as their own processes beside them.
"""

import os
import sys

from helpdesk import create_app
from helpdesk.config import SettingsError
from helpdesk.startup import prepare_process

try:  # settings checked and logs set up before the app, as for every `helpdesk` command
    prepare_process()
    if not os.environ.get("HELPDESK_BASE_URL", "").strip():
        # Links in mail (reset links among them) point at the base URL, never at the Host
        # a request names; production must say where it is.
        raise SettingsError("HELPDESK_BASE_URL is required in production (wsgi.py): the "
                            "public URL that links in mail point at, e.g. "
                            "https://helpdesk.example.com")
    app = create_app()
except SettingsError as problem:  # one line for the operator, not a traceback
    print(f"Error: {problem}", file=sys.stderr)
    sys.exit(1)
