"""
The yearly export's metadata as ISO 19115 XML, encoded as ISO/TS 19139 (``gmd``/``gco``).

GB/T 19710 (地理信息 元数据) follows ISO 19115:2003, and the catalogues of Chinese and other
offices read its XML encoding, ISO/TS 19139:2007, so the pack carries one
``metadata-YEAR.xml`` in that encoding (not 19115-3's ``mdb``, which few catalogues read yet).
It says:

- identification: title, abstract, the publication date, publisher (the point of contact),
  language and character set, topic categories (``society``, ``planningCadastre``), keywords
  (the categories present, the city), the review number (审图号) when given;
- extent: the WGS84 bounding box of the data (the street network and the sites) and the
  year as a time period;
- reference systems: EPSG:4326, and EPSG:4490 (CGCS2000) when the sites were written in it;
- distribution: the format of every exported file, and each file by name;
- lineage: the registry, OpenStreetMap with its ODbL attribution, the residents;
- constraints: the ODbL licence of the OpenStreetMap data.

The document is built with :mod:`xml.etree.ElementTree`, so every text is escaped by the XML
library. Its dates are the export's fixed timestamp, so a re-export is byte-identical.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

import geopandas as gpd
import numpy as np
import shapely

from learning_map import settings
from learning_map.base.i18n import N_, gettext
from learning_map.base.safety import atomic_write
from learning_map.base.schema import OSM_ATTRIBUTION, OSM_COPYRIGHT_URL
from learning_map.city.categories import CATEGORIES
from learning_map.export.words import city_name

if TYPE_CHECKING:
    import datetime
    from pathlib import Path

    from learning_map.bundle.core import CityBundle

__all__ = ["GCO", "GMD", "GML", "METADATA_STANDARD", "metadata_name", "metadata_xml", "write_metadata"]

GMD = "http://www.isotc211.org/2005/gmd"
GCO = "http://www.isotc211.org/2005/gco"
GML = "http://www.opengis.net/gml/3.2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
# Where a catalogue finds the schema (it need not fetch it: the namespaces say which it is).
SCHEMA_LOCATION = f"{GMD} http://schemas.opengis.net/iso/19139/20070417/gmd/gmd.xsd"
CODE_LISTS = "http://standards.iso.org/iso/19139/resources/gmxCodelists.xml"
METADATA_STANDARD = ("ISO 19115:2003/19139", "1.0")
# ISO 639-2 language codes of the shipped locales.
LANGUAGE_CODES = {"zh_Hans": "zho", "zh_Hant": "zho", "en": "eng", "pt": "por"}
# Every exported file's format by its ending: (name, version).
FILE_FORMATS = {
    ".csv": ("CSV", "RFC 4180, UTF-8"),
    ".xlsx": ("XLSX", "ECMA-376"),
    ".geojson": ("GeoJSON", "RFC 7946"),
    ".gpkg": ("GeoPackage", "1.4"),
    ".shp": ("ESRI Shapefile", "1998"),
    ".shx": ("ESRI Shapefile", "1998"),
    ".dbf": ("ESRI Shapefile", "1998"),
    ".prj": ("ESRI Shapefile", "1998"),
    ".cpg": ("ESRI Shapefile", "1998"),
    ".html": ("HTML", "5"),
    ".pdf": ("PDF", "1.7"),
    ".png": ("PNG", "1.2"),
    ".json": ("JSON", "RFC 8259"),
    ".xml": ("XML", "1.0"),
}
TOPIC_CATEGORIES = ("society", "planningCadastre")
ABSTRACT = N_("The learning sites open in {year} in {city}, with the residents and elderly residents "
              "within a {minutes}-minute walk of each kind of site, per reporting unit and for the "
              "city, and what changed since the year before.")
LINEAGE = N_("Sites: the registry of learning sites as of {year}. Streets, paths, water and place "
             "names: OpenStreetMap ({attribution}), extract {source}. Residents: the population "
             "data the city was built with ({population} residents). Coverage: walks on the street "
             "network at {paces}.")
SOURCE_REGISTRY = N_("Registry of learning sites as of {year}")
SOURCE_OSM = N_("OpenStreetMap extract {source}, {attribution}, {url}")
SOURCE_POPULATION = N_("Residents from the population data the city was built with")
LICENCE = N_("OpenStreetMap data: {attribution}, Open Database Licence (ODbL) 1.0, {url}; the "
             "registry's data as its publisher states.")
REVIEW_NUMBER = N_("Map review number: {number}")
KEYWORDS = (N_("lifelong learning"), N_("learning map"), N_("15-minute learning circle"))

for prefix, uri in (("gmd", GMD), ("gco", GCO), ("gml", GML), ("xsi", XSI)):
    ET.register_namespace(prefix, uri)


def metadata_name(year: int) -> str:
    """The metadata file's name in the export folder."""
    return f"metadata-{year}.xml"


