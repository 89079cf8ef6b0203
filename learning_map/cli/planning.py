"""``learning-map recommend``, ``gaps``, ``scorecard`` and ``whatif``: planner tools (规划工具)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.units import check_profile, minutes_to_metres, resolve_speed_kmh
from learning_map.cli.format import (
    file_and_field,
    format_table,
    load_city,
    one_output,
    parse_minutes,
    registry_year_options,
    share_needs_population,
    split_file_field,
)
from learning_map.cli.group import main
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.analysis.model import CoverageModel
    from learning_map.bundle.core import CityBundle
    from learning_map.planning.gaps import GapReport


def _category(value: str) -> str:
    from learning_map.city.categories import CATEGORIES, unknown_category

    if value not in CATEGORIES and value != "all":
        raise unknown_category("--category", value)
    return value


def _one_minutes(value: str) -> float:
    minutes = parse_minutes(value)
    if len(minutes) != 1:
        raise ParameterError("--minutes", "give one number of minutes here", "此处只能给一个分钟数")
    return minutes[0]


def _layer(value: str, option: str, what: str) -> tuple[gpd.GeoDataFrame, str]:
    from learning_map.io.layers import read_layer

    path, field = file_and_field(value, option)
    return read_layer(path, what=what), field


NO_SITE = "no site of this category / 没有该类场所"
NO_SITE_ON_FOOT = "no site of this category can be walked to / 步行无法到达该类场所"


def gap_rows(report: GapReport, model: CoverageModel) -> list[dict[str, Any]]:
    """
    The gaps as rows people read: a gap with no nearest site says why, in words.

    Its nearest walk (infinite) and site become None, and ``nearest_note`` says whether the
    city has no site of the category at all or none that can be walked to.
    """
    import math

    rows = _records(report.gaps)
    note = NO_SITE_ON_FOOT if model.site_mask(report.category).any() else NO_SITE
    for row in rows:
        walk_m = row["nearest_walk_m"]
        found = walk_m is not None and math.isfinite(walk_m)
        row["nearest_note"] = None if found else note
        if not found:
            row.update(nearest_site=None, nearest_site_name=None, nearest_walk_m=None,
                       nearest_minutes=None)
    return rows


def gaps_table(rows: list[dict[str, Any]]) -> str:
    """The text table of ``gap_rows``."""
    shown = [{**row, "nearest": row["nearest_site_name"] or row["nearest_note"]} for row in rows]
    return format_table(shown, [
        ("rank", "#", "d"), ("weight", "Ranked 排序人数", ",.0f"), ("residents", "Residents 居民", ",.0f"),
        ("area_m2", "Area m² 面积", ",.0f"), ("nearest", "Nearest site 最近场所", ""),
        ("nearest_minutes", "Min 分钟", ".1f"),
    ])


def _write_gpkg(frame: gpd.GeoDataFrame, out: Path, layer: str) -> None:
    from learning_map.base.safety import atomic_path

    if out.suffix.lower() != ".gpkg":
        raise ParameterError("--out", "write a GeoPackage: the name must end in .gpkg", "输出文件须为 .gpkg")
    with atomic_path(out) as tmp:
        frame.to_file(tmp, layer=layer, driver="GPKG")


def _json(payload: dict[str, Any]) -> None:
    from learning_map.base.figures import json_text

    click.echo(json_text(payload))


def _records(frame: Any) -> list[dict[str, Any]]:
    import pandas as pd

    plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    plain = plain.astype(object).where(plain.notna(), None)
    return plain.to_dict(orient="records")


def population_options(function: Any) -> Any:
    """``--population`` and ``--elderly-share``: a projected population instead of the bundle's."""
    function = click.option(
        "--elderly-share", default=None, metavar="COLUMN|NUMBER",
        help="With --population: column with the elderly share (0-1 or %), or one number (0-1).",
    )(function)
    return click.option(
        "--population", "population", default=None, metavar="FILE[:COLUMN]",
        help="Residents to use instead of the bundle's (e.g. a 2035 projection): zones, points or "
             "GeoTIFF / 使用预测人口.",
    )(function)


def profile_option(function: Any) -> Any:
    """``--profile``: walk (default) or step-free (no steps, no wheelchair=no ways)."""
    return click.option(
        "--profile", default=settings.DEFAULT_PROFILE, show_default=True,
        help="walk, or step-free: walks go around steps and wheelchair=no ways / 无台阶路线.",
    )(function)


