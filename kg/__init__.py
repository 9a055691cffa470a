"""diplokg: diplomatic briefings into an RDF knowledge graph.

The Python API for notebooks is :mod:`kg.api`: ``kg.open_store(path)`` gives a
:class:`~kg.api.Store` whose queries come back as pandas DataFrames and whose views are
networkx graphs.
"""

__version__ = "0.1.0"

from kg.api import Store, open_store  # noqa: E402  (light: imports nothing heavy until used)

__all__ = ["open_store", "Store", "__version__"]
