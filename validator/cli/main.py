"""Command line: ``gkcheck check FILES…``. Heavy libraries are imported only by commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from validator import __version__
from validator.cli.config import CHOICES, RunOptions, Settings, limit_options
from validator.readers.limits import Limits

EXIT_CODES_HELP = """Exit codes: 0 = no finding at or above --fail-on; 1 = findings at or above
--fail-on; 2 = usage error, unreadable input, a bad rule, config, waiver or baseline file, an
output that cannot be written, or a missing optional extra (one line on stderr); 130 =
interrupted (a partial summary, or nothing written)."""


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="gkcheck")
def main() -> None:
    """gkcheck: consistency checks for 政府信息公开工作年度报告 (government
    information-disclosure annual reports)."""


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(CHOICES["format"]), help="Output format [terminal].")
@click.option("--fail-on", type=click.Choice(CHOICES["fail-on"]),
              help="Lowest severity that makes exit code 1 [error].")
@click.option("--lang", type=click.Choice(CHOICES["lang"]), help="Language of messages [zh].")
@click.option("--tables", type=click.Choice(CHOICES["tables"]),
              help="Terminal format: draw the tables that have findings, every table read, "
                   "or none [findings].")
@click.option("--select", multiple=True, help="Only these rules or groups (repeatable, or a,b).")
@click.option("--ignore", multiple=True, help="Skip these rules or groups (repeatable, or a,b).")
@click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Folder of local rule files (YAML) added to the built-in rules (repeatable; "
                   "replaces the settings file's 'rules'). See docs/local-rules.md.")
@click.option("--waivers", type=click.Path(dir_okay=False), help="Waiver file (TOML).")
@click.option("--baseline", type=click.Path(dir_okay=False),
              help="Report only findings not in this baseline.")
@click.option("--write-baseline", type=click.Path(),
              help="Write the current findings as a baseline and exit 0.")
@click.option("--previous", multiple=True, type=click.Path(dir_okay=False),
              help="Last year's report(s) of the same body, for the cross-year rules.")
@click.option("-j", "--jobs", type=click.IntRange(0, 256), default=0,
              help="Worker processes (0 = all cores) [0].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              help="Run locally or on a Dask distributed cluster [local].")
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local cluster.")
@click.option("--dataset", type=click.Path(),
              help="Write every parsed cell to this .parquet file (findings beside it).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, exists=True),
              help="Settings file (default: nearest .gkcheck.toml or pyproject.toml [tool.gkcheck]).")
@click.option("-o", "--output", type=click.Path(),
              help="Write the report to this file (atomically; missing folders are created) instead of "
                   "standard output.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@limit_options
def check(paths: tuple[str, ...], fmt: str | None, fail_on: str | None, lang: str | None,
          tables: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          rule_dirs: tuple[str, ...], waivers: str | None,
          baseline: str | None, write_baseline: str | None, previous: tuple[str, ...],
          jobs: int, engine: str, scheduler: str | None, dataset: str | None,
          limits: Limits,
          config_path: str | None, output: str | None, debug: bool) -> None:
    """Check annual reports: files, or directories searched for supported files."""
    from validator.messages import Text
    from validator.model.errors import EXIT_INTERRUPTED, GkcheckError

    shown = lang or "zh"  # the language of an error before the settings are read
    try:
        settings = _settings(config_path, format=fmt, fail_on=fail_on, lang=lang, tables=tables,
                             select=select, ignore=ignore, rules=rule_dirs, waivers=waivers,
                             baseline=baseline)
        shown = settings.lang
        run = RunOptions(previous, jobs, engine, scheduler, dataset, debug, limits, write_baseline, output)
        results = _run(paths, settings, run)
        _emit(results, settings, output)
    except GkcheckError as exc:
        _fail(exc.text.render(shown) if exc.text else str(exc), exc.exit_code)
    except KeyboardInterrupt:
        _fail(Text.of("run.interrupted").render(shown), EXIT_INTERRUPTED)
    if write_baseline:
        sys.exit(2 if results.unreadable else 0)
    sys.exit(results.exit_code)


def _settings(config_path: str | None, **given: object) -> Settings:
    from validator.cli import config

    return config.settings(Path(config_path) if config_path else config.find(Path.cwd()), **given)


def _run(paths, settings: Settings, run: RunOptions):
    """Everything that can be refused is refused before the first document is read: rules,
    waivers, baseline, output paths, a missing extra."""
    from validator.messages import Text
    from validator.model import output
    from validator.run import batch, document, extras, pipeline, policy, waivers

    rules = policy.select(settings.select, settings.ignore, settings.rules)
    accepted = waivers.load_waivers(settings.waivers, rules) if settings.waivers else None
    known = policy.load_baseline(settings.baseline) if settings.baseline and not run.write_baseline else None
    for path in (run.output, run.dataset, run.write_baseline):
        if path:
            output.prepare(path)
    if run.engine == "dask":
        extras.require("dask")
    files = document.discover(paths, images=run.limits is not None and run.limits.ocr == "always")
    if not files:
        from validator.model.errors import GkcheckError

        raise GkcheckError(Text.of("run.no_files", paths=", ".join(paths)))
    with _progress(len(files)) as progress:
        results = pipeline.run(files, rules, fail_on=settings.fail_on, debug=run.debug, previous=run.previous,
                               jobs=run.jobs or batch.default_jobs(), engine=run.engine,
                               scheduler=run.scheduler, progress=progress, dataset=run.dataset,
                               limits=run.limits)
    if accepted is not None:
        waivers.apply_waivers(results, accepted)
    if run.write_baseline:
        policy.write_baseline(results, run.write_baseline)
        results.notes.append(Text.of("note.baseline_written", path=run.write_baseline))
    elif known is not None:
        policy.apply_baseline(results, known)
    return results


class _progress:
    """A rich progress bar on stderr for batches on a terminal — for one document, over the
    pages of a long scan read by OCR; nothing otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar = None

    def __enter__(self):
        if not sys.stderr.isatty():
            return None
        if self.total < 2:
            from validator.readers import limits

            limits.on_page = self._page
            return None
        self.bar = self._bar()
        task = self.bar.add_task("gkcheck", total=self.total)
        return lambda n: self.bar.advance(task, n)

    def _page(self, path: str, done: int, pages: int) -> None:
        if self.bar is None and pages > 1:
            bar = self._bar()
            self.task = bar.add_task("OCR", total=pages)
            self.bar = bar
        if self.bar is not None:
            self.bar.update(self.task, completed=done)

    @staticmethod
    def _bar():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        bar = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                       TimeRemainingColumn(), console=Console(stderr=True), transient=True)
        bar.start()
        return bar

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()
        if self.total < 2:
            from validator.readers import limits

            limits.on_page = None


