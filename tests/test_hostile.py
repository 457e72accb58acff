"""Hostile and broken inputs: one clear line, exit code 2, fast, bounded memory; inputs never
written; a batch with hostile files finishes with exact counts."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))
import make_hostile

from validator.run import pipeline
from validator.testing import synth


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> list[tuple[Path, str]]:
    return make_hostile.write(tmp_path_factory.mktemp("hostile"))


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


# runs ``python -m validator ARGS…`` and, at exit, writes the process's own peak memory (VmHWM:
# its address space after exec — the parent's memory, inherited at fork, does not count)
_PEAK = """import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    with open("/proc/self/status") as fh, open(out, "w") as o:
        o.write(next(line.split()[1] for line in fh if line.startswith("VmHWM")))
atexit.register(peak)
sys.argv[0] = "gkcheck"
runpy.run_module("validator", run_name="__main__")
"""


def _check(path: Path, tmp: Path) -> tuple[int, str, int]:
    """Exit code, stderr and this child's own peak memory (kB) of ``gkcheck check`` on one file."""
    peak = tmp / f"{path.name}.peak"
    proc = subprocess.run([sys.executable, "-c", _PEAK, str(peak), "check", "--lang", "en", str(path)],
                          capture_output=True, text=True, timeout=60)  # a hang guard only
    return proc.returncode, proc.stderr, int(peak.read_text()) if peak.exists() else 0


@pytest.mark.slow
def test_every_hostile_input(hostile, tmp_path: Path) -> None:
    peak_kb = 0
    for path, reason in hostile:
        before = _digest(path)
        code, stderr, used = _check(path, tmp_path)
        peak_kb = max(peak_kb, used)
        lines = stderr.strip().splitlines()
        assert code == 2, (path.name, code, stderr)
        assert len(lines) == 1 and path.name in lines[0] and reason in lines[0], (path.name, lines)
        assert "Traceback" not in stderr
        assert _digest(path) == before  # never written
        assert used > 0, path.name  # the child measured itself
    assert peak_kb < 1024 * 1024, f"a child used {peak_kb} kB"


def test_debug_shows_tracebacks_only_for_internal_errors(hostile) -> None:
    path = next(p for p, _ in hostile if p.name == "empty.txt")
    proc = subprocess.run([sys.executable, "-m", "validator", "check", "--debug", str(path)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr  # a read error, not a bug


def test_per_document_time_limit(tmp_path: Path) -> None:
    slow = tmp_path / "slow.txt"
    # a long glued digit table: splitting is bounded, but with a tiny limit it must stop
    slow.write_text(synth.render(synth.consistent(random.Random(1)), "glued") * 200, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "validator", "check", "--lang", "en", "--timeout", "0.01", str(slow)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "gave up after 0.01 s" in proc.stderr


@pytest.mark.slow
def test_batch_with_ten_percent_hostile_files(tmp_path: Path, hostile) -> None:
    rng = random.Random(9)
    from validator import readers

    small = [(p, r) for p, r in hostile
             if p.is_file() and p.stat().st_size < 5_000_000 and readers.supported(p)]
    for i in range(900):
        s = synth.consistent(rng, rng.choice(["2021", "2019"]))
        (tmp_path / f"good_{i:03d}.txt").write_text(synth.render(s, "plain", rng), encoding="utf-8")
    for i in range(100):
        path, _ = small[i % len(small)]
        (tmp_path / f"bad_{i:03d}{path.suffix}").write_bytes(path.read_bytes())
    results = pipeline.run([str(tmp_path)], jobs=2)
    s = results.summary()
    assert s["documents"] == 1000 and s["unreadable"] == 100
    assert s["errors"] == 0 and results.exit_code == 2


def _wait_for_first_chunk(proc: subprocess.Popen, folder: Path, dataset: str) -> None:
    """Until the run has written its first chunk of results: the dataset's temporary file
    (``<dataset>.tmp-<pid>``) appears next to it when the first chunk arrives."""
    deadline = time.monotonic() + 120  # a generous hang guard, not a speed requirement
    while not list(folder.glob(f"{dataset}.tmp-*")):
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"the run ended (exit {proc.returncode}) before its first chunk: {err}")
        if time.monotonic() > deadline:
            proc.kill()
            proc.communicate()
            pytest.fail(f"no {dataset}.tmp-* appeared in 120 s: the run never finished a chunk")
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_cleanly_with_a_partial_summary(tmp_path: Path, jobs: str) -> None:
    import json
    import signal

    rng = random.Random(3)
    for i in range(3000):
        s = synth.consistent(rng)
        (tmp_path / f"r{i:04d}.txt").write_text(synth.render(s, "plain", rng), encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "validator", "check", "--lang", "en", "--jobs", jobs, "--format",
                             "json", "-o", str(out), "--dataset", str(tmp_path / "d.parquet"),
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for_first_chunk(proc, tmp_path, "d.parquet")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    data = json.loads(out.read_text(encoding="utf-8"))  # the new file, complete
    assert any(n.startswith("interrupted") for n in data["notes"])
    checked = [d for d in data["documents"] if "error" not in d]
    assert len(data["documents"]) == 3000 and 0 < len(checked) < 3000  # the rest: "not checked"
    assert not (tmp_path / "d.parquet").exists()  # no half dataset
    assert not list(tmp_path.glob("*.tmp*"))


@pytest.mark.slow
def test_limits_are_flags(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parent / "fixtures" / "formats"
    cases = [("--max-size", "0.001", "report.txt", "file too large"),
             ("--max-unzipped", "0.01", "report.docx", "archive too large when unpacked"),
             ("--max-pages", "1", "report.pdf", "pages (limit 1")]
    for flag, value, name, reason in cases:
        proc = subprocess.run([sys.executable, "-m", "validator", "check", "--lang", "en", flag, value,
                               str(fixtures / name)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2 and reason in proc.stderr, (flag, proc.stderr)
