"""Recovery copies of work that is not yet in a project file (the desktop app's untitled session).

While a window holds imported data, answers, stage adjustments or results that are in no project,
it keeps a *recovery copy*: an ordinary project file in ``<user folder>/recovery/``
(:func:`write_copy`, written to a temporary name and renamed over the last copy, so a crash while
writing leaves the previous copy whole), and beside it a small JSON file saying whose it is (the
process id) and what it holds. Saving the work as a project, or closing without saving on
purpose, deletes the copy (:func:`discard`). A copy whose process is no longer running was left
by a crash: :func:`left_by_a_crash` lists those, with a summary of what recovering restores, and
:func:`recover` moves one to ``<user folder>/recovered/`` as a normal project to open.
A project already open is not copied here: its changes are written to its file as they are made
(and its own crash recovery is in :mod:`clusterpolicy.store.sessions`).
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from clusterpolicy.paths import user_data_dir

__all__ = [
    "RecoveryCopy",
    "copy_path",
    "discard",
    "drop",
    "left_by_a_crash",
    "recover",
    "summary_text",
    "write_copy",
]


@dataclass
class RecoveryCopy:
    path: Path  # the project file of the copy
    saved_at: str  # when it was last written (local time, ISO)
    holds: dict  # what it holds: regions, industries, years, answers, overrides, results


def _dir() -> Path:
    d = user_data_dir() / "recovery"
    d.mkdir(parents=True, exist_ok=True)
    return d


def copy_path(tag: str) -> Path:
    """The recovery copy of session ``tag`` (one per window: process id and a counter)."""
    return _dir() / f"session-{os.getpid()}-{tag}.cpa"


def _side(path: Path) -> Path:
    return path.with_suffix(".json")


def write_copy(
    tag: str,
    *,
    settings,
    user: str | None,
    data,
    mappings,
    judgements,
    result,
    scenarios=None,
    profile=None,
) -> Path:
    """Write the session's recovery copy (replacing the last one) and return its path. Runs off
    the UI thread; ``judgements`` must be a snapshot the window no longer changes."""
    from clusterpolicy.app.projects import save_session_as

    final = copy_path(tag)
    tmp = final.with_name(final.stem + ".writing.cpa")
    for p in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        p.unlink(missing_ok=True)
    holds = _holds(data, judgements, result)  # before: the copy binds judgements to the file
    project = save_session_as(
        tmp,
        settings=settings,
        user=user,
        data=data,
        mappings=mappings,
        judgements=judgements,
        result=result,
        scenarios=scenarios,
        profile=profile,
    )
    project.close()
    os.replace(tmp, final)
    side = {
        "pid": os.getpid(),
        "saved_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "holds": holds,
    }
    tmp_side = _side(tmp)
    tmp_side.write_text(json.dumps(side, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp_side, _side(final))
    return final


def _holds(data, judgements, result) -> dict:
    out = {"answers": len(judgements.all_answers()), "overrides": len(judgements.all_overrides())}
    if data is not None:
        s = data.summary()
        out.update(regions=s["regions"], industries=s["industries"], years=list(s["years"]))
    out["results"] = result is not None
    return out


def discard(tag: str) -> None:
    """Delete the session's recovery copy (the work was saved, or dropped on purpose)."""
    path = copy_path(tag)
    for p in (path, _side(path)):
        p.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if not 0 < pid < 2**31:  # not a process id (a hostile side file)
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFO
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def left_by_a_crash() -> list[RecoveryCopy]:
    """The recovery copies whose process has ended (newest first). A side file that cannot be
    read (hostile or half-written) is skipped; its copy stays for the user to find."""
    out = []
    try:
        sides = list(_dir().glob("session-*.json"))
    except OSError:  # no user folder to look in: nothing to offer
        return []
    for side in sides:
        path = side.with_suffix(".cpa")
        try:
            info = json.loads(side.read_text(encoding="utf-8"))
            pid = int(info["pid"])
            if not 0 < pid < 2**31:  # not a process id: a damaged side file, skipped
                continue
            holds = dict(info.get("holds") or {})
            saved = re.sub(r"[^0-9: -]", "", str(info.get("saved_at", "")))[:19]
            if not path.is_file() or _alive(pid):
                continue
        except (OSError, ValueError, KeyError, TypeError, OverflowError, AttributeError):
            continue
        out.append(RecoveryCopy(path, saved, holds))
    return sorted(out, key=lambda c: c.saved_at, reverse=True)


def recover(copy: RecoveryCopy) -> Path:
    """Move ``copy`` to ``<user folder>/recovered/恢复的工作-<time>.cpa`` (a project to open)."""
    dest_dir = user_data_dir() / "recovered"
    dest_dir.mkdir(parents=True, exist_ok=True)
    stamp = re.sub(r"\D", "", copy.saved_at)[:14] or "copy"  # digits only: a name, never a path
    dest = dest_dir / f"恢复的工作-{stamp}.cpa"
    n = 1
    while dest.exists():
        n += 1
        dest = dest_dir / f"恢复的工作-{stamp}-{n}.cpa"
    os.replace(copy.path, dest)
    _side(copy.path).unlink(missing_ok=True)
    return dest


def drop(copy: RecoveryCopy) -> None:
    """Delete a copy left by a crash (the user chose not to recover it)."""
    for p in (copy.path, _side(copy.path)):
        p.unlink(missing_ok=True)


def summary_text(copy: RecoveryCopy, lang: str = "zh") -> str:
    """What recovering ``copy`` restores, in one sentence."""
    h = copy.holds
    zh = lang != "en"
    parts = []
    if h.get("regions"):
        years = h.get("years") or []
        span = f"{years[0]}–{years[-1]}" if years else "—"
        parts.append(
            f"导入的数据（{h['regions']} 个地区、{h.get('industries', 0)} 个行业、{span} 年）"
            if zh
            else f"the imported data ({h['regions']} regions, {h.get('industries', 0)} "
            f"industries, {span})"
        )
    if h.get("answers"):
        parts.append(f"{h['answers']} 条答案" if zh else f"{h['answers']} answer(s)")
    if h.get("overrides"):
        parts.append(
            f"{h['overrides']} 处阶段调整" if zh else f"{h['overrides']} stage adjustment(s)"
        )
    if h.get("results"):
        parts.append("最近一次评估结果" if zh else "the latest assessment results")
    if not parts:
        return "（空）" if zh else "(nothing)"
    return "、".join(parts) if zh else ", ".join(parts)
