"""
Every setting of the web app, in one schema: name, type, range, default and help.

The settings come from ``create_app(test_config=...)`` or from environment variables with
the ``LEARNING_MAP_`` prefix (Flask's ``from_prefixed_env``, which reads ``0``, ``false``
and ``null`` as JSON and everything else as text). :func:`apply_settings` parses each one
**once, at start**: a value the app cannot use stops ``create_app`` with
:class:`SettingError`, one bilingual sentence naming the variable and the expected form,
instead of failing open (``ADMIN_ENABLED=off`` leaving admin on) or failing late (a 500 on
every page). After it, every value has its type: requests never parse a setting.

Forms every kind accepts:

- **booleans**: ``true/false``, ``1/0``, ``yes/no``, ``on/off``, in any case;
- **durations** (stored as whole seconds): ``3600``, ``90s``, ``30m``, ``8h``, ``7d``;
- **sizes** (stored as bytes): ``10485760``, ``512KiB``, ``10MiB``, ``1GiB`` (powers of
  1024) or ``500KB``, ``10MB``, ``1GB`` (powers of 1000);
- **whole numbers** and **numbers** within the setting's range.

Adding a setting is one line in :data:`SETTINGS`, e.g.
``Setting("RECOMMEND_WORKERS", Int(1, 64), 2, "threads for /api/planner/recommend")``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from learning_map import settings
from learning_map.base.i18n import N_
from learning_map.errors import ParameterError
from learning_map.store.location import RegistryLocation

ENV_PREFIX = "LEARNING_MAP_"
_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})
_DURATION = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(s|sec|m|min|h|d)?", re.IGNORECASE)
_DURATION_S = {None: 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB|K|M|G)?", re.IGNORECASE)
_SIZE_BYTES = {None: 1, "b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3,
               "k": 1024, "kib": 1024, "m": 1024**2, "mib": 1024**2, "g": 1024**3, "gib": 1024**3}


class SettingError(ParameterError):
    """A setting has a value the app cannot use; the app does not start."""


class _InvalidValueError(ValueError):
    """A value that does not fit a kind: the sentence (a catalogue message, ``{value!r}`` the value) and its values."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message)
        self.message, self.values = message, values


@dataclass(frozen=True)
class Bool:
    """true/false, 1/0, yes/no, on/off (any case); ``auto=True`` also takes empty/auto/None as None."""

    auto: bool = False

    def parse(self, raw: Any) -> bool | None:  # noqa: D102
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().casefold() if raw is not None else ""
        if self.auto and text in ("", "auto", "none", "null"):
            return None
        if isinstance(raw, int | str) and text in _TRUE:
            return True
        if isinstance(raw, int | str) and text in _FALSE:
            return False
        if self.auto:
            raise _InvalidValueError(N_("{value!r} is not valid; expected true or false (also 1/0, yes/no, "
                                        "on/off) or auto"))
        raise _InvalidValueError(N_("{value!r} is not valid; expected true or false (also 1/0, yes/no, on/off)"))


def _number(raw: Any) -> float | None:
    """A JSON/Python number or a plain decimal text, else None (never True/False)."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    if isinstance(raw, str) and re.fullmatch(r"\s*-?[0-9]+(\.[0-9]+)?\s*", raw):
        return float(raw)
    return None


def _num(value: float) -> str:
    """1000000 as 1000000, 0.5 as 0.5 (never 1e+06)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Int:
    """A whole number from ``low`` to ``high``; ``optional``: empty or null means None."""

    low: int
    high: int
    optional: bool = False

    def parse(self, raw: Any) -> int | None:  # noqa: D102
        if self.optional and (raw is None or (isinstance(raw, str) and not raw.strip())):
            return None
        value = _number(raw)
        if value is None or not value.is_integer() or not self.low <= value <= self.high:
            raise _InvalidValueError(N_("{value!r} is not valid; expected a whole number from {low} to {high}"),
                                     low=_num(self.low), high=_num(self.high))
        return int(value)


