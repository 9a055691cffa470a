"""A third-party source format registers exactly as diplokg's own do: an entry point in the group
``diplokg.sources`` of an installed distribution's metadata. The example is docs/example_ministry.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"

BRIEFING = """2024-05-02 Press briefing by the Ministry of Foreign Affairs spokesperson
ANSWER: Good afternoon. The Minister will visit Jakarta next week.
QUESTION: Will she meet her Japanese counterpart?
ANSWER: Yes, on Tuesday. Japan is a close partner.
"""


def _site(tmp_path: Path) -> Path:
    """A folder on sys.path holding the example module and a dist-info with its entry point,
    which is what `pip install` of a package declaring the entry point leaves behind."""
    site = tmp_path / "site"
    dist = site / "example_ministry-0.1.dist-info"
    if dist.is_dir():
        return site
    dist.mkdir(parents=True)
    (site / "example_ministry.py").write_text((DOCS / "example_ministry.py").read_text(encoding="utf-8"))
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: example-ministry\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[diplokg.sources]\nexample-ministry = example_ministry:FORMAT\n")
    return site


def _kg(tmp_path: Path, *args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(_site(tmp_path)), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=300)


def test_an_installed_plugin_is_listed_and_builds(tmp_path):
    listed = json.loads(_kg(tmp_path, "sources", "--json").stdout)
    names = [f["name"] for f in listed]
    assert "example-ministry" in names and "fmprc-en" in names
    plugin = next(f for f in listed if f["name"] == "example-ministry")
    assert plugin["government"] == "ID" and plugin["languages"] == ["en"]
    (tmp_path / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    res = _kg(tmp_path, "build", tmp_path / "briefing.txt", "--store", tmp_path / "store", "--model", "none")
    assert res.returncode == 0, res.stderr
    assert "1 built" in res.stdout and "1 document, 1 exchanges" in res.stdout
    q = ("SELECT ?gov ?kind ?q WHERE { ?c dk:government/dk:isoCode ?gov ; dk:conferenceKind ?kind ; "
         "dk:hasExchange/dk:question/dk:text ?q }")
    out = _kg(tmp_path, "query", q, "--store", tmp_path / "store", "--format", "csv").stdout
    assert "ID,press-briefing,Will she meet her Japanese counterpart?" in out
    mentions = _kg(tmp_path, "query", "SELECT ?iso WHERE { ?m dk:refersTo/dk:isoCode ?iso }", "--store",
                   tmp_path / "store", "--format", "csv").stdout
    assert "JP" in mentions   # the English pipeline ran on the plugin's document


def test_without_the_plugin_its_files_are_bad_input_naming_the_reason(tmp_path):
    (tmp_path / "briefing.txt").write_text("QUESTION: x\n", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(tmp_path / "briefing.txt"),
                          "--store", str(tmp_path / "store"), "--model", "none", "--format", "example-ministry"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 2 and "no source format called 'example-ministry'" in res.stderr
