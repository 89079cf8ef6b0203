"""
The city office's tables in the registry store: users, publications, citizens' reports, districts.

Created by migration 3 (:mod:`learning_map.store.migrations`) on both backends; migration 6
adds ``users.session_version`` (sign-out and a password change end every session). The
functions here take an open :class:`~learning_map.store.core.RegistryStore` and run
each write in one locked transaction, like the store's own writes. ``registry dump`` and
``restore`` carry them too (:data:`DUMP_ORDER`), users with their password hashes.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from learning_map.errors import StoreError

if TYPE_CHECKING:
    from learning_map.store.core import RegistryStore

USERS = "users"
PUBLICATIONS = "publications"
REPORTS = "reports"
DISTRICTS = "districts"
ROLES = ("city_admin", "district_editor")
REPORT_STATUSES = ("open", "done")
MAX_REPORT_CHARS = 1000
MAX_CONTACT_CHARS = 200
# The descriptions GeoPackage readers show for the admin tables.
DESCRIPTIONS = {
    USERS: "Admin users / 管理用户",
    PUBLICATIONS: "Published registry years / 已发布的名录年份",
    REPORTS: "Citizens' corrections / 市民纠错",
    DISTRICTS: "Reporting units by official code / 统计单元代码",
}
# The admin tables in a dump, in this order (none has a foreign key).
DUMP_ORDER = (DISTRICTS, USERS, PUBLICATIONS, REPORTS)


def add_admin_tables(metadata: sa.MetaData, *, session_version: bool = True) -> None:
    """
    Add the admin tables (users, publications, reports, districts) to ``metadata``.

    ``session_version=False``: ``users`` as migration 3 created it, before migration 6 added
    ``session_version``.
    """
    roles = ", ".join(f"'{r}'" for r in ROLES)
    statuses = ", ".join(f"'{s}'" for s in REPORT_STATUSES)
    sa.Table(
        DISTRICTS, metadata,
        sa.Column("code", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
    )
    sa.Table(
        USERS, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.Text, nullable=False, unique=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("district", sa.Text),  # an official code (districts.code) for district editors
        sa.Column("created_at", sa.Text, nullable=False),
        # Migration 6 (added last, as ALTER TABLE puts it): bumped by sign-out and a password
        # change; a session cookie holding an older version signs nobody in.
        *([sa.Column("session_version", sa.Integer, nullable=False, server_default="0")]
          if session_version else []),
        sa.CheckConstraint(f"role IN ({roles})", name="ck_users_role"),
        sa.CheckConstraint("role = 'city_admin' OR district IS NOT NULL", name="ck_users_district"),
        sqlite_autoincrement=True,
    )
    sa.Table(
        PUBLICATIONS, metadata,
        sa.Column("year", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("published_at", sa.Text, nullable=False),
        sa.Column("published_by", sa.Text, nullable=False),
    )
    sa.Table(
        REPORTS, metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("site_id", sa.Text),  # a bundle site id; not a foreign key (may not be in the store)
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("contact", sa.Text),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.Column("handled_by", sa.Text),
        sa.Column("handled_at", sa.Text),
        sa.CheckConstraint(f"status IN ({statuses})", name="ck_reports_status"),
        sqlite_autoincrement=True,
    )


@cache
def _tables() -> dict[str, sa.Table]:
    metadata = sa.MetaData()
    add_admin_tables(metadata)
    return metadata.tables


def admin_tables() -> tuple[sa.Table, ...]:
    """The admin tables in :data:`DUMP_ORDER` (the same definition on both backends)."""
    tables = _tables()
    return tuple(tables[name] for name in DUMP_ORDER)


def _rows(result: sa.CursorResult) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in result]


# --------------------------------------------------------------------------- districts


def load_districts(store: RegistryStore, units: dict[str, str]) -> int:
    """Insert or rename reporting units (official code to name); returns how many were given."""
    table = _tables()[DISTRICTS]
    with store._write() as conn:
        known = {code for (code,) in conn.execute(sa.select(table.c.code))}
        fresh = [{"code": c, "name": n} for c, n in units.items() if c not in known]
        if fresh:
            conn.execute(table.insert(), fresh)
        for code, name in units.items():
            if code in known:
                conn.execute(table.update().where(table.c.code == code).values(name=name))
    return len(units)


def districts(store: RegistryStore) -> dict[str, str]:
    """Every reporting unit, official code to name."""
    table = _tables()[DISTRICTS]
    with store._read() as conn:
        return dict(conn.execute(sa.select(table.c.code, table.c.name).order_by(table.c.code)).all())


def resolve_district(store: RegistryStore, value: str) -> str:
    """
    The official code of a district given by code or by (unique) name.

    Raises
    ------
    StoreError
        No unit or more than one unit has that code or name.
    """
    units = districts(store)
    if value in units:
        return value
    matches = [code for code, name in units.items() if name == value.strip()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        msg = (f"{len(matches)} districts are named {value!r}; give the code ({', '.join(matches)})"
               " / 该名称对应多个统计单元，请使用代码")
        raise StoreError(msg)
    msg = (f"unknown district {value!r}; load the reporting units first with "
           "'learning-map user districts' / 未知的统计单元，请先导入统计单元")
    raise StoreError(msg)


# --------------------------------------------------------------------------- users


def add_user(store: RegistryStore, username: str, password_hash: str, role: str,
             district: str | None) -> None:
    """Add a user (the password already hashed); a taken username is a StoreError."""
    from learning_map.store._common import _now

    if role not in ROLES:
        msg = f"unknown role {role!r} (use {' or '.join(ROLES)}) / 角色无效"
        raise StoreError(msg)
    if role == "district_editor" and not district:
        msg = "a district editor needs --district / 区级编辑须指定所属统计单元"
        raise StoreError(msg)
    table = _tables()[USERS]
    with store._write() as conn:
        if conn.execute(sa.select(table.c.id).where(table.c.username == username)).first():
            msg = f"user {username!r} already exists / 用户已存在"
            raise StoreError(msg)
        conn.execute(table.insert().values(
            username=username, password_hash=password_hash, role=role,
            district=district if role == "district_editor" else None, created_at=_now()))


def get_user(store: RegistryStore, username: str) -> dict[str, Any] | None:
    """One user's row (with its password hash), or None."""
    table = _tables()[USERS]
    with store._read() as conn:
        rows = _rows(conn.execute(sa.select(*table.c).where(table.c.username == username)))
    return rows[0] if rows else None


