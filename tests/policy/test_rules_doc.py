"""docs/rules.md lists every declared policy value, exactly as the code declares it."""

from __future__ import annotations

from vigil.policy.rules_doc import DOC, END, START, load_all, render_table


def test_the_rules_reference_lists_every_policy_value_as_declared() -> None:
    text = DOC.read_text()
    table = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == render_table(), (
        "docs/rules.md is out of date: run `python -m vigil.policy.rules_doc`"
    )


def test_every_value_names_its_source() -> None:
    for name, value in load_all().items():
        assert value.source.strip(), name
        assert value.mark in {"C", "M", "D"}, name


def test_every_policy_value_is_declared_inside_the_policy_package() -> None:
    """Values declared elsewhere would be missing from a standalone rules reference."""
    import django

    django.setup()
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("vigil."):
            import importlib
            import pkgutil

            assert config.module is not None
            for module in pkgutil.walk_packages(config.module.__path__, f"{config.name}."):
                if ".migrations" not in module.name and ".management" not in module.name:
                    importlib.import_module(module.name)
    from vigil.policy.values import REGISTRY

    assert set(REGISTRY) == set(load_all()), set(REGISTRY) ^ set(load_all())
