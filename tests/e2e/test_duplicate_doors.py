"""One file, two doors: the admin upload and ``learning-map import`` report the same likely duplicates."""

from __future__ import annotations

import html
import re

import pytest

from tests.e2e.test_admin import admin_app, signed_in, upload  # noqa: F401 (fixtures)

# Registered (tests.e2e.test_admin.seed_sites): A1 南京东路社区学校 at (113.54, 22.19) and
# B1 外滩图书馆 at (113.55, 22.195).
ROWS = [
    "编号,名称,类别,经度,纬度,地址,区",
    "A1,南京东路社区学校,community_learning,113.54,22.19,,",  # the same id: the same site
    "D1,外滩图书馆,library,113.5501,22.1951,,",              # ~15 m from B1: likely the same
    "D2,南京东路社区学校,community_learning,113.55,22.19,,",   # A1's name ~1 km away: another site
    "D3,松山学习中心,community_learning,113.56,22.20,,",       # D3 and D4: ~30 m apart in the file
    "D4,松山學習中心,community_learning,113.5602,22.2002,,",
]


@pytest.fixture
def web_client(admin_app):  # noqa: F811
    return admin_app.test_client()


def upload_pairs(page: str) -> set[tuple[str, str, str]]:
    """(id, likely-same id, where) of each row of the upload report's duplicates table."""
    table = re.search(r'data-testid="duplicates">(.*?)</table>', page, re.S)
    if table is None:
        return set()
    pairs = set()
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(1).split("<tbody>")[1], re.S):
        cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        where = cells[-1] if len(cells) == 6 else ""  # (before the fix: id, name, registered id)
        pairs.add((cells[0], cells[2], "file" if "in the file" in where else "store"))
    return pairs


def cli_pairs(output: str) -> set[tuple[str, str, str]]:
    """The same from ``learning-map import``'s lines ``  A 'name' ~ B 'name': 15 m (where)``."""
    found = re.findall(r"^  (\S+) '[^']*' ~ (\S+) '[^']*': \d+ m \((in the file|file vs registry)",
                       output, re.M)
    return {(a, b, "file" if where == "in the file" else "store") for a, b, where in found}


def test_the_admin_upload_and_the_cli_import_report_the_same_duplicates(
        web_client, admin_app, store_target, runner, tmp_path):  # noqa: F811
    content = ("\n".join(ROWS) + "\n").encode("utf-8")
    token = signed_in(web_client)
    web_client.get("/admin/registry?lang=en")  # the admin pages in English from here on, as the CLI's lines
    response = upload(web_client, token, content, name="registry.csv")
    assert response.status_code == 200
    through_admin = upload_pairs(response.get_data(as_text=True))

    path = tmp_path / "registry.csv"
    path.write_bytes(content)
    result = runner.invoke(["import", str(store_target.bundle_dir), str(path), "--year", "2025",
                            *store_target.cli_args()])
    assert result.exit_code == 0, result.output
    through_cli = cli_pairs(result.output)

    # The one rule (same folded name, within 150 m): D1 ~ B1 with the registry, D3 ~ D4 in
    # the file; not A1 (the same id) nor D2 (A1's name, but 1 km away).
    assert through_admin == through_cli == {("D1", "B1", "store"), ("D3", "D4", "file")}
