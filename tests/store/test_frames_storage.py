"""DataFrames ↔ typed SQL tables: every supported dtype round-trips exactly; others are refused."""

from __future__ import annotations

import sqlite3

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusterpolicy.store import frames
from clusterpolicy.store.migrations import upgrade


@pytest.fixture
def conn():
    c = sqlite3.connect(":memory:", isolation_level=None)
    upgrade(c)
    yield c
    c.close()


def roundtrip(conn, df: pd.DataFrame) -> pd.DataFrame:
    fid = frames.write_frame(conn, owner="result", result_id=1, name="t", df=df, created_at="now")
    out = frames.read_frame(conn, fid)
    frames.drop_frames(conn, "frame_id = ?", (fid,))
    return out


def test_every_supported_dtype_round_trips(conn):
    df = pd.DataFrame(
        {
            "code": pd.Series(["001", None, "0"], dtype="string"),
            "str_default": pd.Series(["a", "b", None], dtype="str"),
            "i64": np.array([1, -(2**62), 0], dtype="int64"),
            "i32": np.array([1, 2, 3], dtype="int32"),
            "nullable_int": pd.array([1, None, 3], dtype="Int64"),
            "f64": [np.nan, np.inf, -np.inf],
            "f32": np.array([0.5, np.nan, 2.0], dtype="float32"),
            "Float64": pd.array([0.25, None, 1.0], dtype="Float64"),
            "flag": [True, False, True],
            "maybe": pd.array([True, None, False], dtype="boolean"),
            "when": pd.to_datetime(
                ["2020-01-01 12:30:00.123456", None, "1999-12-31 00:00:00"], format="ISO8601"
            ),
            "stage": pd.Categorical(
                ["growth", "decline", None],
                categories=["emergence", "growth", "decline"],
                ordered=True,
            ),
            "obj": pd.Series(["text", 3, 2.5], dtype=object),
        }
    )
    out = roundtrip(conn, df)
    pd.testing.assert_frame_equal(out, df)
    assert out["code"].iloc[0] == "001"
    assert out["obj"].tolist() == ["text", 3, 2.5]
    assert type(out["obj"].iloc[1]) is int


def test_object_column_keeps_nan_and_none_apart(conn):
    df = pd.DataFrame({"o": pd.Series([None, float("nan"), {"a": [1, "二"]}], dtype=object)})
    out = roundtrip(conn, df)
    assert out["o"].iloc[0] is None
    assert np.isnan(out["o"].iloc[1])
    assert out["o"].iloc[2] == {"a": [1, "二"]}


def test_index_and_int_column_names_round_trip(conn):
    single = pd.DataFrame(
        {2019: [1.0, 2.0], 2020: [3.0, np.nan]}, index=pd.Index(["01", "02"], name="code")
    )
    pd.testing.assert_frame_equal(roundtrip(conn, single), single)
    multi = pd.DataFrame(
        {"v": [1, 2]},
        index=pd.MultiIndex.from_arrays([["a", "b"], [2020, 2021]], names=["code", None]),
    )
    pd.testing.assert_frame_equal(roundtrip(conn, multi), multi)
    unnamed = pd.DataFrame({"v": [1.5]}, index=pd.Index(["x"]))
    pd.testing.assert_frame_equal(roundtrip(conn, unnamed), unnamed)


def test_empty_frames_keep_columns_and_dtypes(conn):
    df = pd.DataFrame({"code": pd.Series([], dtype="string"), "x": pd.Series([], dtype="float64")})
    out = roundtrip(conn, df)
    pd.testing.assert_frame_equal(out, df)
    assert len(roundtrip(conn, pd.DataFrame())) == 0


def test_sql_table_is_typed_and_readable_without_the_app(conn):
    df = pd.DataFrame({"region_code": ["010101"], "n": [7], "share": [0.25], 'we"ird': ["ok"]})
    fid = frames.write_frame(conn, owner="data", name="industry_data", df=df, created_at="now")
    (table,) = conn.execute("SELECT sql_table FROM frames WHERE frame_id = ?", (fid,)).fetchone()
    types = {r[1]: r[2] for r in conn.execute(f"PRAGMA table_info({frames.quote_ident(table)})")}
    assert types == {
        "_row": "INTEGER",
        "region_code": "TEXT",
        "n": "INTEGER",
        "share": "REAL",
        'we"ird': "TEXT",
    }
    row = conn.execute(f"SELECT region_code, n, share FROM {frames.quote_ident(table)}").fetchone()
    assert row == ("010101", 7, 0.25)
    assert conn.execute(
        f"SELECT typeof(region_code) FROM {frames.quote_ident(table)}"
    ).fetchone() == ("text",)


def test_column_names_differing_only_in_case_are_kept_apart(conn):
    df = pd.DataFrame([[1.0, 2.0]], columns=["LQ", "lq"])
    pd.testing.assert_frame_equal(roundtrip(conn, df), df)


@pytest.mark.parametrize(
    "bad",
    [
        pd.DataFrame({"c": np.array([1 + 2j])}),
        pd.DataFrame({"t": pd.to_datetime(["2020-01-01"]).tz_localize("UTC")}),
        pd.DataFrame({"d": pd.to_timedelta([1], unit="D")}),
        pd.DataFrame([[1, 2]], columns=pd.MultiIndex.from_tuples([("a", "x"), ("a", "y")])),
        pd.DataFrame([[1, 2]], columns=["a", "a"]),
    ],
)
def test_unsupported_frames_are_refused_not_changed(conn, bad):
    with pytest.raises(TypeError):
        frames.write_frame(conn, owner="result", result_id=1, name="bad", df=bad, created_at="now")


def test_read_detects_a_table_shorter_than_its_catalog(conn):
    fid = frames.write_frame(
        conn, owner="data", name="t", df=pd.DataFrame({"x": [1, 2, 3]}), created_at="now"
    )
    (table,) = conn.execute("SELECT sql_table FROM frames WHERE frame_id = ?", (fid,)).fetchone()
    conn.execute(f"DELETE FROM {frames.quote_ident(table)} WHERE _row = 2")
    with pytest.raises(sqlite3.DatabaseError):
        frames.read_frame(conn, fid)


_codes = st.text(alphabet="0123456789ABC_地区", max_size=8)
_floats = st.floats(allow_nan=True, allow_infinity=True).filter(
    lambda x: not (x == 0 and str(x).startswith("-"))
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), _codes), st.integers(-(2**63), 2**63 - 1), _floats, st.booleans()
        ),
        max_size=30,
    )
)
def test_random_frames_round_trip(rows):
    df = pd.DataFrame(
        {
            "code": pd.Series([r[0] for r in rows], dtype="string"),
            "n": pd.Series([r[1] for r in rows], dtype="int64"),
            "x": pd.Series([r[2] for r in rows], dtype="float64"),
            "b": pd.Series([r[3] for r in rows], dtype="bool"),
        }
    )
    c = sqlite3.connect(":memory:", isolation_level=None)
    upgrade(c)
    try:
        pd.testing.assert_frame_equal(roundtrip(c, df), df, check_exact=True)
    finally:
        c.close()
