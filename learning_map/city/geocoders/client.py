"""
What every geocoding service client shares: pacing, retries, quota, the cache, the key kept secret.

A :class:`ServiceGeocoder` is a :class:`~learning_map.city.placement.Placer`: it asks its service
for each row's text (the district and the address, or the name when there is no address), reads
the answer into plain values (:meth:`ServiceGeocoder.read`), and turns them into an
:class:`~learning_map.city.placement.Attempt`: one good answer is a placement, several answers or
a vague one (a road, a district) are suggestions for placement by hand.

Asking is polite and bounded:

- **paced** to the service's published rate (``per_second``) and stopped at its published daily
  quota (``per_day``) or when the service says the quota is used up: every row not asked then
  carries the quota problem (:attr:`Attempt.problem`), so nothing is lost and the report says why;
- **retried** with exponential back-off (``backoff_s``, doubled each time, at most ``max_tries``
  per row) on transient failures: HTTP 5xx and 429, timeouts, refused connections and the
  service's own "too many requests" codes; the whole import waits at most ``max_wait_s`` seconds
  in back-off, then stops asking;
- every request has a ``timeout_s``;
- the **key** never leaves the request: errors, logs and cache rows carry the service's code and
  the text asked, never the URL; any text that comes back is masked (:func:`mask_key`).

Answers are kept in a :class:`GeocodeCache` (the registry store's ``geocode_cache`` table,
:mod:`learning_map.store.geocode_cache`) only for services whose terms allow it
(``cache_allowed``); a re-import then asks nothing again. Within one import the same text is
asked once.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from learning_map.city.naming import fold_name
from learning_map.city.placement import Attempt, Candidate
from learning_map.errors import N_, LearningMapError, Term

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

logger = logging.getLogger(__name__)

# Defaults of every client (keyword defaults, as learning_map.settings keeps them): seconds a
# request may take; tries of one row on a transient failure; the first back-off pause (then
# doubled); and the most an import waits in back-off before it stops asking.
TIMEOUT_S: float = 10.0
MAX_TRIES: int = 4
BACKOFF_S: float = 1.0
MAX_WAIT_S: float = 120.0
# A single answer at least this sure is a placement; anything less is a suggestion.
PLACE_CONFIDENCE: float = 0.8
# How a key is shown where it would otherwise appear.
KEY_MASK = "***"

# The kinds of refusal a service answers (ServiceGeocoder.read returns a Refusal of one of them).
TRANSIENT = "transient"  # ask again after a pause: 5xx, 429, timeouts, "too many requests"
QUOTA = "quota"  # the daily quota is used up: stop asking today
KEY = "key"  # the key is wrong, expired or not allowed this service: stop asking
ROW = "row"  # this text could not be asked (bad parameters): go on with the next row


class GeocodeCache(Protocol):
    """Where a service's answers are kept between imports (the registry store's ``geocode_cache``)."""

    def get(self, service: str, query: str) -> dict[str, Any] | None:
        """The answer kept for ``query`` (folded text) from ``service``, or None."""
        ...

    def put(self, service: str, query: str, answer: dict[str, Any]) -> None:
        """Keep ``answer`` (plain JSON values) for ``query`` from ``service``."""
        ...


class GeocoderError(LearningMapError, RuntimeError):
    """A geocoding service could not answer for a row (quota, key, error); the row goes on to placement by hand."""


@dataclass(frozen=True)
class Refusal:
    """A service's answer that is not a result: its kind (:data:`TRANSIENT`, ...) and its own code."""

    kind: str
    code: str


def mask_key(text: str, key: str) -> str:
    """``text`` with every occurrence of ``key`` replaced by :data:`KEY_MASK`."""
    return text.replace(key, KEY_MASK) if key else text


def http_get(url: str, timeout_s: float) -> tuple[int, bytes]:
    """GET ``url``: its HTTP status and body (error statuses too, not raised)."""
    # The URL is the service's or the office's proxy, checked to be http(s) (geocoder_from_env).
    request = urllib.request.Request(url, headers={"User-Agent": "learning-map geocoder"})
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read()


