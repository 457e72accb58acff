"""Command line: ``gkcheck check FILES…``. Heavy libraries are imported only by commands."""

from __future__ import annotations

import sys

import click

from validator import __version__

EXIT_CODES_HELP = """Exit codes: 0 = no finding at or above --fail-on; 1 = findings at or above
--fail-on; 2 = usage error, unreadable input or bad rule file (one line on stderr)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="gkcheck")
def main() -> None:
    """gkcheck: consistency checks for 政府信息公开工作年度报告 (government
    information-disclosure annual reports)."""


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal",
              show_default=True, help="Output format.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]),
              default="error", show_default=True, help="Lowest severity that makes exit code 1.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of messages.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to this file instead of standard output.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def check(paths: tuple[str, ...], fmt: str, fail_on: str, lang: str, output: str | None,
          debug: bool) -> None:
    """Check annual reports (files or directories of .txt/.md reports)."""
    from validator import pipeline, reporters
    from validator.errors import GkcheckError

    try:
        results = pipeline.run(paths, fail_on=fail_on, debug=debug)
    except GkcheckError as exc:
        _fail(str(exc), exc.exit_code)
    if output:
        from validator.output import atomic_write

        with atomic_write(output) as handle:
            reporters.render(fmt, results, handle, lang)
    else:
        reporters.render(fmt, results, sys.stdout, lang)
    for doc in results.documents:
        if doc.error:
            click.echo(f"gkcheck: {doc.path}: {doc.error}", err=True)
    sys.exit(results.exit_code)


@main.command("rules")
def list_rules() -> None:
    """List every rule: name, severity, check and title."""
    from validator import rulebook
    from validator.errors import GkcheckError

    try:
        rules = rulebook.load()
    except GkcheckError as exc:
        _fail(str(exc), exc.exit_code)
    width = max(len(r.name) for r in rules)
    for r in rules:
        click.echo(f"{r.name:<{width}}  {r.severity:<7}  {r.check:<8}  {r.title}")


def _fail(message: str, code: int) -> None:
    click.echo(f"gkcheck: {message}", err=True)
    sys.exit(code)
