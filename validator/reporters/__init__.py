"""Reporters render a finished :class:`~validator.results.Results`; they decide nothing."""

from __future__ import annotations

import importlib
from typing import TextIO

from validator.results import Results

FORMATS = {"terminal": "terminal", "json": "json_report", "sarif": "sarif", "junit": "junit",
           "github": "github", "gitlab": "gitlab", "html": "html_report"}


def render(fmt: str, results: Results, out: TextIO, lang: str = "zh") -> None:
    """Write ``results`` in format ``fmt`` to ``out``."""
    module = importlib.import_module(f"validator.reporters.{FORMATS[fmt]}")
    module.render(results, out, lang)