@dataclass(frozen=True)
class Float:
    """A number from ``low`` to ``high``."""

    low: float
    high: float

    def parse(self, raw: Any) -> float:  # noqa: D102
        value = _number(raw)
        if value is None or not math.isfinite(value) or not self.low <= value <= self.high:
            raise _InvalidValueError(N_("{value!r} is not valid; expected a number from {low} to {high}"),
                                     low=_num(self.low), high=_num(self.high))
        return value


@dataclass(frozen=True)
class Duration:
    """Whole seconds from ``low_s`` to ``high_s``: ``3600``, ``90s``, ``30m``, ``8h``, ``7d`` or a timedelta."""

    low_s: int
    high_s: int

    def parse(self, raw: Any) -> int:  # noqa: D102
        if isinstance(raw, dt.timedelta):
            seconds: float | None = raw.total_seconds()
        elif isinstance(raw, str) and (match := _DURATION.fullmatch(raw.strip())):
            seconds = float(match.group(1)) * _DURATION_S[(match.group(2) or "").casefold() or None]
        else:
            seconds = _number(raw)
        if seconds is None or not seconds.is_integer() or not self.low_s <= seconds <= self.high_s:
            raise _InvalidValueError(N_("{value!r} is not valid; expected a duration like 3600, 30m, 8h or 7d, "
                                        "from {low} s to {high} s"), low=_num(self.low_s), high=_num(self.high_s))
        return int(seconds)


@dataclass(frozen=True)
class Size:
    """Bytes from ``low`` to ``high``: ``10485760``, ``10MiB``, ``10MB`` (10^7), ``512KiB``..."""

    low: int
    high: int

    def parse(self, raw: Any) -> int:  # noqa: D102
        if isinstance(raw, str) and (match := _SIZE.fullmatch(raw.strip())):
            size: float | None = float(match.group(1)) * _SIZE_BYTES[(match.group(2) or "").casefold() or None]
        else:
            size = _number(raw)
        if size is None or not size.is_integer() or not self.low <= size <= self.high:
            raise _InvalidValueError(N_("{value!r} is not valid; expected a size like 10485760, 10MiB or 10MB, "
                                        "from {low} bytes to {high} bytes"), low=_num(self.low), high=_num(self.high))
        return int(size)


@dataclass(frozen=True)
class Text:
    """Text (None when unset); ``choices``: one of these (any case); ``min_chars``: at least this long."""

    choices: tuple[str, ...] = ()
    min_chars: int = 0

    def parse(self, raw: Any) -> str | bytes | None:  # noqa: D102
        if raw is None or (isinstance(raw, str) and not raw.strip() and not self.choices):
            return None
        if isinstance(raw, bytes) and not self.choices:  # a secret key may be bytes (Flask takes both)
            text: Any = raw
        else:
            text = str(raw)
        if self.choices:
            match = [c for c in self.choices if c.casefold() == text.strip().casefold()]
            if not match:
                raise _InvalidValueError(N_("{value!r} is not valid; expected one of {choices}"),
                                         choices=self.choices)
            return match[0]
        if len(text) < self.min_chars:
            raise _InvalidValueError(N_("{value!r} is not valid; expected at least {n} characters"),
                                     n=self.min_chars)
        return text


Kind = Bool | Int | Float | Duration | Size | Text


@dataclass(frozen=True)
class Setting:
    """One setting: its config key (``LEARNING_MAP_`` + key in the environment), kind, default, help."""

    name: str
    kind: Kind
    default: Any
    help: str

    def parse(self, raw: Any) -> Any:
        """The typed value of ``raw``, or :class:`SettingError` naming the variable."""
        try:
            return self.kind.parse(raw)
        except _InvalidValueError as exc:
            shown = raw if isinstance(raw, str) else repr(raw)
            if len(shown) > 60:
                shown = shown[:57] + "..."
            raise SettingError(ENV_PREFIX + self.name, exc.message, value=shown, **exc.values) from None


