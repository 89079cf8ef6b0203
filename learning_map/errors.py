"""Exceptions raised by learning-map for problems a user can fix."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

# An absolute path (POSIX or Windows) of two or more parts, not inside a URL: the folders go.
_PATH = re.compile(r"(?<![\w:/\\])(?:[A-Za-z]:)?(?:[/\\][^/\\\s'\"<>:|]+)+[/\\]([^/\\\s'\"<>:|]+)")


def hide_paths(text: str) -> str:
    """
    ``text`` with every absolute file path cut to its file name.

    Messages from GDAL, pandas or the OS name files by their full path; shown to a web
    user that would reveal the server's folders (an upload's temporary folder).
    """
    return _PATH.sub(r"\1", text)


class LearningMapError(Exception):
    """Base class: a problem with the user's input, reported as one sentence."""


class InputFileError(LearningMapError, ValueError):
    """An input file is missing, unreadable or in a format we cannot read."""


class FileTooLargeError(InputFileError):
    """An input file is over one of the bounds a single read takes (bytes, rows, cells, time)."""


class EmptyExtractError(LearningMapError, ValueError):
    """The OSM extract holds no walkable ways (or no usable features)."""


class BundleError(LearningMapError, ValueError):
    """A city bundle directory is missing or incomplete."""


class PlaceNotFoundError(LearningMapError, ValueError):
    """A place name could not be geocoded or downloaded."""


# Lists longer than this are cut with "…" in a message (a layer may have hundreds of fields).
MAX_LISTED_CHOICES = 40

# Every sentence a ParameterError built from a message id can say: message id -> (English,
# Chinese) templates, formatted with the error's values. One table, so that issue 20 can turn
# it into gettext catalogues. ``{choices}`` is joined with ", " in English and "、" in Chinese.
MESSAGES: dict[str, tuple[str, str]] = {
    "parameter.at_least": ("must be at least {low}", "至少为 {low}"),
    "parameter.unknown_choice": ("unknown {what} {value!r}; use one of: {choices}",
                                 "未知{what_zh} {value!r}，可选：{choices}"),
    "parameter.no_such_field": ("{source} has no field {field!r}; its fields are: {choices}",
                                "文件中没有字段 {field!r}，可用字段：{choices}"),
    "point.off_streets": ("the point is more than {limit_m:.0f} m from any walkable way in this city",
                          "该点{limit_m:.0f}米内没有可步行的道路"),
    "site_id.unknown": ("unknown site {value!r}", "没有这个场所"),
    "site_id.off_network": ("site {value!r} is not on the walk network", "该场所不在步行路网上"),
    "site_id.unreachable": ("site {value!r} cannot be reached on foot from here", "从这里无法步行到达该场所"),
    "site.off_streets": ("the proposed site is too far from every street", "拟建场所离道路太远"),
    "site.no_row": ("no site at row {index}", "没有这个场所"),
    "q.empty": ("empty search text", "搜索内容为空"),
    "open_day.unknown": ("must be today, tomorrow or mo, tu, we, th, fr, sa, su", "须为 today、tomorrow 或星期（mo…su）"),
    "open_time.bad": ("must be HH:MM, e.g. 09:30", "须为 时:分，如 09:30"),
    "candidates.too_many": ("the exact solver takes at most {high} stops", "精确求解最多 {high} 个站点"),
    "course_category.unknown": ("unknown course category {value!r}; use one of {choices}", "课程类别无法识别"),
    "city.bad_slug": ("{value!r} is not a city slug (a-z, 0-9, -)", "城市标识只能含小写字母、数字和连字符"),
    "pace.not_preset": ("{value!r} is not {choices}", "步速须为 {choices}"),
    "audience.unknown": ("{value!r} is not {choices}", "对象须为 {choices}"),
    "minutes.out_of_range": ("must be more than 0 and at most {high:g}", "须大于0且不超过{high:g}分钟"),
    "pace.unknown": ("{value!r} is not {choices} or a number of km/h", "步速应为 {choices} 或以公里/小时计的数字"),
    "pace.out_of_range": ("{value} km/h is outside {low}-{high:g} km/h", "步速须在 {low}-{high:g} 公里/小时之间"),
    "coordinate_system.unknown": ("unknown coordinate system {value!r}; use one of: {choices}",
                                  "坐标系无法识别，可选：{choices}"),
    "profile.unknown": ("must be one of {choices}", "出行方式须为 {choices} 之一"),
    "theme.unknown": ("must be one of {choices}", "主题须为 {choices} 之一"),
    "paper.unknown": ("must be one of {choices}", "纸张须为 {choices} 之一"),
    "population.missing": ("needs population in the bundle (build --population)",
                           "需要人口数据（build --population）"),
    "exact.too_large": ("the capacitated model has {pairs:,} site-resident pairs, more than {limit:,} HiGHS can "
                        "solve in reasonable time; give fewer --candidates or leave out --exact",
                        "带容量的精确模型过大，请减少候选点或去掉 --exact"),
    "capacity.not_positive": ("must be a positive number of residents per site", "每个场所的容量须为正数"),
    "walk_m.not_positive": ("the catchment must be longer than 0 m", "服务范围须大于 0 米"),
    "decay.bad_sigma": ("gaussian sigma {value!r} must be a positive number of metres", "高斯衰减的 sigma 须为正的米数"),
    "decay.bad_step": ("step {value!r} is not METRES=WEIGHT (weight 0-1), e.g. step:300=1,600=0.6,1000=0.2",
                       "阶梯衰减格式应为 米数=权重"),
    "decay.steps_not_rising": ("step limits must rise", "阶梯的米数须递增"),
    "decay.unknown": ("{value!r}: use gaussian, gaussian:SIGMA_M, step:M=W,... or none", "衰减函数无法识别"),
    "route.too_short": ("a route needs at least two stops", "路线至少需要两个站点"),
    "route.stop_off_streets": ("stop {stop} is more than 2 km from the streets", "第 {stop} 站离街道太远"),
    "route.no_walk": ("no walk joins stop {stop} and {next_stop}", "第 {stop}、{next_stop} 站之间无步行路线"),
    "start.off_streets": ("the start or end is more than 2 km from the city's streets", "起点或终点离街道太远"),
    "url.not_http": ("must be an http:// or https:// address", "须为 http:// 或 https:// 开头的网址"),
    "sheet.not_workbook": ("{file} is not an Excel workbook", "只有 Excel 工作簿才能指定工作表"),
    "sheet.missing": ("{file} has no sheet {value!r} (sheets: {choices})", "工作簿中没有该工作表"),
    "host.unknown": ("{value!r} is not a known host name or address", "不是已知的主机名或地址"),
    "host.cannot_listen": ("cannot listen on {host}:{port} ({reason})", "无法在 {host}:{port} 上监听"),
    "port.in_use": ("port {port} on {host} is in use by another program; stop it or choose another --port",
                    "端口 {port} 已被其他程序占用：请先停止它，或用 --port 换一个端口"),
    "port.needs_root": ("port {port} needs administrator rights; choose one above 1023",
                        "端口 {port} 需要管理员权限：请选择 1023 以上的端口"),
}


