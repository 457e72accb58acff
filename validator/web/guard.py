"""Every response: the token (when one is set), the Host header (when listening locally) and
the security headers — a strict Content-Security-Policy, no sniffing, no referrer, no framing."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import io
import json
import re
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from validator.messages import text
from validator.web.settings import Settings

COOKIE = "gkcheck_token"


def report_style_hashes() -> str:
    """CSP sources for the HTML report's own ``<style>`` (shown in a sandboxed frame, which
    inherits this page's policy): their hashes, so no other inline style is allowed."""
    from validator.model.results import Results
    from validator.reporters import html_report

    page = io.StringIO()
    html_report.render(Results([]), page)
    styles = re.findall(r"<style>(.*?)</style>", page.getvalue(), re.S)
    return " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                    for s in styles)


def policy() -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self' " + report_style_hashes()
            + "; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-src 'self'; "
              "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


class Guard:
    """ASGI middleware in front of the application."""

    def __init__(self, app, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.headers = [(b"content-security-policy", policy().encode()),
                        (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                        (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store")]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        lang = _lang(scope)

        async def secured(message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.headers]
            await send(message)

        if self.settings.local and _host(headers.get("host", "")) not in ("127.0.0.1", "localhost", "[::1]"):
            await _error(secured, 400, text("web.bad_host", lang))
        elif self.settings.token and not self._authorised(scope, headers):
            await _error(secured, 401, text("web.token", lang), [(b"www-authenticate", b"Bearer")])
        elif self.settings.token and scope["method"] == "GET" and _query(scope).get("token"):
            await _enter(secured, self.settings.token)  # the link printed at start: set the cookie
        else:
            await self.app(scope, receive, secured)

    def _authorised(self, scope, headers: dict[str, str]) -> bool:
        token = self.settings.token or ""
        given = [headers.get("authorization", "").removeprefix("Bearer ").strip(), headers.get("x-gkcheck-token", "")]
        cookie = SimpleCookie()
        with contextlib.suppress(Exception):  # a malformed cookie header is no token
            cookie.load(headers.get("cookie", ""))
        if COOKIE in cookie:
            given.append(cookie[COOKIE].value)
        if scope["method"] == "GET":
            given.append(_query(scope).get("token", ""))
        return any(g and hmac.compare_digest(g.encode(), token.encode()) for g in given)


def _query(scope) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}


def _lang(scope) -> str:
    return "en" if _query(scope).get("lang") == "en" else "zh"


def _host(value: str) -> str:
    return value.rsplit(":", 1)[0] if not value.endswith("]") else value


async def _error(send, status: int, message: str, extra: list | None = None) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *(extra or [])]})
    await send({"type": "http.response.body", "body": body})


async def _enter(send, token: str) -> None:
    """Redirect to the page without the token in its address, the token kept in a cookie."""
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict".encode()
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", b"/"), (b"set-cookie", cookie), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
