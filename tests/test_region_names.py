"""All region names at once give what one region's lookup gives (the data page lists thousands)."""

from __future__ import annotations

import pandas as pd

from clusterpolicy.model.dataset import CanonicalData


def test_region_names_match_the_single_lookup(sample_data):
    for lang in ("zh", "en"):
        names = sample_data.region_names(lang)
        codes = sample_data.region_codes()
        assert codes and {c: names[c] for c in codes} == {
            c: sample_data.region_name(c, lang) for c in codes
        }


def test_missing_names_fall_back_to_the_other_language_then_the_code():
    data = CanonicalData()
    data.regions = pd.DataFrame(
        {
            "region_code": ["1", "2", "3", "1"],
            "name_zh": ["甲", None, "", "重复"],
            "name_en": ["A", "B", None, "dup"],
        }
    )
    assert data.region_names("zh") == {"1": "甲", "2": "B", "3": "3"}
    assert data.region_names("en") == {"1": "A", "2": "B", "3": "3"}
    assert all(
        data.region_names(lang)[c] == data.region_name(c, lang)
        for c in "123"
        for lang in ("zh", "en")
    )
