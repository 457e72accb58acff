"""The recipes of docs/ci.md, run as written against this checkout.

The code blocks are read from the document itself (by the heading they stand under), so the
page and what is tested cannot drift apart. Shell steps run with bash in a temporary folder
holding ``reports/`` (two samples), with ``GKCHECK_SRC`` set to this checkout (or to a tagged
git snapshot of it), in a virtual environment made here: its dependencies are borrowed from
the interpreter running the tests (a ``.pth`` file, gkcheck itself left out), so only gkcheck
is built and installed and pip downloads nothing big. Network use: the isolated builds fetch
hatchling from the package index; pipx, pre-commit and build are installed from it when the
test interpreter lacks them; pipx installs gkcheck's dependencies in full.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

import validator
from validator import readers

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "ci.md"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CLEAN, FAULTY = "clean_2021.txt", "faulty_balance.txt"
GUARD = "set GKCHECK_SRC, see docs/ci.md"
REPO_TOKEN = "GKCHECK_REPO"  # what the reader replaces in the pre-commit example

if not DOC.is_file() or not HOOKS.is_file():  # e.g. an sdist, which ships neither
    pytest.skip("docs/ci.md or .pre-commit-hooks.yaml not in this tree", allow_module_level=True)


# --------------------------------------------------------------------------- the document

@dataclass(frozen=True)
class Block:
    section: str  # the heading the block stands under, without the #s
    lang: str
    code: str


def doc_blocks() -> list[Block]:
    out: list[Block] = []
    section, lang, lines = "", None, []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if lang is None and line.startswith("#"):
            section = line.lstrip("#").strip()
        elif lang is None and line.startswith("```"):
            lang, lines = line[3:].strip(), []
        elif lang is not None and line.startswith("```"):
            out.append(Block(section, lang, "\n".join(lines) + "\n"))
            lang = None
        elif lang is not None:
            lines.append(line)
    return out


def blocks(section: str, lang: str) -> list[str]:
    found = [b.code for b in doc_blocks() if b.section.startswith(section) and b.lang == lang]
    assert found, f"docs/ci.md has no {lang} block under a heading starting {section!r}"
    return found


def block(section: str, lang: str, starting: str = "") -> str:
    found = [c for c in blocks(section, lang) if c.startswith(starting)]
    assert len(found) == 1, f"docs/ci.md: expected one {lang} block starting {starting!r} under {section!r}"
    return found[0]


def pre_commit_configs() -> tuple[dict, dict]:
    """The doc's `repo: local` hook and its hook from the repository."""
    configs = [yaml.safe_load(c) for c in blocks("pre-commit", "yaml")]
    by_repo = {c["repos"][0]["repo"]: c for c in configs}
    assert set(by_repo) == {"local", REPO_TOKEN}, by_repo.keys()
    return by_repo["local"], by_repo[REPO_TOKEN]


def doc_rev() -> str:
    """The tag the page uses (pre-commit `rev`), the same as in its GKCHECK_SRC example."""
    rev = pre_commit_configs()[1]["repos"][0]["rev"]
    assert re.fullmatch(r"v\d+(\.\d+)*", rev), rev
    assert f"gkcheck.git@{rev}`" in DOC.read_text(encoding="utf-8")
    return rev


# --------------------------------------------------------------------------- environments

def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed")
    return path


def run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def bash(script: str, cwd: Path, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess:
    return run([need("bash"), "--noprofile", "--norc", *(flags or ("-e",)), "-c", script], cwd, env)


def ok(proc: subprocess.CompletedProcess, what: str = "") -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"{what or proc.args} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    return proc


_NOT_BORROWED = re.compile(r"(gkcheck|validator|_editable_impl_gkcheck|__editable__.*gkcheck.*)([-_.].*)?|.*\.pth",
                           re.IGNORECASE)


@pytest.fixture(scope="module")
def deps(tmp_path_factory) -> Path:
    """The test interpreter's installed packages, without gkcheck: symlinks in one folder."""
    farm = tmp_path_factory.mktemp("deps")
    for site in dict.fromkeys(Path(p) for p in sys.path):
        if site.name not in ("site-packages", "dist-packages") or not site.is_dir():
            continue
        for entry in site.iterdir():
            if not _NOT_BORROWED.fullmatch(entry.name) and not (farm / entry.name).exists():
                (farm / entry.name).symlink_to(entry)
    if not (farm / "pip").exists():
        pytest.skip("the test interpreter has no pip")
    return farm


def shim(venv: Path, name: str, module: str) -> None:
    exe = venv / "bin" / name
    exe.write_text(f'#!/bin/sh\nexec "{venv}/bin/python" -m {module} "$@"\n', encoding="utf-8")
    exe.chmod(0o755)


def make_venv(path: Path, deps: Path) -> Path:
    """A fresh virtual environment that sees the borrowed packages (pip among them)."""
    if os.name != "posix":
        pytest.skip("the recipes are POSIX shell")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True, timeout=120)
    code = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = subprocess.run([str(path / "bin" / "python"), "-c", code], check=True, capture_output=True,
                             text=True).stdout.strip()
    Path(purelib, "_borrowed_deps.pth").write_text(f"{deps}\n", encoding="utf-8")
    shim(path, "pip", "pip")
    return path


