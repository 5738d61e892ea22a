"""Bilingual text catalogues and the one ``tr()`` rule.

A :class:`Catalogue` maps a key to its ``(zh, en)`` pair. Every module that shows text keeps
its own catalogue (the GUI's sentences in ``gui/texts.py``, the report's in ``report/texts.py``,
the shared labels in :mod:`clusterpolicy.text.labels`) but looks texts up the same way:

* the language is ``"en"`` for anything starting with "en" (``en``, ``en_US``, ``EN``), else
  Chinese — the product's default (:func:`lang_of`);
* an unknown key is a programming error (``KeyError`` naming the catalogue), never a silent
  fallback; :meth:`Catalogue.label` is the lookup for open-ended values (an unknown value is
  shown as itself).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping


def lang_of(lang: object) -> str:
    """``"en"`` for English (any "en…" spelling), ``"zh"`` for everything else."""
    return "en" if str(lang or "").lower().startswith("en") else "zh"


def pick(pair: tuple[str, str], lang: object) -> str:
    """The ``lang`` half of a ``(zh, en)`` pair."""
    return pair[1] if lang_of(lang) == "en" else pair[0]


class Catalogue(Mapping[str, tuple[str, str]]):
    """Read-only ``key → (zh, en)`` texts with ``{placeholder}`` filling."""

    def __init__(self, name: str, entries: Mapping[str, tuple[str, str]]):
        self.name = name
        self._entries = dict(entries)
        for key, pair in self._entries.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise ValueError(f"{name}: entry {key!r} must be a (zh, en) pair")

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._entries[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def tr(self, key: str, lang: object = "zh", **values: object) -> str:
        """The text of ``key`` in ``lang`` with ``{placeholders}`` filled."""
        try:
            pair = self._entries[key]
        except KeyError:
            raise KeyError(f"{self.name}: no text {key!r}") from None
        text = pick(pair, lang)
        return text.format(**values) if values else text

    def label(self, value: object, lang: object = "zh") -> str:
        """The label of an open-ended value; a value the catalogue does not know is shown as is."""
        pair = self._entries.get(str(value))
        return str(value) if pair is None else pick(pair, lang)
