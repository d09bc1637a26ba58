"""The vocabularies the graph uses, defined once. Terms of our own live in
`ontology/kg.ttl`; `tests/test_namespace.py` checks that every `KG.term` the
code uses is declared there."""
from __future__ import annotations

import os

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD


class _Terms(Namespace):
    """A Namespace that makes each term once: rdflib's makes a new URIRef on every attribute
    access (~2 µs), and building a corpus's graph reads the same few terms millions of times."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):  # as rdflib's: no dunder terms (pickle, copy)
            raise AttributeError(name)
        term = self.__dict__[name] = URIRef(str(self) + name)
        return term


KG = _Terms("https://w3id.org/vn-kg/ontology#")
ELI = _Terms("http://data.europa.eu/eli/ontology#")
ORG = _Terms("http://www.w3.org/ns/org#")

# Where resource IRIs live ("…/id/doc/2011/43-2011-nd-cp"); `KG_BASE` changes it.
DEFAULT_BASE = "https://w3id.org/vn-kg/id/"


def base_iri() -> str:
    """The configured base for resource IRIs (environment `KG_BASE`, else the default)."""
    base = os.environ.get("KG_BASE", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


PREFIXES = {"kg": KG, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS,
            "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD}