def shell_env(venv: Path, **extra: str) -> dict[str, str]:
    """The environment of a CI step: the venv first on PATH, nothing of the test interpreter's venv."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "GKCHECK_SRC", "GITHUB_STEP_SUMMARY")}
    own_bin = Path(sys.prefix, "bin") if sys.prefix != sys.base_prefix else None
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and (own_bin is None or Path(p) != own_bin)]
    env.update(PATH=os.pathsep.join([str(venv / "bin"), *path]), VIRTUAL_ENV=str(venv),
               PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    env.update(extra)
    return env


def ensure_tool(venv: Path, package: str, module: str, command: str) -> None:
    """`package` usable as `command` in the venv: borrowed, else installed from the index; skip if neither."""
    probe = run([str(venv / "bin" / "python"), "-c", f"import {module}"], venv, shell_env(venv))
    if probe.returncode != 0:
        proc = run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", package], venv, shell_env(venv))
        if proc.returncode != 0:
            pytest.skip(f"{package} is neither installed nor installable: {proc.stderr.strip()[-300:]}")
    if not (venv / "bin" / command).exists():
        shim(venv, command, module)


def workspace(path: Path, *samples: str) -> Path:
    (path / "reports").mkdir(parents=True)
    for name in samples:
        shutil.copy(ROOT / "samples" / name, path / "reports" / name)
    return path


def installed_from(venv: Path, cwd: Path) -> Path:
    """Where the venv's python imports gkcheck from (run outside the checkout)."""
    proc = ok(run([str(venv / "bin" / "python"), "-c", "import validator; print(validator.__file__)"], cwd,
                  shell_env(venv)))
    module = Path(proc.stdout.strip()).parent
    assert module.is_relative_to(venv) and not module.is_relative_to(ROOT), module
    return module


def assert_ships_rules(package_dir: Path) -> None:
    shipped = {p.name for p in (package_dir / "_rules").glob("*.yaml")}
    assert shipped and shipped == {p.name for p in (ROOT / "rules").glob("*.yaml")}


def findings(json_out: str) -> set[str]:
    return {f["rule"] for d in json.loads(json_out)["documents"] for f in d["findings"]}


