"""Rows of a spreadsheet (``.xlsx``) or a CSV file, numbered as a person sees them.

Row 1 is the header; the first data row is row 2, in a spreadsheet program and in a CSV
file alike (a CSV row is one record, however many lines its quoted cells take). A row that
cannot be read (a CSV cut inside a quoted cell, a row with too few cells) comes back with its
problem instead of its cells; the rows after it are still read.
"""

from __future__ import annotations

import csv
import io
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from kg.model import BadInput

__all__ = ["Row", "Table", "read_table", "xlsx_header", "csv_header", "XLSX_TYPE", "CSV_TYPE"]

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"


@dataclass(frozen=True)
class Row:
    number: int                          # 1 = the header
    cells: dict[str, object] | None      # column name -> value (str, int, float, datetime, None)
    problem: str | None = None           # why the row cannot be read (cells is then None)


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    media_type: str


def _header(values) -> list[str]:
    return ["" if v is None else str(v).strip() for v in values]


def _open_xlsx(name: str, data: bytes):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # openpyxl warns about styles it does not need
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        raise BadInput(name, f"not a readable .xlsx: the zip archive is damaged or cut short ({exc}); "
                             "download or export the file again") from None
    except (KeyError, OSError, ValueError, EOFError, zipfile.LargeZipFile) as exc:
        raise BadInput(name, f"not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})") from None


def _xlsx_rows(name: str, data: bytes) -> Iterator[tuple]:
    wb = _open_xlsx(name, data)
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            raise BadInput(name, "the workbook has no worksheet")
        ws.reset_dimensions()   # the stored dimension may be wrong: read every row there is
        try:
            yield from ws.iter_rows(values_only=True)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise BadInput(name, f"the worksheet cannot be read to its end ({exc.__class__.__name__}: {exc})") \
                from None
    finally:
        wb.close()


def xlsx_header(name: str, data: bytes) -> list[str]:
    """The first row of the first worksheet (raises :class:`BadInput` for an unreadable file)."""
    for values in _xlsx_rows(name, data):
        return _header(values)
    return []


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(name, f"not valid UTF-8: byte 0x{data[exc.start:exc.start + 1].hex()} at offset "
                             f"{exc.start} (save the CSV as UTF-8)") from None


def csv_header(name: str, data: bytes) -> list[str]:
    """The first record of a CSV file's first 64 kB."""
    head = data[:65536].decode("utf-8-sig", "ignore")
    for values in csv.reader(io.StringIO(head)):
        return _header(values)
    return []


def _csv_rows(name: str, text: str) -> Iterator[tuple[tuple | None, str | None]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield None, f"not readable CSV ({exc}; line {reader.line_num})"
            continue
        yield tuple(values), None


def read_table(name: str, data: bytes) -> Table:
    """Every row of an ``.xlsx`` (its first worksheet) or ``.csv`` file."""
    if not data.strip():
        raise BadInput(name, "empty file")
    is_xlsx = data[:2] == b"PK" or name.lower().endswith((".xlsx", ".xlsm"))
    if is_xlsx:
        source = ((values, None) for values in _xlsx_rows(name, data))
        media = XLSX_TYPE
    else:
        if b"\x00" in data[:8192]:
            raise BadInput(name, "binary file (contains NUL bytes), not a CSV table")
        source = _csv_rows(name, _decode(name, data))
        media = CSV_TYPE
    header: list[str] | None = None
    rows: list[Row] = []
    for number, (values, problem) in enumerate(source, start=1):
        if header is None:
            if problem:
                raise BadInput(name, f"row 1 (the header): {problem}")
            header = _header(values)
            continue
        if problem:
            rows.append(Row(number, None, problem))
            continue
        values = tuple(values)
        if not any(v not in (None, "") for v in values):
            continue                                   # an empty row
        if is_xlsx:
            values = values[:len(header)] + (None,) * (len(header) - len(values))
        elif len(values) != len(header):
            rows.append(Row(number, None, f"has {len(values)} cells where the header has {len(header)}"
                                          + (" (cut short?)" if len(values) < len(header) else "")))
            continue
        rows.append(Row(number, dict(zip(header, values))))
    if header is None:
        raise BadInput(name, "no header row")
    return Table(header, rows, media)
