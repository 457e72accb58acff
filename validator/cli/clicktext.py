"""click's own usage errors ("No such option", "Missing argument"…) in the language of the
output. click asks gettext for every message it shows; the click modules that raise usage
errors are given a ``_`` and an ``ngettext`` that look the message up in gkcheck's catalogues
(``click.*`` keys) and leave every other text (help headings) as click writes it."""

from __future__ import annotations

import gettext

from validator import messages

# click's message (its gettext id) -> catalogue key; the texts keep click's placeholders
MESSAGES = {
    "Error: {message}": "click.error",
    "Try '{command} {option}' for help.": "click.try_help",
    "Invalid value: {message}": "click.invalid_value",
    "Invalid value for {param_hint}: {message}": "click.invalid_value_for",
    "Missing argument": "click.missing_argument",
    "Missing option": "click.missing_option",
    "Missing parameter": "click.missing_parameter",
    "Missing parameter: {param_name}": "click.missing_parameter_name",
    "Missing command.": "click.missing_command",
    "No such option {name!r}.": "click.no_such_option",
    "No such command {name!r}.": "click.no_such_command",
    "Did you mean {possibility}?": "click.did_you_mean",
    "(Did you mean one of: {possibilities}?)": "click.did_you_mean_one_of",
    "Option {name!r} does not take a value.": "click.takes_no_value",
    "Option {name!r} requires an argument.": "click.requires_argument",
    "Option {name!r} requires {nargs} arguments.": "click.requires_arguments",
    "Got unexpected extra argument ({args})": "click.extra_argument",
    "Got unexpected extra arguments ({args})": "click.extra_arguments",
    "{value!r} is not {choice}.": "click.not_choice",
    "{value!r} is not one of {choices}.": "click.not_one_of",
    "{value!r} is not a valid {number_type}.": "click.not_a_number",
    "{value} is not in the range {range}.": "click.not_in_range",
    "Could not open file {filename!r}: {message}": "click.cannot_open",
    "{name} {filename!r} does not exist.": "click.does_not_exist",
    "{name} {filename!r} is a file.": "click.is_a_file",
    "{name} {filename!r} is a directory.": "click.is_a_directory",
    "{name} {filename!r} is not readable.": "click.not_readable",
    "{name} {filename!r} is not writable.": "click.not_writable",
    "file": "click.file",
    "directory": "click.directory",
    "path": "click.path",
}
_MODULES = ("click.core", "click.exceptions", "click.parser", "click.types")


def install(lang: str) -> None:
    """Translate click's usage errors into ``lang`` (a catalogue language) from now on."""
    import importlib

    words = messages.catalogue(lang if lang in messages.LANGS else "zh")

    def translate(message: str) -> str:
        key = MESSAGES.get(message)
        return words.get(key, message) if key else gettext.gettext(message)

    def translate_n(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural)

    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_n  # type: ignore[attr-defined]


def lang_of(args: list[str]) -> str:
    """The language the command line asks for (``--lang X``), else Chinese."""
    lang = args[args.index("--lang") + 1] if "--lang" in args[:-1] else "zh"
    return lang if lang in messages.LANGS else "zh"
