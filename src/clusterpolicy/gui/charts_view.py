"""The "图表" tab of a step page: the report's charts for that step (:mod:`clusterpolicy.app.charts`),
drawn in the background (the view's own task runner) and shown as images with their captions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from clusterpolicy.gui.texts import tr


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
        self.images: list[QLabel] = []
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
        for caption, png in charts:
            pix = QPixmap()
            pix.loadFromData(png, "PNG")
            title = QLabel(f"<b>{caption}</b>")
            title.setWordWrap(True)
            img = QLabel()
            img.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            self.lay.insertWidget(self.lay.count() - 1, title)
            self.lay.insertWidget(self.lay.count() - 1, img)
            self.images.append(img)
            self._pixmaps.append(pix)
            self.captions.append(caption)
        self._scale()

    def _replace(self, charts) -> None:
        if [c for c, _p in charts] != self.captions:  # other charts: lay them out anew
            for i in reversed(range(self.lay.count() - 1)):
                w = self.lay.itemAt(i).widget()
                if w is not None and w is not self.status:
                    w.deleteLater()
            self.images, self._pixmaps, self.captions = [], [], []
            self._drawn(charts)
            return
        for n, (_caption, png) in enumerate(charts):
            pix = QPixmap()
            pix.loadFromData(png, "PNG")
            self._pixmaps[n] = pix
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
