"""Source formats: every kind of document diplokg reads, one module each.

==================  ===========================================================
module              reads
==================  ===========================================================
``registry``        the registry: :class:`SourceFormat`, detection, ``diplokg.sources`` entry points
``fmprc_en``        China MFA English pages (txt renderings and original HTML)
``fmprc_zh``        China MFA Chinese pages (txt renderings and original HTML)
``fmprc_zh_csv``    China MFA Chinese transcripts, one per CSV row (title, date, body, url)
``zh_*``            Chinese labels (``zh_labels``), titles (``zh_title``), page chrome (``zh_text``),
                    the Chinese assembler (``zh_assembler``)
``qa_json``         China MFA conferences already parsed into Q&A pairs, EN and ZH (english-catti JSON)
``cmfa_presscon``   CMFA PressCon question/answer dyads (.xlsx, .csv)
``json_records``    a JSON list of records read one by one, with each string's offsets
``tables``          rows of an .xlsx or .csv file, numbered as a spreadsheet shows them
``askers``          an asker field ("questioner", "who_asked") through the label rules
``assembler``       paragraphs into statements and exchanges (shared by transcript readers)
``labels``          speaker labels ("Q:", "Reuters:", "Zhao Lijian:")
``outlets``         news outlets: one entity however a transcript spells it
``text``/``html``   a file's bytes into paragraphs (plain text, HTML pages)
==================  ===========================================================

A reader turns a file's bytes into :class:`~kg.model.Conference` documents (the typed model);
it touches nothing else (no store, no RDF, no NLP). See :mod:`kg.sources.registry` for how a new
ministry's format is added as a plugin.
"""

from kg.sources.registry import (Detection, FormatError, ReadResult, SourceFormat, detect, formats,
                                 get_format, read_file, suffixes)

__all__ = ["SourceFormat", "Detection", "ReadResult", "FormatError", "formats", "get_format", "detect",
           "read_file", "suffixes"]
