"""The generated report inside the app: its pages in a scroll area, zoom and a page indicator.

Pages are rendered off the UI thread by :class:`~.page_renderer.PageRenderer` (one worker
thread: PDFium is not thread-safe) through the Qt-free :mod:`clusterpolicy.app.pdf_pages`, lazily: only the pages in
view and one or two either side, visible pages first (higher pool priority), and a queued page
that has scrolled out of view by the time the worker reaches it is skipped. Until a page arrives
its frame shows its number (or the previous zoom's image, scaled). Pages far from the view are
dropped again so memory stays bounded at any zoom (:data:`CACHE_BYTES`).

``100 %`` is 96 dpi (a point is 96/72 logical pixels); on a 2× screen pages are rendered at twice
that and drawn with the image's device pixel ratio, so text stays sharp.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clusterpolicy.gui.page_renderer import PageRenderer
from clusterpolicy.gui.texts import tr
from clusterpolicy.messages import ProblemError

ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 0.25, 4.0, 1.25
PT_TO_PX = 96.0 / 72.0  # logical pixels per point at 100 %
GAP = 12  # pixels between pages and around them
AHEAD = 2  # pages rendered beyond the visible ones, either side
CACHE_BYTES = (
    160 * 1024 * 1024
)  # page images kept, nearest the view first (~40 A4 pages at 1000 px)


class PageView(QWidget):
    """One page: its image once rendered, until then a white sheet with its number."""

    def __init__(self, index: int, lang: str):
        super().__init__()
        self.index = index
        self.lang = lang
        self.image: QImage | None = None
        self.scale = 0.0  # the scale ``image`` was rendered at
        self.error = ""

    def set_image(self, image: QImage | None, scale: float = 0.0) -> None:
        self.image, self.scale = image, scale
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        r = self.rect()
        if self.image is not None and not self.error:
            if self.image.size() != r.size() * self.image.devicePixelRatio():
                p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(r, self.image)
        else:
            p.fillRect(r, Qt.GlobalColor.white)
            p.setPen(QColor("#b00020") if self.error else QColor("#9e9e9e"))
            text = self.error or tr("pv_page_placeholder", self.lang, page=self.index + 1)
            p.drawText(
                r.adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                text,
            )
        p.end()


class PdfPreview(QWidget):
    """The report's pages, scrollable, with 缩小 / 放大 / 适合宽度 / 整页 and "第 3 / 46 页"."""

    page_count_changed = Signal(int)
    failed = Signal(object)  # a ProblemError (or another exception) opening the file

    def __init__(self, lang: str = "zh", parent: QWidget | None = None):
        super().__init__(parent)
        self.lang = lang
        self.path = ""
        self.doc = None  # the open PdfPages (owned by the renderer's worker)
        self.pages: list[PageView] = []
        self.sizes: list[tuple[float, float]] = []
        self.zoom = 1.0
        self.fit = "width"  # "width", "page" (the whole page in view) or "" (a chosen zoom)
        self._generation = 0
        self.renderer = PageRenderer(self)
        self.renderer.opened.connect(self._opened)
        self.renderer.rendered.connect(self._rendered)

        self.zoom_out_button = QToolButton()
        self.zoom_out_button.setText("−")
        self.zoom_out_button.setToolTip(tr("pv_zoom_out", lang))
        self.zoom_out_button.clicked.connect(lambda: self.set_zoom(self.zoom / ZOOM_STEP))
        self.zoom_in_button = QToolButton()
        self.zoom_in_button.setText("+")
        self.zoom_in_button.setToolTip(tr("pv_zoom_in", lang))
        self.zoom_in_button.clicked.connect(lambda: self.set_zoom(self.zoom * ZOOM_STEP))
        self.fit_button = QToolButton()
        self.fit_button.setText(tr("pv_fit_width", lang))
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.clicked.connect(lambda: self.set_fit("width"))
        self.page_button = QToolButton()
        self.page_button.setText(tr("pv_fit_page", lang))
        self.page_button.setCheckable(True)
        self.page_button.clicked.connect(lambda: self.set_fit("page"))
        self.zoom_label = QLabel()
        self.page_label = QLabel()
        self.message = QLabel(tr("pv_empty", lang))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.message.setStyleSheet("background:white;color:#424242;padding:24px;")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(tr("pv_title", lang)))
        bar.addStretch(1)
        bar.addWidget(self.page_label)
        bar.addSpacing(12)
        for w in (
            self.zoom_out_button,
            self.zoom_label,
            self.zoom_in_button,
            self.fit_button,
            self.page_button,
        ):
            bar.addWidget(w)

        self.sheet = QWidget()
        self.sheet_layout = QVBoxLayout(self.sheet)
        self.sheet_layout.setContentsMargins(GAP, GAP, GAP, GAP)
        self.sheet_layout.setSpacing(GAP)
        self.sheet_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.sheet_layout.addWidget(self.message)  # in place of the pages while there are none
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.sheet)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.viewport().setStyleSheet("background:#8a8f98;")
        self.sheet.setStyleSheet("background:#8a8f98;")
        self.scroll.verticalScrollBar().valueChanged.connect(self._schedule)
        self.scroll.viewport().installEventFilter(self)  # Ctrl + wheel zooms
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, step in ((QKeySequence.StandardKey.ZoomIn, ZOOM_STEP), ("Ctrl+=", ZOOM_STEP),
                           (QKeySequence.StandardKey.ZoomOut, 1 / ZOOM_STEP)):  # fmt: skip
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(ctx)
            sc.activated.connect(lambda s=step: self.pages and self.set_zoom(self.zoom * s))
        self.scroll.horizontalScrollBar().valueChanged.connect(self._schedule)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.scroll, 1)

        self._timer = QTimer(self)  # coalesces scroll and resize bursts into one look
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._update_view)
        self._update_bar()

    # --- the document -----------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return len(self.pages)

    def load(self, path: str) -> None:
        """Show the PDF at ``path`` (opened in the worker; :attr:`page_count_changed` follows)."""
        self.path = str(path)
        self._clear_pages()
        self.message.setText(tr("pv_opening", self.lang))
        self.message.show()
        self._generation = self.renderer.open(self.path)
        self._update_bar()

    def _opened(self, gen: int, doc) -> None:
        if gen != self._generation:
            return
        if not hasattr(doc, "page_count"):
            self.doc = None
            self.message.setText(self._failure_text(doc))
            self._update_bar()
            self.failed.emit(doc)
            return
        self.doc = doc
        self.sizes = [doc.page_size(i) for i in range(doc.page_count)]
        self.sheet.setUpdatesEnabled(False)
        for i in range(doc.page_count):
            view = PageView(i, self.lang)
            self.pages.append(view)
            self.sheet_layout.addWidget(view, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message.hide()
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        if self.fit:
            self.zoom = min(max(self._fit_zoom(), ZOOM_MIN), ZOOM_MAX)
        self._apply_zoom()
        self.sheet.setUpdatesEnabled(True)
        self.scroll.verticalScrollBar().setValue(0)
        self._update_bar()
        self._schedule()
        self.page_count_changed.emit(doc.page_count)

    def _failure_text(self, exc) -> str:
        if isinstance(exc, ProblemError):
            body = "\n".join(p.text(self.lang) for p in exc.problems[:5])
        else:
            from clusterpolicy.logs import log_file

            body = tr("failed_detail", self.lang, log=log_file())
        return tr("pv_failed", self.lang) + "\n" + body

    def _clear_pages(self) -> None:
        for view in self.pages:
            self.sheet_layout.removeWidget(view)
            view.deleteLater()
        self.pages, self.sizes, self.doc = [], [], None
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    # --- zoom -------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.fit = ""
        self._check_fit()
        self._set_zoom(zoom)

    def set_fit(self, mode: str = "width") -> None:
        """Zoom to the view's width ("width") or to whole pages ("page"), kept on resize."""
        self.fit = mode
        self._check_fit()
        if mode:
            self._set_zoom(self._fit_zoom())

    def _check_fit(self) -> None:
        self.fit_button.setChecked(self.fit == "width")
        self.page_button.setChecked(self.fit == "page")

    def _fit_zoom(self) -> float:
        if not self.sizes:
            return self.zoom
        avail = self.scroll.viewport().width() - 2 * GAP  # the scroll bar is always on
        widest = max(w for w, _h in self.sizes)
        zoom = max(avail, 50) / (widest * PT_TO_PX)
        if self.fit == "page":
            tallest = max(h for _w, h in self.sizes)
            high = self.scroll.viewport().height() - 2 * GAP
            zoom = min(zoom, max(high, 50) / (tallest * PT_TO_PX))
        return zoom

    def _set_zoom(self, zoom: float) -> None:
        zoom = min(max(zoom, ZOOM_MIN), ZOOM_MAX)
        if abs(zoom - self.zoom) < 1e-4 and all(
            v.size() == self._page_px(i) for i, v in enumerate(self.pages)
        ):
            return
        anchor = self._anchor()
        self.zoom = zoom
        self._apply_zoom()
        self._restore(anchor)
        self._update_bar()
        self._schedule()

    def _page_px(self, i: int) -> QSize:
        w, h = self.sizes[i]
        return QSize(round(w * PT_TO_PX * self.zoom), round(h * PT_TO_PX * self.zoom))

    def _apply_zoom(self) -> None:
        for i, view in enumerate(self.pages):
            view.setFixedSize(self._page_px(i))
        self.sheet_layout.activate()

    def render_scale(self) -> float:
        """Pixels per point the pages are rendered at (zoom × screen scaling)."""
        return round(PT_TO_PX * self.zoom * self.devicePixelRatioF(), 4)

    def _anchor(self) -> tuple[int, float]:
        """(page, fraction of its height) at the top of the view, to keep it there on zoom."""
        top = self.scroll.verticalScrollBar().value()
        for view in self.pages:
            g = view.geometry()
            if g.bottom() >= top:
                return view.index, max(0.0, (top - g.top()) / max(g.height(), 1))
        return 0, 0.0

    def _restore(self, anchor: tuple[int, float]) -> None:
        i, frac = anchor
        if 0 <= i < len(self.pages):
            g = self.pages[i].geometry()
            self.scroll.verticalScrollBar().setValue(g.top() + round(frac * g.height()))

    # --- what is in view --------------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit and self.pages:
            QTimer.singleShot(0, lambda: self.fit and self._set_zoom(self._fit_zoom()))
        self._schedule()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.fit and self.pages:
            self._set_zoom(self._fit_zoom())
        self._schedule()

    def _schedule(self, *_args) -> None:
        if self.pages:
            self._timer.start()

    def visible_pages(self) -> list[int]:
        vs = self.scroll.verticalScrollBar().value()
        view = QRect(0, vs, self.sheet.width(), self.scroll.viewport().height())
        return [v.index for v in self.pages if v.geometry().intersects(view)]

    def current_page(self) -> int:
        """0-based page at the middle of the view (the page indicator's number)."""
        if not self.pages:
            return 0
        mid = self.scroll.verticalScrollBar().value() + self.scroll.viewport().height() // 2
        for view in self.pages:
            if view.geometry().bottom() + GAP >= mid:
                return view.index
        return self.pages[-1].index

    def _update_view(self) -> None:
        if not self.pages or self.doc is None:
            return
        visible = self.visible_pages() or [self.current_page()]
        lo, hi = max(0, visible[0] - AHEAD), min(len(self.pages) - 1, visible[-1] + AHEAD)
        scale = self.render_scale()
        keys = {(i, scale) for i in range(lo, hi + 1) if self.pages[i].scale != scale}
        self.renderer.want(keys, set(visible))
        self._evict(visible)
        self._update_bar()

    def _evict(self, visible: list[int]) -> None:
        """Drop the images farthest from the view beyond :data:`CACHE_BYTES`."""
        mid = (visible[0] + visible[-1]) / 2
        held = sorted(
            (v for v in self.pages if v.image is not None), key=lambda v: abs(v.index - mid)
        )
        total = 0
        for v in held:
            total += v.image.sizeInBytes()
            if total > CACHE_BYTES and v.index not in visible:
                v.set_image(None)

    def _rendered(self, gen: int, index: int, scale: float, image) -> None:
        if gen != self._generation or not 0 <= index < len(self.pages):
            return
        view = self.pages[index]
        if isinstance(image, QImage):
            image.setDevicePixelRatio(self.devicePixelRatioF())
            view.error = ""
            view.set_image(image, scale)
        else:
            view.error = self._failure_text(image)
            view.scale = scale
            view.update()

    def _update_bar(self) -> None:
        n = len(self.pages)
        self.page_label.setText(
            tr("pv_page", self.lang, page=self.current_page() + 1, n=n) if n else ""
        )
        self.zoom_label.setText(f"{self.zoom * 100:.0f}%")
        for w in (self.zoom_in_button, self.zoom_out_button, self.fit_button, self.page_button):
            w.setEnabled(bool(n))
        self.zoom_in_button.setEnabled(bool(n) and self.zoom < ZOOM_MAX - 1e-6)
        self.zoom_out_button.setEnabled(bool(n) and self.zoom > ZOOM_MIN + 1e-6)

    def eventFilter(self, obj, event) -> bool:
        if (
            event.type() == QEvent.Type.Wheel
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and self.pages
        ):
            steps = event.angleDelta().y() / 120
            if steps:
                self.set_zoom(self.zoom * ZOOM_STEP**steps)
            return True
        return super().eventFilter(obj, event)

    def go_to(self, index: int) -> None:
        """Scroll page ``index`` (0-based) to the top of the view."""
        if 0 <= index < len(self.pages):
            self.scroll.verticalScrollBar().setValue(self.pages[index].geometry().top() - GAP)

    def shutdown(self) -> None:
        self.renderer.shutdown()