def _population_kind(path: Path) -> str:
    from learning_map.city.population_files import RASTER_SUFFIXES
    from learning_map.io.layers import read_layer

    if path.suffix.lower() in RASTER_SUFFIXES:
        return "raster"
    layer = read_layer(path, what="population")
    return "points" if layer.geom_type.isin(["Point", "MultiPoint"]).all() else "zones"


def city_model(bundle: CityBundle, population: str | None, elderly_share: str | None,
               profile: str = settings.DEFAULT_PROFILE) -> tuple[CoverageModel, dict[str, Any] | None]:
    """
    The coverage model to answer with: the bundle's, or its sites over a projected population.

    A projected file is read in the bundle's CRS (zones spread uniformly over a grid, since no
    buildings are at hand; points as given) and snapped once. ``profile="step-free"`` walks
    on the network without steps (:meth:`CityBundle.model_for`, its distances cached per profile).
    """
    profile = check_profile(profile)
    share_needs_population(elderly_share, population)
    if population is None:
        return bundle.model_for(profile), None
    from learning_map.analysis.model import CoverageModel
    from learning_map.city.population_files import read_population

    path, column = split_file_field(population, "--population")
    demand = read_population(path, crs=bundle.network.crs, column=column, elderly_share=elderly_share)
    kind = _population_kind(path)
    source = {
        "file": str(path), "column": column, "kind": kind, "residents": demand.total,
        "spread": {"zones": f"uniform {settings.UNIFORM_GRID_M:g} m grid per zone (no buildings)",
                   "points": "points as given", "raster": "one point per populated cell"}[kind],
    }
    return CoverageModel(bundle.network.for_profile(profile), bundle.sites, demand), source


def _say_profile(profile: str) -> None:
    if profile == "step-free":
        click.echo("Step-free: walks go around steps and wheelchair=no ways / 无台阶路线（绕开台阶）")


def _say_population(source: dict[str, Any] | None) -> None:
    if source is None:
        return
    click.echo(f"Residents from {Path(source['file']).name}: {source['residents']:,.0f}, "
               f"{source['spread']} / 使用预测人口")


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--category", required=True, help="Category of the new sites.")
@click.option("--k", "k", type=int, default=5, show_default=True, help="Number of new sites.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--candidates", "candidates_path", type=click.Path(path_type=Path), default=None,
              help="Points where sites may go (any GIS file); default: every street node.")
@click.option("--exact", is_flag=True, help="Also solve exactly with HiGHS and report greedy's gap.")
@click.option("--time-limit", "time_limit_s", type=float, default=60.0, show_default=True,
              help="Seconds HiGHS may take with --exact.")
