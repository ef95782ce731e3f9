"""The Procfile and gunicorn's configuration name what exists."""

import runpy
import shlex
from pathlib import Path

from django.core.management import get_commands

BASE_DIR = Path(__file__).resolve().parents[3]


def processes():
    lines = (BASE_DIR / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line and not line.startswith("#"))


def test_the_procfile_lists_web_worker_scheduler_and_release():
    assert set(processes()) == {"web", "worker", "scheduler", "release"}


def test_every_management_command_of_the_procfile_exists():
    commands = get_commands()
    for line in processes().values():
        for part in line.split("&&"):
            words = shlex.split(part)
            if "manage.py" in words:
                assert words[words.index("manage.py") + 1] in commands, part


def test_gunicorn_config_loads_and_keeps_query_strings_out_of_the_access_log(monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "prom"))
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    config = runpy.run_path(str(BASE_DIR / "deploy" / "gunicorn.conf.py"))
    assert config["workers"] == 3
    assert "%(r)s" not in config["access_log_format"] and "%(q)s" not in config["access_log_format"]
    config["on_starting"](None)
    assert (tmp_path / "prom").is_dir()
    assert "gunicorn.conf.py" in processes()["web"]
