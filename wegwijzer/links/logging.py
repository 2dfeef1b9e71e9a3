import logging
import re

# The token is everything after /link/ up to the next slash, query or end of the path.
LINK_TOKEN = re.compile(r"/link/[^/\s?\"']+")


class HideLinkTokens(logging.Filter):
    """Log the path of a guardian's or host's link without the token that opens it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/link/" in message:
            record.msg = LINK_TOKEN.sub("/link/[token]", message)
            record.args = ()
        return True