@click.option("--capacity", type=float, default=None, metavar="N",
              help="Residents (seats) one new site can serve; default: no limit / 每个新场所可服务人数.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="Write the picks to a GeoPackage.")
@click.option("--course-category", "course_categories", multiple=True,
              help="Count as existing only the sites offering a course of this category (key or "
                   "label; repeatable) / 仅以开设该类课程的场所为现有场所.")
@profile_option
@population_options
@registry_year_options
def recommend(bundle_dir: Path, category: str, k: int, minutes: str, speed: str,
              candidates_path: Path | None, exact: bool, time_limit_s: float, capacity: float | None,
              as_json: bool, out_path: Path | None, population: str | None, elderly_share: str | None,
              year: int | None, database_url: str | None,
              course_categories: tuple[str, ...] = (), profile: str = settings.DEFAULT_PROFILE) -> None:
    """Pick k new sites that reach the most residents not yet covered / 推荐新增场所选址."""
    import geopandas as gpd

    from learning_map.planning.candidates import point_candidates
    from learning_map.planning.maxcover import recommend as pick_sites

    category = _category(category)
    minute = _one_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    if k < 1:
        raise ParameterError("--k", "must be at least 1", "至少为 1")
    if capacity is not None and not capacity > 0:
        raise ParameterError("--capacity", "must be a positive number of residents per site",
                             "每个场所的容量须为正数")
    walk_m = float(minutes_to_metres(minute, speed_kmh))
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    if course_categories:  # existing sites: only those offering such a course
        from learning_map.cli.coverage import courses_model

        model, _ = courses_model(bundle_dir, model, course_categories, year=year,
                                 database_url=database_url)
    candidates, dropped = None, 0
    if candidates_path is not None:
        from learning_map.io.layers import read_layer

        layer = read_layer(candidates_path, what="candidate sites")
        # Points as they are; lines and polygons by their centroid, taken in metres.
        candidates, dropped = point_candidates(model.network,
                                               layer.geometry.to_crs(bundle.network.crs).centroid)
    result = pick_sites(model, category, k, walk_m, candidates=candidates, exact=exact,
                        time_limit_s=time_limit_s, capacity=capacity)
    picks = result.picks
    if out_path is not None:
        frame = gpd.GeoDataFrame(picks.drop(columns=["x", "y"]).assign(category=category),
                                 geometry=gpd.points_from_xy(picks["lon"], picks["lat"]), crs="EPSG:4326")
        _write_gpkg(frame, out_path, "recommended_sites")
    exact_part = None
    if result.exact is not None:
        exact_part = {
            "objective": result.exact.objective, "bound": result.exact.bound,
            "optimal": result.exact.optimal, "status": result.exact.status,
            "seconds": result.exact.seconds, "greedy_total": result.greedy.total, "gap": result.gap,
            "gap_at_most": result.gap_bound,
        }
    if as_json:
        _json({
            "city": bundle.name, "profile": profile, "category": category, "k": k, "minutes": minute,
            "speed_kmh": speed_kmh, "walk_m": walk_m, "weight": result.weight_name,
            "capacity": capacity, "total": result.total, "covered_before": result.covered_before,
            "share_before": result.covered_before / result.total if result.total else 0.0,
            "candidates": result.candidate_count, "candidates_dropped": dropped,
            "picks": _records(picks.drop(columns=["x", "y"])), "exact": exact_part,
            "seconds": result.seconds, "population": source,
        })
        return
    who = "elderly residents / 老年居民" if result.weight_name == "elderly" else "residents / 居民"
    share = result.covered_before / result.total if result.total else 0.0
    click.echo(f"{bundle.name}: {category}, {minute:g} min at {speed_kmh} km/h ({walk_m:.0f} m); "
               f"{who} covered now {result.covered_before:,.0f} of {result.total:,.0f} ({share:.1%})")
    _say_population(source)
    _say_profile(profile)
    if capacity is not None:
        click.echo(f"Each new site serves at most {capacity:,.0f} (nearest first) / 每个新场所最多服务 {capacity:,.0f} 人")
    if dropped:
        click.echo(f"{dropped} candidate(s) too far from every street were left out / 部分候选点离道路太远，已忽略")
    if picks.empty:
        click.echo("No new site adds anyone / 新增场所无法覆盖更多居民")
    else:
        click.echo(format_table(picks.to_dict(orient="records"), [
            ("rank", "#", "d"), ("candidate", "Candidate 候选", ""), ("lon", "Lon", ".5f"),
            ("lat", "Lat", ".5f"), ("added", "Adds 新增", ",.0f"),
            ("cumulative_share", "Covered 累计覆盖", ".1%"),
        ]))
    if exact_part is not None:
        gap = result.gap or 0.0
        if result.exact.optimal:
            note = f"optimal; greedy {result.greedy.total:,.0f} is {gap:.2%} short / 已证最优"
        else:
            note = (f"time limit reached, bound {result.exact.bound:,.0f}; greedy {result.greedy.total:,.0f}"
                    f" is at most {result.gap_bound or 0.0:.2%} short / 达到时限")
        click.echo(f"Exact (HiGHS): {result.exact.objective:,.0f} added, {note}")
    if out_path is not None:
        click.echo(f"Wrote {out_path} / 已写出")


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--category", required=True, help="Category of sites.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--cell", "cell_m", type=float, default=100.0, show_default=True,
              help="Grid cell (metres) that joins uncovered residents into areas.")
@click.option("--top", type=int, default=10, show_default=True, help="Gaps listed in the text table.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON (every gap, outline as GeoJSON).")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="Write the gap areas to a GeoPackage.")
@click.option("--course-category", "course_categories", multiple=True,
              help="Only sites offering a course of this category (key or label; repeatable) "
                   "/ 仅计开设该类课程的场所.")
