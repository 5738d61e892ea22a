"""The store's bilingual problem reports (raised as :class:`~clusterpolicy.messages.ProblemError`)."""

from __future__ import annotations

import errno
from pathlib import Path

from clusterpolicy.messages import Problem, ProblemError, Severity


def _error(
    code: str, path: Path | str, zh: str, en: str, fix_zh: str = "", fix_en: str = ""
) -> ProblemError:
    return ProblemError(
        [
            Problem(
                code,
                Severity.ERROR,
                zh,
                en,
                fix_zh,
                fix_en,
                file=str(Path(path).name) if path else "",
            )
        ]
    )


def not_found(path) -> ProblemError:
    return _error(
        "project_not_found",
        path,
        "找不到项目文件。",
        "The project file does not exist.",
        "请检查路径，或新建项目。",
        "Check the path or create a new project.",
    )


def already_exists(path) -> ProblemError:
    return _error(
        "project_exists",
        path,
        "该位置已有文件，不会覆盖。",
        "A file already exists there; it is not overwritten.",
        "请换一个文件名，或先删除旧文件。",
        "Choose another file name or remove the old file first.",
    )


def empty_file(path) -> ProblemError:
    return _error(
        "project_empty",
        path,
        "项目文件是空的（0 字节），可能在保存时被中断或复制不完整。",
        "The project file is empty (0 bytes); a save or copy was probably interrupted.",
        "请使用备份或重新创建项目。",
        "Use a backup copy or create the project again.",
    )


def not_sqlite(path) -> ProblemError:
    return _error(
        "project_not_sqlite",
        path,
        "这不是 ClusterPolicy 项目文件（文件格式无法识别，或文件已损坏）。",
        "This is not a ClusterPolicy project file (unknown format, or the file is damaged).",
        "请选择扩展名为 .cpa 的项目文件；若文件确已损坏，请使用备份。",
        "Choose a .cpa project file; if the file is damaged, use a backup copy.",
    )


def not_a_project(path, detail: str = "") -> ProblemError:
    extra = f"（{detail}）" if detail else ""
    extra_en = f" ({detail})" if detail else ""
    return _error(
        "project_foreign_sqlite",
        path,
        f"这是一个 SQLite 数据库，但不是 ClusterPolicy 项目文件{extra}。",
        f"This is an SQLite database but not a ClusterPolicy project file{extra_en}.",
        "请选择由本软件创建的 .cpa 项目文件。",
        "Choose a .cpa project file created by this application.",
    )


def damaged(path, detail: str) -> ProblemError:
    return _error(
        "project_damaged",
        path,
        f"项目文件已损坏，无法可靠读取（{detail}）。",
        f"The project file is damaged and cannot be read reliably ({detail}).",
        "请使用备份（升级前自动保存的 *.vN-backup.cpa 或您自己的副本）；不要继续在此文件上工作。",
        "Use a backup (the automatic *.vN-backup.cpa made before an upgrade, or your own copy); "
        "do not keep working on this file.",
    )


def newer_version(path, file_version: int, app_schema: int, written_by: str) -> ProblemError:
    by = written_by or "?"
    return _error(
        "project_too_new",
        path,
        f"此项目文件由较新版本的 ClusterPolicy（{by}，文件格式第 {file_version} 版）保存，"
        f"当前软件只支持到第 {app_schema} 版，为避免损坏数据拒绝打开。",
        f"This project was saved by a newer ClusterPolicy ({by}, file format {file_version}); this "
        f"version understands formats up to {app_schema} and refuses to open it so nothing is lost.",
        "请将 ClusterPolicy 升级到最新版本后再打开。",
        "Update ClusterPolicy to the latest version, then open it again.",
    )


def read_only(path) -> ProblemError:
    return _error(
        "project_read_only",
        path,
        "项目以只读方式打开，不能修改。",
        "The project is open read-only; it cannot be changed.",
        "请以可编辑方式重新打开，或“另存为”一个副本。",
        "Open it again for editing, or use Save As to make a copy.",
    )


def closed(path) -> ProblemError:
    return _error(
        "project_closed",
        path,
        "项目已关闭。",
        "The project is closed.",
        "请重新打开项目。",
        "Open the project again.",
    )


def locked(path) -> ProblemError:
    return _error(
        "project_locked",
        path,
        "项目文件正被另一个程序或窗口使用，暂时无法写入。",
        "The project file is in use by another program or window and cannot be written now.",
        "请关闭其他打开此项目的窗口后重试。",
        "Close the other window that has this project open and try again.",
    )


