"""The ``gkcheck`` executable. ``--help`` and ``--version`` answer without importing click
(a CI gate calls them; start-up time matters); everything else goes to :mod:`validator.cli.main`.
"""

from __future__ import annotations

import gc
import sys

from validator import __version__


def main() -> None:
    args = sys.argv[1:]
    if args in (["--version"], ["-V"]):
        print(f"gkcheck, version {__version__}")
        return
    if args in (["--help"], ["-h"]):
        from validator.cli._help import HELP

        print(HELP, end="")
        return
    # pandera imports hypothesis (for data synthesis, which gkcheck never uses) on its first
    # validation whenever it is installed: ~0.1 s of start-up for a CI gate. Keep it out of
    # this process; pandera falls back cleanly when hypothesis cannot be imported.
    if "hypothesis" not in sys.modules:
        sys.modules["hypothesis"] = None  # type: ignore[assignment]
    # Importing pandas and pandera creates ~10^5 long-lived objects that every cyclic
    # collection would rescan; a check creates little cyclic garbage, and a batch collects it
    # between chunks (batch.check_chunk). Measured: −10 % wall time for one report.
    gc.disable()
    try:
        _run(args)
    except KeyboardInterrupt:  # at any moment: while starting, parsing, checking or writing
        _say("run.interrupted", args)
        sys.exit(130)
    except Exception as exc:  # a bug in gkcheck: one line (exit 3); --debug shows the traceback
        if "--debug" in args:
            raise
        _say("run.crashed", args, kind=type(exc).__name__, detail=str(exc)[:200])
        sys.exit(3)


def _say(key: str, args: list[str], **fields: object) -> None:
    from validator.cli.clicktext import lang_of
    from validator.messages import text

    print(f"gkcheck: {text(key, lang_of(args), **fields)}", file=sys.stderr)


def _run(args: list[str]) -> None:
    """The click group, with its exit codes: 2 for a usage error, 130 (not click's 1) for Ctrl-C."""
    import click

    from validator.cli import clicktext
    from validator.cli.main import main as cli

    clicktext.install(clicktext.lang_of(args))
    try:
        code = cli.main(args=args, prog_name="gkcheck", standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C while click read the command line
        raise KeyboardInterrupt from None
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def render_help() -> str:
    """The group's help as click renders it (validator/cli/_help.py holds a copy; a test compares)."""
    import click

    from validator.cli.main import main as cli

    with click.Context(cli, info_name="gkcheck", max_content_width=80, terminal_width=80,
                       help_option_names=["-h", "--help"]) as ctx:
        return cli.get_help(ctx) + "\n"


if __name__ == "__main__":
    main()
