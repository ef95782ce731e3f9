import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from themes.registry import BUILTIN_THEMES_DIR, DuplicateTheme, Theme, ThemeRegistry, registry


def make_folder(parent, name, **manifest):
    folder = parent / name
    (folder / "templates").mkdir(parents=True)
    (folder / "theme.json").write_text(json.dumps({"name": name, **manifest}), encoding="utf-8")
    return folder


def test_the_builtin_themes_are_discovered_from_their_folders():
    builtin = {"classic", "sidebar", "modern"}
    assert builtin <= set(registry)
    for theme in (registry.get(name) for name in builtin):
        assert theme.path.parent == BUILTIN_THEMES_DIR
        assert (theme.templates_dir / "base.html").is_file()
        assert (theme.templates_dir / "404.html").is_file()
        assert (theme.templates_dir / "500.html").is_file()
        assert set(theme.palette) == {"primary", "secondary", "accent"}


def test_dropping_a_folder_in_adds_a_theme(tmp_path):
    # given a fresh registry, as the app builds at start-up
    themes = ThemeRegistry(default="classic")
    themes.discover(BUILTIN_THEMES_DIR)
    make_folder(tmp_path, "winter", label={"hu": "Téli", "en": "Winter"}, extends="modern")

    # when
    themes.discover(tmp_path)

    # then
    assert "winter" in themes
    assert [theme.name for theme in themes.lineage("winter")] == ["winter", "modern", "classic"]
    assert ("winter", "Téli") in themes.choices()


def test_two_folders_with_one_name_are_refused(tmp_path):
    themes = ThemeRegistry()
    themes.register(Theme.from_folder(make_folder(tmp_path / "a", "twin")))
    with pytest.raises(DuplicateTheme):
        themes.register(Theme.from_folder(make_folder(tmp_path / "b", "twin")))


def test_a_manifest_naming_another_folder_is_refused(tmp_path):
    folder = make_folder(tmp_path, "spring")
    (folder / "theme.json").write_text(json.dumps({"name": "summer"}), encoding="utf-8")
    with pytest.raises(ImproperlyConfigured):
        Theme.from_folder(folder)


def test_a_theme_extending_a_missing_theme_is_refused(tmp_path):
    themes = ThemeRegistry(default="classic")
    themes.discover(BUILTIN_THEMES_DIR)
    make_folder(tmp_path, "orphan", extends="nowhere")
    themes.discover(tmp_path)
    with pytest.raises(ImproperlyConfigured):
        themes.check()


def test_an_unknown_theme_name_falls_back_to_the_default():
    assert registry.get("removed-long-ago").name == registry.default_name


def test_the_themes_are_listed_by_name_whatever_folder_came_first(tmp_path):
    themes = ThemeRegistry(default="classic")
    themes.register_folder(make_folder(tmp_path / "later", "zebra"))
    themes.discover(BUILTIN_THEMES_DIR)

    assert list(themes)[0] == "zebra"
    assert [theme.name for theme in themes.themes()] == sorted(themes)
    assert themes.choices()[-1][0] == "zebra"