@profile_option
@population_options
@registry_year_options
def gaps(bundle_dir: Path, category: str, minutes: str, speed: str, cell_m: float, top: int,
         as_json: bool, out_path: Path | None, population: str | None, elderly_share: str | None,
         year: int | None, database_url: str | None, course_categories: tuple[str, ...] = (),
         profile: str = settings.DEFAULT_PROFILE) -> None:
    """Areas whose residents are beyond the walking threshold / 覆盖盲区."""
    import shapely

    from learning_map.planning.gaps import find_gaps

    category = _category(category)
    minute = _one_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    if not 10 <= cell_m <= 2000:
        raise ParameterError("--cell", "must be from 10 to 2000 metres", "须在 10 至 2000 米之间")
    walk_m = float(minutes_to_metres(minute, speed_kmh))
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    if course_categories:
        from learning_map.cli.coverage import courses_model

        model, _ = courses_model(bundle_dir, model, course_categories, year=year,
                                 database_url=database_url)
    report = find_gaps(model, category, walk_m, speed_kmh, cell_m=cell_m)
    if out_path is not None:
        _write_gpkg(report.gaps, out_path, "gaps")
    rows = gap_rows(report, model)
    if as_json:
        for row, shape in zip(rows, report.gaps.geometry, strict=True):
            row["geometry"] = json.loads(shapely.to_geojson(shape))
        _json({"city": bundle.name, "profile": profile, "category": category, "minutes": minute,
               "speed_kmh": speed_kmh,
               "walk_m": walk_m, "weight": report.weight_name, "uncovered": report.uncovered,
               "population": source, "gaps": rows})
        return
    who = "elderly residents / 老年居民" if report.weight_name == "elderly" else "residents / 居民"
    click.echo(f"{bundle.name}: {len(report.gaps)} gap area(s), {report.uncovered:,.0f} {who} beyond "
               f"{minute:g} min at {speed_kmh} km/h of {category} / 覆盖盲区")
    _say_population(source)
    _say_profile(profile)
    click.echo(gaps_table(rows[:top]))
    if out_path is not None:
        click.echo(f"Wrote {out_path} / 已写出")


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--by", "by", required=True, help="Reporting units FILE:FIELD.")
@click.option("--parent", "parent", default=None, help="Upper units FILE:FIELD (e.g. districts).")
@click.option("--standard", default="gb50180", show_default=True,
              help="Built-in standard (gb50180, shanghai, hangzhou, national-elderly) or a .toml file.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON (figures and checks).")
@click.option("--csv", "as_csv", is_flag=True, help="The checks as CSV.")
@profile_option
@population_options
@registry_year_options
def scorecard(bundle_dir: Path, by: str, parent: str | None, standard: str, as_json: bool,
              as_csv: bool, population: str | None, elderly_share: str | None,
              year: int | None, database_url: str | None, profile: str = settings.DEFAULT_PROFILE) -> None:
    """Per-unit scorecard against a planning standard / 按标准逐单元评分."""
    from learning_map.planning.standards import load_standard
    from learning_map.planning.standards import scorecard as make_scorecard

    one_output(as_json=as_json, as_csv=as_csv)
    rules = load_standard(standard)
    units, field = _layer(by, "--by", "reporting units")
    parents, parent_field = _layer(parent, "--parent", "upper units") if parent else (None, None)
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    card = make_scorecard(model, rules, units, field, parents=parents, parent_field=parent_field)
    if as_json:
        _json({"city": bundle.name, "profile": profile, "standard": rules.name, "title_zh": rules.title_zh,
               "title_en": rules.title_en, "population": source, "figures": _records(card.figures),
               "checks": _records(card.checks)})
        return
    if as_csv:
        from learning_map.base.tables import csv_text

        click.echo(csv_text(card.checks), nl=False)
        return
    click.echo(f"{bundle.name}: {rules.name} {rules.title_zh} / {rules.title_en}")
    _say_population(source)
    _say_profile(profile)
    rows = _records(card.checks)
    for row in rows:
        row["pace"] = row["pace"] or ""
        row["verdict"] = {True: "pass 达标", False: "FAIL 未达标"}.get(row["pass"], "n/a 不适用")
    click.echo(format_table(rows, [
        ("rule", "Rule 规则", ""), ("unit", "Unit 单元", ""), ("pace", "Pace 步速", ""),
        ("limit", "Limit 限值", ""), ("value", "Value 实际", ".3g"), ("required", "Required 要求", ".3g"),
        ("verdict", "Verdict 结论", ""),
    ]))


