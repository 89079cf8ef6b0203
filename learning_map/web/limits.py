"""
The web app's limits and parameter patterns: request sizes, the API's, the reports' and the planner's.

The server checks requests with these numbers and patterns, and :mod:`.contract` publishes
the same ones in ``/openapi.json``. This module imports nothing of :mod:`learning_map.web`,
so every module of the web app (the contract, the city service, the blueprints) can read
the one value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from learning_map import settings
from learning_map.analysis.model import ALL_SITES
from learning_map.base.text_rules import FIELD_MAX_CHARS
from learning_map.city.categories import CATEGORIES
from learning_map.city.courses.schedule import TIMES_OF_DAY, WEEKDAYS
from learning_map.planning.standards import builtin_standards

if TYPE_CHECKING:
    from collections.abc import Iterable

# -- request sizes: enforced by the app (JSON 414/431) below gunicorn's own hard limits ----

MAX_URL_BYTES = 4096
MAX_HEADER_BYTES = 8192
MAX_HEADERS_TOTAL_BYTES = 32768
# Set by the API: called for a URL over MAX_URL_BYTES, it answers 400 for a parameter the
# contract calls invalid before the 414 (which is then only for requests it calls valid).
OVERSIZED_URL_CHECK = "learning_map.contract.oversized_url_check"

# -- the citizen API -------------------------------------------------------------------

MAX_SEARCH_CHARS = 100
# The longest humanities walk /api/walk plans: an hour and a half (a few seconds of search
# on Macau at normal pace with every theme; each request holds a worker that long).
MAX_WALK_PLAN_MINUTES = 90.0
# Every key once, with commas, is under 100 characters; repeats are allowed up to this.
MAX_CATEGORY_CHARS = 200

# One ASCII decimal number: up to 3 integer digits (degrees), no exponent, so always finite.
DEGREES_PATTERN = r"-?[0-9]{1,3}(\.[0-9]{1,15})?"
BBOX_PATTERN = rf"^{DEGREES_PATTERN}(,{DEGREES_PATTERN}){{3}}$"
_CATEGORY_KEYS = "|".join(re.escape(k) for k in CATEGORIES)
# Empty means every category; otherwise category keys joined by commas, no spaces.
CATEGORY_PATTERN = rf"^$|^({_CATEGORY_KEYS})(,({_CATEGORY_KEYS}))*$"
# Course filters: comma lists of fixed words (repeats allowed up to the length limit).
MAX_COURSE_CATEGORY_CHARS = 1000
MAX_COURSE_LIST_CHARS = 100


def comma_list_pattern(words: list[str] | tuple[str, ...]) -> str:
    """Empty, or ``words`` joined by commas (no spaces), as an OpenAPI pattern."""
    alternatives = "|".join(re.escape(w) for w in words)
    return rf"^$|^({alternatives})(,({alternatives}))*$"


WEEKDAY_PATTERN = comma_list_pattern(WEEKDAYS)
TIME_OF_DAY_PATTERN = comma_list_pattern(TIMES_OF_DAY)
# Search text needs one character that is not white space. White space is what Python's
# str.isspace() says (what the search's strip() removes), spelled out so the published pattern
# means the same in every regex dialect: ECMAScript's \s lacks U+001C-U+001F and U+0085 and has
# U+FEFF, so "\S" let a client send "\u0085" that the server then refused.
WHITE_SPACE_CLASS = (r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029"
                     r"\u202f\u205f\u3000")
SEARCH_PATTERN = rf"[^{WHITE_SPACE_CLASS}]"

_BBOX_RE = re.compile(rf"{DEGREES_PATTERN}(,{DEGREES_PATTERN}){{3}}")


def bbox_matches(text: str) -> bool:
    """True when ``text`` is four ASCII numbers joined by commas (:data:`BBOX_PATTERN`)."""
    return _BBOX_RE.fullmatch(text) is not None


# -- citizens' reports (POST /api/reports) ------------------------------------------------

MAX_REPORT_BODY = 8192  # bytes: 1000 characters of Chinese text in UTF-8 plus the rest
MAX_SITE_ID_CHARS = FIELD_MAX_CHARS["site_id"]
# Text with at least one character that is not white space, and no NUL (the same in /openapi.json).
MESSAGE_PATTERN = r"^[^\u0000]*[^\u0000\s][^\u0000]*$"
NO_NUL_PATTERN = r"^[^\u0000]*$"

# -- the planner API (/api/planner/...) ---------------------------------------------------

PLANNER_MINUTES = (5, 10, 15)
PLANNER_PACES = ("adult", "elderly")
MAX_ADDS = 20
MAX_CLOSES = 200  # at most; fewer when this city's longest ids would not fit in a URL (max_closes)
MAX_K = 20
DEFAULT_K = 5
DEFAULT_STANDARD = "gb50180"
LAYERS = ("figures", "gaps", "picks", "scorecard", "sites")
FORMATS = ("csv", "gpkg")
# One proposed site: longitude,latitude:category (WGS84, ASCII decimals, longitude first).
ADD_PATTERN = rf"^{DEGREES_PATTERN},{DEGREES_PATTERN}:({'|'.join(re.escape(k) for k in CATEGORIES)})$"


def category_keys() -> list[str]:
    """Categories the planner can show: each one, and all sites together."""
    return [*CATEGORIES, ALL_SITES]


def _longest_url_without_closes() -> int:
    """
    Bytes of the longest valid planner URL without its ``close`` ids.

    The longest path, every other parameter with its longest allowed value, and
    :data:`MAX_ADDS` proposed sites with every digit the pattern allows (``,`` and ``:``
    percent-encoded), plus a little slack for how a client writes numbers.
    """
    path = max(len(f"/api/planner/{name}") for name in ("figures", "gaps", "recommend", "scorecard", "download"))
    choices = {"category": [*category_keys(), "all"], "minutes": [f"{m:g}" for m in PLANNER_MINUTES],
               "pace": PLANNER_PACES, "profile": settings.PROFILES, "k": [str(MAX_K)],
               "standard": builtin_standards(), "layer": LAYERS, "format": FORMATS}
    others = sum(len(f"&{name}=") + max(len(quote(v, safe="")) for v in values)
                 for name, values in choices.items())
    degrees = "-180." + "0" * 15
    add = len("&add=") + len(quote(f"{degrees},{degrees}:", safe="")) + max(len(k) for k in CATEGORIES)
    slack = 64
    return path + others + MAX_ADDS * add + slack


def max_closes(site_ids: Iterable[str]) -> int:
    """
    The most ``close`` ids a planner request may carry in this city.

    At most :data:`MAX_CLOSES`, and no more than fit with everything else in a URL of
    ``MAX_URL_BYTES``: the contract publishes this number, so a request it calls valid is
    never refused as too long.

    Parameters
    ----------
    site_ids
        The city's site ids (each counted percent-encoded).
    """
    longest = max((len(quote(str(i), safe="")) for i in site_ids), default=1)
    room = MAX_URL_BYTES - _longest_url_without_closes()
    return max(0, min(MAX_CLOSES, room // (len("&close=") + longest)))


# Library keyword arguments whose query or JSON field has another name: keyword -> field.
# Most fields are named as the keyword they feed (profile, minutes, category), so need no entry.
FIELD_OF_KEYWORD = {"start": "lon", "walk_m": "minutes", "speed_kmh": "pace", "site_ids": "close"}


def field_for(param: str) -> str:
    """The query or JSON field that feeds library keyword ``param`` (``walk_m`` -> ``minutes``)."""
    return FIELD_OF_KEYWORD.get(param, param)
