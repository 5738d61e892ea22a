"""The main window's recovery copy of unsaved work, and the offer to recover after a crash.

While the window holds work in no project (``unsaved``), a recovery copy is written a few seconds
after each change, in a background thread (:mod:`clusterpolicy.app.recovery`); saving the work
or closing the window on purpose deletes it. At start-up, :meth:`offer_recovery` asks about a
copy a crashed session left — saying what it holds — and opens it as a project when asked.
"""

from __future__ import annotations

import copy
import itertools
import logging
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from clusterpolicy.gui.texts import tr

log = logging.getLogger(__name__)
_TAGS = itertools.count(1)
DELAY_MS = 3000  # after the last change, before the copy is written


class _Writer(QObject):
    finished = Signal()


class RecoveryActions:
    """Mixed into :class:`~clusterpolicy.gui.main_window.MainWindow`."""

    # ``unsaved`` is a property so that every place that sets it keeps the copy in step
    @property
    def unsaved(self) -> bool:
        return getattr(self, "_unsaved", False)

    @unsaved.setter
    def unsaved(self, value: bool) -> None:
        self._unsaved = bool(value)
        if self._unsaved:
            self._schedule_recovery()
        else:
            self.discard_recovery()

    def _recovery(self):
        st = self.__dict__.get("_recovery_state")
        if st is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(DELAY_MS)
            timer.timeout.connect(self._write_recovery)
            writer = _Writer(self)
            writer.finished.connect(self._recovery_written)
            st = {"tag": str(next(_TAGS)), "timer": timer, "writer": writer, "busy": False}
            st.update(again=False, dropped=False)
            self.__dict__["_recovery_state"] = st
        return st

    def _schedule_recovery(self) -> None:
        if getattr(self, "project", None) is None:
            st = self._recovery()
            st["dropped"] = False
            st["timer"].start()

    def _write_recovery(self) -> None:
        """Snapshot the window's work on the UI thread, write it on another."""
        from clusterpolicy.app import recovery

        st = self._recovery()
        if not self.unsaved or self.project is not None:
            return
        if st["busy"]:
            st["again"] = True
            return
        st["busy"] = True
        kwargs = dict(
            settings=self.settings(),
            user=self.who,
            data=self.data,
            mappings=[copy.deepcopy(m) for m in self.confirmed_mappings.values()],
            judgements=self.judgements.snapshot(),
            result=self.result,
            scenarios=self.scenarios.snapshot(),
            profile=self._profile,
        )

        def work():
            try:
                recovery.write_copy(st["tag"], **kwargs)
            except Exception:  # noqa: BLE001 - a recovery copy must never disturb the work
                log.exception("recovery copy not written")
            try:
                st["writer"].finished.emit()
            except RuntimeError:  # the window is gone (it waited for this thread, see below)
                pass

        st["thread"] = threading.Thread(target=work, name="recovery-copy", daemon=True)
        st["thread"].start()

    def _recovery_written(self) -> None:
        st = self._recovery()
        st["busy"] = False
        if st["dropped"]:
            self.discard_recovery()
        elif st["again"]:
            st["again"] = False
            self._schedule_recovery()

    def discard_recovery(self, *, wait: bool = False) -> None:
        """The work was saved or dropped on purpose: no copy (one being written goes too, when
        it is written; with ``wait`` — the window is closing — after waiting for it)."""
        st = self.__dict__.get("_recovery_state")
        if st is None:
            return
        from clusterpolicy.app import recovery

        st["timer"].stop()
        st["again"] = False
        if st["busy"] and wait and st.get("thread") is not None:
            st["thread"].join(30)
            st["busy"] = st["thread"].is_alive()
        if st["busy"]:
            st["dropped"] = True
            return
        recovery.discard(st["tag"])

    def offer_recovery(self) -> None:
        """Ask about the newest copy a crashed session left: 恢复 opens it as a project, 放弃
        deletes it, 以后再说 keeps it for the next start."""
        from clusterpolicy.app import recovery

        copies = recovery.left_by_a_crash()
        if not copies:
            return
        newest = copies[0]
        lang = self.lang

        def answered(choice: str) -> None:
            try:
                if choice == "drop":
                    recovery.drop(newest)
                elif choice == "recover":
                    path = recovery.recover(newest)
                    if self.open_project(str(path)):
                        self.statusBar().showMessage(tr("recovered_at", lang, path=path), 15000)
            except OSError as exc:  # the copy could not be moved or deleted: say where it is
                log.warning("recovery copy %s: %s", newest.path, exc)
                self.tell(tr("recover_title", lang), tr("recover_failed", lang, path=newest.path))

        self.ask(
            tr("recover_title", lang),
            tr(
                "recover_text",
                lang,
                at=newest.saved_at,
                what=recovery.summary_text(newest, lang),
            ),
            [
                ("recover", tr("btn_recover", lang)),
                ("drop", tr("btn_drop", lang)),
                ("cancel", tr("btn_later", lang)),
            ],
            "recover",
            answered,
        )

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().closeEvent(event)
        if event.isAccepted():
            self.discard_recovery(wait=True)
