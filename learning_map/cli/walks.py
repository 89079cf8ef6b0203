"""``learning-map walks``: humanities walks, suggested or curated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_locale, cli_text, gettext
from learning_map.base.units import resolve_speed_kmh
from learning_map.cli.format import format_table, product_language
from learning_map.cli.group import main
from learning_map.errors import ParameterError

# The themes of a suggested walk by name ("" = every theme), for the route card's title.
if TYPE_CHECKING:
    from learning_map.bundle.core import CityBundle


def parse_point(value: str, option: str) -> tuple[float, float]:
    """``LON,LAT`` in WGS84, longitude first."""
    from learning_map.base.safety import parse_ascii_float

    parts = value.split(",")
    numbers = [parse_ascii_float(p.strip()) for p in parts] if len(parts) == 2 else []
    if len(numbers) != 2 or any(n is None for n in numbers):
        raise ParameterError(option, N_("{value!r} is not LON,LAT, e.g. 113.5395,22.1934"), value=value)
    lon, lat = float(numbers[0] or 0.0), float(numbers[1] or 0.0)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ParameterError(option, N_("{value!r}: longitude -180..180, latitude -90..90 (WGS84, longitude first)"),
                             value=value)
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
@product_language
def walks(bundle_dir: Path, start: str | None, end: str | None, minutes: float, speed: str, theme: str,
          rest_every: float, dwell: float, route_file: Path | None, as_json: bool,
          card_path: Path | None = None, base_url: str | None = None, locale: str | None = None) -> None:
    """Suggest or lay out a humanities walk."""
    from learning_map.bundle.core import load_bundle
    from learning_map.city.walks import curated_walk, suggest_walk, theme_stops

    speed_kmh = resolve_speed_kmh(speed)
    if card_path is not None:
        from learning_map.export.print.qr import check_base_url

        if card_path.suffix.lower() != ".pdf":
            raise ParameterError("--card", N_("write a PDF: the name must end in .pdf"))
        base_url = check_base_url(base_url)
    if route_file is None and start is None:
        raise ParameterError("--from", N_("give a start point (or --route FILE for a curated route)"))
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
                    minutes=minutes, speed=speed, base_url=base_url, route_file=route_file, locale=locale)
    if as_json:
        from learning_map.base.figures import json_text

        click.echo(json_text({"city": bundle.name, "theme": theme if route_file is None else None,
                              **payload}))
        return
    sights = sum(s["kind"] == "sight" for s in payload["stops"])
    click.echo(cli_text(N_("{city}: {stops} stops, {walk_m:,.0f} m, {adult:.0f} min adult, {elderly:.0f} min elderly"),
                        city=bundle.name, stops=sights, walk_m=payload["walk_m"],
                        adult=payload["minutes"]["adult"], elderly=payload["minutes"]["elderly"]))
    # Translators: a stop of a walk that is a place to rest (a bench, a park), not a sight.
    rest, sight = cli_text(N_("rest")), cli_text(N_("sight"))
    rows = [{"n": i, "name": stop_name(s) or (f"({rest})" if s["kind"] == "rest" else ""),
             "kind": rest if s["kind"] == "rest" else sight, "adult": s["leg_minutes"]["adult"],
             "elderly": s["leg_minutes"]["elderly"]} for i, s in enumerate(payload["stops"], start=1)]
    click.echo(format_table(rows, [("n", "#", "d"), ("name", N_("Stop"), ""), ("kind", N_("Kind"), ""),
                                   ("adult", N_("Adult min"), ".1f"), ("elderly", N_("Elderly min"), ".1f")]))
    for gap in payload["rest_gaps"]:
        click.echo("  " + cli_text(N_("no rest point for {spell_m:,.0f} m after {after_m:,.0f} m"),
                                   spell_m=gap["spell_m"], after_m=gap["after_m"]))


def stop_name(stop: dict[str, Any]) -> str:
    """A stop's name in the command line's language (its stored name per script), else as mapped."""
    locale = cli_locale()
    names = stop.get("names") or {}
    tag = locale.replace("_", "-") if locale else None
    return (names.get(tag) if tag else None) or stop["name"]


def _print_card(bundle: CityBundle, bundle_dir: Path, payload: dict[str, Any], out: Path, *, theme: str | None,
                minutes: float, speed: str, base_url: str | None, route_file: Path | None,
                locale: str | None) -> None:
    """Print the route card, in one language (``--lang``, else the city's script); its QR code opens the walk."""
    from learning_map.city.walks import theme_label
    from learning_map.export.print.cards import walk_page_url, write_walk_card
    from learning_map.export.words import city_name, product_locale

    written_in = product_locale(bundle.sites, locale)
    city = city_name(bundle, written_in)
    theme_name = theme_label(theme, written_in)
    if route_file is not None:
        # A curated route is titled after its file, in the card's script ("澳門歷史城區 Historic
        # Centre of Macao.csv": the Chinese part on a Chinese card, the rest on another).
        title = city_name(route_file.stem, written_in)
        subtitle = gettext("{city} · Humanities walk", locale=written_in, city=city)
    else:
        title = gettext("Humanities walk · {theme}", locale=written_in, theme=theme_name)
        subtitle = gettext("{city} · Humanities walk: {theme} · {minutes:g} min", locale=written_in,
                           city=city, minutes=minutes, theme=theme_name)
    page_url = None
    if base_url:
        pace = "elderly" if speed == "elderly" else "normal"
        page_url = walk_page_url(base_url, tuple(payload["start"]), theme=theme,
                                 minutes=minutes, pace=pace)
    printed = write_walk_card(bundle, bundle_dir, payload, out, title=title, subtitle=subtitle,
                              base_url=base_url, page_url=page_url, locale=written_in)
    click.echo(cli_text(N_("Wrote route card {file} ({size:,} bytes)"), file=out, size=printed.pdf_bytes), err=True)
