"""Report charts with matplotlib (Agg, no pyplot state), returned as PNG bytes — one module per
chapter's charts, the shared set-up in :mod:`.base`.

Every chart uses the bundled CJK font, is grey-scale safe (hatching, markers and line styles carry
the distinction, not colour alone) and deterministic: the PNG has no ``Software`` or time stamp, so
the same data give byte-identical images (and PDFs); a chart is remembered by its inputs
(:func:`~.base.cached`). Styling comes from :mod:`clusterpolicy.report.styles`.
"""

from clusterpolicy.report.charts import maps
from clusterpolicy.report.charts.base import clear_cache
from clusterpolicy.report.charts.effects import fitted_relation_chart
from clusterpolicy.report.charts.equalization import before_after_chart, dispersion_chart
from clusterpolicy.report.charts.identification import bubble_chart
from clusterpolicy.report.charts.radar import radar_chart, radar_grid
from clusterpolicy.report.charts.series import lifecycle_grid, timeseries_chart

__all__ = [
    "before_after_chart",
    "bubble_chart",
    "clear_cache",
    "dispersion_chart",
    "fitted_relation_chart",
    "lifecycle_grid",
    "maps",
    "radar_chart",
    "radar_grid",
    "timeseries_chart",
]
