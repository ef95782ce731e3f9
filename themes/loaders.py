"""Template lookup in the current site's theme first.

Configure as the first loader, before the project's usual (cached) ones:

    "loaders": [
        "themes.loaders.Loader",
        ("django.template.loaders.cached.Loader", [filesystem, app_directories]),
    ]

Any template may be overridden by a theme — base layouts, page templates under municipal/,
navigation includes, 404.html and 500.html — by putting a file of the same name under the
theme's templates/. A theme that extends another falls back to it, and every theme falls
back to the default theme before the project's own templates."""

from django.template import Origin
from django.template.loaders import cached, filesystem
from django.utils._os import safe_join

from .current import current_theme
from .registry import registry


class ThemeFolderLoader(filesystem.Loader):
    def get_dirs(self):
        # Every theme's folder: Django's autoreloader watches what this returns.
        return [theme.templates_dir for theme in registry.themes()]

    def get_template_sources(self, template_name):
        for theme in registry.lineage(current_theme().name):
            try:
                name = safe_join(theme.templates_dir, template_name)
            except Exception:  # SuspiciousFileOperation: a name reaching out of the folder
                continue
            yield Origin(name=name, template_name=template_name, loader=self)


class Loader(cached.Loader):
    """Django's cached loader over the theme folders, with the theme in the cache key: the
    same template name is a different template for each theme."""

    def __init__(self, engine, loaders=None):
        super().__init__(engine, loaders or ["themes.loaders.ThemeFolderLoader"])

    def cache_key(self, template_name, skip=None):
        return f"{current_theme().name}:{super().cache_key(template_name, skip)}"
