"""Learning-site categories: keys, labels (the catalogues say them in each locale), colours and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from learning_map.base.i18n import gettext
from learning_map.city.symbols import symbol_of
from learning_map.errors import N_, ParameterError, unknown_choice

# The pseudo-category every figure is also given for: a site of any category.
ALL_SITES = "all"


def unknown_category(parameter: str, value: object, *, with_all: bool = True) -> ParameterError:
    """The one sentence for a category that is not known: it lists the category keys."""
    keys = [*CATEGORIES, ALL_SITES] if with_all else [*CATEGORIES]
    return unknown_choice(parameter, value, keys, what=N_("category"))


@dataclass(frozen=True)
class Category:
    """One learning-site category with its display labels and map colour."""

    key: str
    label_zh: str
    label_en: str

    def label(self, locale: str) -> str:
        """The category's name in ``locale`` (the catalogues; ``label_en`` is its message id)."""
        return gettext(self.label_en, locale=locale)

    @property
    def color(self) -> str:
        """The category's colour, from the one symbol system (:mod:`learning_map.city.symbols`)."""
        return symbol_of(self.key).color


CATEGORIES: dict[str, Category] = {
    c.key: c
    for c in (
        Category("community_learning", "社区学校/学习点", N_("Community school / learning point")),
        Category("elderly_education", "老年教育", N_("Elderly education")),
        Category("library", "图书馆", N_("Library")),
        Category("cultural_centre", "文化中心", N_("Cultural centre")),
        Category("school", "中小学", N_("School")),
        Category("college", "学院", N_("College")),
        Category("university", "大学", N_("University")),
    )
}

# Values accepted in a registry's category column (compared lower-cased, trimmed).
_ALIASES: dict[str, tuple[str, ...]] = {
    "community_learning": (
        "community_learning", "community school", "community learning point", "learning point",
        "community centre", "community center", "community_centre",
        "社区学校", "学习点", "社区学习点", "社区教育", "社区学院", "市民学校", "社区中心",
        "社區學校", "學習點", "社區中心",
    ),
    "elderly_education": (
        "elderly_education", "elderly education", "elderly", "senior", "senior university",
        "university for the elderly", "老年教育", "老年大学", "老年学校", "老年教育点", "长者",
        "老年大學", "長者", "長者中心",
    ),
    "library": ("library", "图书馆", "图书室", "书屋", "農家書屋", "圖書館", "圖書室", "农家书屋"),
    "cultural_centre": (
        "cultural_centre", "cultural center", "cultural centre", "arts centre", "arts center",
        "arts_centre", "文化中心", "文化馆", "文化站", "文化活动中心", "艺术中心", "文化館",
        "藝術中心",
    ),
    "school": ("school", "学校", "中学", "小学", "中小学", "學校", "中學", "小學"),
    "college": ("college", "学院", "职业学院", "學院"),
    "university": ("university", "大学", "大學"),
}
CATEGORY_ALIASES: dict[str, str] = {
    alias.casefold(): key for key, aliases in _ALIASES.items() for alias in aliases
}

# Names that mark an elderly-serving site (Chinese traditional/simplified, English, Portuguese).
ELDERLY_NAME_PATTERN = re.compile(
    r"長者|长者|老年|老人|頤康|颐康|耆英|elderly|senior|idosos", re.IGNORECASE
)

