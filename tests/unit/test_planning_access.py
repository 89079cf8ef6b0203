"""2SFCA access score: hand-worked answers, and agreement with PySAL's ``access`` package."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from scipy import sparse

from learning_map.analysis.model import CoverageModel
from learning_map.city.population import Demand
from learning_map.errors import ParameterError
from learning_map.planning.access import (
    Decay,
    access_scores,
    parse_decay,
    site_capacity,
    two_step_fca,
    walk_matrix,
)
from learning_map.walking.synthetic import network_from_edges

CRS = "EPSG:32649"

# Two sites, three demand points. Site A (100 seats) reaches p0 at 100 m and p1 at 300 m;
# site B (50 seats) reaches p1 at 200 m and p2 at 50 m.
WALK = sparse.csr_matrix(np.array([[100.0, 300.0, 0.0], [0.0, 200.0, 50.0]]))
SUPPLY = np.array([100.0, 50.0])
PEOPLE = np.array([1000.0, 2000.0, 500.0])


def test_plain_2sfca_by_hand():
    access, ratio = two_step_fca(WALK, SUPPLY, PEOPLE, Decay("none"))
    # R_A = 100 / (1000 + 2000), R_B = 50 / (2000 + 500)
    assert ratio == pytest.approx([1 / 30, 1 / 50])
    assert access == pytest.approx([1 / 30, 1 / 30 + 1 / 50, 1 / 50])
    assert PEOPLE @ access == pytest.approx(SUPPLY.sum())  # every seat is held by someone


def test_step_decay_by_hand():
    decay = parse_decay("step:150=1,400=0.5", 400.0)
    assert decay.weights(np.array([0.0, 150.0, 150.1, 400.0, 400.1])).tolist() == [1, 1, 0.5, 0.5, 0]
    access, ratio = two_step_fca(WALK, SUPPLY, PEOPLE, decay)
    # Weights: A -> p0 1, p1 0.5; B -> p1 0.5, p2 1.
    # R_A = 100 / (1000 + 0.5 * 2000) = 0.05, R_B = 50 / (0.5 * 2000 + 500) = 1/30.
    assert ratio == pytest.approx([0.05, 1 / 30])
    assert access == pytest.approx([0.05, 0.5 * 0.05 + 0.5 / 30, 1 / 30])


def test_a_site_nobody_reaches_gives_nothing_and_divides_by_nothing():
    walk = sparse.csr_matrix(np.array([[10.0, 0.0], [0.0, 0.0]]))
    access, ratio = two_step_fca(walk, np.array([5.0, 99.0]), np.array([10.0, 7.0]), Decay("none"))
    assert ratio.tolist() == [0.5, 0.0]
    assert access.tolist() == [0.5, 0.0]


def test_zero_walk_is_an_entry():
    """A resident at the site's door (0 m) still counts: the matrix stores walks, not their absence."""
    walk = sparse.csr_matrix((np.array([0.0]), (np.array([0]), np.array([0]))), shape=(1, 2))
    access, _ = two_step_fca(walk, np.array([10.0]), np.array([5.0, 5.0]), Decay("gaussian", sigma_m=100))
    assert access.tolist() == [2.0, 0.0]


@pytest.mark.parametrize("text", ["gaussian:-3", "gaussian:abc", "step:100", "step:300=1,200=0.5",
                                  "step:100=1.5", "linear", "none:5"])
def test_bad_decay_is_refused(text):
    with pytest.raises(ParameterError) as caught:
        parse_decay(text, 800.0)
    assert caught.value.param == "decay"  # the keyword; the CLI shows --decay


def test_default_gaussian_is_half_the_catchment():
    decay = parse_decay("gaussian", 800.0)
    assert decay.sigma_m == 400.0
    assert decay.weights(np.array([0.0, 800.0])) == pytest.approx([1.0, np.exp(-2.0)])
    assert decay.label == "gaussian:400"


# ---- agreement with PySAL access (same cost matrix given to both) ----


def pysal_2sfca(walk, supply, people, weight_fn, max_cost):
    """PySAL's own ``two_stage_fca`` (the function its ``Access`` class calls) on the same walks."""
    from access.fca import two_stage_fca as pysal_two_stage_fca

    coo = walk.tocoo()
    cost = pd.DataFrame({"origin": coo.col, "dest": coo.row, "cost": coo.data})
    demand = pd.DataFrame({"geoid": np.arange(len(people)), "pop": people})
    sites = pd.DataFrame({"seats": supply}, index=pd.Index(np.arange(len(supply)), name="geoid"))
    out = pysal_two_stage_fca(demand, sites, cost, max_cost=max_cost, demand_index="geoid",
                              demand_name="pop", supply_name="seats", weight_fn=weight_fn)
    # Demand points no site reaches are absent from PySAL's answer: 0 seats here.
    return out.reindex(np.arange(len(people))).fillna(0.0).to_numpy()