@dataclass
class ServiceGeocoder:
    """
    One geocoding service as a placement method (subclasses: Tianditu, Amap, Baidu).

    Parameters
    ----------
    key
        The office's key for the service (from the environment, never written anywhere).
    url
        The service's endpoint (default: the public one; a test server or proxy otherwise).
    cache
        Where answers are kept between imports; ignored when the service's terms forbid it.
    per_second, per_day
        Requests per second and per day (default: the service's published quota).
    timeout_s, max_tries, backoff_s, max_wait_s
        See the module docstring.
    clock, sleep
        Monotonic seconds and a pause (tests give their own, so no test waits for real time).
    get
        ``get(url, timeout_s) -> (status, body)``; :func:`http_get` by default.
    """

    method: ClassVar[str] = ""
    # The service's name in messages (marked N_: 天地图, 高德, 百度 in Chinese), its default endpoint, its coordinate system (the
    # project's converters take it to WGS84), its published rates, and whether its terms let
    # answers be kept.
    title: ClassVar[str] = ""
    default_url: ClassVar[str] = ""
    system: ClassVar[str] = "wgs84"
    published_per_second: ClassVar[float] = 1.0
    published_per_day: ClassVar[int | None] = None
    cache_allowed: ClassVar[bool] = False

    key: str = field(repr=False)
    url: str = ""
    cache: GeocodeCache | None = None
    per_second: float | None = None
    per_day: int | None = None
    timeout_s: float = TIMEOUT_S
    max_tries: int = MAX_TRIES
    backoff_s: float = BACKOFF_S
    max_wait_s: float = MAX_WAIT_S
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    get: Callable[[str, float], tuple[int, bytes]] = http_get
    requests: int = field(default=0, init=False)
    waited_s: float = field(default=0.0, init=False)
    _next_at: float = field(default=float("-inf"), init=False, repr=False)
    _stopped: GeocoderError | None = field(default=None, init=False, repr=False)
    _asked: dict[str, dict[str, Any] | GeocoderError] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:  # noqa: D105
        self.url = self.url or self.default_url
        if self.per_second is None:
            self.per_second = self.published_per_second
        if self.per_day is None:
            self.per_day = self.published_per_day
        if self.cache is not None and not self.cache_allowed:
            logger.info("%s: its terms do not allow keeping answers; nothing is cached", self.title)
            self.cache = None

    # -- what each service says differently

    def request_url(self, query: str) -> str:
        """The URL that asks ``query`` (with the key)."""
        raise NotImplementedError

    def read(self, status: int, body: bytes, query: str) -> dict[str, Any] | Refusal:
        """
        The service's answer to ``query`` as plain values, or its refusal.

        An answer is ``{"results": [{"lon", "lat", "matched", ...}]}`` in the service's own
        coordinates (an empty list: nothing found), with the service's own level/precision
        fields, so that :meth:`confidence` can score it and the cache keeps the service's word.
        """
        raise NotImplementedError

    def confidence(self, result: dict[str, Any]) -> float:
        """0-1 from the service's own level/precision fields (documented per service)."""
        raise NotImplementedError

    def to_wgs84(self, lon: float, lat: float) -> tuple[float, float]:
        """The service's coordinates in WGS84 (the project's converters)."""
        return lon, lat

    # -- the chain's step

    def query(self, row: Any) -> str:
        """What is asked for a row: its district and address, or its name when it has no address."""
        address = str(row.address or "").strip()
        if address:
            district = str(row.district or "").strip()
            return address if not district or address.startswith(district) else district + address
        return str(row.name or "").strip()

    def place(self, rows: pd.DataFrame) -> list[Attempt]:
        """The chain's step: one attempt per row (placed, suggestions, or the service's problem)."""
        attempts = []
        for row in rows.itertuples(index=False):
            query = self.query(row)
            answer = self.answer(query) if query else None
            if answer is None:
                attempts.append(Attempt())
            elif isinstance(answer, GeocoderError):
                attempts.append(Attempt(problem=answer))
            else:
                attempts.append(self.attempt(answer))
        logger.info("%s: %d requests for %d rows (%.1f s in back-off)", self.title, self.requests, len(rows),
                    self.waited_s)
        return attempts

    def answer(self, query: str) -> dict[str, Any] | GeocoderError:
        """The service's answer for ``query``: kept, asked before in this import, or asked now."""
        folded = fold_name(query) or query
        if folded in self._asked:
            return self._asked[folded]
        kept = self.cache.get(self.method, folded) if self.cache is not None else None
        if kept is not None:
            self._asked[folded] = kept
            return kept
        outcome = self._stopped or self._ask(query)
        if not isinstance(outcome, GeocoderError):
            if self.cache is not None:
                self.cache.put(self.method, folded, outcome)
            self._asked[folded] = outcome
        return outcome

    def attempt(self, answer: dict[str, Any]) -> Attempt:
        """A placement when the service gave one sure answer; suggestions otherwise."""
        candidates = []
        for result in answer.get("results", []):
            lon, lat = self.to_wgs84(float(result["lon"]), float(result["lat"]))
            candidates.append(Candidate(lon, lat, self.confidence(result), str(result.get("matched", "")),
                                        self.method))
        if len(candidates) == 1 and candidates[0].confidence >= PLACE_CONFIDENCE:
            return Attempt(placed=candidates[0])
        return Attempt(suggestions=tuple(candidates))

    # -- asking

    def _ask(self, query: str) -> dict[str, Any] | GeocoderError:
        if self.per_day is not None and self.requests >= self.per_day:
            self._stopped = GeocoderError(N_("{service} geocoding: this import reached the published daily quota of "
                                             "{count} requests; the row was not asked (import again tomorrow, or "
                                             "set {variable})"), service=Term(self.title), count=self.per_day,
                                          variable="LEARNING_MAP_GEOCODER_PER_DAY")
            return self._stopped
        tries = 0
        while True:
            refusal = self._once(query)
            if not isinstance(refusal, Refusal):
                return refusal
            if refusal.kind == TRANSIENT:
                tries += 1
                pause_s = self.backoff_s * 2 ** (tries - 1)
                if tries < self.max_tries and self.waited_s + pause_s <= self.max_wait_s:
                    logger.info("%s: %s; asking again in %.1f s", self.title, refusal.code, pause_s)
                    self.sleep(pause_s)
                    self.waited_s += pause_s
                    continue
                error = GeocoderError(N_("{service} geocoding did not answer after {tries} tries ({code})"),
                                      service=Term(self.title), tries=tries, code=refusal.code)
                if tries < self.max_tries:
                    self._stopped = error  # the import's back-off budget is spent: ask no more
                return error
            if refusal.kind == QUOTA:
                self._stopped = GeocoderError(N_("{service} geocoding: the daily quota is used up ({code}); the "
                                                 "row was not placed (import again tomorrow)"),
                                              service=Term(self.title), code=refusal.code)
                return self._stopped
            if refusal.kind == KEY:
                self._stopped = GeocoderError(N_("{service} geocoding refused the key ({code}); check {variable}"),
                                              service=Term(self.title), code=refusal.code,
                                              variable="LEARNING_MAP_GEOCODER_KEY")
                return self._stopped
            return GeocoderError(N_("{service} geocoding could not answer for this row ({code})"),
                                 service=Term(self.title), code=refusal.code)

    def _once(self, query: str) -> dict[str, Any] | Refusal:
        """One request, paced; its answer or refusal (network failures are transient)."""
        self._pace()
        self.requests += 1
        try:
            status, body = self.get(self.request_url(query), self.timeout_s)
        except TimeoutError:
            return Refusal(TRANSIENT, "timeout")
        except urllib.error.URLError as error:
            return Refusal(TRANSIENT, mask_key(type(error.reason).__name__ if error.reason else "URLError", self.key))
        except (OSError, http.client.HTTPException) as error:  # a connection reset, a truncated answer
            return Refusal(TRANSIENT, type(error).__name__)
        except ValueError as error:  # a URL urllib refuses (never shown: it holds the key)
            return Refusal(ROW, type(error).__name__)
        # HTTP: 429 too many requests and 5xx server faults pass; 401/403 is the key; other 4xx the request.
        if status == 429 or status >= 500:
            return Refusal(TRANSIENT, f"HTTP {status}")
        if status in (401, 403):
            return Refusal(KEY, f"HTTP {status}")
        if status >= 400:
            return Refusal(ROW, f"HTTP {status}")
        try:
            outcome = self.read(status, body, query)
        except (ValueError, KeyError, TypeError, IndexError):
            return Refusal(ROW, "unreadable answer")
        if isinstance(outcome, Refusal):
            return Refusal(outcome.kind, mask_key(outcome.code, self.key))
        # Whatever the service echoed, the key is not kept (in memory, in the cache, in a report).
        return json.loads(mask_key(json.dumps(outcome, ensure_ascii=False), self.key))

    def _pace(self) -> None:
        """Wait until the next request is due (``per_second``)."""
        now = self.clock()
        if now < self._next_at:
            self.sleep(self._next_at - now)
            now = self._next_at
        self._next_at = now + 1.0 / float(self.per_second or 1.0)
