"""The ``learning-map`` command group: one bilingual sentence and exit 1 for every user mistake."""

from __future__ import annotations

import errno
import logging
import sys
from typing import Any

import click

from learning_map.errors import LearningMapError, ParameterError, hide_paths

# Errors of a full disk or an exhausted quota: the operator frees space and runs again.
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_DISK_FULL_TEXT = "No space left on device"  # GDAL's and the C library's wording


def disk_full(exc: BaseException) -> str | None:
    """
    One bilingual sentence when ``exc`` (or what caused it) is a full disk, else None.

    Writers fail deep inside pyogrio, numpy or our atomic writes; whichever it was, the
    operator needs the same sentence, not the traceback.
    """
    seen = exc
    while seen is not None:
        if (isinstance(seen, OSError) and seen.errno in _DISK_FULL) or _DISK_FULL_TEXT in str(seen):
            where = getattr(seen, "filename", None)
            name = f" writing {hide_paths(str(where))}" if where else ""
            return (f"the disk is full{name}; free some space and run the command again"
                    f" / 磁盘空间不足，请释放空间后重新运行")
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
    """A command group that turns user mistakes into one bilingual sentence and exit code 1."""

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
            click.echo(f"error: {exc.named(flag_for(ctx.meta.get(_COMMAND_KEY), exc.param))}", err=True)
            sys.exit(1)
        except LearningMapError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except Exception as exc:
            full = disk_full(exc)
            if full is None:
                raise
            click.echo(f"error: {full}", err=True)
            sys.exit(1)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own usage errors (unknown option, missing argument) are user mistakes too."""
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "learning-map"
            click.echo(
                f"error: {exc.format_message()} (see '{command} --help') / 命令用法有误，请查看帮助",
                err=True,
            )
            sys.exit(1)
        except click.Abort:
            click.echo("Aborted / 已取消", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()} / 命令出错", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=UserErrorGroup)
@click.version_option(package_name="learning-map")
@click.option("-v", "--verbose", is_flag=True, help="Log each step / 显示详细步骤.")
def main(verbose: bool) -> None:
    """learning-map: 15-minute learning circles / 15分钟学习圈."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