@pytest.mark.parametrize("decay", ["gaussian:250", "step:200=1,500=0.6,800=0.25", "none"])
def test_agrees_with_pysal_access_on_a_cost_matrix(decay):
    from access import weights

    rng = np.random.default_rng(3)
    n_sites, n_people, max_cost = 7, 40, 800.0
    dense = rng.uniform(0, 1200, (n_sites, n_people))
    dense[dense > max_cost] = 0.0  # beyond the catchment: no entry (as walk_matrix gives)
    dense[0, 0] = 1e-6  # nearly at the door
    walk = sparse.csr_matrix(dense)
    supply = rng.integers(20, 300, n_sites).astype(float)
    people = rng.uniform(50, 3000, n_people)
    ours = parse_decay(decay, max_cost)
    fn = None
    if ours.kind == "gaussian":
        fn = weights.gaussian(ours.sigma_m)
    elif ours.kind == "step":
        fn = weights.step_fn(dict(ours.steps))
    expected = pysal_2sfca(walk, supply, people, fn, max_cost)
    got, _ = two_step_fca(walk, supply, people, ours)
    assert np.count_nonzero(got) > n_people // 2
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=0)


# ---- on a hand-built street ----


@pytest.fixture
def street_city():
    """A straight 1 km street (nodes every 100 m), three libraries and a museum, three demand points."""
    xy = np.column_stack((np.arange(11) * 100.0, np.zeros(11)))
    net = network_from_edges(xy, np.arange(10), np.arange(1, 11), crs=CRS)
    site_xy = [(0, 0), (1000, 0), (300, 0), (500, 0)]
    lon, lat = net.to_lonlat([p[0] for p in site_xy], [p[1] for p in site_xy])
    sites = gpd.GeoDataFrame(
        {"category": ["library", "library", "library", "museum"],
         "name": ["A", "B", "no seats", "museum"], "座位数": ["100", "50", "", "999"]},
        geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326",
    )
    # p0 is 10 m off the street at x=100: walk 10 + 100 = 110 m to A.
    demand = Demand(CRS, np.array([100.0, 500.0, 900.0]), np.array([10.0, 0.0, 0.0]),
                    np.array([1000.0, 2000.0, 500.0]), np.array([100.0, 200.0, 50.0]))
    return CoverageModel(net, sites, demand)


def test_walk_matrix_is_the_network_walk(street_city):
    walk = walk_matrix(street_city, np.array([0, 1]), 600.0).toarray()
    np.testing.assert_allclose(walk, [[110.0, 500.0, 0.0], [0.0, 500.0, 100.0]], atol=1e-6)


def test_access_on_a_street_by_hand(street_city):
    units = gpd.GeoDataFrame(
        {"name": ["West", "East"]},
        geometry=[shapely.box(-50, -50, 450, 50), shapely.box(450, -50, 1050, 50)], crs=CRS,
    )
    report = access_scores(street_city, "library", 600.0, decay=Decay("none"), units=units, field="name")
    assert report.sites == 3
    assert report.sites_with_capacity == 2
    assert report.sites_without_capacity == 1
    assert report.seats == 150
    # As test_plain_2sfca_by_hand: A's 100 seats shared by p0, p1; B's 50 by p1, p2.
    assert report.points["seats_per_1000"].to_numpy() == pytest.approx([1000 / 30, 1000 / 30 + 20, 20])
    # Elderly are a tenth everywhere, so each elderly resident gets ten times the seats.
    assert report.points["seats_per_1000_elderly"].to_numpy() == pytest.approx(
        [10000 / 30, 10000 / 30 + 200, 200])
    table = report.units.set_index("unit")
    assert table.loc["West", "seats_per_1000"] == pytest.approx(1000 / 30)
    east_seats = 2000 * (1 / 30 + 1 / 50) + 500 / 50
    assert table.loc["East", "seats"] == pytest.approx(east_seats)
    assert table.loc["East", "seats_per_1000"] == pytest.approx(1000 * east_seats / 2500)
    total = table.loc["City total / 全市合计"]
    assert total["seats"] == pytest.approx(150)  # every seat is held by someone
    assert total["seats_per_1000"] == pytest.approx(1000 * 150 / 3500)
    assert total["seats_per_1000_elderly"] == pytest.approx(1000 * 150 / 350)