def _parse_add(value: str) -> tuple[float, float, str]:
    from learning_map.base.safety import parse_ascii_float
    from learning_map.city.categories import CATEGORIES, unknown_category

    where, sep, category = value.rpartition(":")
    parts = where.split(",")
    numbers = [parse_ascii_float(p) for p in parts] if sep and len(parts) == 2 else []
    if len(numbers) != 2 or any(n is None for n in numbers):
        raise ParameterError("--add", f"{value!r} is not LON,LAT:CATEGORY, e.g. 113.54,22.19:library",
                             "格式应为 经度,纬度:类别")
    lon, lat = float(numbers[0] or 0.0), float(numbers[1] or 0.0)
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ParameterError("--add", f"{value!r}: longitude must be -180..180 and latitude -90..90 "
                             "(WGS84, longitude first)", "经纬度超出范围（WGS84，经度在前）")
    if category not in CATEGORIES:
        raise unknown_category("--add", category, with_all=False)
    return lon, lat, category


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--add", "adds", multiple=True, metavar="LON,LAT:CATEGORY",
              help="A proposed site, WGS84 (repeatable).")
@click.option("--close", "closes", multiple=True, metavar="SITE_ID", help="A site to close (repeatable).")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@profile_option
@population_options
@registry_year_options
def whatif(bundle_dir: Path, adds: tuple[str, ...], closes: tuple[str, ...], minutes: str, speed: str,
           as_json: bool, population: str | None, elderly_share: str | None, year: int | None,
           database_url: str | None, profile: str = settings.DEFAULT_PROFILE) -> None:
    """Residents reached before and after adding or closing sites / 增减场所的影响."""
    import numpy as np

    from learning_map.city.categories import ALL_SITES
    from learning_map.errors import NoMatchError
    from learning_map.planning.scenario import Scenario

    minute = _one_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    proposed = [_parse_add(value) for value in adds]
    if not proposed and not closes:
        raise ParameterError("--add", "give at least one --add or --close", "请至少给出一个 --add 或 --close")
    walk_m = float(minutes_to_metres(minute, speed_kmh))
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    demand = model.demand
    if demand is None:
        raise ParameterError("--population", "this bundle has no residents; build it with --population "
                             "or give --population here", "数据包没有人口数据")
    ids = model.sites["site_id"].astype(str).tolist() if "site_id" in model.sites else []
    closing = []
    for site_id in closes:
        if site_id not in ids:
            raise NoMatchError("--close", f"unknown site id {site_id!r}", "没有这个场所编号")
        if site_id in closing:
            raise ParameterError("--close", f"site {site_id!r} is given twice", "同一场所重复给出")
        closing.append(site_id)
    touched = [str(model.sites["category"].iloc[ids.index(i)]) for i in closing]
    touched += [category for _, _, category in proposed]
    keys = [*dict.fromkeys(touched), ALL_SITES]

    def figures(scenario: Scenario) -> dict[str, dict[str, float]]:
        out = {}
        for key in keys:
            covered = scenario.covered(key, walk_m)
            row = {"residents": float(demand.population[covered].sum())}
            if demand.has_elderly:
                row["elderly"] = float(demand.elderly[covered].sum())
            out[key] = row
        return out

    scenario = Scenario(model)
    scenario.model.ensure_limit(walk_m)
    before = figures(scenario)
    for site_id in closing:
        row = scenario.model.sites["site_id"].astype(str).tolist().index(site_id)
        scenario = scenario.close_site(row)
    for lon, lat, category in proposed:
        try:
            scenario = scenario.add_site(category, lon, lat)
        except ParameterError as exc:
            if exc.parameter != "site":
                raise
            raise NoMatchError("--add", f"{lon},{lat} is more than {settings.MAX_SNAP_M:g} m from every "
                               "street of this city", "拟建场所离道路太远") from None
    after = figures(scenario)
    rows = []
    for key in keys:
        row: dict[str, Any] = {"category": key}
        for who in before[key]:
            row[f"{who}_before"] = before[key][who]
            row[f"{who}_after"] = after[key][who]
            row[f"{who}_change"] = after[key][who] - before[key][who]
        rows.append(row)
    totals = {"residents": demand.total}
    if demand.has_elderly:
        totals["elderly"] = float(np.nansum(demand.elderly))
    if as_json:
        _json({"city": bundle.name, "profile": profile, "minutes": minute, "speed_kmh": speed_kmh,
               "walk_m": walk_m,
               "added": [{"lon": lon, "lat": lat, "category": c} for lon, lat, c in proposed],
               "closed": closing, "totals": totals, "population": source, "categories": rows})
        return
    click.echo(f"{bundle.name}: within {minute:g} min at {speed_kmh} km/h ({walk_m:.0f} m); "
               f"{len(proposed)} added, {len(closing)} closed / 增减场所前后对比")
    _say_population(source)
    _say_profile(profile)
    columns = [("category", "Category 类别", ""), ("residents_before", "Residents before 之前", ",.0f"),
               ("residents_after", "After 之后", ",.0f"), ("residents_change", "Change 变化", "+,.0f")]
    if demand.has_elderly:
        columns += [("elderly_before", "Elderly before 老年之前", ",.0f"),
                    ("elderly_after", "After 之后", ",.0f"), ("elderly_change", "Change 变化", "+,.0f")]
    click.echo(format_table(rows, columns))


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--category", required=True, help="Category of sites (or all).")
@click.option("--by", "by", default=None, help="Reporting units FILE:FIELD.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True,
              help="Catchment: walking minutes.")
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--decay", default="gaussian", show_default=True,
              help="Distance decay in metres: gaussian (sigma = half the catchment), gaussian:SIGMA_M, "
                   "step:M=W,M=W,... or none.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), default=None,
              help="Write the per-unit table (with --by), else one row per demand point, as CSV.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@profile_option
