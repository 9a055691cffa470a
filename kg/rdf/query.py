"""Run SPARQL against the store and print results (``kg query``)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

from kg.rdf.store import KGStore

__all__ = ["run_query", "resolve_query", "format_result", "saved_queries", "SavedQuery", "FORMATS",
           "apply_params"]

FORMATS = ("table", "csv", "tsv", "json")
from kg.paths import QUERY_DIR


@dataclass
class SavedQuery:
    name: str
    title: str
    description: str
    path: Path
    parameters: str = "none"

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def saved_queries() -> dict[str, SavedQuery]:
    """Saved queries shipped in ``kg/queries/*.rq`` (header comments: ``# title:``, ``# answers:``)."""
    out = {}
    for path in sorted(QUERY_DIR.glob("*.rq")):
        head = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"#\s*(\w+):\s*(.*)", line)
            if m:
                head[m[1].lower()] = m[2].strip()
            elif line.strip() and not line.startswith("#"):
                break
        out[path.stem] = SavedQuery(path.stem, head.get("title", path.stem), head.get("answers", ""), path,
                                      head.get("parameters", "none"))
    return out


def resolve_query(arg: str) -> str:
    """SPARQL text from a saved query name, a ``.rq`` file, or the argument itself."""
    saved = saved_queries()
    if arg in saved:
        return saved[arg].text
    if arg.endswith(".rq") or (len(arg) < 400 and "\n" not in arg and _is_file(arg)):
        p = Path(arg)
        if not _is_file(arg):
            raise FileNotFoundError(f"{arg}: no such query file")
        return p.read_text(encoding="utf-8")
    return arg


def _is_file(arg: str) -> bool:
    """Whether ``arg`` names a file; a long one-line query is no file name (and the OS says
    "File name too long" when asked, which must not crash ``kg query``)."""
    try:
        return Path(arg).is_file()
    except (OSError, ValueError):
        return False


def apply_params(sparql: str, params: dict[str, str]) -> str:
    """Set a query's parameters: each is a one-variable ``VALUES ?name { ... }`` block.

    Saved queries stay valid SPARQL with their defaults; a parameter replaces the
    default. A value that starts with http(s):// is an IRI, anything else a string.

    >>> apply_params('SELECT * WHERE { VALUES ?name { "Japan" } ?e ?p ?name }', {"name": "JP"})
    'SELECT * WHERE { VALUES ?name { "JP" } ?e ?p ?name }'
    >>> apply_params('SELECT * WHERE { { VALUES ?n { "a" } } UNION { VALUES ?n { "a" } } }', {"n": "b"})
    'SELECT * WHERE { { VALUES ?n { "b" } } UNION { VALUES ?n { "b" } } }'
    >>> apply_params('SELECT * WHERE { VALUES ?e { UNDEF } }', {"e": "http://example.org/x"})
    'SELECT * WHERE { VALUES ?e { <http://example.org/x> } }'
    """
    for name, value in params.items():
        pattern = re.compile(r"VALUES\s+\?" + re.escape(name) + r"\s*\{[^}]*\}")
        if not pattern.search(sparql):
            raise ValueError(f"the query has no parameter {name!r} (a VALUES ?{name} {{ ... }} block)")
        if re.match(r"https?://\S+$", value):
            term = URIRef(value).n3()
        else:
            term = Literal(value).n3()
        # every block of that name (a query may resolve a name in each branch of a UNION)
        sparql = pattern.sub(lambda m: f"VALUES ?{name} {{ {term} }}", sparql)
    return sparql


def run_query(store: KGStore, sparql: str, *, base: str | None = None) -> Result:
    """Run ``sparql`` with SPARQL dataset semantics (see :meth:`KGStore.query`): the query's
    ``FROM``/``FROM NAMED`` are honoured, else the default graph is the union of all graphs;
    relative IRIs resolve against ``base`` (default ``https://w3id.org/diplokg/``)."""
    return store.query(sparql, base=base)


def _cell(term) -> str:
    if term is None:
        return ""
    return str(term)


def format_result(result: Result, fmt: str = "table", width: int | None = 60) -> str:
    """The result as text; a table clips cells to ``width`` characters (None: full text)."""
    if result.type == "ASK":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": bool(result.askAnswer)})
        return "true" if result.askAnswer else "false"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    names = [str(v) for v in result.vars]
    rows = [list(r) for r in result]
    if fmt == "json":
        return json.dumps(_results_json(names, rows), ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        if fmt == "csv":
            w = csv.writer(buf, lineterminator="\r\n")
            w.writerow(names)
            for r in rows:
                w.writerow([_cell(t) for t in r])
        else:
            buf.write("\t".join("?" + n for n in names) + "\n")
            for r in rows:
                buf.write("\t".join("" if t is None else _tsv_term(t) for t in r) + "\n")
        return buf.getvalue()
    return _table(names, [[_cell(t) for t in r] for r in rows], width)


def _tsv_term(t) -> str:
    return t.n3().replace("\t", "\\t").replace("\n", "\\n")


def _results_json(names, rows) -> dict:
    bindings = []
    for r in rows:
        b = {}
        for n, t in zip(names, r):
            if t is None:
                continue
            if isinstance(t, URIRef):
                b[n] = {"type": "uri", "value": str(t)}
            elif isinstance(t, BNode):
                b[n] = {"type": "bnode", "value": str(t)}
            elif isinstance(t, Literal):
                d = {"type": "literal", "value": str(t)}
                if t.language:
                    d["xml:lang"] = t.language
                elif t.datatype:
                    d["datatype"] = str(t.datatype)
                b[n] = d
        bindings.append(b)
    return {"head": {"vars": names}, "results": {"bindings": bindings}}


def _table(names: list[str], rows: list[list[str]], width: int | None = 60) -> str:
    def clip(s: str) -> str:
        s = s.replace("\n", " ")
        return s if width is None or len(s) <= width else s[: width - 1] + "…"

    cells = [[clip(c) for c in r] for r in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    line = " | ".join(n.ljust(w) for n, w in zip(names, widths))
    out = [line, "-+-".join("-" * w for w in widths)]
    out += [" | ".join(c.ljust(w) for c, w in zip(r, widths)) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
