"""ClusterPolicy (产业集群政策评估): industrial-cluster policy assessment for local government.

Layers, pointing one way only (checked by import-linter, see pyproject.toml):
``gui`` → ``report``/``store``/``assess``/``knowledge`` → ``metrics`` (pure numpy/pandas) and
``io`` → ``model``. Nothing downstream of ``io`` reads a raw workbook.
"""

__version__ = "0.1.0"
