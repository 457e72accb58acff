"""The check itself, run in a worker process (the per-document timeout needs a main thread;
a slow or hostile file occupies one worker, never the server)."""

from __future__ import annotations

import io
import re

from validator.readers.limits import Limits

# imported once by the fork server, so that each worker starts warm
PRELOAD = ["validator.web.worker", "validator.run.pipeline", "validator.run.batch", "validator.match",
           "validator.checks.engine", "validator.reporters.json_report", "validator.reporters.html_report"]


def check(paths: list[str], previous: list[str], root: str, lang: str, limits: Limits,
          html: bool) -> dict[str, str]:
    """The JSON contract (and the HTML report when ``html``) for the uploaded files; the private
    folder ``root`` is cut from every path shown, leaving the names the files were sent with."""
    from validator import reporters
    from validator.run import pipeline

    results = pipeline.run(paths, None, previous=previous, jobs=1, limits=limits)
    out = {"json": _render(reporters.render, "json", results, lang)}
    if html:
        out["html"] = _render(reporters.render, "html", results, lang)
    prefix = re.compile(re.escape(root) + r"/p?\d+/")
    return {k: prefix.sub("", v) for k, v in out.items()}


def _render(render, fmt: str, results, lang: str) -> str:
    buf = io.StringIO()
    render(fmt, results, buf, lang)
    return buf.getvalue()


def warm() -> None:
    """Nothing: starts a worker ahead of the first request."""
