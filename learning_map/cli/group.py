"""The ``learning-map`` command group: one sentence (in ``LEARNING_MAP_LANG``) and exit 1 for every user mistake."""

from __future__ import annotations

import errno
import logging
import sys
from typing import Any

import click

from learning_map.base.i18n import DEFAULT_LOCALE, N_, cli_locale, cli_text, gettext
from learning_map.errors import LearningMapError, ParameterError, hide_paths

# Errors of a full disk or an exhausted quota: the operator frees space and runs again.
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_DISK_FULL_TEXT = "No space left on device"  # GDAL's and the C library's wording


def disk_full(exc: BaseException) -> str | None:
    """
    One sentence (the command line's language) when ``exc`` (or what caused it) is a full disk, else None.

    Writers fail deep inside pyogrio, numpy or our atomic writes; whichever it was, the
    operator needs the same sentence, not the traceback.
    """
    seen = exc
    while seen is not None:
        if (isinstance(seen, OSError) and seen.errno in _DISK_FULL) or _DISK_FULL_TEXT in str(seen):
            where = getattr(seen, "filename", None)
            if where:
                return cli_text(N_("the disk is full writing {file}; free some space and run the command again"),
                                file=hide_paths(str(where)))
            return cli_text(N_("the disk is full; free some space and run the command again"))
        seen = seen.__cause__ or seen.__context__
        if seen is exc:  # a cycle of causes
            break
    return None


# Library keyword arguments whose option has another name here: keyword -> click parameter name.
# Most options are named as the keyword they feed (--profile -> profile), so need no entry.
_OPTION_OF_KEYWORD = {
    "pace": "speed", "walk_m": "minutes", "units": "by", "field": "by", "parents": "parent",
    "parent_field": "parent", "max_open": "max_open_cities", "url": "base_url",
    "route": "route_file", "coordinate_system": ("coordinate_system", "sites_coordinates"),
}
def error_line(sentence: str) -> str:
    """
    "error: SENTENCE" in the command line's language (the sentence already in it).

    Unset ``LEARNING_MAP_LANG`` (bilingual): the sentence holds both languages, "error:" stays English.
    """
    # Translators: the line the command line prints for a mistake; {sentence} is already translated.
    return gettext("error: {sentence}", locale=cli_locale() or DEFAULT_LOCALE, sentence=sentence)


# Where ctx.meta (shared by every context of one run) keeps the command being run.
_COMMAND_KEY = "learning_map.command"


def flag_for(command: click.Command | None, param: str) -> str:
    """
    How ``command`` spells the option that feeds library keyword ``param``: ``--max-minutes``.

    A name no option of the command feeds (``population``, or a flag the CLI itself named) is
    shown as it is.
    """
    if command is None:
        return param
    wanted = _OPTION_OF_KEYWORD.get(param, param)
    names = {param, *(wanted if isinstance(wanted, tuple) else (wanted,))}
    for option in command.params:
        if option.name in names:
            if isinstance(option, click.Argument):
                return option.human_readable_name
            return max(option.opts, key=lambda opt: (opt.startswith("--"), -len(opt)))
    return param


class UserErrorGroup(click.Group):
    """A command group that turns user mistakes into one sentence and exit code 1."""

    group_class = type  # its subgroups (users, registry) are UserErrorGroups too

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[Any, Any, list[str]]:
        """Remember the command about to run, so that an error can be shown with its flags."""
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[_COMMAND_KEY] = command
        return name, command, rest

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; report LearningMapError without a traceback."""
        if ctx.parent is not None:  # a subgroup: the top group reports
            return super().invoke(ctx)
        try:
            return super().invoke(ctx)
        except ParameterError as exc:
            click.echo(error_line(exc.named(flag_for(ctx.meta.get(_COMMAND_KEY), exc.param))), err=True)
            sys.exit(1)
        except LearningMapError as exc:
            click.echo(error_line(str(exc)), err=True)
            sys.exit(1)
        except Exception as exc:
            full = disk_full(exc)
            if full is None:
                raise
            click.echo(error_line(full), err=True)
            sys.exit(1)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own usage errors (unknown option, missing argument) are user mistakes too (in click's English)."""
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "learning-map"
            see = cli_text(N_("see '{command} --help'"), command=command)
            click.echo(error_line(f"{exc.format_message()} ({see})"), err=True)
            sys.exit(1)
        except click.Abort:
            click.echo(cli_text(N_("Aborted")), err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(error_line(exc.format_message()), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=UserErrorGroup)
@click.version_option(package_name="learning-map")
@click.option("-v", "--verbose", is_flag=True, help="Log each step.")
def main(verbose: bool) -> None:
    """
    learning-map: 15-minute learning circles.

    Messages are in the language LEARNING_MAP_LANG names (zh-Hans, zh-Hant, en, pt);
    unset, in English and simplified Chinese.
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