def end_sessions(store: RegistryStore, username: str) -> int:
    """End every session of ``username`` (sign-out): bump its session version; returns the new one."""
    table = _tables()[USERS]
    with store._write() as conn:
        conn.execute(table.update().where(table.c.username == username)
                     .values(session_version=table.c.session_version + 1))
        version = conn.execute(sa.select(table.c.session_version)
                               .where(table.c.username == username)).scalar()
    if version is None:
        msg = f"no user {username!r} / 没有该用户"
        raise StoreError(msg)
    return int(version)


def set_password(store: RegistryStore, username: str, password_hash: str) -> None:
    """Give ``username`` a new (hashed) password and end all its sessions."""
    table = _tables()[USERS]
    with store._write() as conn:
        result = conn.execute(table.update().where(table.c.username == username).values(
            password_hash=password_hash, session_version=table.c.session_version + 1))
        if result.rowcount != 1:
            msg = f"no user {username!r} / 没有该用户"
            raise StoreError(msg)


# --------------------------------------------------------------------------- publications


def publish_year(store: RegistryStore, year: int, username: str) -> bool:
    """Record that ``year``'s registry is published; False when it already was."""
    from learning_map.store._common import _now, _year

    year = _year(year)
    table = _tables()[PUBLICATIONS]
    with store._write() as conn:
        if conn.execute(sa.select(table.c.year).where(table.c.year == year)).first():
            return False
        conn.execute(table.insert().values(year=year, published_at=_now(), published_by=username))
    return True


def publications(store: RegistryStore) -> dict[int, dict[str, Any]]:
    """Published years, each with ``published_at`` and ``published_by``."""
    table = _tables()[PUBLICATIONS]
    with store._read() as conn:
        return {row["year"]: row for row in _rows(conn.execute(sa.select(*table.c).order_by(table.c.year)))}


# --------------------------------------------------------------------------- reports


def add_report(store: RegistryStore, message: str, site_id: str | None = None,
               contact: str | None = None) -> int:
    """Store a citizen's correction; returns its id."""
    from learning_map.store._common import _now

    if not message.strip() or len(message) > MAX_REPORT_CHARS:
        msg = f"a report needs 1 to {MAX_REPORT_CHARS} characters / 纠错内容须为1至{MAX_REPORT_CHARS}个字符"
        raise StoreError(msg)
    table = _tables()[REPORTS]
    with store._write() as conn:
        key = conn.execute(table.insert().values(
            site_id=site_id or None, message=message, contact=contact or None, created_at=_now(),
            status="open")).inserted_primary_key[0]
    return int(key)


def reports(store: RegistryStore, status: str | None = None) -> list[dict[str, Any]]:
    """Reports, newest first; only those with ``status`` when given."""
    table = _tables()[REPORTS]
    query = sa.select(*table.c).order_by(table.c.id.desc())
    if status is not None:
        query = query.where(table.c.status == status)
    with store._read() as conn:
        return _rows(conn.execute(query))


def mark_report_done(store: RegistryStore, report_id: int, username: str) -> bool:
    """Mark an open report done by ``username``; False when there is no such open report."""
    from learning_map.store._common import _now

    table = _tables()[REPORTS]
    with store._write() as conn:
        result = conn.execute(
            table.update().where(table.c.id == report_id, table.c.status == "open")
            .values(status="done", handled_by=username, handled_at=_now()))
        return result.rowcount == 1
