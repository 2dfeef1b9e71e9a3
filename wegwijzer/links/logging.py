import logging
import re

# The token is everything after /link/ (a guardian's or host's link) or /safe/ (a
# student's roll-call answer, care app) up to the next slash, query or end of the path.
LINK_TOKEN = re.compile(r"/(link|safe)/[^/\s?\"']+")
# A calendar feed (calendars app): /calendar/<token>.ics, its query included.
CALENDAR_TOKEN = re.compile(r"/calendar/[^/\s?\"']+\.ics")


class HideLinkTokens(logging.Filter):
    """Log the path of a signed link (links, care) or a calendar feed (calendars) without
    the token that opens it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/link/" in message or "/safe/" in message or "/calendar/" in message:
            message = LINK_TOKEN.sub(r"/\1/[token]", message)
            record.msg = CALENDAR_TOKEN.sub("/calendar/[token].ics", message)
            record.args = ()
        return True
