"""
A Chinese address in its parts: 省/市/区(县)/街道(镇)/路/弄/号, numbers in Arabic digits.

Offices and their GIS write one address many ways: ``上海市黃浦區南京東路一百二十三號``,
``黄浦区南京东路１２３号``, ``南京东路123号2楼``. :func:`address_parts` makes them the
same :class:`AddressParts`, so an office's list can be matched against its own address file
(:mod:`learning_map.city.gazetteer`). The steps:

1. a dash or tilde between two numbers becomes ``至`` ("to"): the project's one folding rule
   drops punctuation, which would make ``18-28号`` read ``1828号``;
2. :func:`learning_map.city.naming.fold_name` (the project's one folding rule): simplified
   script, half-width digits, no spaces or punctuation, lower case;
3. Chinese numerals written before an address word (弄, 号, 栋, 室, ...) become Arabic
   digits (``一百二十三号`` -> ``123号``, ``二〇一室`` -> ``201室``); numerals inside a road's
   name (``四川北路``, ``三门路``) are left alone;
4. the house part is found: ``[N弄[M支弄]]N[甲/a][至M]号``, else ``N弄[M[至M]]``, else the
   first number (and its range); what follows it is ``detail`` (栋/幢/楼/室/单元, kept but not
   matched);
5. the text before it is read from the left: a province, a city, a district (区/县), a
   sub-district (街道/镇/乡); the rest is the road (路/街/大道/巷/弄堂/新村...).

What each part may end with is data below, with the reason for each choice.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from learning_map.city.naming import fold_name

# -- rules as data -------------------------------------------------------------------------

# Dashes and tildes a range may be written with ("18-28号", "18~28号", "18—28号", and their
# full-width forms), found in the raw text, before folding drops them.
RANGE_MARKS = "-‐‑‒–—―－~～〜"
# The word a range becomes: fold_name keeps it (it is a letter, not punctuation).
RANGE_WORD = "至"
# Chinese numerals: digits (two ways of zero; 两 is 2 as in 两百) and units.
CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
                  "八": 8, "九": 9}
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
# Old shorthands for twenty and thirty (廿三号 = 23号), spelled out before reading.
CHINESE_TENS = {"廿": "二十", "卅": "三十"}
# Words a house part's number comes before; a Chinese numeral before one of them is a number
# (before anything else it is part of a name: 四川北路, 五角场). 衖 is the old Shanghai 弄.
NUMBERED_WORDS = ("支弄", "弄", "衖", "号", "栋", "幢", "座", "单元", "室", "楼", "层", RANGE_WORD)
# Letters that tell two buildings of one number apart (18甲号, 18a号): kept as part of the number.
NUMBER_SUFFIXES = "a-z甲乙丙丁"
# Provinces: a name ending in 省, or an autonomous region / special administrative region.
PROVINCE = r"[^省市区县路街]{2,7}?(?:省|自治区|特别行政区)"
# Districts and counties (浦东新区, 黄浦区, 崇明县), at most 6 characters before the suffix.
DISTRICT = r"[^省市区县路街弄号]{1,6}?(?:新区|区|县)"
# Cities: a name ending in 市 at the start (or after the province). A name may not hold
# 区/县/路/街, so 杨浦区市光路 does not read "杨浦区市" as a city. The four municipalities are
# often written without 市 (上海黄浦区...), but only a district may follow them then: 北京东路,
# 天津路 and 重庆南路 are Shanghai roads.
MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
CITY = rf"(?:[^省市区县路街镇乡弄号]{{2,7}}?市|(?:{'|'.join(MUNICIPALITIES)})(?={DISTRICT}))"
# Sub-districts, towns and townships (南京东路街道, 三林镇): their names often hold a road's.
TOWN = r"[^省市区县弄号]{1,10}?(?:街道|镇|乡)"
# Fewest characters a road keeps after a district or town is read off its front: 新镇路 must
# not become the town 新镇 and the road 路.
MIN_ROAD_CHARS = 2

_NUMERAL = "".join(CHINESE_DIGITS) + "".join(CHINESE_UNITS) + "".join(CHINESE_TENS)
_RANGE = re.compile(rf"(?<=[\d{_NUMERAL}])\s*[{re.escape(RANGE_MARKS)}]\s*(?=[\d{_NUMERAL}])")
_CHINESE_NUMBER = re.compile(rf"[{_NUMERAL}]+(?={'|'.join(NUMBERED_WORDS)})")
_LANE_WORD = "(?:弄|衖)"
_LANE = rf"(?P<lane>\d+){_LANE_WORD}(?:(?P<sublane>\d+)支{_LANE_WORD})?"
_NUMBER = rf"(?P<number>\d+[{NUMBER_SUFFIXES}]?)(?:{RANGE_WORD}(?P<to>\d+)[{NUMBER_SUFFIXES}]?)?"
_HOUSE = (
    # [N弄[M支弄]] N[suffix][至M] 号
    re.compile(rf"(?:{_LANE})?{_NUMBER}号"),
    # N弄 [M支弄] [N[至M]]: a lane, with or without its number (号 left out)
    re.compile(rf"{_LANE}(?:{_NUMBER})?"),
    # the first number after some text: 南京东路100, 四平路9-11 (as OSM's addr:housenumber)
    re.compile(rf"(?<=\D){_NUMBER}"),
)
_ADMIN = re.compile(rf"(?P<province>{PROVINCE})?(?P<city>{CITY})?(?P<district>{DISTRICT})?(?P<town>{TOWN})?")


@dataclass(frozen=True, slots=True)  # slots: an address file holds up to a million of them
class AddressParts:
    """
    An address in parts, each folded (simplified, half-width, lower case); ``""`` when absent.

    Parameters
    ----------
    province, city, district, town
        省, 市, 区/县 and 街道/镇/乡 with their suffix (``"上海市"``, ``"黄浦区"``).
    road
        The road (路/街/大道/巷) or the named place the numbers belong to (``"南京东路"``).
    lane
        The lane (弄) number, with ``/M`` for a branch lane (支弄): ``"100"``, ``"100/3"``.
    number
        The house number (号) with its letter, if any: ``"18"``, ``"18甲"``, ``"18a"``;
        the first number of a range.
    number_to
        The last number of a range (``18-28号`` -> ``"28"``), else ``""``.
    detail
        What follows the house part (栋/幢/楼/室/单元, a building's name): kept, not matched.
    """

    province: str = ""
    city: str = ""
    district: str = ""
    town: str = ""
    road: str = ""
    lane: str = ""
    number: str = ""
    number_to: str = ""
    detail: str = ""

    @property
    def house(self) -> tuple[str, str]:
        """What tells a building on its road from others: ``(lane, number)``."""
        return self.lane, self.number

    @property
    def number_value(self) -> int | None:
        """The house number as an integer (its letter left off), or None."""
        digits = re.match(r"\d+", self.number)
        return int(digits.group()) if digits else None


def chinese_number(text: str) -> int | None:
    """
    The value of a number written in Chinese numerals, or None when it is not one.

    Positional (``十八`` = 18, ``一百二十三`` = 123, ``一百零五`` = 105, ``廿三`` = 23, and the
    spoken ``一百二`` = 120) or digit by digit (``二〇一`` = 201, ``一二八`` = 128).
    """
    for short, long in CHINESE_TENS.items():
        text = text.replace(short, long)
    if not text or any(ch not in CHINESE_DIGITS and ch not in CHINESE_UNITS for ch in text):
        return None
    if not any(ch in CHINESE_UNITS for ch in text):
        return int("".join(str(CHINESE_DIGITS[ch]) for ch in text))
    total, digit, last_unit, after_unit = 0, None, 0, False
    for ch in text:
        if ch in CHINESE_UNITS:
            unit = CHINESE_UNITS[ch]
            total += (1 if digit is None else digit) * unit  # 十八: a unit alone counts one
            digit, last_unit, after_unit = None, unit, True
        else:
            if ch in ("〇", "零"):
                after_unit = False  # 一百零五: the zero says the 5 is ones
            digit = CHINESE_DIGITS[ch] if ch not in ("〇", "零") else digit
    if digit is not None:
        # 一百二 is spoken for 120: a digit right after 百/千 counts in the next unit down.
        total += digit * (last_unit // 10 if after_unit and last_unit >= 100 else 1)
    return total


def _arabic(match: re.Match[str]) -> str:
    value = chinese_number(match.group())
    return match.group() if value is None else str(value)


def fold_address(text: str) -> str:
    """
    An address folded for matching: ranges marked ``至``, :func:`fold_name`, Chinese numerals before address words as digits.

    ``"黃浦區南京東路十八-二十八號"`` gives ``"黄浦区南京东路18至28号"``.
    """
    if not isinstance(text, str) or not text:
        return ""
    marked = _RANGE.sub(RANGE_WORD, text)
    return _CHINESE_NUMBER.sub(_arabic, fold_name(marked))


def _admin_parts(head: str, *, road_follows: bool = True) -> tuple[dict[str, str], str]:
    """
    Province, city, district and town read off the front of ``head``; the rest is the road.

    With ``road_follows`` (an address), a town or district that leaves too short a road is
    given back to it: it was the road's own name (新镇路).
    """
    match = _ADMIN.match(head)
    parts = {k: v or "" for k, v in match.groupdict().items()}
    road = head[match.end():]
    for name in ("town", "district", "city"):
        if road_follows and parts[name] and len(road) < MIN_ROAD_CHARS:
            road, parts[name] = parts[name] + road, ""
    return parts, road


def address_parts(text: str) -> AddressParts:
    """
    Split an address into its parts (:class:`AddressParts`), each folded.

    Parameters
    ----------
    text
        An address as an office writes it, in simplified or traditional script, with
        Arabic, full-width or Chinese numbers: ``"上海市黃浦區南京東路一百二十三號２樓"``.

    Returns
    -------
    parts
        ``AddressParts(city="上海市", district="黄浦区", road="南京东路", number="123",
        detail="2楼")``. Text without a number is all road (and the administrative parts
        before it).
    """
    folded = fold_address(text)
    house = None
    for pattern in _HOUSE:
        house = pattern.search(folded)
        if house is not None:
            break
    head, tail = (folded, "") if house is None else (folded[:house.start()], folded[house.end():])
    admin, road = _admin_parts(head)
    found = {} if house is None else {k: v or "" for k, v in house.groupdict().items()}
    lane = found.get("lane", "")
    if found.get("sublane"):
        lane = f"{lane}/{found['sublane']}"
    return AddressParts(**admin, road=road, lane=lane, number=found.get("number", ""),
                        number_to=found.get("to", ""), detail=tail)


@functools.lru_cache(maxsize=4096)  # a district column repeats a few names a hundred thousand times
def area_parts(text: str) -> tuple[str, str]:
    """
    A district column's text as ``(district, town)``, folded: ``"黃浦區"`` -> ``("黄浦区", "")``.

    A text ending in 街道/镇/乡 names a town (``"南京东路街道"`` -> ``("", "南京东路街道")``);
    a bare name (``"黄浦"``) is taken as a district; a city alone (``"上海市"``) names neither.
    """
    folded = fold_name(text)
    admin, rest = _admin_parts(folded, road_follows=False)
    if rest in MUNICIPALITIES:  # "上海": the whole city, no district
        rest = ""
    if rest:  # a bare name (黄浦), or more than the patterns know: the rest names a district
        return admin["district"] or rest, admin["town"]
    return admin["district"], admin["town"]