def _emit(results, settings: Settings, output: str | None) -> None:
    from validator import reporters

    if output:
        from validator.model.output import atomic_write

        with atomic_write(output) as handle:
            reporters.render(settings.format, results, handle, settings.lang, settings.tables)
    else:
        reporters.render(settings.format, results, sys.stdout, settings.lang, settings.tables)
    for doc in results.documents:
        if doc.error:
            click.echo(f"gkcheck: {doc.path}: {doc.reason(settings.lang)}", err=True)


_RULES_OPTION = click.option("--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False),
                             help="Folder of local rule files to include (repeatable).")


@main.command("rules")
@click.option("--markdown", is_flag=True, help="Print the catalogue as Markdown (docs/rules.md).")
@click.option("--lang", type=click.Choice(CHOICES["lang"]), default="zh", show_default=True,
              help="Language of the titles.")
@_RULES_OPTION
def list_rules(markdown: bool, lang: str, rule_dirs: tuple[str, ...]) -> None:
    """List every rule: name, severity, layouts, title."""
    from validator.model.errors import GkcheckError
    from validator.rulebook import catalogue

    try:
        click.echo(catalogue.markdown(rule_dirs) if markdown else catalogue.table(rule_dirs, lang), nl=False)
    except GkcheckError as exc:
        _fail(str(exc), exc.exit_code)


@main.command()
@click.argument("rule")
@click.option("--lang", type=click.Choice(CHOICES["lang"]), default="zh", show_default=True)
@_RULES_OPTION
def explain(rule: str, lang: str, rule_dirs: tuple[str, ...]) -> None:
    """Explain RULE: what it checks, why, the cells it reads, a passing and a failing example."""
    from validator.model.errors import GkcheckError
    from validator.rulebook import catalogue

    try:
        click.echo(catalogue.explain(rule, lang, rule_dirs), nl=False)
    except GkcheckError as exc:
        _fail(str(exc), exc.exit_code)
    except KeyError:
        _fail(f"unknown rule '{rule}' (see 'gkcheck rules')", 2)


def _fail(message: str, code: int) -> None:
    click.echo(f"gkcheck: {message}", err=True)
    sys.exit(code)


from validator.cli.serve import serve  # noqa: E402

main.add_command(serve)
