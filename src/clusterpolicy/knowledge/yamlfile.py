"""Line-aware, safe YAML reading for the knowledge base.

:func:`read_yaml` parses with a :class:`yaml.SafeLoader` subclass (no Python object tags) whose
mappings are :class:`LineDict` objects: a ``dict`` that also records the 1-based line of the
mapping (``.line``) and of each key (``.key_lines[key]``), so a validator can say "file, line".
Duplicate keys in one mapping are reported (plain PyYAML silently keeps the last one).
A syntax error (bad indentation, unclosed quote …) becomes a located :class:`Problem`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from clusterpolicy.messages import Problem, ProblemError, Severity


class LineDict(dict):
    """A ``dict`` that remembers where it and each of its keys stood in the file (1-based)."""

    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.key_lines: dict = {}

    def line_of(self, key) -> int:
        """Line of ``key`` if present, else the mapping's own line."""
        return self.key_lines.get(key, self.line)


class _DuplicateKey(Exception):
    def __init__(self, key, line: int):
        super().__init__(f"duplicate key {key!r}")
        self.key = key
        self.line = line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings carry line numbers."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in out:
            raise _DuplicateKey(key, line)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
    return out


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml_text(text: str, file: str = ""):
    """Parse YAML text into plain data with :class:`LineDict` mappings.

    Raises :class:`ProblemError` with one located problem on a syntax error or duplicate key.
    """
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except _DuplicateKey as exc:
        raise ProblemError(
            [
                Problem(
                    "kb_duplicate_key",
                    Severity.ERROR,
                    f"同一映射中键“{exc.key}”出现了两次",
                    f"key '{exc.key}' appears twice in the same mapping",
                    "删除或改名其中一个键。",
                    "Remove or rename one of the two keys.",
                    file=file,
                    row=exc.line,
                    value=str(exc.key),
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise ProblemError(
            [
                Problem(
                    "kb_yaml_syntax",
                    Severity.ERROR,
                    f"YAML 格式错误（常见原因：缩进不一致、冒号后缺空格、引号未闭合）：{what}",
                    f"YAML syntax error (often inconsistent indentation, a missing space after "
                    f"a colon or an unclosed quote): {what}",
                    "检查该行及上一行的缩进（只用空格，不用制表符）。",
                    "Check the indentation of this line and the line before (spaces only, no tabs).",
                    file=file,
                    row=line,
                )
            ]
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise ProblemError(
            [
                Problem(
                    "kb_yaml_syntax",
                    Severity.ERROR,
                    f"YAML 格式错误：{exc}",
                    f"YAML syntax error: {exc}",
                    file=file,
                )
            ]
        ) from None


def read_yaml(path: Path, display_name: str | None = None):
    """Read a UTF-8 YAML file; errors are located at ``display_name`` (default: the path)."""
    name = display_name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ProblemError(
            [
                Problem(
                    "kb_file_missing",
                    Severity.ERROR,
                    "找不到知识库文件",
                    "knowledge-base file not found",
                    "检查文件路径。",
                    "Check the file path.",
                    file=name,
                )
            ]
        ) from None
    except UnicodeDecodeError:
        raise ProblemError(
            [
                Problem(
                    "kb_encoding",
                    Severity.ERROR,
                    "文件不是 UTF-8 编码",
                    "the file is not UTF-8 encoded",
                    "用 UTF-8 编码另存该文件。",
                    "Save the file again as UTF-8.",
                    file=name,
                )
            ]
        ) from None
    return parse_yaml_text(text, name)


def plain(obj):
    """Deep copy of parsed data with ``LineDict`` turned into ordinary ``dict``."""
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [plain(v) for v in obj]
    return obj
