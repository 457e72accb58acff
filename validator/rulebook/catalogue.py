"""The rule catalogue: ``gkcheck rules``, ``gkcheck explain`` and docs/rules.md."""

from __future__ import annotations

from collections.abc import Sequence

from validator import rulebook, template
from validator.messages import text
from validator.rulebook.specs import Rule


def layouts(rule: Rule) -> list[str]:
    """Template versions the rule applies to."""
    out = []
    for version in template.LAYOUTS:
        if rule.check in rulebook.ARITHMETIC:
            ok = bool(rulebook.rule_instances(rule, version))
        elif rule.check in ("decimals", "unit"):
            lay = template.layout(rule.table, version)
            ok = any((r, c) in lay.cell_keys() for r in rule.options.get("rows", [])
                     for c in rule.options.get("columns", []))
        elif rule.check == "domain":
            ok = any(template.layout(t, version).kind(r, c) in rule.options.get("kinds", [])
                     for t in template.TABLES for r, c in template.layout(t, version).cell_keys())
        else:
            ok = True
        if ok:
            out.append(version)
    return sorted(out)


def table(folders: Sequence[str] = (), lang: str = "zh") -> str:
    """One line per rule (built-in, then those of the local rule ``folders``)."""
    rules = rulebook.load(folders)
    width = max(len(r.name) for r in rules)
    lines = [f"{'rule':<{width}}  severity  layouts    title"]
    for r in rules:
        lines.append(f"{r.name:<{width}}  {r.severity:<8}  {'/'.join(layouts(r)):<9}  {r.text('title', lang)}")
    return "\n".join(lines) + "\n"


def _cells(rule: Rule) -> list[str]:
    if rule.check not in rulebook.ARITHMETIC:
        scope = [f"{k}: {', '.join(map(str, v))}" for k, v in rule.options.items()
                 if k in ("rows", "columns", "kinds")]
        return scope or ["(whole document)"]
    out = []
    for version in layouts(rule):
        inst = rulebook.rule_instances(rule, version)
        first = inst[0]
        relation = "=" if rule.check == "identity" else "≥"
        out.append(f"{version}: {len(inst)} instances, e.g. "
                   f"{' + '.join('/'.join(c) for c in first.stated)} {relation} "
                   f"{' + '.join('/'.join(c) for c in first.computed) or '0'}")
    return out


def explain(name: str, lang: str = "zh", folders: Sequence[str] = ()) -> str:
    """A rule in words, in ``lang`` (a local rule file's own texts where it gives one language)."""
    rule = rulebook.rule(name, folders)
    t = {k: text(f"explain.{k}", lang) for k in ("severity", "category", "check", "layouts", "file",
                                                 "description", "why", "cells", "passes", "fails", "message")}
    lines = [f"{rule.name} — {rule.text('title', lang)}", "",
             f"{t['severity']}: {text('severity.' + rule.severity, lang)}    {t['category']}: {rule.category}    "
             f"{t['check']}: {rule.check}    {t['layouts']}: {'/'.join(layouts(rule))}    {t['file']}: {rule.source}",
             "", f"{t['description']}: {rule.text('description', lang)}", "",
             f"{t['why']}: {rule.text('why', lang)}", "",
             f"{t['cells']}:", *(f"  {c}" for c in _cells(rule)), "",
             f"{t['passes']}: {rule.examples['pass']}",
             f"{t['fails']}: {rule.examples['fail']}", "",
             f"{t['message']}: {rule.message.get(lang) or rule.message['zh']}"]
    return "\n".join(lines) + "\n"


def markdown(folders: Sequence[str] = ()) -> str:
    """docs/rules.md (a test fails when the committed file drifts from the rule files)."""
    rules = rulebook.load(folders)
    out = ["# Rules", "",
           "Generated from `rules/*.yaml` by `gkcheck rules --markdown > docs/rules.md`; do not edit.",
           "", "| rule | severity | category | layouts | title |", "|---|---|---|---|---|"]
    out += [f"| [`{r.name}`](#{r.name.replace('.', '')}) | {r.severity} | {r.category} | "
            f"{'/'.join(layouts(r))} | {r.title} |" for r in rules]
    for r in rules:
        out += ["", f"## {r.name}", "", f"**{r.title}** — {r.severity}, {r.category}, "
                f"`{r.check}` check, `{r.source}`.", "", r.description, "",
                f"Why {r.severity}: {r.why}", "",
                "Cells read:", "", *(f"- {c}" for c in _cells(r)), "",
                f"- passes: {r.examples['pass']}",
                f"- fails: {r.examples['fail']}", "",
                f"Message: {r.message['zh']}  ", f"English: {r.message['en']}"]
    return "\n".join(out) + "\n"
