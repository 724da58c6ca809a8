"""WSGI entry point for production servers, e.g. `gunicorn -w 4 wsgi:app`.

Web workers only serve pages; run the scheduler (`helpdesk scheduler`) and the SMTP
listener (`helpdesk smtpd`) as their own processes beside them.
"""

import sys

from helpdesk import create_app
from helpdesk.config import SettingsError
from helpdesk.startup import prepare_process

try:  # settings checked and logs set up before the app, as for every `helpdesk` command
    prepare_process()
    app = create_app()
except SettingsError as problem:  # one line for the operator, not a traceback
    print(f"Error: {problem}", file=sys.stderr)
    sys.exit(1)
