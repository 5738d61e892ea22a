"""The "图表" tab of a step page: the report's charts for that step (:mod:`clusterpolicy.app.charts`),
drawn in the background (the view's own task runner) and shown as images with their captions.
A chart with spots (the bubble chart) names the industry under the mouse and goes to that cluster
on a click (:meth:`MainWindow.show_cluster`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QToolTip, QVBoxLayout, QWidget

from clusterpolicy.gui.texts import tr


class ChartImage(QLabel):
    """One chart image; ``spots`` (image pixels of the unscaled PNG) answer hover and click."""

    clicked = Signal(str)  # the industry code of the bubble clicked

    def __init__(self, spots=()):
        super().__init__()
        self.spots = tuple(spots)
        self.source_width = 1
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if self.spots:
            self.setMouseTracking(True)

    def spot_at(self, x: float, y: float):
        """The spot under widget position (x, y) (the pixmap may be shown scaled), or None;
        of overlapping bubbles, the one whose centre is nearest."""
        pix = self.pixmap()
        if pix is None or pix.isNull() or not self.spots:
            return None
        k = self.source_width / max(pix.width(), 1)
        px, py = x * k, y * k
        hits = [
            ((px - s.x) ** 2 + (py - s.y) ** 2, s)
            for s in self.spots
            if (px - s.x) ** 2 + (py - s.y) ** 2 <= max(s.radius, 12) ** 2
        ]
        return min(hits, key=lambda h: h[0])[1] if hits else None

    def spot_position(self, spot):
        """Where ``spot``'s centre is shown in this widget (for tests and tooltips)."""
        pix = self.pixmap()
        k = max(pix.width(), 1) / self.source_width
        return spot.x * k, spot.y * k

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt API
        pos = event.position()
        spot = self.spot_at(pos.x(), pos.y())
        if spot is None:
            QToolTip.hideText()
            self.unsetCursor()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), spot.text, self)
            self.setCursor(Qt.CursorShape.PointingHandCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt API
        pos = event.position()
        spot = self.spot_at(pos.x(), pos.y())
        if spot is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(spot.code)
        super().mousePressEvent(event)


class ChartsView(QScrollArea):
    sheet = "__charts__"

    def __init__(self, step: str, window):
        super().__init__()
        self.step, self.window_, self.lang = step, window, window.lang
        self.setWidgetResizable(True)
        self.body = QWidget()
        self.lay = QVBoxLayout(self.body)
        self.status = QLabel(tr("charts_drawing", self.lang))
        self.lay.addWidget(self.status)
        self.lay.addStretch(1)
        self.setWidget(self.body)
        self.images: list[ChartImage] = []
        self._pixmaps: list[QPixmap] = []
        self.captions: list[str] = []

    def draw(self) -> None:
        """Ask for the charts in the background (the result they show is the window's now)."""
        from clusterpolicy.app.charts import step_charts
        from clusterpolicy.gui.tasks import TaskRunner

        if getattr(self, "runner", None) is None:
            self.runner = TaskRunner(self)  # its own: charts draw beside the window's work
            self.runner.done.connect(self._drawn)
            self.runner.failed.connect(lambda _e: self.status.setText(tr("charts_none", self.lang)))
        self.runner.start(step_charts, self.step, self.window_.result, self.lang)

    def _drawn(self, charts) -> None:
        if self.images:  # drawn again (new scores): the new images replace the old in place
            self._replace(charts)
            return
        self.status.setText("" if charts else tr("charts_none", self.lang))
        self.status.setVisible(not charts)
        for chart in charts:
            caption = chart.caption
            pix = QPixmap()
            pix.loadFromData(chart.png, "PNG")
            title = QLabel(f"<b>{caption}</b>")
            title.setWordWrap(True)
            img = ChartImage(chart.spots)
            img.source_width = pix.width()
            if chart.spots:
                img.clicked.connect(self.window_.show_cluster)
                img.setToolTip("")
            self.lay.insertWidget(self.lay.count() - 1, title)
            self.lay.insertWidget(self.lay.count() - 1, img)
            self.images.append(img)
            self._pixmaps.append(pix)
            self.captions.append(caption)
        self._scale()

    def _replace(self, charts) -> None:
        if [c.caption for c in charts] != self.captions:  # other charts: lay them out anew
            for i in reversed(range(self.lay.count() - 1)):
                w = self.lay.itemAt(i).widget()
                if w is not None and w is not self.status:
                    w.deleteLater()
            self.images, self._pixmaps, self.captions = [], [], []
            self._drawn(charts)
            return
        for n, chart in enumerate(charts):
            pix = QPixmap()
            pix.loadFromData(chart.png, "PNG")
            self._pixmaps[n] = pix
            self.images[n].spots = tuple(chart.spots)
            self.images[n].source_width = pix.width()
        self._scale()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._scale()

    def _scale(self) -> None:
        width = max(300, self.viewport().width() - 30)
        for img, pix in zip(self.images, self._pixmaps, strict=True):
            w = min(width, pix.width())
            shown = (
                pix.scaledToWidth(w, Qt.TransformationMode.SmoothTransformation)
                if w != pix.width()
                else pix
            )
            img.setPixmap(shown)
            img.setMinimumHeight(shown.height())  # whole charts, one under the other: scroll
        self.lay.invalidate()  # (also when new charts arrived while the tab was hidden)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self._scale()
