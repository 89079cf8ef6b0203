"""``learning-map user add | districts``: the admin pages' users and reporting units."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from learning_map.base.i18n import N_, cli_ntext, cli_text
from learning_map.cli.group import main
from learning_map.cli.registry import open_registry_store, store_option
from learning_map.errors import ParameterError, no_such_field

MIN_PASSWORD_CHARS = 12
# pbkdf2 rather than scrypt: it runs wherever Python's hashlib runs (scrypt needs OpenSSL's).
PASSWORD_METHOD = "pbkdf2:sha256:600000"
USERNAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@main.group()
def user() -> None:
    """Users of the admin pages (/admin)."""


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt(cli_text(N_("Password")), hide_input=True, confirmation_prompt=True)


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
    """Add a user; the password is asked for (never an argument) and stored hashed."""
    from werkzeug.security import generate_password_hash

    from learning_map.store import admin

    if not 1 <= len(username) <= 64 or not set(username) <= USERNAME_CHARS:
        raise ParameterError("USERNAME", N_("{value!r} must be 1-64 letters, digits, '.', '_' or '-'"),
                             value=username)
    if role == "district_editor" and not district:
        raise ParameterError("--district", N_("a district editor needs --district"))
    if role == "city_admin" and district:
        raise ParameterError("--district", N_("a city admin has no district"))
    password = _checked_password(bundle_dir, database_url, password_stdin)
    store = open_registry_store(bundle_dir, database_url)
    try:
        code = admin.resolve_district(store, district) if district else None
        admin.add_user(store, username, generate_password_hash(password, method=PASSWORD_METHOD),
                       role, code)
        name = admin.districts(store).get(code) if code else None
    finally:
        store.close()
    if code:
        click.echo(cli_text(N_("Added {role} {user} ({district}, {code})"), role=role, user=username,
                            district=name, code=code))
    else:
        click.echo(cli_text(N_("Added {role} {user}"), role=role, user=username))


def _checked_password(bundle_dir: Path, database_url: str | None, password_stdin: bool) -> str:
    """The new password (prompt or stdin), once the city is found; long enough or refused."""
    if not bundle_dir.is_dir() and not database_url:
        raise ParameterError("DIR", N_("city folder not found: {folder}"), folder=bundle_dir)
    password = _read_password(password_stdin)
    if len(password) < MIN_PASSWORD_CHARS:
        raise ParameterError("password", N_("must have at least {count} characters"), count=MIN_PASSWORD_CHARS)
    return password


@user.command(name="password")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
@store_option
def user_password(bundle_dir: Path, username: str, password_stdin: bool, database_url: str | None) -> None:
    """Set a user's password; every session of the user ends."""
    from werkzeug.security import generate_password_hash

    from learning_map.store import admin

    password = _checked_password(bundle_dir, database_url, password_stdin)
    store = open_registry_store(bundle_dir, database_url)
    try:
        admin.set_password(store, username, generate_password_hash(password, method=PASSWORD_METHOD))
    finally:
        store.close()
    click.echo(cli_text(N_("Password of {user} changed; its sessions have ended"), user=username))


@user.command(name="districts")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("units_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--code-field", default="official_control_code_2023", show_default=True)
@click.option("--name-field", default="official_control_name_2023", show_default=True)
@store_option
def user_districts(bundle_dir: Path, units_file: Path, code_field: str, name_field: str,
                   database_url: str | None) -> None:
    """Load the reporting units (official code and name) editors are assigned to."""
    from learning_map.io.layers import read_layer
    from learning_map.store import admin

    layer = read_layer(units_file)
    for field in (code_field, name_field):
        if field not in layer:
            raise no_such_field("--code-field" if field == code_field else "--name-field", field,
                                layer.columns, source=units_file.name)
    units = {str(c).strip(): str(n).strip() for c, n in zip(layer[code_field], layer[name_field], strict=True)
             if str(c).strip()}
    areas = _unit_areas(layer, code_field)
    store = open_registry_store(bundle_dir, database_url)
    try:
        count = admin.load_districts(store, units, areas)
    finally:
        store.close()
    click.echo(cli_ntext("Loaded {n} reporting unit", "Loaded {n} reporting units", count))


def _unit_areas(layer: Any, code_field: str) -> dict[str, str]:
    """Each unit's polygon as GeoJSON text in WGS84, by code (the admin upload places rows inside it)."""
    import shapely

    if layer.crs is not None:
        layer = layer.to_crs("EPSG:4326")
    polygons = layer.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    return {str(code).strip(): shapely.to_geojson(geometry)
            for code, geometry, keep in zip(layer[code_field], layer.geometry, polygons, strict=True)
            if keep and str(code).strip()}
