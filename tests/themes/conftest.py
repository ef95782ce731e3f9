import json

import pytest
from django.template import engines

from themes.models import ThemeSettings
from themes.registry import registry

HOST_A = "alsovar.localhost"
HOST_B = "felsovar.localhost"


def reset_template_caches():
    for loader in engines["django"].engine.template_loaders:
        loader.reset()


@pytest.fixture
def set_theme():
    """set_theme(municipality, name, **fields) -> the saved ThemeSettings of its site."""

    def _set_theme(municipality, name, **fields):
        theme_settings = ThemeSettings.for_site(municipality.site)
        theme_settings.theme = name
        for field, value in fields.items():
            setattr(theme_settings, field, value)
        theme_settings.full_clean()
        theme_settings.save()
        return theme_settings

    return _set_theme


@pytest.fixture
def drop_in_theme(tmp_path):
    """drop_in_theme(name, templates={path: source}, **manifest) -> a theme folder, installed
    for the test as if it had been dropped into themes/themes/ before start-up."""
    installed = []

    def _drop_in(name, templates=None, **manifest):
        folder = tmp_path / "themes" / name
        (folder / "templates").mkdir(parents=True)
        (folder / "static").mkdir()
        (folder / "theme.json").write_text(
            json.dumps({"name": name, "label": {"hu": name, "en": name}, **manifest}),
            encoding="utf-8",
        )
        for path, source in (templates or {}).items():
            target = folder / "templates" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source, encoding="utf-8")
        registry.discover(folder.parent)
        installed.append(name)
        reset_template_caches()
        return registry.get(name)

    yield _drop_in
    for name in installed:
        registry.unregister(name)
    reset_template_caches()
