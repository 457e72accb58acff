"""A ``gkcheck serve`` subprocess on a free local port, and a small multipart client (tests/test_web.py)."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
Part = tuple[str, str, bytes]  # (field, file name, content)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``with Server(*options) as srv``: started, ready (the port answers), always stopped."""

    def __init__(self, *options: str, token: str | None = None) -> None:
        self.port = free_port()
        self.token = token
        self.options = [*options, *(["--token", token] if token else [])]
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "validator", "serve", "--no-browser",
                                      "--port", str(self.port), *self.options],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.proc.stderr.read().decode() if self.proc.stderr else ''}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return self
            time.sleep(0.05)  # polling, not waiting a fixed time
        self.__exit__()
        raise RuntimeError("server not ready after 60 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body: bytes | Iterable[bytes] | None = None,
                headers: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            chunked = body is not None and not isinstance(body, bytes)
            conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
            res = conn.getresponse()
            return res.status, {k.lower(): v for k, v in res.getheaders()}, res.read()
        finally:
            conn.close()

    def post(self, parts: list[Part], path: str = "/api/check", headers: dict[str, str] | None = None,
             chunked: bool = False) -> tuple[int, dict]:
        body, ctype = multipart(parts)
        payload: bytes | Iterator[bytes] = body
        if chunked:
            payload = iter([body[i:i + 65536] for i in range(0, len(body), 65536)])
        status, _, raw = self.request("POST", path, payload, {"Content-Type": ctype, **(headers or {})})
        return status, json.loads(raw)


def multipart(parts: list[Part]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = []
    for field, name, content in parts:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
                   f"Content-Type: application/octet-stream\r\n\r\n".encode())
        out.append(content + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


def faulty_docx(path: Path) -> Path:
    """The committed Word report (tests/fixtures/formats/report.docx) made consistent, then one
    cell wrong: 三（七）总计 / 自然人 written 19 where the other cells make it 14."""
    import docx

    doc = docx.Document(str(ROOT / "tests" / "fixtures" / "formats" / "report.docx"))
    table = doc.tables[1]  # 三、收到和处理政府信息公开申请情况
    new, total = table.rows[3].cells, table.rows[26].cells
    assert (new[3].text, new[9].text, total[3].text) == ("16", "83", "14")
    new[3].text, new[9].text = "14", "81"  # the fixture's own fault, undone
    total[3].text = "19"
    doc.save(str(path))
    return path
