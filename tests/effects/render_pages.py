"""Render the welfare-effects figure and its readings (zh and en) to PNG pages for review:

    PYTHONPATH=src:.deps python tests/effects/render_pages.py OUT_DIR [sample|real]

One page per outcome and language: the fitted relation on top, the readings below (default
thresholds, 300 bootstrap draws). Not a test; the report and GUI wire the same pieces.
"""

from __future__ import annotations

import sys
import tempfile
import textwrap
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from inputs import REAL, effects_thresholds, import_real_china  # noqa: E402

from clusterpolicy.assess.effects import estimate_welfare_effects  # noqa: E402
from clusterpolicy.assess.effects.plot import _font_rc  # noqa: E402


def page(result, outcome: str, lang: str, path: Path) -> None:
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.image import imread

    png = result.figure_png(outcome, lang)
    lines = result.readings_for(outcome, lang)
    width = 46 if lang == "zh" else 100
    wrapped = []
    for t in lines:
        wrapped += textwrap.wrap(t, width) + [""]
    with matplotlib.rc_context(_font_rc()):
        h_text = 0.16 * len(wrapped)
        fig = Figure(figsize=(8.27, (4.2 if png else 0.3) + h_text))
        FigureCanvasAgg(fig)
        if png:
            ax = fig.add_axes([0.02, h_text / (h_text + 4.2), 0.96, 4.2 / (h_text + 4.2)])
            ax.imshow(imread(io.BytesIO(png)))
            ax.axis("off")
        tx = fig.add_axes([0.04, 0.0, 0.92, h_text / (h_text + (4.2 if png else 0.3))])
        tx.axis("off")
        tx.text(0, 1, "\n".join(wrapped), va="top", ha="left", fontsize=7.5, family="sans-serif")
        fig.savefig(path, dpi=110, metadata={"Software": None})


def main(out: str, which: str = "sample") -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    th = effects_thresholds(Path(tempfile.mkdtemp()))
    if which == "real":
        data = import_real_china(REAL)
    else:
        from clusterpolicy.io.importer import import_files
        from clusterpolicy.paths import resource

        data = import_files([resource("samples", "sample_prefecture.xlsx")]).data
    result = estimate_welfare_effects(data, {}, th)
    for outcome in result.runs:
        for lang in ("zh", "en"):
            page(result, outcome, lang, out_dir / f"effects_{which}_{outcome}_{lang}.png")
    for name, table in result.tables().items():
        table.to_csv(out_dir / f"{which}_{name}.csv", index=False)
    print(out_dir)


if __name__ == "__main__":
    main(*sys.argv[1:])