DAY_S = 86_400
# One line per setting. Keys Flask reads itself keep Flask's names.
SETTINGS: tuple[Setting, ...] = (
    # The city
    Setting("BUNDLE_DIR", Text(), None, "City bundle folder (from `learning-map build`)"),
    Setting("REGISTRY_YEAR", Int(1900, 2200, optional=True), None, "Serve the registry's sites as of this year"),
    Setting("TILES_URL", Text(), None, "Tile URL template; unset: the bundle's offline basemap"),
    Setting("TILES_ATTRIBUTION", Text(), None, "Credit line of TILES_URL"),
    Setting("MAX_MINUTES", Float(1, 180), settings.MAX_WALK_MINUTES, "Longest walk /api/reachable answers, in minutes"),
    Setting("NATIONAL_URL", Text(), None, "Link back to the national page (set by `serve national/`)"),
    Setting("SINGLE_CITY_PAGES", Bool(), True, "Serve /planner, /api/planner and /downloads (off in a national server)"),
    Setting("MAX_OPEN_CITIES", Int(1, 1000), 4, "National folder: cities kept open per worker"),
    Setting("TRUSTED_PROXIES", Int(0, 10), 0, "Reverse proxies in front of the app whose X-Forwarded-For is trusted"),
    # The planner page
    Setting("PLANNER_UNITS", Text(), None, "Reporting units file for /planner"),
    Setting("PLANNER_UNITS_FIELD", Text(), None, "Name field of PLANNER_UNITS"),
    Setting("PLANNER_LOGIN", Bool(), False, "/planner needs the admin sign-in"),
    # Admin and the registry
    Setting("SECRET_KEY", Text(), None, "Signs session cookies (at least 16 characters; turns admin on)"),
    Setting("ADMIN_ENABLED", Bool(auto=True), None, "Admin pages on/off (default: on when SECRET_KEY is set)"),
    Setting("REGISTRY_DIR", Text(), None, "Folder of registry.gpkg (default BUNDLE_DIR)"),
    Setting("DATABASE_URL", Text(), None, "PostGIS registry (postgresql://...) instead of registry.gpkg"),
    Setting("DATABASE_SCHEMA", Text(), None, "PostgreSQL schema of the registry"),
    Setting("UPLOAD_DIR", Text(), None, "Pending uploads (default: a folder in the system temp dir)"),
    Setting("MAX_CONTENT_LENGTH", Size(1024, 2**30), 10 * 1024 * 1024, "Largest request body (uploads)"),
    Setting("EXPENSIVE_THREADS", Int(1, 64), 1, "Threads per worker for the slow endpoints (planner, walks)"),
    Setting("EXPENSIVE_QUEUE", Int(0, 1000), 4, "Slow requests waiting per worker before a 503"),
    Setting("EXPENSIVE_BUDGET_SECONDS", Float(0.001, 3600), 60.0, "Longest wait for a slow request (503 + Retry-After; still computed and cached)"),
    Setting("EXPENSIVE_PER_MINUTE", Int(1, 1_000_000), 60, "Computed slow requests per client address, worker and minute (then 429)"),
    Setting("EXPENSIVE_CACHE_ENTRIES", Int(0, 100_000), 128, "Slow answers kept per worker for identical requests"),
    Setting("UPLOAD_INLINE_BYTES", Size(0, 2**30), 256 * 1024, "Uploads up to this size (unzipped) are checked in the request; larger ones in the background"),
    Setting("UPLOAD_CHECK_SECONDS", Duration(1, DAY_S), 300, "Longest check or import of one upload"),
    Setting("SESSION_COOKIE_HTTPONLY", Bool(), True, "Session cookie not readable by scripts"),
    Setting("SESSION_COOKIE_SAMESITE", Text(choices=("Lax", "Strict")), "Lax", "Session cookie SameSite"),
    Setting("SESSION_COOKIE_SECURE", Bool(), False, "Session cookie only over HTTPS (set true behind HTTPS)"),
    Setting("SESSION_COOKIE_NAME", Text(min_chars=1), "learning_map_session", "Session cookie name"),
    Setting("PERMANENT_SESSION_LIFETIME", Duration(60, 30 * DAY_S), 8 * 3600, "How long a sign-in lasts"),
    Setting("LOGIN_MAX_FAILURES", Int(1, 1000), 5, "Failed sign-ins per username and client before a lock"),
    Setting("LOGIN_LOCK_SECONDS", Duration(1, DAY_S), 15 * 60, "First lock; each further failure doubles it"),
    Setting("LOGIN_LOCK_MAX_SECONDS", Duration(1, 30 * DAY_S), DAY_S, "Longest lock"),
    Setting("LOGIN_CLIENT_MAX_FAILURES", Int(1, 100_000), 50, "Failed sign-ins per client, all usernames, before a lock"),
    Setting("LOGIN_DEVICE_LIFETIME", Duration(60, 400 * DAY_S), 90 * DAY_S, "How long a browser stays a known client"),
    Setting("REPORTS_PER_HOUR", Int(1, 1_000_000), 20, "Citizens' reports per client address and hour"),
    # The yearly export and /downloads
    Setting("EXPORT_DIR", Text(), None, "Where yearly exports go (default BUNDLE_DIR/dist)"),
    Setting("EXPORT_PRINT", Bool(), True, "Export the poster and booklet"),
    Setting("EXPORT_PAPER", Text(choices=("A3", "A1")), "A3", "Poster paper"),
    Setting("EXPORT_TITLE", Text(), None, "Poster title"),
    Setting("EXPORT_STANDARD", Text(), None, "Planning standard of the export's scorecard"),
    Setting("EXPORT_PUBLISHER", Text(), None, "Publisher line of the poster"),
    Setting("EXPORT_REVIEW_NUMBER", Text(), None, "Map review number (审图号) of the poster"),
    Setting("PUBLIC_URL", Text(), None, "Public address of the site (the poster's QR codes)"),
)
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def defaults() -> dict[str, Any]:
    """Every setting's default, for ``app.config.from_mapping``."""
    return {s.name: s.default for s in SETTINGS}


