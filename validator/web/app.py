"""The application: the page, its static files, ``POST /api/check`` (the JSON contract of
``gkcheck check --format json``) and ``POST /api/page`` (the same with the HTML report, for the page)."""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path

from validator import __version__, messages
from validator.messages import text
from validator.web import uploads, worker
from validator.web.guard import Guard
from validator.web.pool import Overran, Pool, WorkerFailed
from validator.web.settings import Settings

STATIC = Path(__file__).parent / "static"


def create(settings: Settings):
    """The ASGI application for ``settings`` (its worker pool starts and stops with it)."""
    from starlette.applications import Starlette
    from starlette.responses import FileResponse, JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    pool = Pool(settings.workers)

    async def page(request):
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    async def words(request):
        return JSONResponse({"langs": list(messages.LANGS), "messages": {
            lang: {k[5:]: v for k, v in messages.catalogue(lang).items() if k.startswith("page.")}
            for lang in messages.LANGS}})

    async def health(request):
        return JSONResponse({"status": "ok", "version": __version__})

    async def api_check(request):
        return await _checked(request, settings, pool, html=False)

    async def api_page(request):
        return await _checked(request, settings, pool, html=True)

    async def not_found(request, exc):
        return JSONResponse({"error": text("web.not_found", _lang(request))}, status_code=exc.status_code)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    routes = [Route("/", page), Route("/messages.json", words), Route("/health", health),
              Route("/api/check", api_check, methods=["POST"]),
              Route("/api/page", api_page, methods=["POST"]), Mount("/static", StaticFiles(directory=STATIC))]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: not_found, 405: not_found})
    return Guard(app, settings)


async def _checked(request, settings: Settings, pool: Pool, html: bool):
    """Receive, save privately, check in a worker, answer; the folder is gone before the answer."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse, Response

    lang = _lang(request)
    try:
        upload = await uploads.receive(request, settings)
    except uploads.Refused as exc:
        return JSONResponse({"error": exc.text.render(lang)}, status_code=exc.status)
    try:
        with tempfile.TemporaryDirectory(prefix="gkcheck-web-") as root:
            files, previous = await run_in_threadpool(uploads.save, upload, Path(root))
            out = await pool.run(worker.check, files, previous, root, lang, settings.limits, html,
                                 deadline=settings.deadline(len(files) + len(previous)))
    except Overran:
        limit = settings.deadline(len(upload.files) + len(upload.previous))
        return JSONResponse({"error": text("web.overran", lang, seconds=f"{limit:g}")}, status_code=503)
    except WorkerFailed:
        return JSONResponse({"error": text("web.failed", lang, detail="worker stopped")}, status_code=500)
    except Exception as exc:  # a bug must answer, not hang the page
        return JSONResponse({"error": text("web.failed", lang, detail=f"{type(exc).__name__}: {exc}")}, status_code=500)
    finally:
        upload.close()
    if not html:
        return Response(out["json"], media_type="application/json; charset=utf-8")
    body = '{"report": ' + out["json"] + ', "html": ' + json.dumps(out["html"], ensure_ascii=False) + "}"
    return Response(body, media_type="application/json; charset=utf-8")


def _lang(request) -> str:
    lang = request.query_params.get("lang")
    return lang if lang in messages.LANGS else "zh"

