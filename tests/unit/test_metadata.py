"""The export pack's ISO 19115 metadata (ISO 19139 XML) and data dictionary, on a small made-up city."""

from __future__ import annotations

import datetime
import os
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import geopandas as gpd
import numpy as np
import pytest

from tests.iso19115_check import GCO, GMD, bounding_box, iso19115_problems, xsd_problems

WHEN = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
FILES = ["sites-2026.csv", "sites-2026.gpkg", "learning-map-2026.pdf", "metadata-2026.xml", "manifest.json"]


def small_city():
    """What the metadata reads of a city: name, build metadata, street network extent and sites."""
    sites = gpd.GeoDataFrame({"category": ["library", "elderly_education"], "name": ["甲", "乙"]},
                             geometry=gpd.points_from_xy([113.54, 113.56], [22.19, 22.21]), crs=4326)
    network = SimpleNamespace(crs="EPSG:32649", node_x=np.array([745000.0, 749000.0]),
                              node_y=np.array([2455000.0, 2460000.0]))
    return SimpleNamespace(name="Macau 澳门", meta={"source": "macau.osm.pbf", "population": 682400.0},
                           network=network, sites=sites)


def document(**options):
    from learning_map.export.metadata import metadata_xml

    args = {"year": 2026, "title": "澳門 2026 <學習> & 地圖", "when": WHEN, "locale": "zh_Hant",
            "files": FILES} | options
    return metadata_xml(small_city(), **args)


def text_of(xml: bytes, path: str) -> list[str]:
    root = ET.fromstring(xml)
    return [e.text for e in root.iterfind(path, {"gmd": GMD, "gco": GCO})]


def test_the_metadata_has_every_mandatory_element_in_the_schemas_order():
    xml = document(publisher="教育及青年發展局", review_number="澳S(2026)001号", cgcs2000=True)
    assert iso19115_problems(xml) == []
    assert text_of(xml, "gmd:dateStamp/gco:Date") == ["2026-01-01"]
    assert text_of(xml, ".//gmd:citation/gmd:CI_Citation/gmd:identifier//gmd:code/gco:CharacterString") == [
        "澳S(2026)001号"]
    assert "EPSG:4490" in text_of(xml, ".//gmd:RS_Identifier/gmd:code/gco:CharacterString")
    # Every file is distributed by name, each format once.
    assert text_of(xml, ".//gmd:CI_OnlineResource/gmd:name/gco:CharacterString") == sorted(FILES)
    formats = text_of(xml, ".//gmd:MD_Format/gmd:name/gco:CharacterString")
    assert sorted(formats) == sorted({"CSV", "GeoPackage", "PDF", "XML", "JSON"})
    lineage = " ".join(text_of(xml, ".//gmd:LI_Lineage//gco:CharacterString"))
    assert "OpenStreetMap" in lineage
    assert "ODbL" in lineage
    assert "682,400" in lineage
    assert "ODbL" in " ".join(text_of(xml, ".//gmd:MD_LegalConstraints//gco:CharacterString"))
    assert text_of(xml, ".//gml:TimePeriod/gml:beginPosition".replace("gml:", "{http://www.opengis.net/gml/3.2}")) \
        == ["2026-01-01"]


def test_text_is_escaped_by_the_xml_library_and_a_missing_publisher_says_so():
    xml = document()
    assert b"&lt;\xe5\xad\xb8\xe7\xbf\x92&gt; &amp;" in xml  # "<學習> &" as XML escapes it
    assert text_of(xml, ".//gmd:citation//gmd:title/gco:CharacterString") == ["澳門 2026 <學習> & 地圖"]
    assert b'nilReason="missing"' in xml
    assert iso19115_problems(xml) == []
    assert document() == xml  # the same export gives the same bytes


def test_the_bounding_box_holds_the_network_and_the_sites():
    west, south, east, north = bounding_box(document())
    assert west <= 113.54
    assert east >= 113.56
    assert south <= 22.19
    assert north >= 22.21
    assert 113 < west < east < 114


def test_the_check_finds_what_a_broken_record_lacks():
    xml = document()
    root = ET.fromstring(xml)
    root.remove(root.find(f"{{{GMD}}}dateStamp"))
    contact = root.find(f"{{{GMD}}}contact")
    root.remove(contact)
    root.append(contact)  # out of order
    problems = iso19115_problems(ET.tostring(root))
    assert "MD_Metadata: no dateStamp" in problems
    assert any("out of the schema's order" in p for p in problems)


@pytest.mark.skipif(not os.environ.get("LEARNING_MAP_ISO19139_XSD"),
                    reason="LEARNING_MAP_ISO19139_XSD does not name a folder of the official ISO 19139 schemas")
def test_the_metadata_validates_against_the_official_iso19139_schemas():
    pytest.importorskip("xmlschema")
    folder = os.environ["LEARNING_MAP_ISO19139_XSD"]
    assert xsd_problems(document(publisher="DSEDJ", review_number="澳S(2026)001号", cgcs2000=True), folder) == []
    assert xsd_problems(document(), folder) == []


def test_the_dictionary_refuses_a_column_it_cannot_describe(tmp_path):
    from learning_map.export.dictionary import UndescribedColumnError, dictionary_rows

    (tmp_path / "changes-2026.csv").write_text("action,site_id,mystery\n", encoding="utf-8")
    with pytest.raises(UndescribedColumnError, match="mystery"):
        dictionary_rows(tmp_path, 2026, ["changes-2026.csv"], locale="zh_Hant", chinese="zh_Hant")


def test_the_dictionary_describes_each_file_and_column_in_chinese_and_english(tmp_path):
    from learning_map.export.dictionary import dictionary_headers, dictionary_names, dictionary_rows

    (tmp_path / "changes-2026.csv").write_text("action,site_id,name\n", encoding="utf-8")
    names = ["changes-2026.csv", "learning-map-2026.pdf", "a-new-walk-map-2026.pdf", *dictionary_names(2026)]
    rows = dictionary_rows(tmp_path, 2026, names, locale="zh_Hant", chinese="zh_Hant")
    changes = rows[(rows["file"] == "changes-2026.csv") & (rows["column"] != "")]
    assert list(changes["column"]) == ["action", "site_id", "name"]
    site_id = changes[changes["column"] == "site_id"].iloc[0]
    assert site_id["description_zh"] == "場所在名錄中的編號，逐年不變"
    assert site_id["description_en"] == "The site's identifier in the registry, the same from year to year"
    assert site_id["data_type"] == "文字 / text"
    # A file no entry names yet is still listed, by its format; the dictionary lists its own columns.
    assert rows[rows["file"] == "a-new-walk-map-2026.pdf"]["data_type"].tolist() == ["PDF"]
    own = rows[(rows["file"] == "data-dictionary-2026.csv") & (rows["column"] != "")]
    assert list(own["column"]) == list(dictionary_headers("zh_Hant").values())
    assert list(dictionary_headers("zh_Hant").values())[2] == "欄位 / Field"
    assert (rows["description_zh"] != "").all()
    assert (rows["description_en"] != "").all()
