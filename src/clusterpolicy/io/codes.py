"""Compatibility: the code tables moved to :mod:`clusterpolicy.model.codes`, cell parsing of codes
to :mod:`clusterpolicy.io.cells`. ``io/answers_workbook.py`` still imports ``code_text`` from here;
new code imports from those modules."""

from clusterpolicy.io.cells import code_text, split_industry_label

__all__ = ["code_text", "split_industry_label"]
