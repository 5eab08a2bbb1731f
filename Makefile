# Vigil: `make run` sets everything up and serves the demo; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export UV_PYTHON_DOWNLOADS := never

FRONTEND_SOURCES := $(wildcard frontend/scss/*.scss frontend/js/*.mjs) frontend/build.sh

.PHONY: setup run test lint typecheck pytest demo clean bench

setup: $(BIN)/.installed vigil/static/build/.built

$(BIN)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

vigil/static/build/.built: node_modules/.installed $(FRONTEND_SOURCES)
	sh frontend/build.sh
	touch $@

# The demo: SQLite under var/, demo mode on, synthetic data, served on 127.0.0.1:$(PORT).
run: export VIGIL_DEMO_MODE := 1
run: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo "Serving Vigil on http://127.0.0.1:$(PORT)  (Ctrl-C to stop)"
	$(BIN)/gunicorn vigil.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 \
		--access-logfile - --forwarded-allow-ips 127.0.0.1

demo: export VIGIL_DEMO_MODE := 1
demo: setup
	mkdir -p var
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/.installed
	$(BIN)/mypy vigil tests

pytest: setup
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -n 2 $(PYTEST_ARGS)

test: lint typecheck pytest

bench: setup
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules vigil/static/build var/static
