import logging
import re

# The token is everything after /link/ (a guardian's or host's link) or /safe/ (a
# student's roll-call answer, care app) up to the next slash, query or end of the path.
LINK_TOKEN = re.compile(r"/(link|safe)/[^/\s?\"']+")


class HideLinkTokens(logging.Filter):
    """Log the path of a signed link (links, care) without the token that opens it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/link/" in message or "/safe/" in message:
            record.msg = LINK_TOKEN.sub(r"/\1/[token]", message)
            record.args = ()
        return True
