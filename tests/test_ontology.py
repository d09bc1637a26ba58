"""The ontology (ontology/kg.ttl) and its SHACL shapes (ontology/shapes.ttl).

Every kg: term is labelled and defined in both languages, the shapes use only
declared terms, a small real data graph conforms, and each broken variant of it
fails on the node that is wrong.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
KG = Namespace("https://w3id.org/vn-kg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
EX = Namespace("https://example.org/vn/")


def _load(name: str) -> Graph:
    return Graph().parse(ONTOLOGY_DIR / name, format="turtle")


# Parsed once per module; tests never modify these two graphs.
ONTOLOGY = _load("kg.ttl")
SHAPES = _load("shapes.ttl")

# The 1908/QĐ-UBND sentence of the Quảng Ninh seed report (231/BC-STTTT, 2013),
# at its real offsets in shared/corpus/seeds/quang-ninh-2013-231-BC-STTTT.txt.
SENTENCE = (
    "Đến nay, UBND tỉnh đã phê duyệt 02 Quy hoạch: Quy hoạch phát triển ứng dụng công nghệ "
    "thông tin tỉnh Quảng Ninh đến năm 2020, tầm nhìn đến năm 2030 được phê duyệt tại Quyết "
    "định số 1908/QĐ-UBND ngày 30/7/2013 và Quy hoạch phát triển Báo chí xuất bản tỉnh Quảng "
    "Ninh đến năm 2020 và định hướng đến năm 2030 được phê duyệt tại Quyết định số "
    "2103/QĐ-UBND ngày 16/8/2013."
)
START = 16978

GOOD = f"""
@prefix kg: <{KG}> .
@prefix ex: <{EX}> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:src-231 a kg:SourceReport ;
    kg:fileName "quang-ninh-2013-231-BC-STTTT.txt" ;
    kg:sha256 "c09e4049053c774f7b6441dcdf5f018349c47eca7c5fd8c6fe3e005bc467529b" .
ex:graph-231 a kg:SourceGraph ; prov:wasDerivedFrom ex:src-231 ;
    prov:generatedAtTime "2025-11-22T06:00:00Z"^^xsd:dateTime .

ex:quang-ninh a kg:Province ; skos:prefLabel "Quảng Ninh"@vi ; skos:inScheme kg:ProvinceScheme .
ex:ubnd-quang-ninh a kg:StateAgency ; kg:name "Ủy ban nhân dân tỉnh Quảng Ninh" ;
    rdfs:label "Ủy ban nhân dân tỉnh Quảng Ninh"@vi ; kg:province ex:quang-ninh .
ex:bo-chinh-tri a kg:PartyAgency ; kg:name "Bộ Chính trị" ; rdfs:label "Bộ Chính trị"@vi .

ex:bc-231-2013 a kg:AdministrativeDocument ; kg:number "231/BC-STTTT" ; kg:basedOn ex:nd-43-2011 .
ex:nd-43-2011 a kg:NormativeDocument ; kg:number "43/2011/NĐ-CP" ; kg:year 2011 ;
    kg:documentKind kg:doctype-nghi-dinh .
ex:qd-1908-2013 a kg:AdministrativeDocument ; kg:number "1908/QĐ-UBND" ;
    kg:dateIssued "2013-07-30"^^xsd:date ; kg:issuedBy ex:ubnd-quang-ninh .
ex:nq-36-2014 a kg:PartyDocument ; kg:number "36-NQ/TW" ; kg:issuedBy ex:bo-chinh-tri .

ex:qh-cntt a kg:Initiative ; kg:initiativeKind kg:initiative-quy-hoach ;
    kg:name "Quy hoạch phát triển ứng dụng công nghệ thông tin tỉnh Quảng Ninh đến năm 2020, tầm nhìn đến năm 2030" ;
    kg:approvedBy ex:qd-1908-2013 .

ex:ev-1 a kg:Evidence ; rdf:subject ex:qh-cntt ; rdf:predicate kg:approvedBy ;
    rdf:object ex:qd-1908-2013 ; kg:sentence "{SENTENCE}" ;
    kg:start {START} ; kg:end {START + len(SENTENCE)} ; kg:source ex:src-231 .
