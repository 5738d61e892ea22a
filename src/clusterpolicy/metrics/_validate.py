"""Input checks shared by the metric functions, and the one error they raise.

Conventions for every metric in this package:

* A *matrix* is a ``pd.DataFrame`` with regions as the index and industries as the columns
  (``mat.loc[region, industry] = e_ij``). Values are converted to float64.
* Missing values (NaN) are treated as 0 in sums (a cell a yearbook leaves blank has no
  employment) unless the function says otherwise; a ratio whose denominator is 0 is NaN
  (0/0 and x/0 are both "undefined", never ``inf``).
* Negative values, non-numeric values and empty inputs raise :class:`MetricInputError`, a
  ``ValueError`` with a Chinese and an English message.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


class MetricInputError(ValueError):
    """Invalid input to a metric (指标输入无效). ``message_zh`` and ``message_en`` hold both texts."""

    def __init__(self, message_zh: str, message_en: str):
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{message_zh} / {message_en}")


def as_matrix(mat, name: str = "mat", *, allow_empty: bool = False) -> pd.DataFrame:
    """``mat`` as a float64 region × industry DataFrame; raise on negatives or non-numbers."""
    if not isinstance(mat, pd.DataFrame):
        try:
            mat = pd.DataFrame(np.asarray(mat, dtype="float64"))
        except (TypeError, ValueError) as exc:
            raise MetricInputError(
                f"{name} 不是数值矩阵", f"{name} is not a numeric matrix"
            ) from exc
    try:
        out = mat.astype("float64")
    except (TypeError, ValueError) as exc:
        raise MetricInputError(
            f"{name} 含有非数值单元格", f"{name} contains non-numeric cells"
        ) from exc
    if not allow_empty and (out.shape[0] == 0 or out.shape[1] == 0):
        raise MetricInputError(
            f"{name} 为空（没有地区或行业）", f"{name} is empty (no regions or industries)"
        )
    check_non_negative(out.to_numpy(), name)
    return out


def as_vector(x, name: str = "x", *, index=None) -> pd.Series:
    """``x`` as a float64 Series (keeps a Series' index; ``index`` for arrays)."""
    if isinstance(x, pd.Series):
        s = x
    elif isinstance(x, dict):
        s = pd.Series(x)
    else:
        arr = np.asarray(x)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        s = pd.Series(arr, index=index)
    try:
        s = s.astype("float64")
    except (TypeError, ValueError) as exc:
        raise MetricInputError(f"{name} 含有非数值", f"{name} contains non-numeric values") from exc
    return s


def check_non_negative(values: np.ndarray, name: str) -> None:
    """Raise :class:`MetricInputError` when any non-NaN value is negative or infinite."""
    v = np.asarray(values, dtype="float64")
    if np.isinf(v).any():
        raise MetricInputError(f"{name} 含有无穷大值", f"{name} contains infinite values")
    with np.errstate(invalid="ignore"):
        if (v < 0).any():
            raise MetricInputError(
                f"{name} 含有负值；这些指标只接受非负的数量（就业、产值、企业数等）",
                f"{name} contains negative values; these metrics accept only non-negative amounts "
                "(employment, output, firm counts …)",
            )


def divide(num, den):
    """``num/den`` elementwise with NaN wherever ``den`` is 0 or NaN (no warnings, no inf)."""
    num = np.asarray(num, dtype="float64")
    den = np.asarray(den, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = num / den
    return np.where(den == 0, np.nan, out)