@population_options
@registry_year_options
def access(bundle_dir: Path, category: str, by: str | None, minutes: str, speed: str, decay: str,
           csv_path: Path | None, as_json: bool, population: str | None, elderly_share: str | None,
           year: int | None, database_url: str | None, profile: str = settings.DEFAULT_PROFILE) -> None:
    """Seats per 1,000 residents within a walk (2SFCA, distance decay) / 座位可达性."""
    from learning_map.errors import NoMatchError
    from learning_map.planning.access import access_scores, parse_decay

    category = _category(category)
    minute = _one_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    walk_m = float(minutes_to_metres(minute, speed_kmh))
    decay_fn = parse_decay(decay, walk_m)
    units, field = _layer(by, "--by", "reporting units") if by else (None, None)
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    report = access_scores(model, category, walk_m, decay=decay_fn, units=units, field=field)
    if report.sites_with_capacity == 0:
        raise NoMatchError("--category", f"none of the {report.sites} {category} site(s) has a capacity on the "
                           "network; give seats in the registry's capacity / 座位数 column and import it",
                           "该类别没有登记容量（座位数）的场所")
    counts = {"sites": report.sites, "with_capacity": report.sites_with_capacity,
              "without_capacity": report.sites_without_capacity, "off_network": report.sites_off_network}
    if csv_path is not None:
        from learning_map.base.tables import write_csv

        write_csv(report.units if report.units is not None else report.points, csv_path)
    if as_json:
        _json({"city": bundle.name, "profile": profile, "category": category, "minutes": minute,
               "speed_kmh": speed_kmh,
               "walk_m": walk_m, "decay": report.decay.label, "method": "2SFCA (decay in both steps)",
               "sites": counts, "seats": report.seats, "seats_reaching_residents": report.seats_reaching,
               "city_total": {k: None if v != v else v for k, v in report.city.items()},  # NaN: no elderly
               "population": source,
               "units": _records(report.units) if report.units is not None else None})
        return
    click.echo(f"{bundle.name}: {category}, {minute:g} min at {speed_kmh} km/h ({walk_m:.0f} m), "
               f"decay {report.decay.label} / 两步移动搜索法（2SFCA）座位可达性")
    _say_population(source)
    _say_profile(profile)
    click.echo(f"{report.sites_with_capacity} of {report.sites} site(s) counted; "
               f"{report.sites_without_capacity} without a capacity left out / 无容量的场所未计入"
               + (f"; {report.sites_off_network} off the street network / 离道路太远"
                  if report.sites_off_network else ""))
    city = report.city
    elderly = city["seats_per_1000_elderly"]
    click.echo(f"Seats 座位 {report.seats:,.0f} ({report.seats_reaching:,.0f} within reach of residents); "
               f"{city['seats_per_1000']:.2f} per 1,000 residents 每千居民"
               + (f", {elderly:.2f} per 1,000 elderly 每千老年居民" if elderly == elderly else ""))
    if report.units is not None:
        click.echo(format_table(_records(report.units), [
            ("unit", "Unit 单元", ""), ("population", "Residents 居民", ",.0f"),
            ("seats_per_1000", "Seats/1,000 每千人座位", ".2f"), ("elderly", "Elderly 老年", ",.0f"),
            ("seats_per_1000_elderly", "Seats/1,000 elderly 每千老人座位", ".2f"),
        ]))
    if csv_path is not None:
        click.echo(f"Wrote {csv_path} / 已写出")
