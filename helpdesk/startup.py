"""What every process does first: check the settings, configure logging, warn of typos."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from helpdesk import config, config_spec, logs

log = logging.getLogger("helpdesk.config")


def prepare_process(environ: Mapping[str, str] | None = None, *, warn: bool = True) -> None:
    """Raises SettingsError (one line) for the first malformed HELPDESK_* variable."""
    environ = os.environ if environ is None else environ
    warnings = config.check_environment(environ)
    chosen = {**config_spec.MORE_DEFAULTS,
              **config_spec.parse_environment(environ, config.DEFAULTS)}
    logs.configure_once(chosen)
    for warning in warnings if warn else []:
        log.warning(warning, extra={"event": "config.unknown_variable"})