def apply_settings(config: dict[str, Any], names: tuple[str, ...] | None = None) -> None:
    """
    Replace each setting in ``config`` by its parsed value (all of them, or only ``names``).

    Raises
    ------
    SettingError
        The first setting, in :data:`SETTINGS` order, whose value does not fit.
    """
    for setting in SETTINGS:
        if (names is None or setting.name in names) and setting.name in config:
            config[setting.name] = setting.parse(config[setting.name])


def parse_setting(name: str, raw: Any) -> Any:
    """One setting's value from ``raw`` (its default when ``raw`` is None)."""
    setting = BY_NAME[name]
    return setting.default if raw is None else setting.parse(raw)


def registry_location(config: Any) -> RegistryLocation:
    """
    Where this server's registry is: the one answer for every page and for ``--year``.

    ``DATABASE_URL`` (with ``DATABASE_SCHEMA``) when set, else ``REGISTRY_DIR/registry.gpkg``
    (default ``BUNDLE_DIR``).
    """
    return RegistryLocation.of(config["BUNDLE_DIR"], registry_dir=config["REGISTRY_DIR"],
                               url=config["DATABASE_URL"], schema=config["DATABASE_SCHEMA"])


def _human_seconds(seconds: int) -> str:
    for unit, size in (("d", DAY_S), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def _shown(kind: Kind, value: Any) -> str:
    """A value as the README shows it: booleans in lower case, durations and sizes readable."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(kind, Duration):
        return f"`{_human_seconds(value)}`"
    if isinstance(kind, Size) and value % 1024**2 == 0:
        return f"`{value // 1024**2}MiB`"
    return f"`{value}`"


def _form(kind: Kind) -> str:
    """A kind's accepted values in a few words."""
    if isinstance(kind, Bool):
        return "boolean" + (" or auto" if kind.auto else "")
    if isinstance(kind, Int | Float):
        return f"{_num(kind.low)}–{_num(kind.high)}" + (" or unset" if getattr(kind, "optional", False) else "")
    if isinstance(kind, Duration):
        return f"duration {_human_seconds(kind.low_s)}–{_human_seconds(kind.high_s)}"
    if isinstance(kind, Size):
        return "size (10MiB, 10MB)"
    if kind.choices:
        return " / ".join(kind.choices)
    return "text"


def settings_table() -> str:
    """The settings as a Markdown table (for the README)."""
    rows = ["| Variable | Default | Values | Meaning |", "|---|---|---|---|"]
    rows += [f"| `{ENV_PREFIX}{s.name}` | {_shown(s.kind, s.default)} | {_form(s.kind)} | {s.help} |"
             for s in SETTINGS]
    return "\n".join(rows)
