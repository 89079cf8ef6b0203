"""Command line: ``learning-map build | coverage | map | serve | demo``; a thin shell over the library."""

from __future__ import annotations

import json
import logging
import os
import sys
import unicodedata
from pathlib import Path

import click
import geopandas as gpd

from learning_map import settings
from learning_map.analysis import resolve_speed_kmh
from learning_map.errors import InputFileError, LearningMapError, ParameterError
from learning_map.pipeline import build_bundle, load_bundle

logger = logging.getLogger("learning_map")


class UserErrorGroup(click.Group):
    """A command group that turns user mistakes into one sentence and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; report LearningMapError without a traceback."""
        try:
            return super().invoke(ctx)
        except LearningMapError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)


def _split_file_field(value: str, option: str) -> tuple[Path, str | None]:
    """Split ``FILE:FIELD`` (the field is optional); a Windows drive letter is not a field."""
    path, sep, field = value.rpartition(":")
    if not sep or not path or "/" in field or "\\" in field or (len(path) == 1 and path.isalpha()):
        return Path(value), None
    if not field:
        raise ParameterError(option, f"{value!r} ends with ':' but names no field")
    return Path(path), field


def _parse_minutes(value: str) -> list[float]:
    try:
        minutes = [float(m) for m in value.split(",") if m.strip()]
    except ValueError:
        raise ParameterError("--minutes", f"{value!r} is not a list of numbers") from None
    if not minutes or any(not 0 < m <= settings.MAX_WALK_MINUTES for m in minutes):
        raise ParameterError("--minutes", f"each value must be in 0-{settings.MAX_WALK_MINUTES}")
    return minutes


