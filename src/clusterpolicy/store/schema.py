"""What a project file is: its identity marks and the schema version this app writes."""

from __future__ import annotations

from clusterpolicy.store import migrations

FILE_SUFFIX = ".cpa"
FORMAT = "clusterpolicy-project"  # meta.format
APPLICATION_ID = 0x43504100  # "CPA\0" in the SQLite header (offset 68)
SQLITE_MAGIC = b"SQLite format 3\x00"
SCHEMA_VERSION = migrations.LATEST
