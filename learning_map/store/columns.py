"""
Registry columns the store keeps beyond :data:`~learning_map.city.sites.SITE_COLUMNS`.

:func:`~learning_map.city.registry_file.read_registry` passes columns it does not know through
under their original headings; here the store's own columns are recognised
(``subtype``/``子类型``/``类型细分``, ``capacity``/``座位数``, ``opened_year``/``开办年份``,
``district``/``区``) and their values checked, one reason per bad row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from learning_map.base.i18n import cli_text, gettext
from learning_map.base.schema import CAPACITY_COLUMN_ALIASES, DISTRICT_COLUMN_ALIASES
from learning_map.base.text_rules import row_problems, strip_bidi_columns
from learning_map.city.categories import CATEGORIES, SUBTYPE_COLUMN_ALIASES, SUBTYPES, subtype_key
from learning_map.errors import N_, InputFileError, LearningMapError, Term

EXTRA_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "subtype": SUBTYPE_COLUMN_ALIASES,
    "capacity": CAPACITY_COLUMN_ALIASES,
    "opened_year": (
        "opened_year", "opened", "year_opened", "open_year", "开办年份", "成立年份", "设立年份",
        "开设年份", "開辦年份", "成立年份",
    ),
    "district": DISTRICT_COLUMN_ALIASES,
}
_ALIAS_TO_EXTRA = {
    alias.casefold().replace(" ", "").replace("_", ""): column
    for column, aliases in EXTRA_COLUMN_ALIASES.items()
    for alias in aliases
}
EXTRA_COLUMNS = tuple(EXTRA_COLUMN_ALIASES)
_WHOLE_NUMBER = re.compile(r"[0-9]+(?:\.0*)?")
MIN_YEAR, MAX_YEAR = 1800, 2200


@dataclass(frozen=True)
class Reason:
    """
    Why a row is rejected: its problems, each a sentence with its message id and values.

    Said in a locale by :meth:`text` (a web page's, a file's); ``str()`` is the command
    line's language. A problem given as plain text (from a reader that gives text) is shown
    as it is.
    """

    problems: tuple[LearningMapError | str, ...]

    def text(self, locale: str | None = None) -> str:
        """The problems in ``locale`` (None: the command line's language), one after another."""
        said = [p.text(locale) if isinstance(p, LearningMapError) else str(p) for p in self.problems]
        separator = gettext(SEPARATOR, locale=locale) if locale else cli_text(SEPARATOR)
        return separator.join(said)

    def __str__(self) -> str:
        """The reasons in the command line's language."""
        return self.text()

    def as_json(self) -> list[dict[str, Any]]:
        """
        Each problem as ``{"message_id", "values"}`` (plain text: ``{"text"}``), to keep and say later.

        A value that is a word to translate is ``{"term": ...}``, a list a JSON list;
        :meth:`from_json` reads it back.
        """
        return [{"message_id": p.message_id, "values": {k: _plain(v) for k, v in p.values.items()}}
                if isinstance(p, LearningMapError) else {"text": str(p)} for p in self.problems]

    @classmethod
    def from_json(cls, items: list[dict[str, Any]]) -> Reason:
        """The reason :meth:`as_json` wrote (a web job's result), to be said in any locale."""
        return cls(tuple(
            InputFileError(item["message_id"], **{k: _unplain(v) for k, v in item["values"].items()})
            if "message_id" in item else str(item.get("text", "")) for item in items))


# Translators: between two reasons a row is rejected ("capacity ... ; opened_year ...").
SEPARATOR = N_("; ")


def _plain(value: Any) -> Any:
    if isinstance(value, Term):
        return {"term": str(value)}
    if isinstance(value, (tuple, list, frozenset, set)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (int, float, bool)) or value is None else str(value)


def _unplain(value: Any) -> Any:
    if isinstance(value, dict) and "term" in value:
        return Term(value["term"])
    if isinstance(value, list):
        return tuple(_unplain(v) for v in value)
    return value


def as_reason(reason: Any) -> Reason | None:
    """A rejected row's reason as a :class:`Reason` (an error or text wrapped); None when there is none."""
    if isinstance(reason, Reason):
        return reason
    if isinstance(reason, LearningMapError) or (isinstance(reason, str) and reason):
        return Reason((reason,))
    return None


def reason_text(reason: Any, locale: str | None = None) -> str:
    """A rejected row's reason in ``locale`` (None: the command line's): a :class:`Reason`, an error, or text."""
    found = as_reason(reason)
    return "" if found is None else found.text(locale)


def reason_json(reason: Any) -> list[dict[str, Any]]:
    """A rejected row's reason as :meth:`Reason.as_json` writes it (``[]`` when there is none)."""
    found = as_reason(reason)
    return [] if found is None else found.as_json()


def subtype_choices() -> tuple[Term, ...]:
    """Every subtype's name, translated where a sentence lists them."""
    return tuple(Term(s.label_en) for s in SUBTYPES.values())


def rename_extra_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with recognised store columns renamed to their canonical names."""
    mapping: dict[Any, str] = {}
    for column in frame.columns:
        key = str(column).strip().casefold().replace(" ", "").replace("_", "")
        canonical = _ALIAS_TO_EXTRA.get(key)
        if canonical and canonical not in frame.columns and canonical not in mapping.values():
            mapping[column] = canonical
    return frame.rename(columns=mapping)


def _blank(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value) or (
        isinstance(value, str) and value.strip() == ""
    )


def _whole_number(value: Any) -> int | None:
    """A non-negative whole number written in ASCII digits (or stored as one), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (hasattr(value, "is_integer") and hasattr(value, "__float__")):
        number = float(value)
        return int(number) if number.is_integer() and number >= 0 else None
    text = str(value).strip()
    return int(float(text)) if _WHOLE_NUMBER.fullmatch(text) else None


def check_extra_columns(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """
    Parse ``subtype``, ``capacity``, ``opened_year`` and ``district`` and say what is wrong.

    Parameters
    ----------
    frame
        Sites with canonical column names (after :func:`rename_extra_columns`) and a
        ``category`` key column; missing store columns are added empty.

    Returns
    -------
    frame
        A copy with ``subtype`` as a key or None, ``capacity`` and ``opened_year`` as
        int or None, and ``district`` as text or None.
    reasons
        One :class:`Reason` per bad row, ``""`` for a good row; a text field too long or
        holding a control character is one (:mod:`learning_map.base.text_rules`).
    """
    frame = strip_bidi_columns(frame)
    reasons = pd.Series("", index=frame.index, dtype=object)
    for column in EXTRA_COLUMNS:
        if column not in frame:
            frame[column] = None
    subtypes, capacities, years, districts = [], [], [], []
    for index, raw_subtype, raw_capacity, raw_year, raw_district, category in zip(
        frame.index, frame["subtype"], frame["capacity"], frame["opened_year"], frame["district"],
        frame["category"], strict=True,
    ):
        (subtype, why_subtype), (capacity, why_capacity), (year, why_year) = (
            _subtype(raw_subtype, category), _capacity(raw_capacity), _opened_year(raw_year))
        why = [w for w in (why_subtype, why_capacity, why_year) if w]
        if why:
            reasons.loc[index] = Reason(tuple(why))
        subtypes.append(subtype)
        capacities.append(capacity)
        years.append(year)
        districts.append(None if _blank(raw_district) else str(raw_district).strip())
    frame["subtype"] = pd.Series(subtypes, index=frame.index, dtype=object)
    frame["capacity"] = pd.Series(capacities, index=frame.index, dtype=object)
    frame["opened_year"] = pd.Series(years, index=frame.index, dtype=object)
    frame["district"] = pd.Series(districts, index=frame.index, dtype=object)
    # lengths and control characters of every text field
    text = row_problems(frame).map(lambda problem: Reason((problem,)) if isinstance(problem, LearningMapError) else problem)
    reasons = reasons.where(reasons != "", text)
    return frame, reasons


def _subtype(raw: Any, category: str) -> tuple[str | None, InputFileError | None]:
    """A subtype cell as a key of ``category`` (None when blank), and what is wrong with it."""
    if _blank(raw):
        return None, None
    subtype = subtype_key(raw)
    if subtype is None:
        return None, InputFileError(N_("unknown subtype {value!r} (use one of: {choices})"),
                                    value=str(raw).strip(), choices=subtype_choices())
    if SUBTYPES[subtype].category != category:
        owner = CATEGORIES[SUBTYPES[subtype].category]
        given = CATEGORIES.get(category)
        return subtype, InputFileError(
            N_("subtype {subtype} belongs to {owner}, not {category}"), subtype=Term(SUBTYPES[subtype].label_en),
            owner=Term(owner.label_en), category=Term(given.label_en) if given else category)
    return subtype, None


def _capacity(raw: Any) -> tuple[int | None, InputFileError | None]:
    """A capacity cell as whole seats (None when blank), and what is wrong with it."""
    if _blank(raw):
        return None, None
    capacity = _whole_number(raw)
    if capacity is None:
        return None, InputFileError(N_("capacity {value!r} is not a whole number of seats"), value=str(raw).strip())
    return capacity, None


def _opened_year(raw: Any) -> tuple[int | None, InputFileError | None]:
    """An opened-year cell as a year (None when blank or wrong), and what is wrong with it."""
    if _blank(raw):
        return None, None
    year = _whole_number(raw)
    if year is None or not MIN_YEAR <= year <= MAX_YEAR:
        return None, InputFileError(N_("opened_year {value!r} is not a year"), value=str(raw).strip())
    return year, None
