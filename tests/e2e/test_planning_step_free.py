"""The planner on Macau with ``--profile step-free`` (CLI) and ``profile=step-free`` (planner API)."""

from __future__ import annotations

import json

import pytest

from learning_map.base.units import minutes_to_metres
from learning_map.bundle.core import load_bundle

pytestmark = pytest.mark.slow
MINUTES, SPEED_KMH = 15, 3.3  # elderly pace: where the hills' stairs matter most


@pytest.fixture(scope="module")
def step_free(macau_bundle):
    """Macau's step-free coverage model (the recount's source) and its library coverage row."""
    model = load_bundle(macau_bundle).model_for("step-free")
    row = model.summary(minutes=[MINUTES], speed_kmh=SPEED_KMH, categories=["library"]).iloc[0]
    return model, row


def run_json(runner, *args) -> dict:
    result = runner.invoke([*args, "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_planner_figures_equal_a_step_free_recount(runner, macau_bundle, step_free):
    model, row = step_free
    common = ["--category", "library", "--minutes", str(MINUTES), "--speed", "elderly"]
    gaps = {p: run_json(runner, "gaps", str(macau_bundle), *common, "--profile", p) for p in ("walk", "step-free")}
    assert gaps["step-free"]["profile"] == "step-free"
    # Residents beyond a library, step-free: the recount over the step-free model, by its weight.
    weight = gaps["step-free"]["weight"]
    total = row["elderly"] if weight == "elderly" else row["population"]
    covered = row["elderly_covered"] if weight == "elderly" else row["population_covered"]
    assert gaps["step-free"]["uncovered"] == pytest.approx(total - covered, rel=1e-9, abs=1e-6)
    # Stairs only ever lengthen walks: more residents are beyond a library step-free.
    assert gaps["step-free"]["uncovered"] > gaps["walk"]["uncovered"]

    picks = run_json(runner, "recommend", str(macau_bundle), *common, "--k", "2", "--profile", "step-free")
    assert picks["profile"] == "step-free"
    assert picks["covered_before"] == pytest.approx(covered, rel=1e-9)

    site = str(model.sites[model.sites["category"] == "library"]["site_id"].iloc[0])
    whatif = run_json(runner, "whatif", str(macau_bundle), "--close", site, "--minutes", str(MINUTES),
                      "--speed", "elderly", "--profile", "step-free")
    library = {r["category"]: r for r in whatif["categories"]}["library"]
    assert library["residents_before"] == pytest.approx(row["population_covered"], rel=1e-9)
    assert library["residents_after"] <= library["residents_before"]

    bad = runner.invoke(["gaps", str(macau_bundle), *common, "--profile", "wheelchair"], catch_exceptions=True)
    assert bad.exit_code == 1
    assert "--profile" in bad.output
    assert "须为" in bad.output


def test_planner_api_takes_the_profile(client, step_free):
    _, row = step_free
    query = {"category": "library", "minutes": MINUTES, "pace": "elderly"}
    answers = {}
    for profile in ("walk", "step-free"):
        response = client.get("/api/planner/figures", query_string={**query, "profile": profile})
        assert response.status_code == 200, response.get_json()
        answers[profile] = response.get_json()
    assert answers["step-free"]["query"]["profile"] == "step-free"
    assert answers["step-free"]["baseline"]["residents_covered"] == pytest.approx(row["population_covered"], rel=1e-9)
    assert answers["step-free"]["city"]["residents_covered"] < answers["walk"]["city"]["residents_covered"]
    walk_m = float(minutes_to_metres(MINUTES, SPEED_KMH))
    assert answers["step-free"]["query"]["walk_m"] == pytest.approx(walk_m, abs=0.1)
    bad = client.get("/api/planner/figures", query_string={**query, "profile": "wheelchair"})
    assert bad.status_code == 400
    assert bad.get_json()["error"]["parameter"] == "profile"