@pytest.fixture(scope="module")
def mirror(tmp_path_factory) -> Path:
    """A git repository holding this checkout's files (committed or not), tagged with the page's `rev`."""
    git = need("git")
    repo = tmp_path_factory.mktemp("mirror") / "gkcheck"
    listed = subprocess.run([git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    if listed.returncode != 0:
        pytest.skip("this checkout is not a git repository")
    for name in filter(None, listed.stdout.split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    cfg = ["-c", "user.name=gkcheck tests", "-c", "user.email=tests@invalid", "-c", "commit.gpgsign=false",
           "-c", "tag.gpgsign=false", "-c", "core.hooksPath=/dev/null"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"], ["tag", doc_rev()]):
        subprocess.run([git, *cfg, *args], cwd=repo, check=True, capture_output=True, timeout=60)
    return repo


# --------------------------------------------------------------------------- the page itself

def test_every_use_of_gkcheck_src_is_guarded() -> None:
    """No bare `$GKCHECK_SRC` (an unset variable would make `pip install ""`), no index install."""
    code = "".join(b.code for b in doc_blocks())
    uses = re.findall(r"\$\{?GKCHECK_SRC\b[^\"\n]*", code)
    assert len(uses) == 7 and set(uses) == {f"${{GKCHECK_SRC:?{GUARD}}}"}, uses
    assert not re.search(r"(pip|pipx|uv tool) install (-U )?gkcheck\b", code)
    assert "example.org" not in DOC.read_text(encoding="utf-8")


def test_unset_gkcheck_src_stops_every_recipe(tmp_path: Path) -> None:
    """With GKCHECK_SRC unset each recipe stops before installing anything, naming the variable."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for tool in ("pip", "pipx", "uv", "python", "gkcheck"):
        (stubs / tool).write_text(f'#!/bin/sh\necho "{tool} $*" >> "{tmp_path}/called"\n', encoding="utf-8")
        (stubs / tool).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "GKCHECK_SRC"}
    env["PATH"] = f"{stubs}{os.pathsep}{os.environ.get('PATH', '')}"
    gitlab = yaml.safe_load(block("GitLab CI", "yaml"))["gkcheck"]["script"]
    github = [s["run"] for s in yaml.safe_load(block("GitHub Actions", "yaml"))["jobs"]["gkcheck"]["steps"]
              if "GKCHECK_SRC" in s.get("run", "")]
    recipes = [c for c in blocks("", "sh") if "GKCHECK_SRC" in c] + ["\n".join(gitlab)] + github
    assert len(recipes) == 7
    for script in recipes:
        (tmp_path / "called").unlink(missing_ok=True)
        proc = bash(script, tmp_path, env)
        assert proc.returncode != 0 and f"GKCHECK_SRC: {GUARD}" in proc.stderr, (script, proc.stderr)
        called = (tmp_path / "called").read_text().splitlines() if (tmp_path / "called").exists() else []
        assert called in ([], ["pip install build"]), (script, called)


def test_pre_commit_hooks_agree_and_work(tmp_path: Path) -> None:
    """The doc's hooks and .pre-commit-hooks.yaml: same id, entry, file selection; the entry runs."""
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    local, remote = pre_commit_configs()
    (local_hook,) = local["repos"][0]["hooks"]
    assert hook["language"] == "python" and local_hook["language"] == "system"
    for key in ("id", "name", "entry", "files", "exclude"):
        assert local_hook[key] == hook[key], key
    assert remote["repos"][0]["hooks"] == [{"id": hook["id"]}] and doc_rev()

    def selected(path: str) -> bool:
        return bool(re.search(hook["files"], path)) and not re.search(hook["exclude"], path)

    for ext in [*readers.READERS, ".PDF", ".Docx", ".json", ".xls", ".png", ".yaml", ""]:
        assert selected(f"reports/2023/report{ext}") == readers.supported(Path(f"report{ext}")), ext
    for path in ("README.md", "reports/readme.txt", "docs/CHANGELOG.md", "LICENSE.txt", "CONTRIBUTING.md",
                 ".github/report.md", "reports/.draft.txt"):
        assert not selected(path), path
    assert selected("reports/README-2023.md") and selected("reports/某县2023年报告.docx")

    # the entry on the samples, as pre-commit passes them (README.md filtered out by `exclude`)
    work = workspace(tmp_path, CLEAN, FAULTY)
    (work / "README.md").write_text("# reports\n", encoding="utf-8")
    files = sorted(str(p.relative_to(work)) for p in work.rglob("*") if p.is_file())
    passed = [f for f in files if selected(f)]
    assert passed == [f"reports/{CLEAN}", f"reports/{FAULTY}"]
    program, *args = shlex.split(hook["entry"])
    assert program == "gkcheck"
    command = [sys.executable, "-m", "validator", *args]
    assert run([*command, *passed], work, dict(os.environ)).returncode == 1
    assert run([*command, passed[0]], work, dict(os.environ)).returncode == 0


# --------------------------------------------------------------------------- installing

@pytest.fixture(scope="module")
def repo_venv(tmp_path_factory, deps) -> tuple[Path, subprocess.CompletedProcess]:
    """A fresh venv where the page's "From the repository" recipe ran, GKCHECK_SRC = this checkout."""
    venv = make_venv(tmp_path_factory.mktemp("repo") / "venv", deps)
    cwd = tmp_path_factory.mktemp("repo-cwd")
    proc = bash(block("From the repository", "sh"), cwd, shell_env(venv, GKCHECK_SRC=str(ROOT)))
    return venv, proc


@pytest.mark.slow
def test_install_from_the_repository(repo_venv, tmp_path: Path) -> None:
    venv, proc = repo_venv
    ok(proc, "From the repository")
    assert proc.stdout.splitlines()[-1] == f"gkcheck, version {validator.__version__}"
    assert_ships_rules(installed_from(venv, tmp_path))
    work = workspace(tmp_path, FAULTY)
    out = run(["gkcheck", "check", "--format", "json", f"reports/{FAULTY}"], work, shell_env(venv))
    assert out.returncode == 1 and "applications.balance" in findings(out.stdout)


@pytest.mark.slow
def test_install_from_a_wheel(tmp_path: Path, deps: Path) -> None:
    """pip wheel, then the wheel into a fresh venv; the installed copy runs on its own rules."""
    venv = make_venv(tmp_path / "venv", deps)
    work = workspace(tmp_path / "work", CLEAN, FAULTY)
    proc = ok(bash(block("From a wheel", "sh", "pip wheel"), work, shell_env(venv, GKCHECK_SRC=str(ROOT))),
              "From a wheel")
    assert proc.stdout.strip().endswith(f"gkcheck, version {validator.__version__}")
    (wheel,) = (work / "dist").glob("gkcheck-*.whl")
    assert wheel.name.endswith("-py3-none-any.whl")
    package = installed_from(venv, work)
    assert_ships_rules(package)
    rules = ok(run(["gkcheck", "rules"], work, shell_env(venv))).stdout
    assert "applications.balance" in rules
    out = run(["gkcheck", "check", "--format", "json", "reports/"], work, shell_env(venv))
    assert out.returncode == 1 and "applications.balance" in findings(out.stdout)
    assert run(["gkcheck", "check", f"reports/{CLEAN}"], work, shell_env(venv)).returncode == 0
    # the wheel as GKCHECK_SRC (the page's table): the repository recipe installs it
    again = ok(bash(block("From the repository", "sh"), work, shell_env(venv, GKCHECK_SRC=str(wheel))))
    assert again.stdout.splitlines()[-1] == f"gkcheck, version {validator.__version__}"


@pytest.mark.slow
def test_wheel_with_build(tmp_path: Path, deps: Path) -> None:
    venv = make_venv(tmp_path / "venv", deps)
    ensure_tool(venv, "build", "build", "pyproject-build")
    work = tmp_path / "work"
    work.mkdir()
    ok(bash(block("From a wheel", "sh", "pip install build"), work, shell_env(venv, GKCHECK_SRC=str(ROOT))),
       "python -m build")
    (wheel,) = (work / "dist").glob("gkcheck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {Path(n).name for n in names if n.startswith("validator/_rules/")} == \
        {p.name for p in (ROOT / "rules").glob("*.yaml")}


@pytest.mark.slow
def test_pipx_install(tmp_path: Path, deps: Path) -> None:
    """pipx builds gkcheck and installs it with its dependencies in full, in a venv of its own."""
    venv = make_venv(tmp_path / "venv", deps)
    ensure_tool(venv, "pipx", "pipx", "pipx")
    bin_dir = tmp_path / "pipx-bin"
    env = shell_env(venv, GKCHECK_SRC=str(ROOT), PIPX_HOME=str(tmp_path / "pipx"), PIPX_BIN_DIR=str(bin_dir),
                    PIPX_MAN_DIR=str(tmp_path / "pipx-man"))
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    work = workspace(tmp_path / "work", FAULTY)
    proc = ok(bash(block("As a command of its own", "sh", "pipx"), work, env), "pipx install")
    assert proc.stdout.strip().endswith(f"gkcheck, version {validator.__version__}")
    assert shutil.which("gkcheck", path=env["PATH"]) == str(bin_dir / "gkcheck")
    assert run(["gkcheck", "check", f"reports/{FAULTY}"], work, env).returncode == 1


@pytest.mark.slow
def test_uv_tool_install(tmp_path: Path) -> None:
    """Only where uv is installed (uv resolves and downloads every dependency itself)."""
    need("uv")
    bin_dir = tmp_path / "uv-bin"
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    env.update(GKCHECK_SRC=str(ROOT), UV_TOOL_DIR=str(tmp_path / "uv-tools"), UV_TOOL_BIN_DIR=str(bin_dir),
               PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    work = workspace(tmp_path / "work", FAULTY)
    proc = ok(bash(block("As a command of its own", "sh", "uv"), work, env), "uv tool install")
    assert proc.stdout.strip().endswith(f"gkcheck, version {validator.__version__}")
    assert run(["gkcheck", "check", f"reports/{FAULTY}"], work, env).returncode == 1


# --------------------------------------------------------------------------- CI services

@pytest.fixture(scope="module")
def ci_venv(tmp_path_factory, deps) -> Path:
    return make_venv(tmp_path_factory.mktemp("ci") / "venv", deps)


def fresh_runner(venv: Path) -> None:
    """gkcheck not installed in the venv, as on a new CI runner."""
    ok(run([str(venv / "bin" / "python"), "-m", "pip", "uninstall", "-y", "-q", "gkcheck"], venv, shell_env(venv)))
    assert not (venv / "bin" / "gkcheck").exists()


KNOWN_ACTIONS = {"actions/checkout", "actions/setup-python", "github/codeql-action/upload-sarif"}


Ran = list[tuple[dict, subprocess.CompletedProcess | None]]


def run_github_job(workflow: dict, work: Path, env: dict[str, str]) -> Ran:
    """The job's steps in order, as the runner would: `run:` steps with `bash -e`, a failed step skipping
    the later ones unless `if: always()`; `uses:` steps are not run, but the files they consume must exist."""
    ran: Ran = []
    failed = False
    (job,) = workflow["jobs"].values()
    for step in job["steps"]:
        condition = step.get("if", "success()")
        assert condition in ("success()", "always()"), condition
        if failed and condition != "always()":
            ran.append((step, None))
            continue
        if "uses" in step:
            action = step["uses"].split("@")[0]
            assert action in KNOWN_ACTIONS, f"the test does not know {action}"
            if action == "github/codeql-action/upload-sarif":
                path = work / step["with"]["sarif_file"]
                assert path.is_file(), f"{path.name} not written; the steps said:\n" + "\n".join(
                    f"{s.get('run')!r}: exit {p.returncode}\n{p.stderr[-500:]}" for s, p in ran if p is not None)
                sarif = json.loads(path.read_text(encoding="utf-8"))
                assert sarif["version"] == "2.1.0" and sarif["runs"][0]["tool"]["driver"]["name"] == "gkcheck"
            ran.append((step, None))
            continue
        assert "${{" not in step["run"], "expressions in run: steps are not run by the test"
        proc = bash(step["run"], work, env)
        failed = failed or proc.returncode != 0
        ran.append((step, proc))
    return ran


def step(ran: Ran, text: str) -> subprocess.CompletedProcess:
    (proc,) = [p for s, p in ran if text in s.get("run", "")]
    assert proc is not None, f"step {text!r} did not run"
    return proc


@pytest.mark.slow
@pytest.mark.parametrize(("source", "samples"), [("checkout", (CLEAN, FAULTY)), ("git tag", (CLEAN,))])
def test_github_actions(source: str, samples: tuple[str, ...], ci_venv: Path, tmp_path: Path, request) -> None:
    workflow = yaml.safe_load(block("GitHub Actions", "yaml"))
    assert workflow["env"] == {"GKCHECK_SRC": "${{ vars.GKCHECK_SRC }}"}  # the repository variable
    src = str(ROOT) if source == "checkout" else f"git+file://{request.getfixturevalue('mirror')}@{doc_rev()}"
    fresh_runner(ci_venv)
    work = workspace(tmp_path, *samples)
    summary = tmp_path / "step_summary.md"
    ran = run_github_job(workflow, work, shell_env(ci_venv, GKCHECK_SRC=src, GITHUB_STEP_SUMMARY=str(summary)))

    ok(step(ran, "pip install"), "install step")
    assert installed_from(ci_venv, tmp_path)
    check = step(ran, "--format github")
    sarif = step(ran, "--format sarif")
    assert sarif.returncode == 0  # `|| true`: never fails by itself
    results = json.loads((work / "gkcheck.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert summary.read_text(encoding="utf-8").startswith("## gkcheck")
    if FAULTY in samples:
        assert check.returncode == 1  # the job fails: a report has errors
        assert f"::error file=reports/{FAULTY}," in check.stdout
        assert "applications.balance" in {r["ruleId"] for r in results}
    else:
        ok(check, "check step")
        assert "::error" not in check.stdout and results == []


@pytest.mark.slow
def test_gitlab_ci(ci_venv: Path, tmp_path: Path) -> None:
    """`script` as one `bash -eo pipefail` script, as the runner does; then `after_script`, if any."""
    job = yaml.safe_load(block("GitLab CI", "yaml"))["gkcheck"]
    fresh_runner(ci_venv)
    work = workspace(tmp_path, CLEAN, FAULTY)
    env = shell_env(ci_venv, GKCHECK_SRC=str(ROOT))
    proc = bash("\n".join(job["script"]), work, env, "-e", "-o", "pipefail")
    for line in job.get("after_script", []):
        bash(line, work, env)
    assert proc.returncode == 1, proc.stderr  # the job fails: a report has errors
    assert "applications.balance" in proc.stdout  # the findings in the job log
    assert installed_from(ci_venv, tmp_path)

    reports = job["artifacts"]["reports"]
    assert job["artifacts"]["when"] == "always" and set(reports) == {"codequality", "junit"}
    quality = json.loads((work / reports["codequality"]).read_text(encoding="utf-8"))
    assert "applications.balance" in {i["check_name"] for i in quality}
    assert len({i["fingerprint"] for i in quality}) == len(quality)
    junit = ElementTree.parse(work / reports["junit"]).getroot()
    assert junit.tag == "testsuites" and int(junit.get("failures", "0")) >= 1


@pytest.mark.slow
def test_baseline_recipe(repo_venv, tmp_path: Path) -> None:
    venv, proc = repo_venv
    ok(proc, "From the repository")
    work = workspace(tmp_path, CLEAN, FAULTY)
    (write, check) = block("Adopting gkcheck", "sh").splitlines()
    env = shell_env(venv)
    assert ok(bash(write, work, env)) and ok(bash(check, work, env))  # known findings only: exit 0
    shutil.copy(ROOT / "samples" / "faulty_review.txt", work / "reports")
    assert bash(check, work, env).returncode == 1  # a new finding fails


# --------------------------------------------------------------------------- pre-commit

def reports_repo(path: Path, *samples: str) -> Path:
    git = need("git")
    work = workspace(path, *samples)
    (work / "README.md").write_text("# 年度报告\n", encoding="utf-8")
    (work / "reports" / "README.md").write_text("说明\n", encoding="utf-8")
    subprocess.run([git, "init", "-q"], cwd=work, check=True, timeout=60)
    return work


def pre_commit(work: Path, config: dict, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run([need("git"), "add", "-A"], cwd=work, check=True, timeout=60)
    return run(["pre-commit", "run", "--color", "never", *args], work, env)


@pytest.fixture(scope="module")
def pre_commit_venv(repo_venv) -> Path:
    venv, proc = repo_venv
    ok(proc, "From the repository")
    ensure_tool(venv, "pre-commit", "pre_commit", "pre-commit")
    return venv


@pytest.mark.slow
def test_pre_commit_local_hook(pre_commit_venv: Path, tmp_path: Path) -> None:
    """The `repo: local` hook, gkcheck installed by the repository recipe."""
    local, _ = pre_commit_configs()
    work = reports_repo(tmp_path / "work", CLEAN, FAULTY)
    env = shell_env(pre_commit_venv, PRE_COMMIT_HOME=str(tmp_path / "pre-commit"))
    proc = pre_commit(work, local, env, "--all-files")
    assert proc.returncode == 1 and "applications.balance" in proc.stdout, proc.stdout + proc.stderr
    assert "README" not in proc.stdout  # not passed to gkcheck
    ok(pre_commit(work, local, env, "--files", f"reports/{CLEAN}", "README.md"), "pre-commit on the clean report")


@pytest.mark.slow
def test_pre_commit_hook_from_the_repository(pre_commit_venv: Path, mirror: Path, deps: Path,
                                              tmp_path: Path) -> None:
    """The page's remote hook with GKCHECK_REPO = a tagged git snapshot of this checkout: pre-commit clones
    it at `rev` and pip-installs it into a virtualenv of its own (the dependencies borrowed via PYTHONPATH
    here, so that nothing big is downloaded)."""
    _, remote = pre_commit_configs()
    config = {"repos": [{**remote["repos"][0], "repo": str(mirror)}]}
    work = reports_repo(tmp_path / "work", CLEAN, FAULTY)
    env = shell_env(pre_commit_venv, PRE_COMMIT_HOME=str(tmp_path / "pre-commit"), PYTHONPATH=str(deps))
    proc = pre_commit(work, config, env, "--all-files")
    assert proc.returncode == 1 and "applications.balance" in proc.stdout, proc.stdout + proc.stderr
    assert "README" not in proc.stdout
    ok(pre_commit(work, config, env, "--files", f"reports/{CLEAN}"), "pre-commit on the clean report")
    envs = list((tmp_path / "pre-commit").glob("repo*/py_env-*/lib/python*/site-packages/validator"))
    assert len(envs) == 1  # gkcheck installed from the clone, not borrowed
