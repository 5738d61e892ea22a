"""CSV/TXT → RawSheet: encoding and delimiter detection, strict parsing, located problems.

Encodings, in order: a BOM decides (UTF-8, UTF-16 LE/BE); UTF-16 without BOM is recognised by
its zero bytes; otherwise strict UTF-8, then strict GB18030 (a superset of GBK/GB2312, what NBS
"国家数据" exports and Chinese Excel write). Bytes valid in none of these are refused with the line
of the first bad byte. Zero bytes in a non-UTF-16 file mean a binary file: refused.

The delimiter (comma, tab, semicolon, vertical bar) is the one that splits the first lines into
the same number of fields most consistently. Parsing is strict (a stray quote is an error with
its line). All values stay text exactly as written; ``""`` means empty (see raw.py). A field
longer than Excel's 32,767 characters is kept with a located warning (real files carry long WKT
geometries); Python's csv field-size limit is raised process-wide to the file-size limit for this.
Rows are records: a quoted field with line breaks makes the record span several lines.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from clusterpolicy.io.raw import RawSheet
from clusterpolicy.io.safety import Limits
from clusterpolicy.messages import Problem, ProblemError, Severity, column_letter

_CANDIDATES = [",", "\t", ";", "|"]
_DELIM_NAME = {",": "逗号 comma", "\t": "制表符 tab", ";": "分号 semicolon", "|": "竖线 bar"}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _err(
    code, zh, en, fix_zh, fix_en, file, row=None, column="", value="", severity=Severity.ERROR
):
    return Problem(
        code, severity, zh, en, fix_zh, fix_en, file=file, row=row, column=column, value=value
    )


def detect_encoding(data: bytes, file: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise ProblemError (csv_binary / csv_encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        head = data[:4096]
        odd_zero, even_zero = head[1::2].count(0), head[0::2].count(0)
        half = max(len(head) // 2, 1)
        if odd_zero > 0.3 * half and even_zero < 0.05 * half:
            candidates = ["utf-16-le"]
        elif even_zero > 0.3 * half and odd_zero < 0.05 * half:
            candidates = ["utf-16-be"]
        else:
            pos = data.index(b"\x00")
            raise ProblemError(
                [
                    _err(
                        "csv_binary",
                        "文件含有二进制零字节，不是文本表格（可能是损坏文件或其他格式改了扩展名）。",
                        "The file contains binary zero bytes: it is not a text table (damaged, or another format renamed).",
                        "用Excel打开原始文件，另存为“.xlsx”或“CSV UTF-8”后再导入。",
                        "Open the original in Excel and save it as .xlsx or 'CSV UTF-8', then import that.",
                        file,
                        row=_line_of(data, pos),
                    )
                ]
            )
    else:
        candidates = ["utf-8", "gb18030"]
    last: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as e:
            last = e
    pos = last.start if last is not None else 0
    raise ProblemError(
        [
            _err(
                "csv_encoding",
                f"文件编码无法识别：第{_line_of(data, pos)}行有既不是UTF-8也不是GBK/GB18030的字节。",
                f"Unknown text encoding: line {_line_of(data, pos)} has bytes that are neither UTF-8 nor GBK/GB18030.",
                "在Excel或记事本中打开，另存为“CSV UTF-8（逗号分隔）”。",
                "Open it in Excel or a text editor and save as 'CSV UTF-8 (comma delimited)'.",
                file,
                row=_line_of(data, pos),
                value=data[pos : pos + 8].hex(" "),
            )
        ]
    )


def sniff_delimiter(text: str) -> str:
    """The candidate that splits the first 50 non-empty lines into equal field counts most often."""
    lines = [ln for ln in text[:65536].splitlines()[:51] if ln.strip()][:50]
    if len(text) > 65536 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut
    best, best_score = ",", (0, 0)
    for d in _CANDIDATES:
        counts = [ln.count(d) for ln in lines]
        if not any(counts):
            continue
        mode, freq = Counter(c for c in counts if c).most_common(1)[0]
        score = (freq, mode)
        if score > best_score:
            best, best_score = d, score
    return best


def read_csv_bytes(data: bytes, file: str, limits: Limits) -> tuple[RawSheet, list[Problem]]:
    """Parse CSV bytes into one RawSheet (sheet name ``""``); raise ProblemError when unreadable."""
    text, encoding = detect_encoding(data, file)
    if text.startswith("\ufeff"):
        text = text[1:]
    delim = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    # a field can be over-long only where a line is (a quoted field may span lines: then the
    # whole text is longer than the limit, and every row is checked)
    may_be_long = len(text) > limits.max_cell_chars and (
        '"' in text or max(map(len, text.split("\n"))) > limits.max_cell_chars
    )
    if csv.field_size_limit() < limits.max_file_bytes:
        csv.field_size_limit(limits.max_file_bytes)  # process-wide, only ever raised
    try:
        rows, long_cells = _records(reader, file, limits, may_be_long)
    except csv.Error as e:
        raise ProblemError(
            [
                _err(
                    "csv_malformed",
                    f"CSV格式错误（引号不配对或多余的引号）：{e}。",
                    f"Malformed CSV (unbalanced or stray quote): {e}.",
                    "在Excel中打开并另存为CSV，或修正该行的引号。",
                    "Open it in Excel and save as CSV again, or fix the quotes on that line.",
                    file,
                    row=reader.line_num,
                )
            ]
        ) from None
    sheet = RawSheet(
        file=file, sheet="", rows=rows, source_format="csv", encoding=encoding, delimiter=delim
    )
    notes: list[Problem] = list(long_cells)
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(
            _err(
                "csv_encoding_detected",
                f"按{encoding}编码读取，分隔符：{_DELIM_NAME[delim]}。",
                f"Read as {encoding}, delimiter: {_DELIM_NAME[delim]}.",
                "",
                "",
                file,
                severity=Severity.INFO,
            )
        )
    return sheet, notes


def _records(reader, file: str, limits: Limits, may_be_long: bool):
    """(records as lists of text, located warnings for over-long fields); the column and row
    limits raise located errors as soon as a record crosses them."""
    rows: list[list[object]] = []
    long_cells: list[Problem] = []
    width = 0
    for row in reader:
        rows.append(row)
        if len(row) > width:
            width = len(row)
            if width > limits.max_cols:
                raise ProblemError(
                    [
                        _err(
                            "too_many_columns",
                            f"第{reader.line_num}行有{width}列，超过上限{limits.max_cols}列。",
                            f"Line {reader.line_num} has {width} columns, more than the limit"
                            f" of {limits.max_cols}.",
                            "检查分隔符是否正确，或把表格拆分后再导入。",
                            "Check the delimiter, or split the table before importing.",
                            file,
                            row=reader.line_num,
                        )
                    ]
                )
        if (
            may_be_long
            and row
            and max(map(len, row)) > limits.max_cell_chars
            and len(long_cells) < limits.max_listed
        ):
            col = next(i for i, v in enumerate(row) if len(v) > limits.max_cell_chars)
            long_cells.append(_long_field(file, len(rows), col, row[col], limits))
        if len(rows) > limits.max_rows:
            raise ProblemError(
                [
                    _err(
                        "too_many_rows",
                        f"文件超过{limits.max_rows:,}行的上限。",
                        f"The file has more than the limit of {limits.max_rows:,} rows.",
                        "只保留需要的年份/地区，或拆分成几个文件。",
                        "Keep only the years/regions you need, or split it into several files.",
                        file,
                        row=limits.max_rows + 1,
                    )
                ]
            )
    return rows, long_cells


def _long_field(file: str, row: int, col: int, value: str, limits: Limits) -> Problem:
    hint_zh = (
        "；若内容里有换行，可能是引号未闭合，后面的行被并入了这个单元格" if "\n" in value else ""
    )
    hint_en = (
        "; it contains line breaks, so an unclosed quote may have swallowed the next lines"
        if "\n" in value
        else ""
    )
    return _err(
        "long_text",
        f"单元格文字有{len(value):,}个字符，超过Excel上限{limits.max_cell_chars:,}，已原样保留{hint_zh}。",
        f"The cell has {len(value):,} characters, more than Excel's limit of {limits.max_cell_chars:,}; "
        f"kept as is{hint_en}.",
        '检查该单元格与附近的引号（"）。',
        'Check this cell and the quotes (") near it.',
        file,
        row=row,
        column=column_letter(col),
        value=value[:40],
        severity=Severity.WARNING,
    )
