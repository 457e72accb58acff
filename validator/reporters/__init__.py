"""Reporters render a finished :class:`~validator.model.results.Results`; they decide nothing.
Every reporter module has the same ``render(results, out, lang, tables)``; JUnit and SARIF list
the rules of the run (``Results.rules``)."""

from __future__ import annotations

import importlib
from typing import TextIO

from validator.model.results import Results

FORMATS = {"terminal": "terminal", "json": "json_report", "sarif": "sarif", "junit": "junit",
           "github": "github", "gitlab": "gitlab", "html": "html_report"}


def render(fmt: str, results: Results, out: TextIO, lang: str = "zh",
           tables: str = "findings") -> None:
    """Write ``results`` in format ``fmt`` to ``out`` (``tables``: which tables the terminal
    format draws — ``findings``, ``all`` or ``none``)."""
    module = importlib.import_module(f"validator.reporters.{FORMATS[fmt]}")
    module.render(results, out, lang, tables)
