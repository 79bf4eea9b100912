"""Shipped files are found through kiosk.core.resources, and a missing one is named."""

from __future__ import annotations

import pytest

from kiosk.core import resources


def test_every_required_file_is_in_the_checkout():
    root = resources.package_root()
    assert [name for name in resources.REQUIRED if not (root / name).is_file()] == []
    assert any((root / "storage" / "migrations" / "versions").glob("*.py"))


def test_a_shipped_file_is_a_real_path_on_disk():
    font = resources.path("fonts", "NotoSans-Regular.ttf")
    assert font.is_file()
    assert font.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    assert (resources.migrations() / "env.py").is_file()


def test_a_missing_file_is_refused_with_its_name():
    with pytest.raises(resources.MissingResource, match="missing resource: fonts/Nope-Regular.ttf"):
        resources.path("fonts", "Nope-Regular.ttf")
    assert resources.optional("build.json") is None  # a checkout is not a build


def test_no_module_builds_a_resource_path_from_its_own_file():
    """One place for resources: a lookup from `__file__` would miss them in some installs."""
    offenders = [
        str(module.relative_to(resources.package_root()))
        for module in resources.package_root().rglob("*.py")
        if "__file__" in module.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_the_package_folder_is_the_one_importlib_resources_names():
    from importlib.resources import files

    assert resources.package_root() == files("kiosk")
