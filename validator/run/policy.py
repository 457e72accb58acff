"""What counts: rule selection, waivers and the baseline, decided before any reporter runs."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from validator import rulebook
from validator.messages import Text
from validator.model.errors import GkcheckError
from validator.model.findings import fingerprint
from validator.model.results import Results
from validator.model.rules import Rule


class PolicyError(GkcheckError):
    """A selector, waiver file or baseline is unusable."""


def select(selectors: Sequence[str] | None, ignore: Sequence[str] | None,
           folders: Sequence[str] = ()) -> list[Rule]:
    """Rules (built-in, plus those of the local rule ``folders``) matching ``selectors``
    (names, groups, or ``ALL``) minus ``ignore``."""
    rules = list(rulebook.load(folders))
    names = {r.name for r in rules} | {r.group for r in rules} | {"ALL"}
    for sel in [*(selectors or ()), *(ignore or ())]:
        if sel not in names:
            raise PolicyError(Text.of("select.unknown", name=sel))

    def hit(rule, sels) -> bool:
        return any(s in ("ALL", rule.name, rule.group) for s in sels)

    chosen = [r for r in rules if hit(r, list(selectors or ["ALL"]))]
    return [r for r in chosen if not hit(r, ignore or [])]


def fingerprints(results: Results) -> list[str]:
    return sorted({fingerprint(d.report.identity, f) for d in results.documents if d.report
                   for f in d.findings})


def write_baseline(results: Results, path: str) -> None:
    from validator.model.output import atomic_write

    with atomic_write(path) as fh:
        json.dump({"schema_version": 1, "tool": "gkcheck", "fingerprints": fingerprints(results)},
                  fh, indent=1)
        fh.write("\n")


def load_baseline(path: str) -> set[str]:
    """The fingerprints of a baseline written by ``--write-baseline``; anything else is refused
    (exit 2, the file, the line and the reason)."""
    from validator.run.waivers import PolicyFileError, read

    raw = read(path, "baseline.unreadable")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise PolicyFileError(path, getattr(exc, "lineno", None), "baseline.not_json") from None

    def line(key: str) -> int | None:
        return next((n for n, text in enumerate(raw.splitlines(), 1) if f'"{key}"' in text), None)

    if not isinstance(data, dict) or data.get("tool") != "gkcheck":
        raise PolicyFileError(path, None, "baseline.not_baseline")
    for key in data:
        if key not in ("schema_version", "tool", "fingerprints"):
            raise PolicyFileError(path, line(key), "baseline.unknown_key", key=key)
    if data.get("schema_version") != 1:
        raise PolicyFileError(path, line("schema_version"), "baseline.version", version=data.get("schema_version"))
    prints = data.get("fingerprints")
    if not isinstance(prints, list) or not all(isinstance(p, str) and re.fullmatch(r"[0-9a-f]{32}", p)
                                               for p in prints):
        raise PolicyFileError(path, line("fingerprints"), "baseline.fingerprints")
    return set(prints)


def apply_baseline(results: Results, known: set[str]) -> None:
    """Move the findings already in the baseline to ``suppressed``."""
    for doc in results.documents:
        if doc.report is None:
            continue
        kept = []
        for f in doc.findings:
            if fingerprint(doc.report.identity, f) in known:
                doc.suppressed.append((f, "baseline"))
            else:
                kept.append(f)
        doc.findings = kept