"""


def _good() -> Graph:
    return Graph().parse(data=GOOD, format="turtle")


def _shacl(data: Graph) -> tuple[bool, set[URIRef]]:
    """Validate `data`; give whether it conforms and the focus nodes of the violations."""
    conforms, report, _ = validate(
        data, shacl_graph=SHAPES, ont_graph=ONTOLOGY, inference="none", allow_warnings=False
    )
    return conforms, set(report.objects(None, SH.focusNode))


# ─── 1. both files parse ───

def test_files_parse():
    assert (None, RDF.type, OWL.Ontology) in ONTOLOGY
    assert len(SHAPES) > 0
    header = ONTOLOGY.value(predicate=RDF.type, object=OWL.Ontology)
    assert str(ONTOLOGY.value(header, OWL.versionInfo)) == "0.1.0"
    assert {t.language for t in ONTOLOGY.objects(header, DCTERMS.title)} == {"vi", "en"}
    assert not list(ONTOLOGY.objects(header, OWL.imports)), "offline: no owl:imports"


# ─── 2. every kg: term is labelled and defined in Vietnamese and English ───

def _kg_terms() -> list[URIRef]:
    return sorted(s for s in set(ONTOLOGY.subjects(RDF.type, None))
                  if isinstance(s, URIRef) and s.startswith(str(KG)))


def _languages(term: URIRef, prop: URIRef) -> set[str | None]:
    return {o.language for o in ONTOLOGY.objects(term, prop) if isinstance(o, Literal)}


@pytest.mark.parametrize("term", _kg_terms(), ids=lambda t: t.removeprefix(str(KG)))
def test_term_is_labelled_and_defined(term):
    is_concept = any(ONTOLOGY.objects(term, SKOS.inScheme))
    label = SKOS.prefLabel if is_concept else RDFS.label
    assert _languages(term, label) >= {"vi", "en"}
    assert _languages(term, SKOS.definition) >= {"vi", "en"}


def test_vocabulary_is_not_empty():
    assert len(_kg_terms()) > 60
    assert len(set(ONTOLOGY.subjects(RDF.type, KG.DocumentKind))) >= 25
    assert len(set(ONTOLOGY.subjects(RDF.type, KG.InitiativeKind))) == 7


# ─── 3. shapes use only declared terms, and every class has a shape ───

def test_shapes_use_only_declared_terms():
    declared = set(_kg_terms())
    used = {t for triple in SHAPES for t in triple
            if isinstance(t, URIRef) and t.startswith(str(KG))}
    assert used, "the shapes should talk about kg: terms"
    assert used - declared == set()


@pytest.mark.parametrize(
    "cls", sorted(c for c in ONTOLOGY.subjects(RDF.type, OWL.Class)
                  if isinstance(c, URIRef) and c.startswith(str(KG))),
    ids=lambda t: t.removeprefix(str(KG)))
def test_every_class_has_a_shape(cls):
    assert (None, SH.targetClass, cls) in SHAPES


# ─── alignment to the standards (ELI, ORG, PROV-O, SKOS, DCTERMS) ───

ALIGNMENT = [
    # (kg term, relation, standard term)
    (KG.Document, RDFS.subClassOf, ELI.Work),
    (KG.NormativeDocument, RDFS.subClassOf, ELI.LegalResource),
    (KG.Initiative, RDFS.subClassOf, PROV.Plan),
    (KG.Agency, RDFS.subClassOf, ORG.Organization),
    (KG.SourceReport, RDFS.subClassOf, PROV.Entity),
    (KG.Evidence, RDFS.subClassOf, PROV.Entity),
    (KG.Province, RDFS.subClassOf, SKOS.Concept),
    (KG.DocumentKind, RDFS.subClassOf, ELI.ResourceType),
    (KG.basedOn, RDFS.subPropertyOf, ELI.based_on),
    (KG.amends, RDFS.subPropertyOf, ELI.amends),
    (KG.repeals, RDFS.subPropertyOf, ELI.repeals),
    (KG.replaces, RDFS.subPropertyOf, DCTERMS.replaces),
    (KG.replaces, RDFS.subPropertyOf, ELI.changes),
    (KG.issuedBy, RDFS.subPropertyOf, ELI.passed_by),
    (KG.dateIssued, RDFS.subPropertyOf, ELI.date_document),
    (KG.dateIssued, RDFS.subPropertyOf, DCTERMS.issued),
    (KG.number, RDFS.subPropertyOf, ELI.id_local),
    (KG.number, RDFS.subPropertyOf, DCTERMS.identifier),
    (KG.documentKind, RDFS.subPropertyOf, ELI.type_document),
    (KG.name, RDFS.subPropertyOf, DCTERMS.title),
    (KG.source, RDFS.subPropertyOf, DCTERMS.source),
    (KG.basedOn, RDFS.subPropertyOf, KG.dependsOn),
    (KG.approvedBy, RDFS.subPropertyOf, KG.dependsOn),
    (KG.partOf, RDFS.subPropertyOf, KG.dependsOn),
]


@pytest.mark.parametrize("s, p, o", ALIGNMENT, ids=lambda t: t.n3(ONTOLOGY.namespace_manager))
def test_alignment(s, p, o):
    assert (s, p, o) in ONTOLOGY


def test_depends_on_is_not_declared_transitive():
    assert (KG.dependsOn, RDF.type, OWL.TransitiveProperty) not in ONTOLOGY


def test_schemes_are_declared():
    for scheme in (KG.DocumentKindScheme, KG.InitiativeKindScheme, KG.ProvinceScheme):
        assert (scheme, RDF.type, SKOS.ConceptScheme) in ONTOLOGY
    assert (KG.mergedInto, RDFS.range, KG.Province) in ONTOLOGY


# ─── 5. disjointness ───

def _all_disjoint() -> list[set[URIRef]]:
    groups = []
    for node in ONTOLOGY.subjects(RDF.type, OWL.AllDisjointClasses):
        members = ONTOLOGY.value(node, OWL.members)
        groups.append(set(ONTOLOGY.items(members)))
    return groups


def test_documents_and_initiatives_are_disjoint():
    assert (KG.Document, OWL.disjointWith, KG.Initiative) in ONTOLOGY


def test_document_categories_are_disjoint():
    wanted = {KG.NormativeDocument, KG.AdministrativeDocument, KG.PartyDocument}
    assert wanted in _all_disjoint()


def test_only_normative_documents_are_legal_resources():
    assert (KG.Document, RDFS.subClassOf, ELI.LegalResource) not in ONTOLOGY
    for cls in (KG.AdministrativeDocument, KG.PartyDocument):
        assert (cls, RDFS.subClassOf, ELI.LegalResource) not in ONTOLOGY
        assert (cls, RDFS.subClassOf, KG.Document) in ONTOLOGY


# ─── 4. a real data graph conforms; broken variants fail where they are wrong ───

def test_fixture_offsets_are_real():
    corpus = Path(__file__).resolve().parents[2] / "shared/corpus/seeds/quang-ninh-2013-231-BC-STTTT.txt"
    if not corpus.exists():
        pytest.skip("shared corpus not present")
    text = corpus.read_text(encoding="utf-8")
    assert text[START:START + len(SENTENCE)] == SENTENCE


def test_good_fixture_conforms():
    data = _good()
    assert 20 <= len(data) <= 45
    conforms, focus = _shacl(data)
    assert conforms, focus


def test_ontology_concepts_conform():
    """The concepts declared in kg.ttl meet their own shapes."""
    conforms, focus = _shacl(Graph())
    assert conforms, focus


END = START + len(SENTENCE)
BROKEN = {
    # name: (triples to remove, triples to add, the node the violation is about)
    "start is a string": (
        [(EX["ev-1"], KG.start, Literal(START))],
        [(EX["ev-1"], KG.start, Literal(str(START)))], EX["ev-1"]),
    "end before start": (
        [(EX["ev-1"], KG.end, Literal(END))],
        [(EX["ev-1"], KG.end, Literal(START - 1))], EX["ev-1"]),
    "offsets do not fit the sentence": (
        [(EX["ev-1"], KG.end, Literal(END))],
        [(EX["ev-1"], KG.end, Literal(END + 1))], EX["ev-1"]),
    "evidence without source": (
        [(EX["ev-1"], KG.source, EX["src-231"])], [], EX["ev-1"]),
    "initiative without a name": (
        [(EX["qh-cntt"], KG.name, None)], [], EX["qh-cntt"]),
    "initiative without a kind": (
        [(EX["qh-cntt"], KG.initiativeKind, None)], [], EX["qh-cntt"]),
    "approvedBy points at an agency": (
        [(EX["qh-cntt"], KG.approvedBy, None)],
        [(EX["qh-cntt"], KG.approvedBy, EX["ubnd-quang-ninh"])], EX["qh-cntt"]),
    "partOf points at a document": (
        [], [(EX["qh-cntt"], KG.partOf, EX["qd-1908-2013"])], EX["qh-cntt"]),
    "issuedBy points at a document": (
        [(EX["qd-1908-2013"], KG.issuedBy, None)],
        [(EX["qd-1908-2013"], KG.issuedBy, EX["nq-36-2014"])], EX["qd-1908-2013"]),
    "document approvedBy": (
        [], [(EX["bc-231-2013"], KG.approvedBy, EX["qd-1908-2013"])], EX["bc-231-2013"]),
    "Party document also normative": (
        [], [(EX["nq-36-2014"], RDF.type, KG.NormativeDocument)], EX["nq-36-2014"]),
    "initiative also a document": (
        [], [(EX["qh-cntt"], RDF.type, KG.Document)], EX["qh-cntt"]),
    "two document kinds": (
        [], [(EX["nd-43-2011"], KG.documentKind, KG["doctype-luat"])], EX["nd-43-2011"]),
    "date is a string": (
        [(EX["qd-1908-2013"], KG.dateIssued, None)],
        [(EX["qd-1908-2013"], KG.dateIssued, Literal("30/7/2013"))], EX["qd-1908-2013"]),
    "number with a space": (
        [(EX["nd-43-2011"], KG.number, None)],
        [(EX["nd-43-2011"], KG.number, Literal("43/2011/ NĐ-CP"))], EX["nd-43-2011"]),
    "document without a key": (
        [(EX["nd-43-2011"], KG.number, None)], [], EX["nd-43-2011"]),
    "agency without a label": (
        [(EX["bo-chinh-tri"], RDFS.label, None)], [], EX["bo-chinh-tri"]),
    "hash is not hex": (
        [(EX["src-231"], KG.sha256, None)],
        [(EX["src-231"], KG.sha256, Literal("C09E4049"))], EX["src-231"]),
    "graph without ingestion time": (
        [(EX["graph-231"], PROV.generatedAtTime, None)], [], EX["graph-231"]),
    "province code malformed": (
        [], [(EX["quang-ninh"], SKOS.notation, Literal("QN"))], EX["quang-ninh"]),
    "province without a Vietnamese label": (
        [(EX["quang-ninh"], SKOS.prefLabel, None)],
        [(EX["quang-ninh"], SKOS.prefLabel, Literal("Quang Ninh", lang="en"))], EX["quang-ninh"]),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_fixture_fails_on_the_right_node(name):
    remove, add, focus = BROKEN[name]
    data = _good()
    for pattern in remove:
        assert any(data.triples(pattern)), pattern
        data.remove(pattern)
    for triple in add:
        data.add(triple)
    conforms, focus_nodes = _shacl(data)
    assert not conforms
    assert focus_nodes == {focus}


def test_subclass_instances_meet_superclass_shapes():
    """The ontology's rdfs:subClassOf lets the kg:Document shape reach a kg:NormativeDocument."""
    data = _good()
    data.add((EX["nd-43-2011"], KG.year, Literal("2011")))
    assert _shacl(data) == (False, {EX["nd-43-2011"]})
