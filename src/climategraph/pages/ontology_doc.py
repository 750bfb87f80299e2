"""The ontology's documentation page (``out/ontology.html``): every class and
property of ``ontology/climategraph.ttl`` with its English and Korean labels and
definitions, domain, range and alignments to standard vocabularies, the closed
lists of individuals, and the SKOS topics of ``ontology/topics.ttl``.

One self-contained HTML file: inline CSS, no script, no external resource (a
Content-Security-Policy forbids loading any), so it opens offline; deterministic.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from climategraph.fileio import atomic_write
from climategraph.store.project import ontology_files

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

CG = "https://w3id.org/climategraph/ontology#"
ONTOLOGY = "https://w3id.org/climategraph/ontology"

#: alignment predicates shown for a term, with how the page names them
ALIGNMENTS = (
    ("http://www.w3.org/2000/01/rdf-schema#subClassOf", "subclass of"),
    ("http://www.w3.org/2002/07/owl#equivalentClass", "equivalent class"),
    ("http://www.w3.org/2000/01/rdf-schema#subPropertyOf", "subproperty of"),
    ("http://www.w3.org/2002/07/owl#equivalentProperty", "equivalent property"),
    ("http://www.w3.org/2002/07/owl#inverseOf", "inverse of"),
    ("http://www.w3.org/2004/02/skos/core#exactMatch", "exact match"),
    ("http://www.w3.org/2000/01/rdf-schema#seeAlso", "see also"),
)

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;
color:#222}
h1{margin-bottom:.2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 2rem}
th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}code{font-size:90%;background:#f6f6f6;padding:0 .2rem}
.ko{color:#444}dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}
dl.meta dt{font-weight:600}nav a{margin-right:1rem}
"""


def ontology_page(graph: Graph | None = None) -> str:
    """The page's HTML, from ``graph`` (default: the ontology and topic files)."""
    if graph is None:
        from rdflib import Graph as RdfGraph

        graph = RdfGraph()
        for path in ontology_files():
            graph.parse(path)
    doc = _Doc(graph)
    body = [doc.header(), doc.nav(), doc.classes(), doc.properties(), doc.topics()]
    title = doc.text(doc.ref(ONTOLOGY), "dct:title", "en") or "climategraph ontology"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'\">\n"
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n</body>\n</html>\n"
    )


def write_ontology_page(path: str | Path, graph: Graph | None = None) -> Path:
    """Write :func:`ontology_page` to ``path`` atomically."""
    return atomic_write(path, ontology_page(graph).encode("utf-8"))


