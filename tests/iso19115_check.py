"""
A schema check of ISO 19115 metadata encoded as ISO/TS 19139, written from the standards.

The official XSDs (schemas.opengis.net/iso/19139/20070417) are not shipped with the project,
so this check holds the parts of them a metadata record can get wrong, written from ISO
19115:2003 (Table A.1's obligations, and the conditions of its section 6.5) and the 19139
element order:

- MD_Metadata has ``contact`` (1..n), ``dateStamp`` (1) and ``identificationInfo`` (1..n),
  the three mandatory elements; ``language`` and ``characterSet`` (conditional: we always
  give them) and ``hierarchyLevel``; its children come in the XSD's sequence;
- every CI_ResponsibleParty has a ``role`` and a name (individual, organisation or position,
  ISO 19115 condition "count(individualName + organisationName + positionName) > 0");
- MD_DataIdentification has ``citation`` (title, and at least one CI_Date with a date and
  a dateType), ``abstract``, ``language``, and for a dataset ``topicCategory`` from the
  enumeration and an ``extent`` with a geographic bounding box (conditions of 6.5);
- EX_GeographicBoundingBox: four gco:Decimal values within -180..180 / -90..90, west <= east
  and south <= north; a temporal extent is a gml:TimePeriod with a gml:id;
- every MD_Format has a name and a version; every CI_OnlineResource a linkage URL;
- DQ_DataQuality has a scope with a level, LI_Lineage a statement or a source;
- every code list value has both ``codeList`` and ``codeListValue``; every
  gco:CharacterString has text, or its property says why not (``gco:nilReason``).

``LEARNING_MAP_ISO19139_XSD`` may name the folder of the official schemas (the one holding
``gmd/gmd.xsd``); with ``xmlschema`` installed the tests then validate against them as well.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

GMD = "http://www.isotc211.org/2005/gmd"
GCO = "http://www.isotc211.org/2005/gco"
GML = "http://www.opengis.net/gml/3.2"

# The sequences of ISO/TS 19139 (gmd), in order: a child out of order is an XSD error.
SEQUENCES = {
    "MD_Metadata": ("fileIdentifier", "language", "characterSet", "parentIdentifier", "hierarchyLevel",
                    "hierarchyLevelName", "contact", "dateStamp", "metadataStandardName",
                    "metadataStandardVersion", "dataSetURI", "locale", "spatialRepresentationInfo",
                    "referenceSystemInfo", "metadataExtensionInfo", "identificationInfo", "contentInfo",
                    "distributionInfo", "dataQualityInfo", "portrayalCatalogueInfo",
                    "metadataConstraints", "applicationSchemaInfo", "metadataMaintenance", "series",
                    "describes", "propertyType", "featureType", "featureAttribute"),
    "MD_DataIdentification": ("citation", "abstract", "purpose", "credit", "status", "pointOfContact",
                              "resourceMaintenance", "graphicOverview", "resourceFormat",
                              "descriptiveKeywords", "resourceSpecificUsage", "resourceConstraints",
                              "aggregationInfo", "spatialRepresentationType", "spatialResolution",
                              "language", "characterSet", "topicCategory", "environmentDescription",
                              "extent", "supplementalInformation"),
    "CI_Citation": ("title", "alternateTitle", "date", "edition", "editionDate", "identifier",
                    "citedResponsibleParty", "presentationForm", "series", "otherCitationDetails",
                    "collectiveTitle", "ISBN", "ISSN"),
    "CI_ResponsibleParty": ("individualName", "organisationName", "positionName", "contactInfo", "role"),
    "MD_LegalConstraints": ("useLimitation", "accessConstraints", "useConstraints", "otherConstraints"),
    "EX_GeographicBoundingBox": ("extentTypeCode", "westBoundLongitude", "eastBoundLongitude",
                                 "southBoundLatitude", "northBoundLatitude"),
    "MD_Format": ("name", "version", "amendmentNumber", "specification", "fileDecompressionTechnique",
                  "formatDistributor"),
    "CI_OnlineResource": ("linkage", "protocol", "applicationProfile", "name", "description", "function"),
    "DQ_DataQuality": ("scope", "report", "lineage"),
    "MD_Keywords": ("keyword", "type", "thesaurusName"),
    "RS_Identifier": ("authority", "code", "codeSpace", "version"),
    "LI_Lineage": ("statement", "processStep", "source"),
}
# Mandatory children (ISO 19115 obligation M, or a condition that holds for a dataset).
REQUIRED = {
    "MD_Metadata": ("language", "characterSet", "contact", "dateStamp", "identificationInfo"),
    "MD_DataIdentification": ("citation", "abstract", "language", "topicCategory", "extent"),
    "CI_Citation": ("title", "date"),
    "CI_Date": ("date", "dateType"),
    "CI_ResponsibleParty": ("role",),
    "MD_Format": ("name", "version"),
    "CI_OnlineResource": ("linkage",),
    "DQ_DataQuality": ("scope",),
    "DQ_Scope": ("level",),
    "MD_Keywords": ("keyword",),
    "RS_Identifier": ("code",),
    "EX_GeographicBoundingBox": ("westBoundLongitude", "eastBoundLongitude", "southBoundLatitude",
                                 "northBoundLatitude"),
}
TOPIC_CATEGORIES = {
    "farming", "biota", "boundaries", "climatologyMeteorologyAtmosphere", "economy", "elevation",
    "environment", "geoscientificInformation", "health", "imageryBaseMapsEarthCover",
    "intelligenceMilitary", "inlandWaters", "location", "oceans", "planningCadastre", "society",
    "structure", "transportation", "utilitiesCommunication",
}


def _local(element: ET.Element) -> tuple[str, str]:
    namespace, _, name = element.tag[1:].partition("}")
    return namespace, name


def iso19115_problems(document: bytes) -> list[str]:
    """What the document gets wrong against the check above; empty when it passes."""
    root = ET.fromstring(document)
    problems: list[str] = []
    if _local(root) != (GMD, "MD_Metadata"):
        return [f"root is {root.tag}, not gmd:MD_Metadata"]
    for element in root.iter():
        namespace, name = _local(element)
        if namespace != GMD:
            continue
        children = [_local(c)[1] for c in element if _local(c)[0] == GMD]
        if name in SEQUENCES:
            order = SEQUENCES[name]
            unknown = [c for c in children if c not in order]
            if unknown:
                problems.append(f"{name}: unexpected {unknown}")
            positions = [order.index(c) for c in children if c in order]
            if positions != sorted(positions):
                problems.append(f"{name}: children out of the schema's order: {children}")
        problems += [f"{name}: no {need}" for need in REQUIRED.get(name, ()) if need not in children]
        if name == "CI_ResponsibleParty" and not {"individualName", "organisationName", "positionName"} & set(children):
            problems.append("CI_ResponsibleParty names no one")
        is_code = name[0].isupper() and name.endswith("Code") and name != "MD_TopicCategoryCode"
        if is_code and not (element.get("codeList") and element.get("codeListValue")):
            problems.append(f"{name}: a code list value needs codeList and codeListValue")
        if name == "MD_TopicCategoryCode" and (element.text or "") not in TOPIC_CATEGORIES:
            problems.append(f"topic category {element.text!r} is not in the enumeration")
        if name == "EX_GeographicBoundingBox":
            problems += _box_problems(element)
        if name == "EX_TemporalExtent":
            period = element.find(f"{{{GMD}}}extent/{{{GML}}}TimePeriod")
            if period is None or not period.get(f"{{{GML}}}id"):
                problems.append("EX_TemporalExtent: no gml:TimePeriod with a gml:id")
        if name == "LI_Lineage" and not {"statement", "source", "processStep"} & set(children):
            problems.append("LI_Lineage: no statement, source or process step")
        if name == "CI_OnlineResource":
            url = element.find(f"{{{GMD}}}linkage/{{{GMD}}}URL")
            if url is None or not (url.text or "").strip():
                problems.append("CI_OnlineResource: empty linkage")
    for element in root.iter():
        kids = list(element)
        if _local(element)[0] == GMD and kids and _local(kids[0]) == (GCO, "CharacterString"):
            if not (kids[0].text or "").strip():
                problems.append(f"{_local(element)[1]}: empty text")
        elif (_local(element)[0] == GMD and not kids and not element.text
              and element.get(f"{{{GCO}}}nilReason") is None
              and _local(element)[1][0].islower()):  # a property element, empty without a reason
            problems.append(f"{_local(element)[1]}: empty without gco:nilReason")
    return problems


def _box_problems(box: ET.Element) -> list[str]:
    values = {}
    for name in ("westBoundLongitude", "eastBoundLongitude", "southBoundLatitude", "northBoundLatitude"):
        decimal = box.find(f"{{{GMD}}}{name}/{{{GCO}}}Decimal")
        if decimal is None:
            return [f"EX_GeographicBoundingBox: {name} is not a gco:Decimal"]
        values[name] = float(decimal.text)
    west, east = values["westBoundLongitude"], values["eastBoundLongitude"]
    south, north = values["southBoundLatitude"], values["northBoundLatitude"]
    out = []
    if not (-180 <= west <= east <= 180):
        out.append(f"bounding box longitudes {west}..{east}")
    if not (-90 <= south <= north <= 90):
        out.append(f"bounding box latitudes {south}..{north}")
    return out


def bounding_box(document: bytes) -> tuple[float, float, float, float]:
    """West, south, east, north of the document's bounding box."""
    root = ET.fromstring(document)
    box = next(root.iter(f"{{{GMD}}}EX_GeographicBoundingBox"))
    value = {name: float(box.find(f"{{{GMD}}}{name}/{{{GCO}}}Decimal").text)
             for name in ("westBoundLongitude", "southBoundLatitude", "eastBoundLongitude", "northBoundLatitude")}
    return (value["westBoundLongitude"], value["southBoundLatitude"], value["eastBoundLongitude"],
            value["northBoundLatitude"])


def xsd_problems(document: bytes, schema_folder: str) -> list[str]:
    """Validation against the official ISO 19139 XSDs in ``schema_folder`` (needs ``xmlschema``)."""
    import io
    from pathlib import Path

    import xmlschema

    schema = xmlschema.XMLSchema(str(Path(schema_folder) / "gmd" / "gmd.xsd"))
    return [f"{error.path}: {error.reason}" for error in schema.iter_errors(io.BytesIO(document))]
