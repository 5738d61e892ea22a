"""The store's bilingual problem reports (raised as :class:`~clusterpolicy.messages.ProblemError`)."""

from __future__ import annotations

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