class _Doc:
    """The page's parts, read from the ontology graph."""

    def __init__(self, graph: Graph) -> None:
        from rdflib import Namespace

        self.g = graph
        self.ns = {p: Namespace(str(n)) for p, n in graph.namespaces()}
        self.prefixes = sorted(((str(n), p) for p, n in graph.namespaces() if p),
                               key=lambda x: -len(x[0]))
        self.anchors = {str(t): "class" for t in self._terms("owl:Class")}
        self.anchors.update((str(t), "prop") for t in self._terms(
            "owl:ObjectProperty", "owl:DatatypeProperty"))

    def ref(self, iri: str) -> Any:
        from rdflib import URIRef

        return URIRef(iri)

    def pred(self, curie: str) -> Any:
        prefix, local = curie.split(":", 1)
        return self.ns[prefix][local]

    def text(self, subject: Node, curie: str, lang: str) -> str:
        """``subject``'s ``curie`` values in ``lang``, joined."""
        values = sorted(str(o) for o in self.g.objects(subject, self.pred(curie))
                        if getattr(o, "language", None) == lang)
        return " / ".join(values)

    def short(self, node: Node) -> str:
        """A term as HTML: a link within the page for cg: terms, a prefixed name else;
        an anonymous union or inverse spelled out."""
        from rdflib import BNode

        if isinstance(node, BNode):
            return self._anonymous(node)
        iri = str(node)
        if iri in self.anchors:
            local = escape(iri[len(CG):])
            return f'<a href="#{self.anchors[iri]}-{local}"><code>cg:{local}</code></a>'
        for ns, prefix in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"<code>{escape(prefix)}:{escape(iri[len(ns):])}</code>"
        return f"<code>{escape(iri)}</code>"

    def _anonymous(self, node: Node) -> str:
        from rdflib.collection import Collection

        for curie, word in (("owl:unionOf", " or "), ("owl:oneOf", ", ")):
            members = self.g.value(node, self.pred(curie))
            if members is not None:
                return word.join(self.short(m) for m in Collection(self.g, members))
        inverse = self.g.value(node, self.pred("owl:inverseOf"))
        if inverse is not None:
            return f"inverse of {self.short(inverse)}"
        return "<code>[ ]</code>"

    def header(self) -> str:
        onto = self.ref(ONTOLOGY)
        rows = []
        for label, curie in (("Version", "owl:versionInfo"), ("Version IRI", "owl:versionIRI"),
                             ("Licence", "dct:license"), ("Creator", "dct:creator"),
                             ("Preferred prefix", "vann:preferredNamespacePrefix"),
                             ("Namespace", "vann:preferredNamespaceUri")):
            if curie.split(":")[0] not in self.ns:
                continue
            values = sorted(str(o) for o in self.g.objects(onto, self.pred(curie)))
            if values:
                rows.append(f"<dt>{label}</dt><dd><code>{escape(', '.join(values))}</code></dd>")
        return (
            f"<h1>{escape(self.text(onto, 'dct:title', 'en'))}</h1>\n"
            f"<p class=\"ko\" lang=\"ko\">{escape(self.text(onto, 'dct:title', 'ko'))}</p>\n"
            f"<p>{escape(self.text(onto, 'dct:description', 'en'))}</p>\n"
            f"<p class=\"ko\" lang=\"ko\">{escape(self.text(onto, 'dct:description', 'ko'))}</p>\n"
            f"<dl class=\"meta\">{''.join(rows)}</dl>"
        )

    def nav(self) -> str:
        return ('<nav><a href="#classes">Classes 클래스</a><a href="#properties">Properties '
                '속성</a><a href="#topics">Topics 주제</a></nav>')

    def _terms(self, *types: str) -> list[Node]:
        from rdflib import RDF

        found = {s for t in types for s in self.g.subjects(RDF.type, self.pred(t))
                 if str(s).startswith(CG)}
        return sorted(found, key=str)

    def _row(self, term: Node, anchor: str, extra: list[str]) -> str:
        labels = (f"<td>{escape(self.text(term, 'rdfs:label', 'en'))}</td>"
                  f"<td lang=\"ko\">{escape(self.text(term, 'rdfs:label', 'ko'))}</td>")
        comments = (f"<td>{escape(self.text(term, 'rdfs:comment', 'en'))}"
                    f"<p class=\"ko\" lang=\"ko\">{escape(self.text(term, 'rdfs:comment', 'ko'))}"
                    "</p></td>")
        cells = "".join(f"<td>{cell}</td>" for cell in extra)
        return (f'<tr id="{anchor}"><td>{self.short(term)}</td>{labels}{comments}{cells}'
                f"<td>{self.alignments(term)}</td></tr>")

    def alignments(self, term: Node) -> str:
        parts = []
        for iri, word in ALIGNMENTS:
            for o in sorted(self.g.objects(term, self.ref(iri)), key=str):
                parts.append(f"{word} {self.short(o)}")
        return "<br>".join(parts)

    def classes(self) -> str:
        rows = []
        for term in self._terms("owl:Class"):
            members = sorted(str(s) for s in self.g.subjects(self.pred("rdf:type"), term)
                              if str(s).startswith(CG))
            listed = ", ".join(self.short(self.ref(m)) for m in members)
            rows.append(self._row(term, f"class-{escape(str(term)[len(CG):])}", [listed]))
        head = ("<tr><th>Class</th><th>English</th><th>한국어</th><th>Definition 정의</th>"
                "<th>Individuals 개체</th><th>Alignments 정렬</th></tr>")
        return (f'<h2 id="classes">Classes 클래스 ({len(rows)})</h2>\n'
                f'<table class="classes">{head}\n' + "\n".join(rows) + "</table>")

    def properties(self) -> str:
        rows = []
        for term in self._terms("owl:ObjectProperty", "owl:DatatypeProperty"):
            kinds = {str(t).rsplit("#", 1)[-1] for t in self.g.objects(term,
                                                                       self.pred("rdf:type"))}
            kind = "object" if "ObjectProperty" in kinds else "datatype"
            domain, range_ = (", ".join(self.short(o) for o in self.g.objects(term, self.pred(c)))
                              for c in ("rdfs:domain", "rdfs:range"))
            rows.append(self._row(term, f"prop-{escape(str(term)[len(CG):])}",
                                  [kind, domain, range_]))
        head = ("<tr><th>Property</th><th>English</th><th>한국어</th><th>Definition 정의</th>"
                "<th>Kind</th><th>Domain</th><th>Range</th><th>Alignments 정렬</th></tr>")
        return (f'<h2 id="properties">Properties 속성 ({len(rows)})</h2>\n'
                f'<table class="properties">{head}\n' + "\n".join(rows) + "</table>")

    def topics(self) -> str:
        from rdflib import RDF

        concept = self.pred("skos:Concept")
        rows = []
        for term in sorted(self.g.subjects(RDF.type, concept), key=str):
            if not str(term).startswith("https://w3id.org/climategraph/topic/"):
                continue
            broader = ", ".join(self.short(o) for o in self.g.objects(term,
                                                                      self.pred("skos:broader")))
            rows.append(
                f'<tr id="topic-{escape(str(term).rsplit("/", 1)[-1])}"><td>{self.short(term)}'
                f"</td><td>{escape(self.text(term, 'skos:prefLabel', 'en'))}</td>"
                f"<td lang=\"ko\">{escape(self.text(term, 'skos:prefLabel', 'ko'))}</td>"
                f"<td>{escape(self.text(term, 'skos:definition', 'en'))}<p class=\"ko\" "
                f"lang=\"ko\">{escape(self.text(term, 'skos:definition', 'ko'))}</p></td>"
                f"<td>{broader}</td></tr>"
            )
        head = ("<tr><th>Topic</th><th>English</th><th>한국어</th><th>Definition 정의</th>"
                "<th>Broader 상위</th></tr>")
        return (f'<h2 id="topics">Topics 주제 ({len(rows)})</h2>\n'
                f'<table class="topics">{head}\n' + "\n".join(rows) + "</table>")