# The elderly rule for OSM features (learning_map.city.sites.categorise_osm). Both patterns are
# matched against *folded* names (learning_map.city.naming.fold_name: simplified Chinese, no
# spaces or punctuation, lower case), so each word is written once, in that form.
#
# Elderly day, activity and community service centres run interest classes: they are
# elderly-education sites, subtype ELDERLY_CENTRE_SUBTYPE. A feature is one when it serves
# older people (ELDERLY_NAME_PATTERN or social_facility:for=senior) and its name marks a
# centre (ELDERLY_CENTRE_NAME_PATTERN) or its tags do (ELDERLY_CENTRE_TAGS). A centre name
# wins over a care-home tag (several Macau day centres are tagged nursing_home).
ELDERLY_CENTRE_NAME_PATTERN = re.compile(
    r"日间中心|活动中心|综合服务中心|长者服务中心|服务中心|长者中心|老人中心|耆英"
    r"|seniorcent(?:re|er)|elderlycent(?:re|er)|daycent(?:re|er)|activit(?:y|ies)cent(?:re|er)"
    r"|servicecent(?:re|er)|centrodedia|centrodiurno|centrodeconvívio|centrodeconvivio"
    r"|centrodeactividades|centrodeatividades|complexodeserviços|complexodeservicos"
)
ELDERLY_CENTRE_TAGS: dict[str, frozenset[str]] = {
    "social_facility": frozenset({"day_care", "outreach"}),
    "community_centre": frozenset({"senior_centre", "senior_center"}),
}
# Residential care is not a learning site: a care-home name (whatever the tags), or a
# care-home tag on a feature whose name does not mark a centre, gives no category.
CARE_HOME_NAME_PATTERN = re.compile(
    r"护养院|安老院|养老院|敬老院|护理院|疗养院|颐养院|老人院|长者之家护理"
    r"|nursinghome|carehome|residentialcare|residencia|residência|lardecuidados|lardeidosos|asilo"
)
CARE_HOME_TAGS: dict[str, frozenset[str]] = {
    "social_facility": frozenset({"nursing_home", "assisted_living", "group_home"}),
}
# Shanghai's 社会学习点 are learning points run by organisations outside the neighbourhood
# committees (居村委) and outside care homes (养教结合): what an association's elderly
# centre is.
ELDERLY_CENTRE_SUBTYPE = "social_learning_point"


@dataclass(frozen=True)
class Subtype:
    """A finer kind of site within a category, e.g. Shanghai's three elderly learning points."""

    key: str
    category: str
    label_zh: str
    label_en: str

    def label(self, locale: str) -> str:
        """The subtype's name in ``locale`` (the catalogues; ``label_en`` is its message id)."""
        return gettext(self.label_en, locale=locale)


# Shanghai's elderly-education network (上海市老年教育): three kinds of learning point
# (学习点) besides the senior universities and schools.
SUBTYPES: dict[str, Subtype] = {
    s.key: s
    for s in (
        Subtype("neighbourhood_model_point", "elderly_education", "居村委示范学习点",
                N_("Neighbourhood model learning point")),
        Subtype("social_learning_point", "elderly_education", "社会学习点", N_("Social learning point")),
        Subtype("care_education_point", "elderly_education", "养教结合学习点",
                N_("Care-plus-education learning point")),
        Subtype("senior_university", "elderly_education", "老年大学", N_("University for the elderly")),
        Subtype("senior_school", "elderly_education", "老年学校", N_("School for the elderly")),
    )
}

# Values accepted in a registry's subtype column (compared case-folded, spaces trimmed).
_SUBTYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "neighbourhood_model_point": (
        "neighbourhood model learning point", "neighborhood model learning point",
        "neighbourhood model point", "model learning point", "居村委示范学习点", "居村委示范点",
        "示范学习点", "居委示范学习点", "村委示范学习点", "居村委学习点", "居村委示範學習點",
        "示範學習點",
    ),
    "social_learning_point": ("social learning point", "social point", "社会学习点", "社會學習點"),
    "care_education_point": (
        "care-plus-education point", "care-plus-education learning point", "care and education point",
        "care education point", "养教结合学习点", "养教结合点", "养教结合", "養教結合學習點", "養教結合",
    ),
    "senior_university": (
        "senior university", "university for the elderly", "university of the third age",
        "老年大学", "老年大學", "长者大学", "長者大學",
    ),
    "senior_school": ("senior school", "school for the elderly", "老年学校", "老年學校"),
}
SUBTYPE_ALIASES: dict[str, str] = {
    alias.casefold(): key
    for key, aliases in _SUBTYPE_ALIASES.items()
    for alias in (key, *aliases)
}
# Headings of a registry column holding the subtype (compared like other headings).
SUBTYPE_COLUMN_ALIASES = ("subtype", "sub_type", "子类型", "类型细分", "子類型", "類型細分", "细分类型")


def subtype_key(text: str) -> str | None:
    """
    The subtype key for a registry cell, or None when the text names no known subtype.

    Parameters
    ----------
    text
        A key (``social_learning_point``), a Chinese or English label, or an alias.

    Returns
    -------
    key
    """
    return SUBTYPE_ALIASES.get(str(text).strip().casefold())


def subtype_label(key: str, *, lang: str = "zh") -> str:
    """
    Return a subtype's display label.

    Parameters
    ----------
    key
        Subtype key, e.g. ``"care_education_point"``.
    lang
        ``"zh"`` or ``"en"``.

    Returns
    -------
    label
    """
    subtype = SUBTYPES[key]
    return subtype.label_zh if lang == "zh" else subtype.label_en