def _listed(choices: Iterable[object], separator: str = ", ") -> str:
    names = [str(c) for c in choices]
    more = f"{separator}…" if len(names) > MAX_LISTED_CHOICES else ""
    return separator.join(names[:MAX_LISTED_CHOICES]) + more


def render(message_id: str, values: dict[str, Any]) -> str:
    """The bilingual sentence "English / 中文" of ``message_id`` (a key of :data:`MESSAGES`)."""
    english, chinese = MESSAGES[message_id]
    choices = values.get("choices")
    if choices is None or isinstance(choices, str):
        return f"{english.format_map(values)} / {chinese.format_map(values)}"
    return (f"{english.format_map({**values, 'choices': _listed(choices)})}"
            f" / {chinese.format_map({**values, 'choices': _listed(choices, '、')})}")


class ParameterError(LearningMapError, ValueError):
    """
    An option value is out of range or unknown.

    ``param`` names what the caller gave: a library function raises with its keyword
    argument (``walk_m``, ``profile``), and the CLI shows it as its flag (``--minutes``), the
    web API as its query or JSON field (:func:`learning_map.cli.group.flag_for`,
    :func:`learning_map.web.limits.field_for`). Built from a ``message_id`` of :data:`MESSAGES`
    and its ``values``, the sentence is rendered from the one table; the older form takes the
    sentence itself (``message``, ``message_zh``).
    """

    def __init__(self, param: str, message: str | None = None, message_zh: str | None = None, *,
                 message_id: str | None = None, **values: Any) -> None:
        if message_id is not None:
            message = render(message_id, values)
        elif message is None:
            msg = "a ParameterError needs a message or a message_id"
            raise TypeError(msg)
        elif " / " not in message:
            # Every user-facing sentence is bilingual: a message without its own Chinese half
            # gets a generic one naming the parameter.
            message = f"{message} / {message_zh or f'参数 {param} 的值无效'}"
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message_id = message_id
        self.values = values
        self.reason = message

    @property
    def parameter(self) -> str:
        """The older name of :attr:`param`."""
        return self.param

    def named(self, name: str) -> str:
        """The error as "NAME: sentence", the parameter shown as ``name`` (a flag, a field)."""
        return f"{name}: {self.reason}"


class NoSitesError(LearningMapError, ValueError):
    """A build would produce a city with no learning sites."""


class NoMatchError(ParameterError):
    """A well-formed value that names nothing here: an unknown site, a point off every street."""


class StoreError(LearningMapError, ValueError):
    """The registry store cannot do what was asked (missing site, locked, wrong database URL)."""


def unknown_choice(parameter: str, value: object, choices: Iterable[object], *, what: str,
                   what_zh: str) -> ParameterError:
    """One bilingual sentence for a value that names nothing: it lists what may be given."""
    return ParameterError(parameter, message_id="parameter.unknown_choice", value=value,
                          choices=tuple(choices), what=what, what_zh=what_zh)


def no_such_field(parameter: str, field: object, columns: Iterable[object], *,
                  source: str = "the layer") -> ParameterError:
    """One bilingual sentence for a FILE:FIELD whose field is not in the file: it lists the fields."""
    return ParameterError(parameter, message_id="parameter.no_such_field", field=field, source=source,
                          choices=tuple(c for c in columns if c != "geometry"))


def check_choice(param: str, value: object, choices: Iterable[object], *, message_id: str) -> None:
    """Raise ``message_id`` for ``param`` unless ``value`` is one of ``choices``."""
    choices = tuple(choices)
    if value not in choices:
        raise ParameterError(param, message_id=message_id, value=value, choices=choices)
