"""Log records made quieter where Django's default says too much for a public server."""

import logging


class RefusedHostAsWarning(logging.Filter):
    """A request naming a Host not in ALLOWED_HOSTS, logged as one WARNING line without a traceback.

    Django logs each at ERROR with the exception's traceback (`django.security.DisallowedHost`).
    Scanners on the internet send such requests all day, and the answer (400) is already right: as
    errors they would drown the log's real errors. The line still names the Host, so a
    misconfigured ALLOWED_HOSTS remains plain to see.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = None
        return True
