"""Long operators' jobs run by the task worker, not in the shell that asked for them.

A command that may run for minutes (the retention report, payment reconciliation, bulk
provisioning; the tax runs to come are such jobs too) is a :class:`BackgroundCommand`. It
checks its options where it is called, so a typo is refused at once, and then enqueues
:func:`run_command` through Django's task API: in production the database backend
(django-tasks-db), whose worker (``manage.py db_worker``) runs it and keeps what it printed
as the task's result; a job survives the operator's closed terminal and a restart, and runs
once. ``--now`` runs it in place, as before. With the immediate backend (``make run``, the
tests) the job runs at once in the same process either way."""

import io
import os

from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.core.management.color import no_style
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import TaskResultStatus

# What every command takes (BaseCommand's own arguments and call_command's streams).
DJANGO_OPTIONS = {
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
    "stdout",
    "stderr",
}


class BackgroundCommand(BaseCommand):
    """A management command whose work runs in the task worker unless ``--now``.

    Subclasses implement :meth:`run` (the work, given JSON-serialisable options) instead of
    ``handle``, and override :meth:`prepare` to check and complete the options before the job
    is enqueued: whatever is wrong is refused here, in the operator's shell."""

    # Options given to the job in the worker only (e.g. no progress bar in a log).
    background_options = {}

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--now",
            action="store_true",
            help="Run here and now instead of enqueueing a task for the worker.",
        )
        return parser

    def prepare(self, **options):
        """Check the options and return those the job runs with (JSON-serialisable).
        Override this to refuse bad input before anything is enqueued; raise CommandError."""
        return options

    def run(self, **options):
        """The work. Override this."""
        raise NotImplementedError

    def handle(self, *args, now=False, **options):
        own = self._own_options(options)
        own = self.prepare(**own)
        if now:
            return self.run(**own)
        name = self._name()
        result = run_command.enqueue(name, {**own, **self.background_options})
        if result.is_finished:
            # The immediate backend (make run, the tests) ran it in place: show what it said.
            self._echo(result)
            return None
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Enqueued as task %(id)s (%(command)s); the task worker runs it "
                    "(manage.py db_worker). --now runs it here instead."
                )
                % {"id": result.id, "command": name}
            )
        )
        return None

    def _echo(self, result):
        if result.status == TaskResultStatus.FAILED:
            # The last line of the traceback: the exception and its message.
            last = result.errors[-1].traceback.strip().splitlines()[-1] if result.errors else ""
            raise CommandError(last.split(": ", 1)[-1] if ": " in last else last)
        printed = result.return_value
        self.stdout.write(printed["output"], ending="")
        if printed["errors"]:
            self.stderr.write(printed["errors"], ending="")

    def _name(self):
        return self.__module__.rsplit(".", 1)[-1]

    def _own_options(self, options):
        """The command's own options, without Django's common ones and the output streams."""
        return {key: value for key, value in options.items() if key not in DJANGO_OPTIONS}


def absolute_path(path):
    """A path as the worker must see it: relative to the directory it was given in."""
    return os.path.abspath(path) if path else path


@task()
def run_command(name, options):
    """Run a background command's work; the result is what it printed."""
    app_name = get_commands().get(name)
    if app_name is None:
        raise CommandError(f"Unknown command: {name}")
    command = load_command_class(app_name, name)
    if not isinstance(command, BackgroundCommand):
        # A task row names a command: only the jobs meant for the worker may run from one.
        raise CommandError(f"{name} is not a background command.")
    output, errors = io.StringIO(), io.StringIO()
    command.stdout, command.stderr = OutputWrapper(output), OutputWrapper(errors)
    command.style = no_style()
    command.run(**options)
    return {"output": output.getvalue(), "errors": errors.getvalue()}
