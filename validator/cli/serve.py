"""``gkcheck serve``: the checks as a local web page (the ``web`` extra; imported only here)."""

from __future__ import annotations

import sys

import click

from validator.cli.config import CHOICES, limit_options
from validator.readers.limits import Limits

TOKEN_HELP = "Require this token on every request (letters, digits, '-', '_', '.', '~')."


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: the office network; then set --token).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port.")
@click.option("--token", envvar="GKCHECK_TOKEN", help=TOKEN_HELP + " [env GKCHECK_TOKEN]")
@click.option("--no-browser", is_flag=True, help="Do not open the page in the browser.")
@click.option("--lang", type=click.Choice(CHOICES["lang"]), default="zh", show_default=True,
              help="Language of this command's messages.")
@click.option("-j", "--workers", type=click.IntRange(0, 64), default=0,
              help="Worker processes checking uploads at once (0 = all cores, at least 2) [0].")
@click.option("--max-files", type=click.IntRange(1, 1000), default=20, show_default=True,
              help="Most files in one request (last year's included).")
@click.option("--max-total", type=click.FloatRange(0.001), default=100.0, show_default=True,
              help="Largest request, in MB.")
@limit_options
def serve(host: str, port: int, token: str | None, no_browser: bool, lang: str, workers: int,
          max_files: int, max_total: float, limits: Limits) -> None:
    """Run the checks as a local web page and HTTP API.

    Opens http://127.0.0.1:8000 in the browser: drop or paste reports, see the wrong cells
    and their consistent values. POST /api/check answers with the JSON of --format json.
    See docs/web.md."""
    import gc
    import re

    from validator.model.errors import GkcheckError

    gc.enable()  # a long-lived server (the command line pauses the collector for short runs)
    if token is not None and not re.fullmatch(r"[A-Za-z0-9._~-]{1,256}", token):
        raise click.BadParameter(TOKEN_HELP, param_hint="--token")
    try:
        from validator.run import extras

        extras.require("web")
        _run(_settings(host, port, token, workers, max_files, max_total, limits), not no_browser, lang)
    except GkcheckError as exc:
        click.echo(f"gkcheck: {exc.text.render(lang) if exc.text else exc}", err=True)
        sys.exit(exc.exit_code)


def _settings(host: str, port: int, token: str | None, workers: int, max_files: int, max_total: float,
              limits: Limits):
    from validator.run.batch import default_jobs
    from validator.web.settings import MB, Settings

    return Settings(host=host, port=port, token=token, limits=limits, max_files=max_files,
                    max_total=int(max_total * MB), workers=workers or max(2, default_jobs()))


def _run(settings, browser: bool, lang: str) -> None:
    """Serve until Ctrl-C; print the address (with the token) and open it once listening."""
    import threading

    import uvicorn

    from validator.messages import text
    from validator.web.app import create

    config = uvicorn.Config(create(settings), host=settings.host, port=settings.port, log_level="warning",
                            access_log=False, server_header=False, limit_concurrency=256)
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            url = _url(settings, server)
            click.echo(text("web.started", lang, url=url), err=True)
            if browser:
                import webbrowser

                webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    server.run()


def _url(settings, server) -> str:
    port = settings.port
    for s in getattr(server, "servers", []):
        for sock in s.sockets:
            port = sock.getsockname()[1]
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/" + (f"?token={settings.token}" if settings.token else "")