@click.group(cls=UserErrorGroup)
@click.version_option(package_name="learning-map")
@click.option("-v", "--verbose", is_flag=True, help="Log each step / 显示详细步骤.")
def main(verbose: bool) -> None:
    """learning-map: 15-minute learning circles / 15分钟学习圈."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.option("--osm", "osm_path", type=click.Path(path_type=Path), help="OSM extract (.osm.pbf or .osm).")
@click.option("--place", help='Place to download with osmnx, e.g. "黄浦区, 上海市" (needs network).')
@click.option("--sites", "sites_path", type=click.Path(path_type=Path), help="Site registry file.")
@click.option("--sites-coords", "sites_coordinates", default="wgs84", show_default=True,
              type=click.Choice(["wgs84", "gcj02", "bd09"]),
              help="Coordinate system of the registry: gcj02 = Amap/Gaode/Tencent, bd09 = Baidu.")
@click.option("--add-osm-sites", is_flag=True, help="Keep OSM-derived sites beside the registry.")
@click.option("--population", "population", help="Residents: FILE[:COLUMN] (zones, points or GeoTIFF).")
@click.option("--elderly-share", help="Column with the elderly share, or one number (0-1).")
@click.option("--name", help="City name for titles.")
@click.option("--crs", help="Projected CRS (default: local UTM zone).")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Bundle folder to write.")
def build(
    osm_path: Path | None, place: str | None, sites_path: Path | None, sites_coordinates: str,
    add_osm_sites: bool,
    population: str | None, elderly_share: str | None, name: str | None, crs: str | None,
    out_dir: Path,
) -> None:
    """Build a city bundle: walk network, learning sites, residents / 构建城市数据包."""
    population_path, population_column = (
        _split_file_field(population, "--population") if population else (None, None)
    )
    report = build_bundle(
        out_dir, osm_path=osm_path, place=place, sites_path=sites_path,
        sites_coordinates=sites_coordinates, add_osm_sites=add_osm_sites, population_path=population_path,
        population_column=population_column, elderly_share=elderly_share, name=name, crs=crs,
        progress=sys.stderr.isatty(),
    )
    meta = report.meta
    if report.registry_summary:
        click.echo(report.registry_summary)
    click.echo(
        f"Built {report.path}: {meta['nodes']:,} nodes, {meta['edges']:,} edges, "
        f"{meta['network_km']:,.1f} km of walkable ways, {meta['sites']} sites"
        + (f", {meta['population']:,.0f} residents" if meta["population"] else "")
    )
    click.echo(
        f"已构建 {report.path}：步行路网 {meta['network_km']:,.1f} 公里，学习场所 {meta['sites']} 处"
    )
    if report.rejected_path is not None:
        click.echo(
            f"Rejected {len(report.rejected)} sites; fix them in {report.rejected_path} and load it "
            f"again with --sites / 有 {len(report.rejected)} 个站点被拒绝，详见该文件",
            err=True,
        )


def _display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _format_table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    """Plain aligned text table; columns are (key, heading, format)."""
    cells = [[heading for _, heading, _ in columns]]
    for row in rows:
        cells.append([
            ("" if row.get(key) is None else format(row[key], fmt)) if fmt else str(row.get(key, ""))
            for key, _, fmt in columns
        ])
    widths = [max(_display_width(r[i]) for r in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c + " " * (w - _display_width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in cells
    )


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--minutes", default=",".join(map(str, settings.WALK_MINUTES)), show_default=True,
              help="Walking minutes, comma-separated.")
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--category", "categories", multiple=True, help="Only these categories (repeatable).")
@click.option("--by", "by", help="Reporting units FILE:FIELD, e.g. zones.geojson:name.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV.")
def coverage(
    bundle_dir: Path, minutes: str, speed: str, categories: tuple[str, ...], by: str | None,
    as_json: bool, as_csv: bool,
) -> None:
    """Coverage within walking time, per category / 各类学习场所的步行覆盖率."""
    minute_list = _parse_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    bundle = load_bundle(bundle_dir)
    model = bundle.model
    keys = list(categories) or None
    table = model.summary(minutes=minute_list, speed_kmh=speed_kmh, categories=keys)
    units = None
    if by:
        units_path, field = _split_file_field(by, "--by")
        if field is None:
            raise ParameterError("--by", "give FILE:FIELD, e.g. zones.geojson:name")
        if not units_path.is_file():
            msg = f"Reporting-unit file not found: {units_path} / 找不到该文件"
            raise InputFileError(msg)
        units = model.summary_by_unit(
            gpd.read_file(units_path), field, minutes=max(minute_list), speed_kmh=speed_kmh,
            categories=keys,
        )
    if as_json:
        payload = {
            "city": bundle.name,
            "speed_kmh": speed_kmh,
            "minutes": minute_list,
            "network_km": bundle.network.total_length_m / 1000,
            "population": bundle.demand.total if bundle.demand is not None else None,
            "coverage": table.to_dict(orient="records"),
        }
        if units is not None:
            payload["units"] = units.to_dict(orient="records")
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if as_csv:
        click.echo(table.to_csv(index=False), nl=False)
        if units is not None:
            click.echo(units.to_csv(index=False), nl=False)
        return
    click.echo(f"{bundle.name}: walking at {speed_kmh} km/h / 步行速度 {speed_kmh} 公里/小时")
    columns = [
        ("label_zh", "类别", ""), ("label_en", "Category", ""), ("sites", "Sites 场所", "d"),
        ("minutes", "Min 分钟", ".0f"), ("network_share", "Network 路网", ".1%"),
    ]
    if "population_share" in table:
        columns.append(("population_share", "Residents 居民", ".1%"))
    if "elderly_share" in table:
        columns.append(("elderly_share", "Elderly 老年人", ".1%"))
    click.echo(_format_table(table.to_dict(orient="records"), columns))
    if units is not None:
        click.echo("")
        click.echo(_format_table(units.to_dict(orient="records"), [
            ("unit", "Unit 单元", ""), ("category", "Category", ""),
            ("population", "Residents 居民", ",.0f"), ("population_share", "Covered 覆盖", ".1%"),
        ]))


@main.command(name="map")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="HTML file.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True)
@click.option("--tiles", default=None, help="Tile URL template; default: offline street background.")
def map_command(bundle_dir: Path, out_path: Path, minutes: str, speed: str, tiles: str | None) -> None:
    """Write an offline HTML map of sites and walking areas / 生成离线地图."""
    from learning_map.render import coverage_map

    minute_list = _parse_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    bundle = load_bundle(bundle_dir)
    isochrones = bundle.model.isochrones(minutes=minute_list, speed_kmh=speed_kmh)
    title = f"{bundle.name}: {max(minute_list):.0f} 分钟步行学习圈 / min learning circle"
    fmap = coverage_map(bundle.network, bundle.sites, isochrones, title=title, tiles=tiles)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fmap.save(str(out_path))
    click.echo(f"Wrote {out_path} / 已生成地图")


def _serve(bundle_dir: Path, host: str, port: int, tiles: str | None, threads: int,
           workers: int) -> None:
    """Run the web app with gunicorn (one process per core) or, without it, waitress."""
    from learning_map.web import create_app
    from learning_map.web.serve import run_server

    config = {"TILES_URL": tiles} if tiles else None
    app = create_app(bundle_dir, test_config=config)  # load once: fail early on a bad bundle
    click.echo(f"Serving {bundle_dir} on http://{host}:{port}/  (Ctrl+C to stop) / 地图服务已启动")
    # Workers fork after the bundle is loaded, sharing its arrays copy-on-write.
    run_server(app, host=host, port=port, workers=workers, threads=threads)


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--tiles", default=None, help="Tile URL template; default: offline street background.")
@click.option("--threads", default=1, show_default=True, type=int,
              help="Threads per worker (1: sync workers, best for this CPU-bound work).")
@click.option("--workers", default=os.cpu_count() or 1, show_default="CPU count", type=int,
              help="Worker processes (gunicorn; waitress runs one).")
def serve(bundle_dir: Path, host: str, port: int, tiles: str | None, threads: int,
          workers: int) -> None:
    """Serve the citizen web map (gunicorn, or waitress on Windows) / 启动网页地图服务."""
    _serve(bundle_dir, host, port, tiles, threads, workers)


@main.command()
@click.option("--dir", "demo_dir", default="data/demo", show_default=True,
              type=click.Path(path_type=Path), help="Where to build the demo bundle.")
@click.option("--serve/--no-serve", "serve_app", default=True, show_default=True,
              help="Start the web map after printing coverage.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def demo(demo_dir: Path, serve_app: bool, host: str, port: int) -> None:
    """Build the demo city (Helsinki, offline), print its coverage, serve the map / 演示城市."""
    from learning_map.demo import ensure_demo_bundle

    bundle_dir = ensure_demo_bundle(demo_dir)
    click.echo(f"Demo city bundle: {bundle_dir} / 演示城市数据包")
    ctx = click.get_current_context()
    ctx.invoke(coverage, bundle_dir=bundle_dir, minutes=",".join(map(str, settings.WALK_MINUTES)),
               speed=settings.DEFAULT_PACE, categories=(), by=None, as_json=False, as_csv=False)
    if serve_app:
        _serve(bundle_dir, host, port, None, 1, os.cpu_count() or 1)


if __name__ == "__main__":
    main()
