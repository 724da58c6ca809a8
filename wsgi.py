"""WSGI entry point for production servers, e.g. `gunicorn -w 4 wsgi:app`.

Web workers only serve pages; run the scheduler (`helpdesk scheduler`) and the SMTP
listener (`helpdesk smtpd`) as their own processes beside them.
"""

from helpdesk import create_app

app = create_app()
