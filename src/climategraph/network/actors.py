"""Actor nodes for the networks: label, most specific class, country and coordinates
of each actor, read in bulk from the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from climategraph.store.labels import Facts, _most_specific

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Graph


def add_actor_nodes(graph: Graph, G: nx.Graph, nodes: Sequence[str]) -> None:
    """Add the actors with their labels, kind, country and coordinates."""
    from climategraph.namespaces import CG, GEO
    facts = Facts(graph)
    kinds = _most_specific(graph)
    for node in nodes:
        label_en, label_ko = facts.labels(node)
        country = facts.value(node, str(CG.inCountry))
        attrs: dict[str, Any] = {
            "label_en": label_en,
            "label_ko": label_ko,
            "kind": kinds.get(node, "Organisation"),
            "country": facts.label_of_value(country, "en") if country is not None else "",
            "country_iri": country[0] if country is not None else "",
        }
        lat, lon = facts.value(node, str(GEO.lat)), facts.value(node, str(GEO.long))
        if lat is not None and lon is not None:
            attrs["lat"], attrs["lon"] = float(lat[0]), float(lon[0])
        G.add_node(node, **attrs)
