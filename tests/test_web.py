"""``gkcheck serve``: the API (limits, token, concurrency, a hostile file beside a normal one) and
the page in a real browser (Debian's chromium driven by Selenium with chromium-driver)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from web_server import ROOT, Server, faulty_docx

FAULTY = (ROOT / "samples" / "faulty_balance.txt").read_bytes()
DOCX = ROOT / "tests" / "fixtures" / "formats" / "report.docx"
LIMITS = ("--max-files", "3", "--max-size", "8", "--max-total", "12", "--timeout", "4", "-j", "2")
XSS_NAME = "<img src=x onerror=alert(1)>.txt"


@pytest.fixture(scope="module")
def server():
    with Server(*LIMITS) as srv:
        yield srv


def _rules(answer: dict) -> list[str]:
    return [f["rule"] for d in answer["documents"] for f in d["findings"]]


def test_a_faulty_report_gives_the_json_contract(server: Server) -> None:
    status, answer = server.post([("files", "faulty_balance.txt", FAULTY)])
    assert status == 200 and answer["schema_version"] == 1
    assert answer["documents"][0]["path"] == "faulty_balance.txt"  # the name sent, no private folder
    assert "applications.balance" in _rules(answer) and answer["summary"]["errors"] == 2
    cli = subprocess.run([sys.executable, "-m", "validator", "check", "--format", "json", "samples/faulty_balance.txt"],
                         cwd=ROOT, capture_output=True, text=True)
    same = json.loads(cli.stdout.replace("samples/faulty_balance.txt", "faulty_balance.txt"))
    assert answer["documents"] == same["documents"]  # what `gkcheck check --format json` says


def test_several_files_and_last_years_report(server: Server) -> None:
    clean = (ROOT / "samples" / "clean_2021.txt").read_bytes()
    status, answer = server.post([("files", "a.docx", DOCX.read_bytes()), ("files", "b.txt", FAULTY),
                                  ("previous", "last.txt", clean)])
    assert status == 200 and [d["path"] for d in answer["documents"]] == ["a.docx", "b.txt"]


def test_the_page_endpoint_adds_the_html_report(server: Server) -> None:
    status, answer = server.post([("files", XSS_NAME, FAULTY)], path="/api/page?lang=en")
    assert status == 200 and answer["report"]["documents"][0]["path"] == XSS_NAME
    assert "<img src=x" not in answer["html"] and "&lt;img src=x onerror=alert(1)&gt;" in answer["html"]
    assert 'class="cell error"' in answer["html"] and "Content-Security-Policy" in answer["html"]


@pytest.mark.parametrize(("parts", "headers", "status"), [
    ([], {}, 400),  # no file
    ([("other", "x.txt", FAULTY)], {}, 400),  # no part named files
    ([("files", f"{i}.txt", FAULTY) for i in range(4)], {}, 413),  # too many files
    ([("files", "big.txt", b"1" * (9 * 1024 * 1024))], {}, 413),  # one file too large
    ([("files", f"{i}.txt", b"1" * (5 * 1024 * 1024)) for i in range(3)], {}, 413),  # the request too large
])
def test_bad_requests_are_refused_with_an_error(server: Server, parts, headers, status: int) -> None:
    got, answer = server.post(parts, headers=headers)
    assert got == status and set(answer) == {"error"} and answer["error"]


def test_a_large_body_without_length_is_cut_off(server: Server) -> None:
    parts = [("files", f"{i}.txt", b"1" * (5 * 1024 * 1024)) for i in range(3)]
    status, answer = server.post(parts, chunked=True)
    assert status == 413 and "12 MB" in answer["error"]


def test_not_multipart_and_unknown_paths(server: Server) -> None:
    status, _, body = server.request("POST", "/api/check?lang=en", b"{}", {"Content-Type": "application/json"})
    assert status == 400 and "multipart" in json.loads(body)["error"]
    status, _, body = server.request("GET", "/nothing")
    assert status == 404 and json.loads(body)["error"]


def test_security_headers_and_host(server: Server) -> None:
    status, headers, body = server.request("GET", "/")
    assert status == 200 and b'<script src="/static/app.js"' in body
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    status, _, _ = server.request("GET", "/health", headers={"Host": "attacker.example:8000"})
    assert status == 400  # DNS rebinding: only this computer's names when listening locally


def test_concurrent_requests_all_succeed(server: Server) -> None:
    docx = DOCX.read_bytes()
    jobs = [[("files", "r.txt", FAULTY)], [("files", "r.docx", docx)]] * 2
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(server.post, jobs))
    assert [s for s, _ in answers] == [200] * 4
    assert all("applications.balance" in _rules(a) for _, a in answers)


def test_a_hostile_file_does_not_block_a_normal_request(server: Server) -> None:
    from validator.testing import synth

    # ~7.8 MB (under --max-size 8), more than 4 s to read
    slow = synth.render(synth.consistent(random.Random(1)), "glued").encode() * 2800
    hostile: dict = {}
    thread = threading.Thread(target=lambda: hostile.update(
        answer=server.post([("files", "slow.txt", slow)], path="/api/check?lang=en")))
    thread.start()
    time.sleep(0.5)  # let it reach a worker first
    start = time.monotonic()
    status, answer = server.post([("files", "r.txt", FAULTY)])
    took = time.monotonic() - start
    assert status == 200 and "applications.balance" in _rules(answer)
    assert thread.is_alive(), "the hostile file should still be read"
    assert took < 3.5, took
    thread.join(60)
    status, answer = hostile["answer"]
    assert status == 200 and "gave up after 4 s" in answer["documents"][0]["error"]  # the per-document timeout


def test_a_token_is_required_on_every_request() -> None:
    with Server("-j", "1", token="s3cret-token") as srv:
        for method, path in (("GET", "/"), ("GET", "/health"), ("GET", "/static/app.js")):
            status, headers, _ = srv.request(method, path)
            assert status == 401 and headers["www-authenticate"] == "Bearer"
        status, answer = srv.post([("files", "r.txt", FAULTY)])
        assert status == 401 and answer["error"]
        status, answer = srv.post([("files", "r.txt", FAULTY)], headers={"Authorization": "Bearer wrong"})
        assert status == 401
        status, answer = srv.post([("files", "r.txt", FAULTY)], headers={"Authorization": "Bearer s3cret-token"})
        assert status == 200 and "applications.balance" in _rules(answer)
        status, headers, _ = srv.request("GET", "/?token=s3cret-token")  # the link printed at start
        assert status == 303 and headers["location"] == "/" and "HttpOnly" in headers["set-cookie"]
        cookie = headers["set-cookie"].split(";")[0]
        assert srv.request("GET", "/", headers={"Cookie": cookie})[0] == 200


def test_a_bad_token_value_is_a_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "validator", "serve", "--no-browser", "--token", "a b"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "--token" in proc.stderr


@pytest.mark.parametrize("missing", ["uvicorn", "starlette"])
def test_without_the_web_extra_one_line_and_exit_2(missing: str) -> None:
    code = (f"import sys; sys.modules[{missing!r}] = None; sys.argv = ['gkcheck', 'serve', '--no-browser']; "
            "from validator.cli.entry import main; main()")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and 'pip install "gkcheck[web]"' in proc.stderr, proc.stderr


def test_safe_names() -> None:
    from validator.web.uploads import safe_name

    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\Users\\me\\报告.docx") == "报告.docx"
    assert safe_name("a\x00b\n.txt") == "a_b_.txt"
    assert safe_name("..") == safe_name("") == safe_name(None) == "upload"
    long = safe_name("长" * 300 + ".docx")
    assert len(long) == 80 and long.endswith(".docx")


# ---- the page in a real browser -------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser():
    webdriver = pytest.importorskip("selenium.webdriver")
    if not (CHROMIUM and DRIVER):
        pytest.skip("chromium or chromedriver not installed (.ci/run installs them)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,2000"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def page(browser, server: Server):
    browser.get(server.url + "/")
    browser.execute_script("localStorage.clear()")
    browser.get(server.url + "/")
    return browser


def _wait(driver, condition, timeout: float = 60):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def _report_cells(driver) -> list[tuple[str, str, str]]:
    """(row, column, consistent value shown beside it, or "") of the highlighted cells in the report frame."""
    from selenium.webdriver.common.by import By

    _wait(driver, lambda d: d.find_element(By.ID, "status").text.strip() in ("检查完成。", "Done.")
          or "error" in (d.find_element(By.ID, "status").get_attribute("class") or ""))
    driver.switch_to.frame(driver.find_element(By.ID, "report"))
    try:
        _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "td.error"))
        return [(td.get_attribute("data-row"), td.get_attribute("data-col"),
                 " ".join(s.text for s in td.find_elements(By.CSS_SELECTOR, "span.suggest")))
                for td in driver.find_elements(By.CSS_SELECTOR, "td.error")]
    finally:
        driver.switch_to.default_content()


WRONG = [("total_handled", "natural_person", "→ 14")]  # the one wrong cell of faulty_docx, its consistent value


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory) -> str:
    return str(faulty_docx(tmp_path_factory.mktemp("web") / "报告.docx"))


@pytest.mark.slow
def test_upload_a_faulty_docx_and_see_the_wrong_cells(page, docx_file: str) -> None:
    from selenium.webdriver.common.by import By

    page.find_element(By.ID, "files").send_keys(docx_file)
    assert page.find_element(By.ID, "chosen").text.startswith("报告.docx")
    page.find_element(By.ID, "check").click()
    assert _report_cells(page) == WRONG
    assert "错误 3 项" in page.find_element(By.ID, "summary").text
    for link in ("dl-html", "dl-json"):
        assert page.find_element(By.ID, link).get_attribute("href").startswith("blob:")
    assert page.execute_script("return document.getElementById('report').offsetHeight") > 600  # fitted
    colour = page.execute_script("return getComputedStyle(document.getElementById('report').contentDocument"
                                 ".querySelector('td.error')).backgroundColor")
    assert colour == "rgb(217, 48, 37)"  # the report's own style is allowed by the page's CSP (its hash)


@pytest.mark.slow
def test_paste_a_table_copied_from_word(page) -> None:
    from selenium.webdriver.common.by import By

    html = (ROOT / "tests" / "fixtures" / "formats" / "report.html").read_text(encoding="utf-8")
    page.execute_script("""
        const dt = new DataTransfer();
        dt.setData('text/html', arguments[0]);
        dt.setData('text/plain', 'table');
        const box = document.getElementById('paste');
        box.focus();
        box.dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
    """, html)
    assert "粘贴的表格 1.html" in page.find_element(By.ID, "chosen").text
    assert page.find_element(By.ID, "paste").get_attribute("value") == ""  # nothing inserted
    page.find_element(By.ID, "check").click()
    assert ("total_handled", "natural_person", "") in _report_cells(page)  # the balance fails there


@pytest.mark.slow
def test_keyboard_only(page, docx_file: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    def focused() -> str:
        return page.switch_to.active_element.get_attribute("id") or ""

    seen = []
    for _ in range(12):  # Tab reaches every control, in order
        ActionChains(page).send_keys(Keys.TAB).perform()  # keys to whatever has the focus
        seen.append(focused())
        if focused() == "check":
            break
    assert seen[:2] == ["lang-zh", "lang-en"] and {"files", "previous", "paste", "check"} <= set(seen)
    page.find_element(By.ID, "lang-en").send_keys(Keys.SPACE)  # the language by keyboard
    assert page.find_element(By.TAG_NAME, "h1").text.startswith("Government")
    page.find_element(By.ID, "lang-zh").send_keys(Keys.ENTER)
    assert page.find_element(By.TAG_NAME, "h1").text.startswith("政府信息公开")
    page.find_element(By.ID, "files").send_keys(docx_file)  # the file chooser itself is the system's
    page.find_element(By.ID, "check").send_keys(Keys.ENTER)
    assert _report_cells(page) == WRONG


@pytest.mark.slow
def test_the_language_switch(page, docx_file: str) -> None:
    from selenium.webdriver.common.by import By

    page.find_element(By.ID, "lang-en").click()
    assert page.execute_script("return document.documentElement.lang") == "en"
    assert page.find_element(By.ID, "check").text == "Check"
    page.find_element(By.ID, "files").send_keys(docx_file)
    page.find_element(By.ID, "check").click()
    assert _report_cells(page) == WRONG
    assert page.find_element(By.ID, "summary").text.startswith("1 file(s): 3 error(s)")
    page.find_element(By.ID, "lang-zh").click()  # the result shown is checked again in Chinese
    _wait(page, lambda d: "错误 3 项" in d.find_element(By.ID, "summary").text)
    assert _report_cells(page) == WRONG
    page.switch_to.frame(page.find_element(By.ID, "report"))
    assert page.execute_script("return document.documentElement.lang").startswith("zh")
    page.switch_to.default_content()
    page.find_element(By.ID, "lang-en").click()
    _wait(page, lambda d: d.find_element(By.ID, "summary").text.startswith("1 file(s): 3 error(s)"))
    page.refresh()
    assert page.find_element(By.ID, "check").text == "Check"  # remembered
    page.find_element(By.ID, "lang-zh").click()
    assert page.find_element(By.ID, "check").text == "开始检查"


@pytest.mark.slow
def test_a_script_in_a_file_name_or_a_cell_stays_inert(page, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    evil = ("<script>alert(2)</script><img src=x onerror=\"document.title='pwned';alert(3)\">"
            "<svg onload=alert(4)>")
    text = (ROOT / "samples" / "faulty_balance.txt").read_text(encoding="utf-8")
    first, rest = text.split("\n", 1)
    hostile = tmp_path / XSS_NAME
    hostile.write_text(first + evil + "\n" + rest.replace("57", "57" + evil, 1), encoding="utf-8")
    page.find_element(By.ID, "files").send_keys(str(hostile))
    assert page.find_element(By.ID, "chosen").text.startswith(XSS_NAME)
    page.find_element(By.ID, "check").click()
    _wait(page, lambda d: d.find_element(By.ID, "status").text.strip() == "检查完成。")
    time.sleep(0.5)  # give any injected handler the chance to run (it must not)
    with pytest.raises(NoAlertPresentException):
        page.switch_to.alert.text  # noqa: B018
    assert page.title.startswith("gkcheck") and "pwned" not in page.title
    assert not page.find_elements(By.CSS_SELECTOR, "main img, main svg, main script")
    page.switch_to.frame(page.find_element(By.ID, "report"))
    try:
        assert not page.find_elements(By.CSS_SELECTOR, "img, svg, body script")
        assert XSS_NAME in page.find_element(By.TAG_NAME, "h2").text
        assert page.title != "pwned"
    finally:
        page.switch_to.default_content()


def test_a_worker_past_its_deadline_is_killed() -> None:
    """A worker that never returns (stuck in C code, deaf to the per-document timeout's signal)
    is killed at the request's hard deadline; the requests beside it are answered."""
    import asyncio
    import os

    from validator.web.pool import Overran, Pool

    async def both():
        pool = Pool(2)
        stuck = asyncio.ensure_future(pool.run(time.sleep, 600, deadline=1.0))
        pid = await pool.run(os.getpid, deadline=30)
        start = time.monotonic()
        with pytest.raises(Overran):
            await stuck
        took = time.monotonic() - start
        assert not pool._live, "the stuck worker is gone"
        pool.stop()
        return pid, took

    pid, took = asyncio.run(both())
    assert pid != os.getpid() and took < 10