def test_a_shorter_catchment_leaves_the_middle_out(street_city):
    report = access_scores(street_city, "library", 400.0, decay=Decay("none"))
    # p1 is 500 m from both sites: no seat; A's 100 seats all go to p0, B's 50 to p2.
    assert report.points["seats_per_1000"].to_numpy() == pytest.approx([100.0, 0.0, 100.0])
    assert report.seats_reaching == 150


def test_capacity_is_read_from_store_or_registry_headings():
    frame = pd.DataFrame({"capacity": [12, None, "7", "x", "-3", "1.5", " 40 "]})
    np.testing.assert_array_equal(site_capacity(frame), [12, np.nan, 7, np.nan, np.nan, 1.5, 40])
    assert np.isnan(site_capacity(pd.DataFrame({"name": ["a"]}))).all()


def test_walk_matrix_matches_one_search_per_site():
    from learning_map.walking.coverage import distances_to_targets, node_distances
    from learning_map.walking.snapping import snap_points
    from learning_map.walking.synthetic import grid_network

    rng = np.random.default_rng(11)
    net = grid_network(8, 8, spacing_m=100, crs=CRS)
    xy = rng.uniform(0, 700, (12, 2))
    lon, lat = net.to_lonlat(xy[:, 0], xy[:, 1])
    sites = gpd.GeoDataFrame({"category": ["library"] * 12}, geometry=gpd.points_from_xy(lon, lat),
                             crs="EPSG:4326")
    people = rng.uniform(-20, 720, (80, 2))
    demand = Demand(CRS, people[:, 0], people[:, 1], np.ones(80), np.ones(80))
    model = CoverageModel(net, sites, demand)
    walk_m = 330.0
    got = walk_matrix(model, np.arange(12), walk_m)
    targets = snap_points(net, people[:, 0], people[:, 1])
    for j in range(12):
        one = model.site_points.subset(np.array([j]))
        brute = distances_to_targets(net, node_distances(net, one, limit_m=walk_m), one, targets)
        row = got.getrow(j)
        within = np.flatnonzero(brute <= walk_m)
        np.testing.assert_array_equal(np.sort(row.indices), within)
        np.testing.assert_allclose(row.toarray().ravel()[within], brute[within], atol=1e-9)
    assert got.nnz > 50


# ---- capacity in the covering model ----


