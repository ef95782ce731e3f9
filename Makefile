# The two commands of README.md: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PG_DEFAULT_URL := postgres://postgres@127.0.0.1:5432/postgres

.PHONY: cluster cluster-stop run test fuzz install install-dev system-libs postgres lint messages lock benchmark screenshots

# PORT=8100 binds the sites (Wagtail's Site.port, the links between the portal and the
# municipalities' sites) to that port as well, also on a re-run of an existing demo.
run: export SITE_PORT = $(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 0.0.0.0:$(PORT)

# The accessibility test (tests/browser) drives Debian's Chromium and runs axe-core, which
# npm installs under .cache/axe (not committed).
# The suite runs in TEST_WORKERS processes (pytest-xdist), each with its own test database
# (test_<name>_gw0, _gw1, ...); benchmarks/README.md has the timings behind the default.
# A plain `.venv/bin/pytest tests/some_file.py` stays in one process.
TEST_WORKERS ?= 2
test: install-dev postgres
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "Chromium is not installed: installing it from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@if ! command -v npm >/dev/null; then \
		echo "npm is not installed: installing it from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; \
	fi
	@if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then \
		npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4; \
	fi
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_WORKERS)

# Two web nodes, a worker, the scheduler, the search engine and HAProxy on one machine, then
# the cross-node checks (README, "A cluster on one machine"). Not part of `make test`.
cluster: install
	bash tools/cluster/cluster.sh start
	bash tools/cluster/cluster.sh check

cluster-stop:
	bash tools/cluster/cluster.sh stop

# The HTTP fuzzer of tests/fuzz with thousands of examples instead of make test's few
# (README.md, "Two commands"); Hypothesis keeps what it found in .hypothesis/.
fuzz: install-dev postgres
	HYPOTHESIS_PROFILE=long $(BIN)/pytest -n $(TEST_WORKERS) tests/fuzz

# PNGs of the key pages at 1280 px and 390 px, and a gallery: docs/screenshots/index.html.
# The demo on a SQLite database of its own under .cache/screenshots, on a free port; Chromium
# and Playwright as for the browser tests. Not part of `make test`.
screenshots: install-dev system-libs
	@if [ ! -x /usr/bin/chromium ] && [ -z "$$CHROMIUM_PATH" ]; then \
		echo "Chromium is not installed: installing it from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	$(BIN)/python tools/screenshots.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies changed.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

install: system-libs $(VENV)/.installed
install-dev: system-libs $(VENV)/.installed-dev

# WeasyPrint (the citizen's PDF receipt) lays text out with Pango and needs a font; both come
# from Debian's packages.
system-libs:
	@if ! ldconfig -p | grep -q libpangoft2-1.0.so.0 || ! fc-list 2>/dev/null | grep -qi dejavu; then \
		echo "Pango or the DejaVu fonts are missing: installing them from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core >/dev/null; \
	fi

# A PostgreSQL to test against: DATABASE_URL if given; otherwise the local one on
# 127.0.0.1:5432, started if it is stopped and installed from Debian's packages if missing.
postgres: install
	@if [ -n "$$DATABASE_URL" ]; then exit 0; fi; \
	ready() { $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_DEFAULT_URL)', connect_timeout=3).close()" 2>/dev/null; }; \
	if ready; then exit 0; fi; \
	installed=no; \
	if ! command -v pg_ctlcluster >/dev/null; then \
		echo "PostgreSQL is not installed: installing it from Debian's packages"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
		installed=yes; \
	fi; \
	for version in $$(ls /etc/postgresql); do \
		if [ $$installed = yes ]; then \
			sed -i '1i host all postgres 127.0.0.1/32 trust' /etc/postgresql/$$version/main/pg_hba.conf; \
		fi; \
		pg_ctlcluster --skip-systemctl-redirect $$version main start 2>/dev/null || \
			pg_ctlcluster --skip-systemctl-redirect $$version main reload; \
	done; \
	for attempt in $$(seq 30); do ready && exit 0; sleep 1; done; \
	echo "PostgreSQL did not become ready on 127.0.0.1:5432"; exit 1

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Needs GNU gettext (apt-get install gettext); the compiled catalogue is committed.
messages: install
	$(BIN)/python manage.py makemessages --locale hu --ignore ".venv/*" --ignore "benchmarks/*" --ignore "tests/*" --ignore ".cache/*"
	$(BIN)/python manage.py compilemessages --locale hu --ignore ".venv/*"

lock: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev,elasticsearch,opensearch]"
	$(BIN)/pip freeze --exclude-editable > requirements.lock

benchmark: install-dev postgres
	$(BIN)/python benchmarks/provision_scale.py
