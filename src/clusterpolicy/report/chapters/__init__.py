"""One module per report chapter; importing this package registers every chapter builder
(``@section``) in :data:`clusterpolicy.report.sections.SECTIONS`."""

from clusterpolicy.report.chapters import (  # noqa: F401 - registration on import
    appendix,
    brief,
    effects,
    equalization,
    identification,
    lifecycle,
    limitations,
    policy,
    summary,
    upgrading,
)
