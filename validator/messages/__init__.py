"""Every user-facing string, one catalogue per language: ``validator/messages/<lang>.py``
holds its ``MESSAGES``. A third language is one more module here with the same keys (a test
checks every catalogue has every key); rule messages live in the rule files (``message:``) and
fall back to Chinese.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache

from validator import template

# Chinese first (the default), then the others found here
LANGS: tuple[str, ...] = ("zh", *sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name != "zh"))


@cache
def catalogue(lang: str) -> dict[str, str]:
    if lang not in LANGS:
        raise KeyError(f"no message catalogue for language {lang!r}")
    return importlib.import_module(f"validator.messages.{lang}").MESSAGES


def text(key: str, lang: str, /, **fields: object) -> str:
    """The message ``key`` in ``lang`` (Chinese when that catalogue lacks it), ``{name}``
    placeholders filled from ``fields``."""
    template_ = catalogue(lang).get(key) or catalogue("zh")[key]
    return template_.format_map(fields) if fields else template_


def table_name(table: str, lang: str) -> str:
    return text(f"table.{table}", lang)


def label(table: str, version: str, row: str | None, column: str | None, lang: str = "zh") -> str:
    """A row, a column or a cell (``row/column``) as a message names it."""
    parts = []
    if row in template.SUBTOTAL_KEYS and not _own_row(table, version, row):  # a group row's subtotal
        group = next(g for g, k in template.SUBTOTAL_GROUPS.items() if k == row)
        name = group if lang == "zh" else text(f"subtotal.{row}", lang)
        parts.append(text("subtotal", lang, label=name))
    elif row is not None:
        parts.append(_line(table, version, template.layout(table, version).row(row), lang, row=True))
    if column == template.ORG_SUBTOTAL:  # a 小计 column under 法人或其他组织
        name = template.ORGANISATIONS if lang == "zh" else text(f"subtotal.{column}", lang)
        parts.append(text("subtotal", lang, label=name))
    elif column is not None:
        parts.append(_line(table, version, template.layout(table, version).column(column), lang))
    return "/".join(parts)


def _own_row(table: str, version: str, row: str) -> bool:
    """Whether ``row`` is one of the layout's own rows (2019: （六）其他处理 has no items)."""
    return any(r.key == row for r in template.layout(table, version).rows)


def line_label(table: str, version: str, line: template.Line, lang: str) -> str:
    """A row's or column's own label (a table header) in ``lang``."""
    if lang == "zh":
        return line.label
    own = catalogue(lang)
    return own.get(f"label.{table}.{line.key}@{version}") or own.get(f"label.{table}.{line.key}") or line.label


def _line(table: str, version: str, line: template.Line, lang: str, row: bool = False) -> str:
    if lang != "zh" or not row:
        return line_label(table, version, line, lang)
    group = (line.group or "").split("/")[-1]  # an item of table 三's groups: "（三）不予公开1.属于…"
    item = table == template.APPLICATIONS and group.startswith("（") and group != line.label
    return f"{group}{line.label}" if item else line.label


@dataclass(frozen=True)
class Text:
    """A message kept as its key and fields, rendered in the reader's language when output is
    written (reasons a file is unreadable, run notes)."""

    key: str
    fields: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, key: str, /, **fields: object) -> Text:
        catalogue("zh")[key]  # an unknown key fails where the message is made, not when shown
        return cls(key, tuple(fields.items()))

    def render(self, lang: str = "zh") -> str:
        """The message in ``lang``; fields that are messages themselves are rendered too."""
        return text(self.key, lang, **{k: v.render(lang) if isinstance(v, Text) else v for k, v in self.fields})

    def __str__(self) -> str:
        return self.render("en")
