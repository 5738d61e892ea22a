"""Packaging glue that pyproject.toml alone cannot say.

The product card keeps ``resources/`` and ``ui/`` at the top of the repository. In a wheel they
travel as the data-only packages ``clusterpolicy._resources`` and ``clusterpolicy._ui``;
``clusterpolicy.paths`` finds them in a checkout, an installed wheel and a frozen bundle alike.
"""

from setuptools import find_packages, setup

setup(
    package_dir={
        "": "src",
        "clusterpolicy._resources": "resources",
        "clusterpolicy._ui": "ui",
    },
    packages=find_packages("src") + ["clusterpolicy._resources", "clusterpolicy._ui"],
    package_data={
        "clusterpolicy": ["py.typed"],
        "clusterpolicy._resources": ["**/*"],
        "clusterpolicy._ui": ["**/*"],
    },
    include_package_data=True,
)
