"""Seeded simulated panels with planted parameters (threshold and dynamic panels)."""

from __future__ import annotations

import numpy as np
import pandas as pd


def threshold_panel(
    seed: int,
    *,
    n: int = 80,
    t: int = 8,
    gamma: float = 2.0,
    slopes: tuple[float, float] = (1.0, 2.0),
    sigma: float = 1.0,
    planted: bool = True,
) -> pd.DataFrame:
    """y = μ_i + 0.5·x + β1·a·1(a ≤ γ) + β2·a·1(a > γ) + e, a ~ U(0.5, 4), x ~ N(0, 1)."""
    rng = np.random.default_rng(seed)
    mu = rng.normal(0, 1, n)
    a = rng.uniform(0.5, 4.0, (n, t))
    x = rng.normal(0, 1, (n, t))
    e = rng.normal(0, sigma, (n, t))
    b1, b2 = slopes if planted else (slopes[0], slopes[0])
    y = mu[:, None] + 0.5 * x + np.where(a <= gamma, b1 * a, b2 * a) + e
    idx = pd.MultiIndex.from_product([[f"r{i:03d}" for i in range(n)], range(2001, 2001 + t)])
    return pd.DataFrame({"y": y.ravel(), "a": a.ravel(), "x": x.ravel()}, index=idx)


def dynamic_panel(
    seed: int, *, n: int = 100, t: int = 8, rho: float = 0.5, beta: float = 1.0
) -> pd.DataFrame:
    """y_it = ρ y_i,t−1 + β x_it + μ_i + e_it, mean-stationary start (50 burn-in periods)."""
    rng = np.random.default_rng(seed)
    burn = 50
    mu = rng.normal(0, 1, n)
    x = rng.normal(0, 1, (n, t + burn))
    e = rng.normal(0, 1, (n, t + burn))
    y = np.zeros((n, t + burn))
    y[:, 0] = mu / (1 - rho) + rng.normal(0, 1, n) / np.sqrt(1 - rho**2)
    for s in range(1, t + burn):
        y[:, s] = rho * y[:, s - 1] + beta * x[:, s] + mu + e[:, s]
    y, x = y[:, burn:], x[:, burn:]
    idx = pd.MultiIndex.from_product([[f"r{i:03d}" for i in range(n)], range(2001, 2001 + t)])
    return pd.DataFrame({"y": y.ravel(), "x": x.ravel()}, index=idx)
