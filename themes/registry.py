"""The installed themes: one folder each, discovered at start-up.

A theme is a folder holding ``theme.json`` (its manifest), ``templates/`` (overrides of any
template of the project, looked up before the apps' own) and ``static/`` (served under
``themes/<name>/``). Dropping a folder into ``themes/themes/`` (or into a folder named in the
``THEME_DIRS`` setting) adds a theme at the next start; no code names the themes one by one.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

from sites.registry import DuplicateRegistration, Registry

BUILTIN_THEMES_DIR = Path(__file__).resolve().parent / "themes"
MANIFEST = "theme.json"
PALETTE_ROLES = ("primary", "secondary", "accent")


class DuplicateTheme(DuplicateRegistration):
    pass


def _translated(value, language):
    # A theme folder cannot add to the project's gettext catalogue, so its manifest carries
    # its own texts as {"hu": …, "en": …}; a plain string serves every language.
    if isinstance(value, dict):
        return value.get(language) or value.get("hu") or next(iter(value.values()), "")
    return value or ""


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path
    version: str = "1"
    parent: str = ""
    label_texts: dict | str = ""
    description_texts: dict | str = ""
    palette: dict = field(default_factory=dict)
    # For each palette role, the text colours drawn on it (or with it on a page background);
    # every pair must reach WCAG 2.1 AA contrast, see themes.contrast.
    text_on: dict = field(default_factory=dict)
    default_font: str = "system"
    stylesheets: tuple = ()

    @property
    def label(self):
        return _translated(self.label_texts, get_language()) or self.name

    @property
    def description(self):
        return _translated(self.description_texts, get_language())

    @property
    def templates_dir(self):
        return self.path / "templates"

    @property
    def static_dir(self):
        return self.path / "static"

    @property
    def static_prefix(self):
        return f"themes/{self.name}"

    @classmethod
    def from_folder(cls, path):
        path = Path(path)
        try:
            manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ImproperlyConfigured(
                f"Theme folder {path}: unreadable {MANIFEST}: {error}"
            ) from error
        name = manifest.get("name") or path.name
        if name != path.name:
            raise ImproperlyConfigured(
                f"Theme folder {path}: the manifest names it {name!r}; the folder's name and "
                "the theme's name must be the same (it is the theme's key in the database)."
            )
        return cls(
            name=name,
            path=path,
            version=str(manifest.get("version", "1")),
            parent=manifest.get("extends", ""),
            label_texts=manifest.get("label", name),
            description_texts=manifest.get("description", ""),
            palette={role: manifest.get("palette", {}).get(role, "") for role in PALETTE_ROLES},
            text_on={
                role: tuple(colours)
                for role, colours in manifest.get("contrast", {}).items()
                if role in PALETTE_ROLES
            },
            default_font=manifest.get("default_font", "system"),
            stylesheets=tuple(manifest.get("stylesheets", ["css/theme.css"])),
        )


class ThemeRegistry(Registry):
    """The installed themes by name. ``get`` answers the default theme for a name that is
    not (or no longer) installed: a site's stored choice must always render."""

    def __init__(self, default="classic"):
        super().__init__("themes")
        self.default_name = default

    def register(self, theme, *, replace=False):
        """A theme is registered under its own name: its folder's."""
        if theme.name in self and not replace:
            raise DuplicateTheme(
                f"Two theme folders are named {theme.name!r}: "
                f"{self[theme.name].path} and {theme.path}."
            )
        return super().register(theme.name, theme, replace=replace)

    def register_folder(self, path):
        return self.register(Theme.from_folder(path))

    def discover(self, *directories):
        """Register every folder with a manifest found directly in the given directories."""
        for directory in directories:
            for path in sorted(Path(directory).iterdir()):
                if (path / MANIFEST).is_file():
                    self.register_folder(path)

    def check(self):
        if self.default_name not in self:
            raise ImproperlyConfigured(f"The default theme {self.default_name!r} is not installed.")
        for theme in self.values():
            if theme.parent and theme.parent not in self:
                raise ImproperlyConfigured(
                    f"Theme {theme.name!r} extends {theme.parent!r}, which is not installed."
                )

    def themes(self):
        """The installed themes, by name."""
        return sorted(self.values(), key=lambda theme: theme.name)

    def get(self, name, default=None):
        return super().get(name) or default or self[self.default_name]

    @property
    def default(self):
        return self[self.default_name]

    def ancestry(self, name):
        """The theme and the themes it extends, nearest first."""
        chain, seen = [], set()
        theme = self.get(name)
        while theme is not None and theme.name not in seen:
            chain.append(theme)
            seen.add(theme.name)
            theme = super().get(theme.parent) if theme.parent else None
        return chain

    def lineage(self, name):
        """The theme, the themes it extends, and the default theme last: where its templates
        and static files are looked up, nearest first."""
        chain = self.ancestry(name)
        if self.default_name not in {theme.name for theme in chain}:
            chain.append(self.default)
        return chain

    def choices(self):
        # The description goes with the name: the clerk choosing has no other help.
        return [
            (theme.name, " – ".join(filter(None, (theme.label, theme.description))))
            for theme in self.themes()
        ]


registry = ThemeRegistry(default=getattr(settings, "THEME_DEFAULT", "classic"))


def theme_choices():
    return registry.choices()


def default_theme_name():
    return registry.default_name


def discover_themes():
    registry.discover(BUILTIN_THEMES_DIR, *getattr(settings, "THEME_DIRS", ()))
    registry.check()