def write_metadata(city: CityBundle, folder: Path, *, year: int, title: str, when: datetime.datetime,
                   locale: str, files: list[str], publisher: str | None = None,
                   review_number: str | None = None, cgcs2000: bool = False,
                   boundary_note: str | None = None) -> str:
    """Write ``metadata-YEAR.xml`` into ``folder`` (describing ``files``); its name."""
    document = metadata_xml(city, year=year, title=title, when=when, locale=locale, files=files,
                            publisher=publisher, review_number=review_number, cgcs2000=cgcs2000,
                            boundary_note=boundary_note)
    name = metadata_name(year)
    with atomic_write(folder / name, "wb") as handle:
        handle.write(document)
    return name


def metadata_xml(city: CityBundle, *, year: int, title: str, when: datetime.datetime, locale: str,
                 files: list[str], publisher: str | None = None, review_number: str | None = None,
                 cgcs2000: bool = False, boundary_note: str | None = None) -> bytes:
    """
    The ISO 19139 document (UTF-8 bytes) of a yearly export.

    Parameters
    ----------
    city
        The city as of ``year`` (its sites, network and build metadata).
    year, title
        The export's year and title.
    when
        The export's fixed timestamp: the metadata's and the publication's date.
    locale
        The export's language: the document's texts and its ``language``.
    files
        Every file of the export (names relative to its folder).
    publisher, review_number
        The publisher (the point of contact) and the map review number (审图号), when given.
    cgcs2000
        Whether the sites were also written in CGCS2000 (EPSG:4490).
    boundary_note
        What the printed maps say of administrative boundaries (none drawn, or whose), added
        to the lineage (:meth:`~learning_map.export.print.boundaries.MapBoundaries.note`).
    """
    words = _Words(locale)
    date = when.date().isoformat()
    root = ET.Element(_gmd("MD_Metadata"), {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    _text(root, "fileIdentifier", str(uuid.uuid5(uuid.NAMESPACE_URL, f"learning-map:{city.name}:{year}")))
    _language(root, locale)
    _code(root, "characterSet", "MD_CharacterSetCode", "utf8")
    _code(root, "hierarchyLevel", "MD_ScopeCode", "dataset")
    _party(_sub(root, "contact"), publisher, "pointOfContact")
    ET.SubElement(_sub(root, "dateStamp"), _gco("Date")).text = date
    _text(root, "metadataStandardName", METADATA_STANDARD[0])
    _text(root, "metadataStandardVersion", METADATA_STANDARD[1])
    for code in ("EPSG:4326", *(["EPSG:4490"] if cgcs2000 else [])):
        identifier = _path(root, "referenceSystemInfo", "MD_ReferenceSystem", "referenceSystemIdentifier",
                           "RS_Identifier")
        _text(identifier, "code", code)
        _text(identifier, "codeSpace", "EPSG")
    _identification(_path(root, "identificationInfo", "MD_DataIdentification"), city, words, year=year,
                    title=title, date=date, publisher=publisher, review_number=review_number)
    _distribution(_path(root, "distributionInfo", "MD_Distribution"), files)
    _quality(_path(root, "dataQualityInfo", "DQ_DataQuality"), city, words, year=year,
             boundary_note=boundary_note)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


class _Words:
    """The document's texts in its one locale."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def __call__(self, msgid: str, **params: object) -> str:
        return gettext(msgid, locale=self.locale, **params)


def _identification(ident: ET.Element, city: CityBundle, words: _Words, *, year: int, title: str,
                    date: str, publisher: str | None, review_number: str | None) -> None:
    """Citation, abstract, contact, keywords, constraints, language, topics and extent, in the XSD's order."""
    citation = _path(ident, "citation", "CI_Citation")
    _text(citation, "title", title)
    ci_date = _path(citation, "date", "CI_Date")
    ET.SubElement(_sub(ci_date, "date"), _gco("Date")).text = date
    _code(ci_date, "dateType", "CI_DateTypeCode", "publication")
    _text(citation, "edition", str(year))
    if review_number:
        _text(_path(citation, "identifier", "MD_Identifier"), "code", review_number)
    if publisher:
        _party(_sub(citation, "citedResponsibleParty"), publisher, "publisher")
    if review_number:
        _text(citation, "otherCitationDetails", words(REVIEW_NUMBER, number=review_number))
    minutes = max(settings.WALK_MINUTES)
    place = city_name(city.name, words.locale)
    _text(ident, "abstract", words(ABSTRACT, year=str(year), city=place, minutes=f"{minutes:g}"))
    _party(_sub(ident, "pointOfContact"), publisher, "pointOfContact")
    present = [key for key in CATEGORIES if key in set(city.sites["category"])]
    _keywords(ident, [words(k) for k in KEYWORDS] + [CATEGORIES[k].label(words.locale) for k in present],
              "theme")
    _keywords(ident, [place], "place")
    legal = _path(ident, "resourceConstraints", "MD_LegalConstraints")
    _text(legal, "useLimitation", OSM_ATTRIBUTION)
    _code(legal, "useConstraints", "MD_RestrictionCode", "license")
    _text(legal, "otherConstraints", words(LICENCE, attribution=OSM_ATTRIBUTION, url=OSM_COPYRIGHT_URL))
    _code(ident, "spatialRepresentationType", "MD_SpatialRepresentationTypeCode", "vector")
    _language(ident, words.locale)
    _code(ident, "characterSet", "MD_CharacterSetCode", "utf8")
    for topic in TOPIC_CATEGORIES:
        ET.SubElement(_sub(ident, "topicCategory"), _gmd("MD_TopicCategoryCode")).text = topic
    _extent(_path(ident, "extent", "EX_Extent"), city, year)


def _extent(extent: ET.Element, city: CityBundle, year: int) -> None:
    """The WGS84 box of the street network and the sites, and the year."""
    west, south, east, north = lonlat_bounds(city)
    box = _path(extent, "geographicElement", "EX_GeographicBoundingBox")
    for name, value in (("westBoundLongitude", west), ("eastBoundLongitude", east),
                        ("southBoundLatitude", south), ("northBoundLatitude", north)):
        ET.SubElement(_sub(box, name), _gco("Decimal")).text = f"{value:.6f}"
    period = ET.SubElement(_path(extent, "temporalElement", "EX_TemporalExtent", "extent"),
                           f"{{{GML}}}TimePeriod", {f"{{{GML}}}id": f"year-{year}"})
    ET.SubElement(period, f"{{{GML}}}beginPosition").text = f"{year}-01-01"
    ET.SubElement(period, f"{{{GML}}}endPosition").text = f"{year}-12-31"


def lonlat_bounds(city: CityBundle) -> tuple[float, float, float, float]:
    """West, south, east, north (degrees, WGS84) of the street network and the sites."""
    network = city.network
    parts = [shapely.box(float(np.min(network.node_x)), float(np.min(network.node_y)),
                         float(np.max(network.node_x)), float(np.max(network.node_y)))]
    frame = gpd.GeoSeries(parts, crs=network.crs).to_crs(4326)
    boxes = [frame.total_bounds]
    if len(city.sites):
        boxes.append(city.sites.to_crs(4326).total_bounds)
    stacked = np.array(boxes)
    return (float(stacked[:, 0].min()), float(stacked[:, 1].min()),
            float(stacked[:, 2].max()), float(stacked[:, 3].max()))


def _distribution(distribution: ET.Element, files: list[str]) -> None:
    """Each format once, then every file by name."""
    formats = dict.fromkeys(file_format(name) for name in sorted(files))
    for name, version in formats:
        fmt = _path(distribution, "distributionFormat", "MD_Format")
        _text(fmt, "name", name)
        _text(fmt, "version", version)
    transfer = _path(distribution, "transferOptions", "MD_DigitalTransferOptions")
    for name in sorted(files):
        online = _path(transfer, "onLine", "CI_OnlineResource")
        ET.SubElement(_sub(online, "linkage"), _gmd("URL")).text = name
        _text(online, "name", name)
        _text(online, "description", file_format(name)[0])


def file_format(name: str) -> tuple[str, str]:
    """An exported file's format (name, version) by its ending."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return FILE_FORMATS.get(suffix, ("", ""))


def _quality(quality: ET.Element, city: CityBundle, words: _Words, *, year: int,
             boundary_note: str | None) -> None:
    """The scope and the lineage: what the data was made from."""
    _code(_path(quality, "scope", "DQ_Scope"), "level", "MD_ScopeCode", "dataset")
    lineage = _path(quality, "lineage", "LI_Lineage")
    meta = city.meta
    source = str(meta.get("source") or "")
    population = meta.get("population")
    paces = ", ".join(f"{v:g} km/h" for v in settings.PACE_KMH.values())
    statement = words(LINEAGE, year=str(year), attribution=OSM_ATTRIBUTION, source=source,
                      population=f"{population:,.0f}" if population else "–", paces=paces)
    _text(lineage, "statement", f"{statement} {boundary_note}" if boundary_note else statement)
    sources = [words(SOURCE_REGISTRY, year=str(year)),
               words(SOURCE_OSM, source=source, attribution=OSM_ATTRIBUTION, url=OSM_COPYRIGHT_URL)]
    if population:
        sources.append(words(SOURCE_POPULATION))
    for text in sources:
        _text(_path(lineage, "source", "LI_Source"), "description", text)


# -- small builders ------------------------------------------------------------------------------

def _gmd(name: str) -> str:
    return f"{{{GMD}}}{name}"


def _gco(name: str) -> str:
    return f"{{{GCO}}}{name}"


def _sub(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(parent, _gmd(name))


def _path(parent: ET.Element, *names: str) -> ET.Element:
    """Nested ``gmd`` elements (property, then its object, ...); the last one."""
    for name in names:
        parent = _sub(parent, name)
    return parent


def _text(parent: ET.Element, name: str, value: str) -> ET.Element:
    """``<gmd:name><gco:CharacterString>value</gco:CharacterString></gmd:name>``."""
    element = _sub(parent, name)
    ET.SubElement(element, _gco("CharacterString")).text = value
    return element


def _code(parent: ET.Element, name: str, code_list: str, value: str) -> None:
    """A code list value, with the ISO code list it comes from."""
    ET.SubElement(_sub(parent, name), _gmd(code_list),
                  {"codeList": f"{CODE_LISTS}#{code_list}", "codeListValue": value}).text = value


def _language(parent: ET.Element, locale: str) -> None:
    code = LANGUAGE_CODES.get(locale, "und")
    ET.SubElement(_sub(parent, "language"), _gmd("LanguageCode"),
                  {"codeList": "http://www.loc.gov/standards/iso639-2/", "codeListValue": code}).text = code


def _party(parent: ET.Element, organisation: str | None, role: str) -> None:
    """A responsible party: the organisation (missing when none was given) and its role."""
    party = _sub(parent, "CI_ResponsibleParty")
    if organisation:
        _text(party, "organisationName", organisation)
    else:  # the standard asks for a name; say it is missing rather than invent one
        _sub(party, "organisationName").set(_gco("nilReason"), "missing")
    _code(party, "role", "CI_RoleCode", role)


def _keywords(ident: ET.Element, words: list[str], kind: str) -> None:
    keywords = _path(ident, "descriptiveKeywords", "MD_Keywords")
    for word in words:
        _text(keywords, "keyword", word)
    _code(keywords, "type", "MD_KeywordTypeCode", kind)

