"""The wheel ships the rule files and a non-editable install finds them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "gkcheck"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info",
                                                             "__pycache__", ".pytest_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(src)], check=True, timeout=300)
    return next(out.glob("gkcheck-*.whl"))


def test_rule_files_are_in_the_wheel(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {Path(n).name for n in names if n.startswith("validator/_rules/")}
    assert shipped == {p.name for p in (ROOT / "rules").glob("*.yaml")}


def test_installed_copy_loads_its_own_rules(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    code = ("import validator, validator.rulebook.specs as r; "
            "print(validator.__file__); print(r.rules_dir()); print(len(r.load()))")
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60, check=True)
    module, rules_dir, count = proc.stdout.split()
    assert module.startswith(str(target)) and rules_dir.startswith(str(target))
    assert int(count) == len(__import__("validator.rulebook.specs").rulebook.load())
