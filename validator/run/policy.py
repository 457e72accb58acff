"""What counts: rule selection, waivers and the baseline, decided before any reporter runs."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from validator import rulebook
from validator.messages import Text
from validator.model.errors import GkcheckError
from validator.model.findings import Finding, fingerprint
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
            raise PolicyError(f"unknown rule or group '{sel}' (see 'gkcheck rules')")

    def hit(rule, sels) -> bool:
        return any(s in ("ALL", rule.name, rule.group) for s in sels)

    chosen = [r for r in rules if hit(r, list(selectors or ["ALL"]))]
    return [r for r in chosen if not hit(r, ignore or [])]


@dataclass
class Waiver:
    """Accepts one finding (or a family of them) for one document, with a reason."""

    document: str
    rule: str
    reason: str
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expires: dt.date | None = None
    used: int = 0

    def matches(self, identity: str, sha: str, f: Finding) -> bool:
        doc_ok = self.document == identity or (self.document.startswith("sha256:")
                                               and sha.startswith(self.document[7:]))
        rule_ok = self.rule in (f.rule, f.rule.split(".", 1)[0])
        cell_ok = all(want is None or want == got for want, got in
                      ((self.table, f.table), (self.row, f.row), (self.column, f.column)))
        return doc_ok and rule_ok and cell_ok


def load_waivers(path: str) -> list[Waiver]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read waivers ({exc})") from None
    out = []
    for i, entry in enumerate(data.get("waiver", []), start=1):
        missing = [k for k in ("document", "rule", "reason") if not entry.get(k)]
        if missing:
            raise PolicyError(f"{path}: waiver #{i} lacks {', '.join(missing)}")
        expires = entry.get("expires")
        if expires is not None and not isinstance(expires, dt.date):
            raise PolicyError(f"{path}: waiver #{i}: 'expires' must be a date (2025-06-30)")
        out.append(Waiver(entry["document"], entry["rule"], entry["reason"], entry.get("table"),
                          entry.get("row"), entry.get("column"), expires))
    return out


def apply_waivers(results: Results, waivers: list[Waiver], today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    live = [w for w in waivers if w.expires is None or w.expires >= today]
    for w in waivers:
        if w not in live:
            results.notes.append(Text.of("note.waiver_expired", document=w.document, rule=w.rule,
                                         expires=str(w.expires), reason=w.reason))
    for doc in results.documents:
        if doc.report is None:
            continue
        identity, sha = doc.report.identity, doc.report.meta.sha256
        kept = []
        for f in doc.findings:
            waiver = next((w for w in live if w.matches(identity, sha, f)), None)
            if waiver is None:
                kept.append(f)
            else:
                waiver.used += 1
                doc.suppressed.append((f, f"waiver: {waiver.reason}"))
        doc.findings = kept
    for w in live:
        if not w.used:
            results.notes.append(Text.of("note.waiver_unused", document=w.document, rule=w.rule, reason=w.reason))


def fingerprints(results: Results) -> list[str]:
    return sorted({fingerprint(d.report.identity, f) for d in results.documents if d.report
                   for f in d.findings})


def write_baseline(results: Results, path: str) -> None:
    from validator.model.output import atomic_write

    with atomic_write(path) as fh:
        json.dump({"schema_version": 1, "tool": "gkcheck", "fingerprints": fingerprints(results)},
                  fh, indent=1)
        fh.write("\n")


def apply_baseline(results: Results, path: str) -> None:
    try:
        known = set(json.loads(Path(path).read_text(encoding="utf-8"))["fingerprints"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise PolicyError(f"{path}: not a gkcheck baseline ({exc.__class__.__name__})") from None
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
