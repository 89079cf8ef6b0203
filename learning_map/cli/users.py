"""``learning-map user add | districts``: the admin pages' users and reporting units."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from learning_map.cli.group import main
from learning_map.cli.registry import open_registry_store, store_option
from learning_map.errors import ParameterError, no_such_field

MIN_PASSWORD_CHARS = 12
# pbkdf2 rather than scrypt: it runs wherever Python's hashlib runs (scrypt needs OpenSSL's).
PASSWORD_METHOD = "pbkdf2:sha256:600000"
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@main.group()
def user() -> None:
    """Users of the admin pages (/admin) / 管理页面用户."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password / 密码", hide_input=True, confirmation_prompt=True)


@user.command(name="add")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["city_admin", "district_editor"]),
              help="city_admin: everything; district_editor: the sites of one district.")
@click.option("--district", default=None, metavar="NAME_OR_CODE",
              help="The editor's reporting unit, by official code or name (see 'user districts').")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@store_option
def user_add(bundle_dir: Path, username: str, role: str, district: str | None,
             password_stdin: bool, database_url: str | None) -> None:
    """Add a user; the password is asked for (never an argument) and stored hashed / 添加用户."""
    from werkzeug.security import generate_password_hash

    from learning_map.store import admin

    if not 1 <= len(username) <= 64 or not set(username) <= USERNAME_CHARS:
        raise ParameterError("USERNAME", f"{username!r} must be 1-64 letters, digits, '.', '_' or '-'",
                             "用户名只能包含字母、数字、点、下划线或连字符")
    if role == "district_editor" and not district:
        raise ParameterError("--district", "a district editor needs --district", "区级编辑须指定 --district")
    if role == "city_admin" and district:
        raise ParameterError("--district", "a city admin has no district", "市级管理员不需要 --district")
    password = _checked_password(bundle_dir, database_url, password_stdin)
    store = open_registry_store(bundle_dir, database_url)
    try:
        code = admin.resolve_district(store, district) if district else None
        admin.add_user(store, username, generate_password_hash(password, method=PASSWORD_METHOD),
                       role, code)
        name = admin.districts(store).get(code) if code else None
    finally:
        store.close()
    where = f" ({name}, {code})" if code else ""
    click.echo(f"Added {role} {username}{where} / 已添加用户")


def _checked_password(bundle_dir: Path, database_url: str | None, password_stdin: bool) -> str:
    """The new password (prompt or stdin), once the city is found; long enough or refused."""
    if not bundle_dir.is_dir() and not database_url:
        raise ParameterError("DIR", f"city folder not found: {bundle_dir}", "找不到城市数据包文件夹")
    password = _read_password(password_stdin)
    if len(password) < MIN_PASSWORD_CHARS:
        raise ParameterError("password", f"must have at least {MIN_PASSWORD_CHARS} characters",
                             f"密码至少须有 {MIN_PASSWORD_CHARS} 个字符")
    return password


@user.command(name="password")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@store_option
def user_password(bundle_dir: Path, username: str, password_stdin: bool, database_url: str | None) -> None:
    """Set a user's password; every session of the user ends / 修改密码并结束该用户的全部会话."""
    from werkzeug.security import generate_password_hash

    from learning_map.store import admin

    password = _checked_password(bundle_dir, database_url, password_stdin)
    store = open_registry_store(bundle_dir, database_url)
    try:
        admin.set_password(store, username, generate_password_hash(password, method=PASSWORD_METHOD))
    finally:
        store.close()
    click.echo(f"Password of {username} changed; its sessions have ended / 密码已修改，该用户的登录会话已失效")


@user.command(name="districts")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("units_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--code-field", default="official_control_code_2023", show_default=True)
@click.option("--name-field", default="official_control_name_2023", show_default=True)
@store_option
def user_districts(bundle_dir: Path, units_file: Path, code_field: str, name_field: str,
                   database_url: str | None) -> None:
    """Load the reporting units (official code and name) editors are assigned to / 导入统计单元."""
    from learning_map.io.layers import read_layer
    from learning_map.store import admin

    layer = read_layer(units_file)
    for field in (code_field, name_field):
        if field not in layer:
            raise no_such_field("--code-field" if field == code_field else "--name-field", field,
                                layer.columns, source=units_file.name)
    units = {str(c).strip(): str(n).strip() for c, n in zip(layer[code_field], layer[name_field], strict=True)
             if str(c).strip()}
    store = open_registry_store(bundle_dir, database_url)
    try:
        count = admin.load_districts(store, units)
    finally:
        store.close()
    click.echo(f"Loaded {count} reporting units / 已导入 {count} 个统计单元")