def capacity_city():
    """
    A straight 1.4 km street; A = 1000 residents at x=0, B = 900 at x=400, C = 700 at x=1200;
    a 250 m walk. Without a limit two sites reach everyone: one at x=200 (A and B) and one
    by C = 2600. If a site serves at most 1000, a site by C adds at most 700, so the best
    two serve A and B: 1000 + 900 = 1900, and C is left out.
    """
    xs = np.arange(0, 1401, 100.0)
    net = network_from_edges(np.column_stack((xs, np.zeros_like(xs))),
                             np.arange(len(xs) - 1), np.arange(1, len(xs)), crs=CRS)
    lon, lat = net.to_lonlat([1400.0], [0.0])
    sites = gpd.GeoDataFrame({"category": ["museum"], "name": ["far"]},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    demand = Demand(CRS, np.array([0.0, 400.0, 1200.0]), np.zeros(3),
                    np.array([1000.0, 900.0, 700.0]), np.array([100.0, 90.0, 70.0]))
    return CoverageModel(net, sites, demand)


def test_capacitated_recommend_differs_from_uncapacitated_as_worked_by_hand():
    from learning_map.planning.maxcover import recommend

    model = capacity_city()
    free = recommend(model, "library", 2, 250.0, exact=True)
    assert free.greedy.total == 2600
    assert free.exact.objective == 2600
    assert (np.abs(free.picks["x"] - 1200) <= 250).any()

    capped = recommend(model, "library", 2, 250.0, exact=True, capacity=1000)
    assert capped.capacity == 1000
    assert capped.picks["added"].tolist() == [1000, 900]
    assert capped.greedy.total == 1900
    assert capped.exact.optimal
    assert capped.exact.objective == pytest.approx(1900)
    assert capped.gap == 0
    # Nobody by C: no pick within reach of x=1200.
    assert (np.abs(capped.picks["x"] - 1200) > 250).all()
    exact_x = model.network.node_x[sorted(capped.exact.picks)]  # node candidates: index = node
    assert (np.abs(exact_x - 1200) > 250).all()


def test_capacitated_greedy_serves_the_nearest_first():
    from learning_map.planning.maxcover import greedy_capacitated

    # One candidate reaching three points; slack larger = nearer: point 2, then 0, then 1.
    slack = sparse.csr_matrix(np.array([[5.0, 2.0, 9.0]]))
    result, served = greedy_capacitated(slack, np.array([40.0, 40.0, 40.0]), 1, 60.0)
    assert result.gains.tolist() == [60.0]
    assert served.toarray().tolist() == [[20.0, 0.0, 40.0]]


def test_a_capacity_nobody_reaches_is_no_limit():
    """With a capacity above every weight the capacitated answers equal the plain ones."""
    from learning_map.planning.maxcover import (
        exact_capacitated,
        exact_cover,
        greedy_capacitated,
        greedy_cover,
    )

    rng = np.random.default_rng(8)
    for _ in range(10):
        cover = sparse.csr_matrix(rng.random((8, 15)) < 0.3)
        weight = rng.integers(1, 9, 15).astype(float)
        plain = greedy_cover(cover, weight, 3)
        capped, _ = greedy_capacitated(cover.astype(float), weight, 3, 1e9)
        assert capped.picks.tolist() == plain.picks.tolist()
        assert exact_capacitated(cover, weight, 3, 1e9).objective == pytest.approx(
            exact_cover(cover, weight, 3).objective)


def test_capacity_must_be_positive():
    from learning_map.planning.maxcover import recommend

    with pytest.raises(ParameterError, match="positive number of residents") as caught:
        recommend(capacity_city(), "library", 1, 250.0, capacity=0)
    assert caught.value.param == "capacity"


def test_registry_reports_a_bad_capacity_by_line(tmp_path):
    from learning_map.city.registry_file import read_registry

    path = tmp_path / "registry.csv"
    pd.DataFrame({"name": ["a", "b", "c", "d"], "category": ["library"] * 4, "lon": [113.5] * 4,
                  "lat": [22.2] * 4, "座位数": ["12", "lots", "", "3.5"]}).to_csv(path, index=False)
    load = read_registry(path)
    assert load.sites["name"].tolist() == ["a", "c"]
    assert load.rejected["line"].tolist() == [3, 5]
    assert [str(reason) for reason in load.rejected["reason"]] == [
        "capacity 'lots' is not a whole number of seats / 座位数 'lots' 不是整数",
        "capacity '3.5' is not a whole number of seats / 座位数 '3.5' 不是整数"]
    np.testing.assert_array_equal(site_capacity(load.sites), [12, np.nan])


def test_site_side_walks_equal_the_demand_side_searches():
    """Sites on nodes, on edges and on a loop; residents at a site's door: both directions agree."""
    from learning_map.planning.candidates import Candidates, reach_slack

    xy = [(0, 0), (100, 0), (200, 0), (200, 100), (100, 100), (150, 150)]
    net = network_from_edges(np.asarray(xy, float), [0, 1, 2, 3, 4, 3], [1, 2, 3, 4, 1, 5], crs=CRS)
    site_xy = np.array([(0.0, 0.0), (150.0, 0.0), (200.0, 50.0), (175.0, 125.0)])
    lon, lat = net.to_lonlat(site_xy[:, 0], site_xy[:, 1])
    sites = gpd.GeoDataFrame({"category": ["library"] * 4}, geometry=gpd.points_from_xy(lon, lat),
                             crs="EPSG:4326")
    people = np.vstack([site_xy, [(50, 5), (120, 90), (190, 20), (160, 140), (10, 0)]])
    demand = Demand(CRS, people[:, 0], people[:, 1], np.ones(len(people)), np.ones(len(people)))
    model = CoverageModel(net, sites, demand)
    walk_m = 260.0
    got = walk_matrix(model, np.arange(4), walk_m)
    candidates = Candidates(np.zeros(4), np.zeros(4), model.site_points, np.full(4, -1), np.arange(4))
    slack = reach_slack(net, model.demand_points, candidates, walk_m)
    assert got.nnz == slack.nnz
    np.testing.assert_allclose(got.toarray(), np.where(slack.toarray() > 0, walk_m + 1 - slack.toarray(), 0),
                               atol=1e-9)
    door = got.getrow(0)
    assert 0 in door.indices  # a resident at the door is an entry ...
    assert door.toarray()[0, 0] == pytest.approx(0.0, abs=1e-6)  # ... of 0 m
