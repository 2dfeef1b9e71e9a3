"""Reading parts of the mobility page in tests."""

import re


def item_html(content: str, item) -> str:
    """The HTML of one checklist item on the page, up to the next item or the list's end."""
    start = content.index(f'id="item-{item.public_id}"')
    end = re.compile(r'<li class="item[ "]|</ol>').search(content, start)
    return content[start : end.start() if end else None]
