"""Official heading numbers (GB/T 9704 levels), checked by hand."""

from __future__ import annotations

from clusterpolicy.report.numbering import Numberer


def test_heading_numbers_follow_gbt_9704_levels():
    n = Numberer("zh")
    got = [n.next(1), n.next(2), n.next(3), n.next(4), n.next(4), n.next(2), n.next(1), n.next(2)]
    assert got == ["一、", "（一）", "1.", "（1）", "（2）", "（二）", "二、", "（一）"]
    e = Numberer("en")
    assert [e.next(1), e.next(2), e.next(3), e.next(2), e.next(1), e.next(2)] == [
        "1.",
        "1.1",
        "1.1.1",
        "1.2",
        "2.",
        "2.1",
    ]
