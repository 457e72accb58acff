"""Settings from ``.gkcheck.toml`` or ``[tool.gkcheck]`` in ``pyproject.toml``; the command
line overrides them.

    [tool.gkcheck]
    select = ["applications", "review-litigation.group-total"]   # rule names or groups
    ignore = ["numbers.fee-decimals"]
    fail-on = "warning"
    lang = "zh"
    format = "terminal"
    tables = "findings"        # terminal format: findings | all | none
    waivers = "gkcheck-waivers.toml"
    baseline = "gkcheck-baseline.json"
    rules = ["gkcheck-rules"]  # folders of local rule files (docs/local-rules.md)
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import click

from validator import messages
from validator.messages import Text
from validator.model.errors import GkcheckError
from validator.readers.limits import Limits

KEYS = {"select": list, "ignore": list, "fail-on": str, "lang": str, "format": str,
        "tables": str, "waivers": str, "baseline": str, "rules": list}
CHOICES = {"fail-on": ("error", "warning", "info", "never"), "lang": messages.LANGS,
           "format": ("terminal", "json", "sarif", "junit", "github", "gitlab", "html"),
           "tables": ("findings", "all", "none")}


class ConfigError(GkcheckError):
    """A configuration file is malformed."""


def _bad(path: Path, message: str, /, **fields: object) -> Text:
    return Text.of("file.invalid", where=str(path), reason=Text.of(message, **fields))


def find(start: Path) -> Path | None:
    """The nearest ``.gkcheck.toml``, or ``pyproject.toml`` with a ``[tool.gkcheck]`` table."""
    for folder in [start, *start.parents]:
        own = folder / ".gkcheck.toml"
        if own.is_file():
            return own
        project = folder / "pyproject.toml"
        if project.is_file() and "gkcheck" in _read(project).get("tool", {}):
            return project
    return None


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(_bad(path, "config.not_toml", detail=str(exc))) from None


def load(path: Path | None) -> dict:
    """Validated settings (keys as in ``KEYS``); relative file paths resolved against the file."""
    if path is None:
        return {}
    data = _read(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("gkcheck", {})
    out: dict[str, object] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError(_bad(path, "config.unknown", key=key, known=", ".join(KEYS)))
        if not isinstance(value, KEYS[key]):
            raise ConfigError(_bad(path, "config.type", key=key, type=KEYS[key].__name__))
        if key in CHOICES and value not in CHOICES[key]:
            raise ConfigError(_bad(path, "config.one_of", key=key, choices=", ".join(CHOICES[key])))
        if key in ("waivers", "baseline"):
            value = str((path.parent / value).resolve())
        if key == "rules":
            if not all(isinstance(v, str) for v in value):
                raise ConfigError(_bad(path, "config.rules"))
            value = [str((path.parent / v).resolve()) for v in value]
        out[key] = value
    return out


@dataclass(frozen=True)
class Settings:
    """What a check is asked to do: the settings file, overridden by the command line."""

    format: str = "terminal"
    fail_on: str = "error"
    lang: str = "zh"
    tables: str = "findings"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    waivers: str | None = None
    baseline: str | None = None
    rules: tuple[str, ...] = ()  # folders of local rule files


def settings(path: Path | None, **given: object) -> Settings:
    """The settings of ``path`` (when given) with the command line's ``given`` values (None or
    empty: not given) on top. Lists may be written ``a,b``."""
    merged: dict[str, object] = {key.replace("-", "_"): value for key, value in load(path).items()}
    merged.update({key: value for key, value in given.items() if value not in (None, ())})
    for key in ("select", "ignore", "rules"):
        if key in merged:
            merged[key] = _split(merged[key]) if key != "rules" else tuple(map(str, merged[key]))  # type: ignore[call-overload]
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in merged.items() if k in known})  # type: ignore[arg-type]


def _split(values: object) -> tuple[str, ...] | None:
    items = [v.strip() for item in values for v in str(item).split(",") if v.strip()]  # type: ignore[attr-defined]
    return tuple(items) or None


@dataclass(frozen=True)
class RunOptions:
    """How a check runs (command line only): inputs besides the reports, workers, outputs."""

    previous: tuple[str, ...] = ()
    jobs: int = 0  # 0: every core
    engine: str = "local"
    scheduler: str | None = None
    dataset: str | None = None
    debug: bool = False
    limits: Limits | None = None
    write_baseline: str | None = None
    output: str | None = None


MB = 1024 * 1024
_LIMIT_OPTIONS = (
    click.option("--max-size", type=click.FloatRange(0.001), default=50.0, show_default=True,
                 help="Largest input file, in MB."),
    click.option("--max-unzipped", type=click.FloatRange(0.001), default=200.0, show_default=True,
                 help="Largest unpacked size of a DOCX/XLSX, in MB."),
    click.option("--max-pages", type=click.IntRange(1), default=300, show_default=True,
                 help="Most PDF pages read."),
    click.option("--timeout", type=click.FloatRange(0), default=60.0, show_default=True,
                 help="Seconds allowed to read one document (0 = no limit)."),
    click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                 help="Read scans by OCR (the ocr extra): auto = PDF pages without text and images; "
                      "always = every PDF page, and page images found in folders; never = refuse scans."),
)


def limit_options(command: Callable) -> Callable:
    """The per-document limits of ``check`` and ``serve`` as options, handed on as ``limits``."""
    @functools.wraps(command)
    def with_limits(*args, max_size: float, max_unzipped: float, max_pages: int, timeout: float, ocr: str,
                    **kwargs):
        limits = Limits(max_bytes=int(max_size * MB), max_unzipped=int(max_unzipped * MB),
                        max_pages=max_pages, timeout=timeout, ocr=ocr)
        return command(*args, limits=limits, **kwargs)

    for option in reversed(_LIMIT_OPTIONS):
        with_limits = option(with_limits)
    return with_limits