def cannot_write(path, detail: str) -> ProblemError:
    return _error(
        "project_write_failed",
        path,
        f"无法写入项目文件（{detail}）。",
        f"The project file could not be written ({detail}).",
        "请检查磁盘空间和文件夹写入权限；网络盘上的项目请先复制到本地磁盘。",
        "Check free disk space and write permission; copy a project on a network drive to a local disk first.",
    )


def unexpected_schema(path, found_zh: list[str], found_en: list[str]) -> ProblemError:
    """Objects this app never creates (a trigger, a view, a changed table): refused unexecuted."""
    more = len(found_zh) > 5
    shown_zh = "；".join(found_zh[:5]) + ("；…" if more else "")
    shown_en = "; ".join(found_en[:5]) + ("; …" if more else "")
    return _error(
        "project_unexpected_schema",
        path,
        f"项目文件中含有本软件不会创建的数据库对象（{shown_zh}）。文件可能被其他程序修改过或被蓄意"
        "篡改；为保护数据，拒绝打开：其中的内容没有被执行，文件未作任何改动。",
        f"The project file contains database objects this application never creates ({shown_en}). "
        "It may have been changed by another program or tampered with; to protect the data it is "
        "not opened: nothing in it was run and the file was not changed.",
        "请使用备份；若必须找回其中的数据，请让技术人员用 SQLite 工具检查并删除这些对象后再打开。",
        "Use a backup copy; to recover the data, have a technician inspect the file with an SQLite "
        "tool and remove these objects, then open it again.",
    )


def bad_value(path, table: str, row: int | None, column: str, detail: str, value: str = ""):
    """A located 'damaged': one value in one row of one table cannot be read."""
    where_zh = f"表 {table}" + (f" 第 {row} 行" if row is not None else "")
    where_en = f"table {table}" + (f", row {row}" if row is not None else "")
    col_zh = f"的 {column} 列" if column else ""
    col_en = f", column {column}" if column else ""
    return ProblemError(
        [
            Problem(
                "project_damaged",
                Severity.ERROR,
                f"项目文件已损坏：{where_zh}{col_zh}的值无法读取（{detail}）。",
                f"The project file is damaged: the value in {where_en}{col_en} cannot be read "
                f"({detail}).",
                "请使用备份（升级前自动保存的 *.vN-backup.cpa 或您自己的副本）；其余内容未受影响，"
                "可用“另存为”先保存一份副本。",
                "Use a backup (the automatic *.vN-backup.cpa made before an upgrade, or your own "
                "copy); the rest is unaffected, and Save As can keep a copy first.",
                file=str(Path(path).name) if path else "",
                row=row,
                column=column,
                value=value,
            )
        ]
    )


def damaged_value(path, bad) -> ProblemError:
    """:func:`bad_value` from a :class:`~clusterpolicy.store.codec.DamagedValue`."""
    return bad_value(path, bad.table, bad.row, bad.column, bad.detail, bad.value)


_READ_ONLY_WHY = {
    "file": (
        "项目文件是只读的（文件属性或权限不允许写入）",
        "The project file is read-only (its attributes or permissions do not allow writing)",
    ),
    "folder": (
        "项目文件所在的文件夹不允许写入（无法创建保存时需要的日志文件）",
        "The folder of the project file cannot be written (the journal files a save needs "
        "cannot be created there)",
    ),
    "media": (
        "项目文件位于只读介质上（光盘、写保护的 U 盘或只读共享）",
        "The project file is on read-only media (a CD/DVD, a write-protected USB stick or a "
        "read-only share)",
    ),
}


def opened_read_only(path, why: str, wal_copied: bool = False) -> Problem:
    """The notice (not an error) when a file that cannot be written is opened read-only."""
    zh, en = _READ_ONLY_WHY[why]
    if wal_copied:
        zh += "；上次未正常关闭时留下的修改已从旁边的 -wal 文件读入临时副本"
        en += "; the changes left in the -wal file beside it were read into a temporary copy"
    return Problem(
        "project_opened_read_only",
        Severity.WARNING,
        f"{zh}，已以只读方式打开：可以查看、导出和生成报告，但不能修改。",
        f"{en}; it was opened read-only: you can view, export and print it, but not change it.",
        "要修改，请用“另存为”保存到可写的位置（如本机磁盘），或取消文件的只读属性后重新打开。",
        "To make changes, use Save As to a writable place (e.g. a local disk), or clear the "
        "file's read-only attribute and open it again.",
        file=str(Path(path).name) if path else "",
    )


