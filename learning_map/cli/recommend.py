"""``learning-map recommend``: where to add k sites."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_ntext, cli_text
from learning_map.base.units import resolve_speed_kmh
from learning_map.cli.format import (
    category_term,
    cli_line,
    format_table,
    load_city,
    registry_year_options,
)
from learning_map.cli.group import main
from learning_map.cli.planning import (
    check_category,
    city_model,
    echo_json,
    one_minutes,
    population_options,
    profile_option,
    records,
    say_population,
    say_profile,
    write_gpkg,
)

if TYPE_CHECKING:
    from learning_map.analysis.model import CoverageModel
    from learning_map.bundle.core import CityBundle
    from learning_map.planning.candidates import Candidates
    from learning_map.planning.maxcover import Recommendation


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
              help="Residents (seats) one new site can serve; default: no limit.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@click.option("--out", "out_path", type=click.Path(path_type=Path), default=None,
              help="Write the picks to a GeoPackage.")
@click.option("--course-category", "course_categories", multiple=True,
              help="Count as existing only the sites offering a course of this category (key or "
                   "label; repeatable).")
@profile_option
@population_options
@registry_year_options
def recommend(bundle_dir: Path, category: str, k: int, minutes: str, speed: str,
              candidates_path: Path | None, exact: bool, time_limit_s: float, capacity: float | None,
              as_json: bool, out_path: Path | None, population: str | None, elderly_share: str | None,
              year: int | None, database_url: str | None,
              course_categories: tuple[str, ...] = (), profile: str = settings.DEFAULT_PROFILE) -> None:
    """Pick k new sites that reach the most residents not yet covered."""
    from learning_map.planning.maxcover import check_sites_to_add
    from learning_map.planning.maxcover import recommend as pick_sites

    category = check_category(category)
    minute = one_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    check_sites_to_add(k, capacity)
    bundle = load_city(bundle_dir, year, database_url)
    model, source = city_model(bundle, population, elderly_share, profile)
    if course_categories:  # existing sites: only those offering such a course
        from learning_map.cli.coverage import courses_model

        model, _ = courses_model(bundle_dir, model, course_categories, year=year,
                                 database_url=database_url)
    candidates, dropped = _candidates(candidates_path, model, bundle)
    result = pick_sites(model, category, k, minutes=minute, speed_kmh=speed_kmh,
                        candidates=candidates, exact=exact, time_limit_s=time_limit_s,
                        capacity=capacity)
    if out_path is not None:
        _write_picks(result, out_path)
    if as_json:
        echo_json({
            "city": bundle.name, "profile": profile, "category": category, "k": k, "minutes": minute,
            "speed_kmh": speed_kmh, "walk_m": result.walk_m, "weight": result.weight_name,
            "capacity": capacity, "total": result.total, "covered_before": result.covered_before,
            "share_before": result.covered_before / result.total if result.total else 0.0,
            "candidates": result.candidate_count, "candidates_dropped": dropped,
            "picks": records(result.picks.drop(columns=["x", "y"])), "exact": _exact_part(result),
            "seconds": result.seconds, "population": source,
        })
        return
    _say_recommendation(bundle.name, result, minute, speed_kmh, source, profile, dropped)
    if out_path is not None:
        click.echo(cli_text(N_("Wrote {file}"), file=out_path))


def _candidates(path: Path | None, model: CoverageModel,
                bundle: CityBundle) -> tuple[Candidates | None, int]:
    """The ``--candidates`` file as snapped candidates and how many were dropped; None: every node."""
    if path is None:
        return None, 0
    from learning_map.io.layers import read_layer
    from learning_map.planning.candidates import point_candidates

    layer = read_layer(path, what="candidate sites")
    # Points as they are; lines and polygons by their centroid, taken in metres.
    return point_candidates(model.network, layer.geometry.to_crs(bundle.network.crs).centroid)


def _write_picks(result: Recommendation, out_path: Path) -> None:
    import geopandas as gpd

    picks = result.picks
    frame = gpd.GeoDataFrame(picks.drop(columns=["x", "y"]).assign(category=result.category),
                             geometry=gpd.points_from_xy(picks["lon"], picks["lat"]), crs="EPSG:4326")
    write_gpkg(frame, out_path, "recommended_sites")


def _exact_part(result: Recommendation) -> dict[str, Any] | None:
    """The HiGHS answer for the JSON, or None when it was not asked for."""
    if result.exact is None:
        return None
    return {
        "objective": result.exact.objective, "bound": result.exact.bound,
        "optimal": result.exact.optimal, "status": result.exact.status,
        "seconds": result.exact.seconds, "greedy_total": result.greedy.total, "gap": result.gap,
        "gap_at_most": result.gap_bound,
    }


def _say_recommendation(city: str, result: Recommendation, minute: float, speed_kmh: float,
                        source: dict[str, Any] | None, profile: str, dropped: int) -> None:
    """The recommendation as text: what is covered now, the picks table and the exact answer."""
    share = result.covered_before / result.total if result.total else 0.0
    if result.weight_name == "elderly":
        line = N_("{city}: {category}, {minutes:g} min at {speed} km/h ({walk_m:.0f} m); elderly residents "
                  "covered now {covered:,.0f} of {total:,.0f} ({share:.1%})")
    else:
        line = N_("{city}: {category}, {minutes:g} min at {speed} km/h ({walk_m:.0f} m); residents "
                  "covered now {covered:,.0f} of {total:,.0f} ({share:.1%})")
    click.echo(cli_line(line, city=city, category=category_term(result.category), minutes=minute,
                        speed=speed_kmh, walk_m=result.walk_m, covered=result.covered_before,
                        total=result.total, share=share))
    say_population(source)
    say_profile(profile)
    capacity = result.capacity
    if capacity is not None:
        click.echo(cli_text(N_("Each new site serves at most {capacity:,.0f} residents (nearest first)"),
                            capacity=capacity))
    if dropped:
        click.echo(cli_ntext("{n} candidate too far from every street was left out",
                             "{n} candidates too far from every street were left out", dropped))
    if result.picks.empty:
        click.echo(cli_text(N_("No new site adds anyone")))
    else:
        click.echo(format_table(result.picks.to_dict(orient="records"), [
            ("rank", "#", "d"), ("candidate", N_("Candidate"), ""), ("lon", N_("Lon"), ".5f"),
            ("lat", N_("Lat"), ".5f"), ("added", N_("Adds"), ",.0f"),
            ("cumulative_share", N_("Covered in all"), ".1%"),
        ]))
    if result.exact is not None:
        gap = result.gap or 0.0
        if result.exact.optimal:
            click.echo(cli_text(N_("Exact (HiGHS): {added:,.0f} added, optimal; greedy {greedy:,.0f} is {gap:.2%} "
                                   "short"), added=result.exact.objective, greedy=result.greedy.total, gap=gap))
        else:
            click.echo(cli_text(N_("Exact (HiGHS): {added:,.0f} added, time limit reached, bound {bound:,.0f}; "
                                   "greedy {greedy:,.0f} is at most {gap:.2%} short"),
                                added=result.exact.objective, bound=result.exact.bound,
                                greedy=result.greedy.total, gap=result.gap_bound or 0.0))
