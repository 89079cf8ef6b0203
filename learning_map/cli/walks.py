"""``learning-map walks``: humanities walks (人文行走), suggested or curated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.units import resolve_speed_kmh
from learning_map.cli.format import format_table
from learning_map.cli.group import main
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    from learning_map.bundle.core import CityBundle


def parse_point(value: str, option: str) -> tuple[float, float]:
    """``LON,LAT`` in WGS84, longitude first."""
    from learning_map.base.safety import parse_ascii_float

    parts = value.split(",")
    numbers = [parse_ascii_float(p.strip()) for p in parts] if len(parts) == 2 else []
    if len(numbers) != 2 or any(n is None for n in numbers):
        raise ParameterError(option, f"{value!r} is not LON,LAT, e.g. 113.5395,22.1934", "格式应为 经度,纬度")
    lon, lat = float(numbers[0] or 0.0), float(numbers[1] or 0.0)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ParameterError(option, f"{value!r}: longitude -180..180, latitude -90..90 (WGS84, longitude first)",
                             "经纬度超出范围（WGS84，经度在前）")
    return lon, lat


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--from", "start", default=None, metavar="LON,LAT", help="Start (and end of a loop).")
@click.option("--to", "end", default=None, metavar="LON,LAT", help="End of an A-to-B walk.")
@click.option("--minutes", default=60.0, show_default=True, type=float, help="Time the walk may take.")
@click.option("--speed", default="elderly", show_default=True, help="adult, elderly or km/h.")
@click.option("--theme", default="history", show_default=True, help="history, culture or all.")
@click.option("--rest-every", "rest_every", default=15.0, show_default=True, type=float,
              help="Longest walk between rests, minutes.")
@click.option("--dwell", default=0.0, show_default=True, type=float, help="Minutes at each sight.")
@click.option("--route", "route_file", default=None, type=click.Path(path_type=Path),
              help="A curated route instead: CSV of stops in order (name, lon, lat[, name_en, text]).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON (stops, legs, line).")
@click.option("--card", "card_path", default=None, type=click.Path(path_type=Path),
              help="Also print the walk's A4 route card (map, numbered stops, minutes) to this PDF.")
@click.option("--base-url", default=None, envvar="LEARNING_MAP_PUBLIC_URL", metavar="URL",
              help="Public address of the web app: the card gets a QR code to the walk there "
                   "(default $LEARNING_MAP_PUBLIC_URL; none printed when unset).")
def walks(bundle_dir: Path, start: str | None, end: str | None, minutes: float, speed: str, theme: str,
          rest_every: float, dwell: float, route_file: Path | None, as_json: bool,
          card_path: Path | None = None, base_url: str | None = None) -> None:
    """Suggest or lay out a humanities walk / 人文行走路线."""
    from learning_map.bundle.core import load_bundle
    from learning_map.city.walks import curated_walk, suggest_walk, theme_stops

    speed_kmh = resolve_speed_kmh(speed)
    if card_path is not None:
        from learning_map.export.print.qr import check_base_url

        if card_path.suffix.lower() != ".pdf":
            raise ParameterError("--card", "write a PDF: the name must end in .pdf", "路线卡须为 .pdf 文件")
        base_url = check_base_url(base_url)
    if route_file is None and start is None:
        raise ParameterError("--from", "give a start point (or --route FILE for a curated route)",
                             "请给出起点（或用 --route 指定路线文件）")
    bundle = load_bundle(bundle_dir)
    if route_file is not None:
        from learning_map.io.routes import read_route

        plan = curated_walk(bundle.network, read_route(route_file), speed_kmh=speed_kmh)
    else:
        sights = theme_stops(bundle.stops, bundle.sites, theme)
        rests = bundle.stops[bundle.stops["kind"] == "rest"]
        plan = suggest_walk(bundle.network, sights, start=parse_point(start, "--from"),
                            end=parse_point(end, "--to") if end else None, minutes=minutes,
                            speed_kmh=speed_kmh, rests=rests, rest_every_min=rest_every,
                            dwell_min=dwell)
    paces = {**settings.PACE_KMH, "chosen": speed_kmh}
    payload = plan.as_dict(paces=paces)
    if card_path is not None:
        _print_card(bundle, bundle_dir, payload, card_path, theme=None if route_file else theme,
                    minutes=minutes, speed=speed, base_url=base_url, curated=route_file is not None)
    if as_json:
        from learning_map.base.figures import json_text

        click.echo(json_text({"city": bundle.name, "theme": theme if route_file is None else None,
                              **payload}))
        return
    sights = sum(s["kind"] == "sight" for s in payload["stops"])
    click.echo(f"{bundle.name}: {sights} stops, {payload['walk_m']:,.0f} m, "
               f"{payload['minutes']['adult']:.0f} min adult / {payload['minutes']['elderly']:.0f} min elderly"
               f" / {sights} 个站点，步行 {payload['walk_m']:,.0f} 米")
    rows = [{"n": i, "name": s["name"] or ("(rest)" if s["kind"] == "rest" else ""),
             "kind": "休息 rest" if s["kind"] == "rest" else "景点 sight", "adult": s["leg_minutes"]["adult"],
             "elderly": s["leg_minutes"]["elderly"]} for i, s in enumerate(payload["stops"], start=1)]
    click.echo(format_table(rows, [("n", "#", "d"), ("name", "Stop 站点", ""), ("kind", "Kind 类型", ""),
                                   ("adult", "Adult min 成人", ".1f"), ("elderly", "Elderly min 老人", ".1f")]))
    for gap in payload["rest_gaps"]:
        click.echo(f"  no rest point for {gap['spell_m']:,.0f} m after {gap['after_m']:,.0f} m"
                   f" / 约 {gap['spell_m']:,.0f} 米内没有休息点")


def _print_card(bundle: CityBundle, bundle_dir: Path, payload: dict[str, Any], out: Path, *, theme: str | None,
                minutes: float, speed: str, base_url: str | None, curated: bool) -> None:
    """Print the route card; its QR code opens the same walk on the citizen page."""
    from learning_map.city.walks import THEMES
    from learning_map.export.print.cards import walk_page_url, write_walk_card

    if curated:
        title, subtitle = "人文行走路线", f"{bundle.name} · Humanities walk"
    else:
        names = THEMES.get(theme or "", {"zh": "综合", "en": "All themes"})
        title = f"人文行走 · {names['zh']}"
        subtitle = f"{bundle.name} · Humanities walk: {names['en']} · {minutes:g} 分钟 min"
    page_url = None
    if base_url:
        pace = "elderly" if speed == "elderly" else "normal"
        page_url = walk_page_url(base_url, tuple(payload["start"]), theme=theme,
                                 minutes=minutes, pace=pace)
    printed = write_walk_card(bundle, bundle_dir, payload, out, title=title, subtitle=subtitle,
                              base_url=base_url, page_url=page_url)
    click.echo(f"Wrote route card {out} ({printed.pdf_bytes:,} bytes) / 已写出路线卡", err=True)
