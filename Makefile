# Essor — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp
CS26 := essor/programmes/data/cs26-2025.toml

# Development defaults; the environment wins when it sets them.
export DEBUG ?= 1
export ESSOR_DEMO ?= 1

.PHONY: install run test bench lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Essor needs Python 3.11 or newer (found " + sys.version.split()[0] + ").")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_programme $(CS26)
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Benchmark-only dependencies (gunicorn, WeasyPrint, pyinstrument), apart from `dev`.
BENCH_STAMP := $(VENV)/.bench-stamp
$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# The benchmark suite (bench/README.md): its own database, never var/essor.sqlite3.
# BENCH_ARGS=--quick for a smoke run; DATABASE_URL=postgres://… for PostgreSQL.
BENCH_ARGS ?= --growth-scale 10
bench: $(BENCH_STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check essor tests

clean:
	rm -rf $(VENV)
