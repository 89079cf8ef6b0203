"""The ``learning-map`` command group: one bilingual sentence and exit 1 for every user mistake."""

from __future__ import annotations

import logging
import sys
from typing import Any

import click

from learning_map.errors import LearningMapError


class UserErrorGroup(click.Group):
    """A command group that turns user mistakes into one bilingual sentence and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; report LearningMapError without a traceback."""
        try:
            return super().invoke(ctx)
        except LearningMapError as exc:
            click.echo(f"error: {exc}", err=True)
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
