"""A logged-in visitor of a running Wegwijzer, with the standard library only (urllib and a
cookie jar): what the page and load benchmarks send their requests with."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser

PASSWORD = "wegwijzer-demo"  # noqa: S105 - the demo's printed password
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    url: str
    body: bytes
    # Seconds until the first byte of the body was read: a streamed download has started
    # then, though its headers may have come before the first rows were written.
    first_byte: float
    total: float  # seconds until the whole body was read

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Visitor:
    def __init__(self, base_url: str) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise SystemExit("The base URL starts with http:// or https://.")
        self.base_url = base_url.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> Response:
        return self._open(urllib.request.Request(self.url(path)))  # noqa: S310 - http(s) only

    def post(self, path: str, fields: dict[str, str], *, referer: str = "") -> Response:
        request = urllib.request.Request(  # noqa: S310 - http(s) only
            self.url(path),
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Referer": self.url(referer or path)},
        )
        return self._open(request)

    def log_in(self, username: str, password: str = PASSWORD) -> Response:
        """Log in; the answer to the form's post (not logged in: `logged_in` says so)."""
        form = self.get("/accounts/login/")
        if form.status != 200:
            return form
        fields = {"username": username, "password": password}
        return self.post("/accounts/login/", {"csrfmiddlewaretoken": token_in(form.text), **fields})

    def must_log_in(self, username: str, password: str = PASSWORD) -> None:
        answer = self.log_in(username, password)
        if not logged_in(answer):
            raise SystemExit(f"Could not log in as {username} (HTTP {answer.status}).")

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def _open(self, request: urllib.request.Request) -> Response:
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=300) as answer:
                body = answer.read(1)
                first_byte = time.perf_counter() - started
                body += answer.read()
                return Response(
                    answer.status, answer.url, body, first_byte, time.perf_counter() - started
                )
        except urllib.error.HTTPError as error:
            first_byte = time.perf_counter() - started
            body = error.read()
            return Response(
                error.code, request.full_url, body, first_byte, time.perf_counter() - started
            )


def logged_in(answer: Response) -> bool:
    return answer.status == 200 and "/accounts/login/" not in answer.url


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    if not found:
        raise SystemExit("No CSRF token on the page: is the server Wegwijzer?")
    return found.group(1)


class Forms(HTMLParser):
    """The forms of a page: their action and the values their inputs would post."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append((values.get("action") or "", {}))
        elif tag in ("input", "button") and self.forms and values.get("name"):
            if values.get("type") in ("checkbox", "radio") and "checked" not in values:
                return
            self.forms[-1][1][values["name"] or ""] = values.get("value") or ""


def forms_on(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Forms()
    parser.feed(html)
    return parser.forms