class WriteError(ProblemError):
    """A write that failed for a reason outside the app; ``cause`` is one of ``full``,
    ``permission``, ``folder``, ``moved``, ``readonly`` and ``io``."""

    def __init__(self, problems: list[Problem], cause: str):
        super().__init__(problems)
        self.cause = cause


_WRITE_CAUSES = {
    "full": (
        "磁盘已满",
        "the disk is full",
        "请清理磁盘空间（或换一个有空间的磁盘“另存为”）后重试；已保存的内容不受影响。",
        "Free some disk space (or Save As to another disk) and try again; what was saved before "
        "is unaffected.",
    ),
    "permission": (
        "没有写入权限",
        "permission denied",
        "请检查文件和文件夹的写入权限，或“另存为”到有权限的位置；已保存的内容不受影响。",
        "Check the write permission of the file and its folder, or Save As to a place you may "
        "write; what was saved before is unaffected.",
    ),
    "folder": (
        "目标文件夹不存在（可能已被删除、改名，或 U 盘/网络盘已断开）",
        "the folder does not exist (deleted, renamed, or the USB stick / network drive is gone)",
        "请重新连接磁盘或选择一个存在的文件夹后重试。",
        "Reconnect the drive or choose an existing folder and try again.",
    ),
    "moved": (
        "项目文件或其所在的文件夹在打开期间被移动或删除，修改无法写入原文件",
        "the project file or its folder was moved or deleted while it was open, so changes "
        "cannot reach the file",
        "请立即用“另存为”把项目保存到一个存在的位置：打开期间已保存的全部内容都会写入新文件。",
        "Use Save As now to save the project to a folder that exists: everything saved while it "
        "was open goes into the new file.",
    ),
    "readonly": (
        "文件或介质是只读的",
        "the file or the medium is read-only",
        "请“另存为”到可写的位置，或取消文件的只读属性。",
        "Save As to a writable place, or clear the file's read-only attribute.",
    ),
    "io": (
        "磁盘读写错误",
        "a disk input/output error",
        "请检查磁盘或网络连接后重试；网络盘上的项目请先复制到本地磁盘。",
        "Check the disk or network connection and try again; copy a project on a network drive "
        "to a local disk first.",
    ),
}


def write_failed(path, cause: str, detail: str = "") -> WriteError:
    zh, en, fix_zh, fix_en = _WRITE_CAUSES[cause]
    return WriteError(
        [
            Problem(
                "project_write_failed",
                Severity.ERROR,
                f"无法写入项目文件：{zh}" + (f"（{detail}）" if detail else "") + "。",
                f"The project file could not be written: {en}"
                + (f" ({detail})" if detail else "")
                + ".",
                fix_zh,
                fix_en,
                file=str(Path(path).name) if path else "",
            )
        ],
        cause,
    )


_ERRNO_CAUSES = {
    getattr(errno, name): cause
    for name, cause in (
        ("ENOSPC", "full"),
        ("EDQUOT", "full"),  # not on Windows
        ("EFBIG", "full"),
        ("EACCES", "permission"),
        ("EPERM", "permission"),
        ("EROFS", "readonly"),
        ("ENOENT", "folder"),
        ("ENOTDIR", "folder"),
    )
    if hasattr(errno, name)
}


def write_cause(path, exc: BaseException) -> str:
    """Why writing ``path`` failed, from an OSError's errno or an SQLite error code."""
    if not Path(path).parent.is_dir():
        return "folder"
    if isinstance(exc, OSError):
        return _ERRNO_CAUSES.get(exc.errno, "io")
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    if name == "SQLITE_FULL" or "disk is full" in text:
        return "full"
    if name == "SQLITE_READONLY_DBMOVED":
        return "moved"
    if name.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "readonly"
    if name in ("SQLITE_PERM", "SQLITE_AUTH", "SQLITE_CANTOPEN") or "unable to open" in text:
        return "permission"
    return "io"


def from_write_error(path, exc: BaseException) -> WriteError:
    """The located message for a failed write of ``path`` (disk full, permission, folder …)."""
    return write_failed(path, write_cause(path, exc), str(exc))
