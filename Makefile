# kiosk: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: test lint run demo bench i18n clean bundle stick smoke

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the project's metadata changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check kiosk tests bench tools
	$(BIN)/ruff format --check kiosk tests bench tools
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/python -m pytest -q

# The kiosk on the demo event, in a window, with its own store in the user data folder
# (kiosk --demo: table 1 of the demo plan and its notes; host PIN 1234). The tests' offscreen
# platform is not wanted here: the window should appear on the screen.
ifeq ($(origin QT_QPA_PLATFORM),file)
RUN_ENV := env -u QT_QPA_PLATFORM
endif
run: $(STAMP)
	$(RUN_ENV) $(BIN)/kiosk --demo --windowed

bench: $(STAMP)
	$(BIN)/python bench/store_insert.py
	$(BIN)/python bench/merge.py
	$(BIN)/python bench/kill_notes.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/kiosk_launch.py
	$(BIN)/python bench/note_paint.py
	$(BIN)/python bench/curate.py

# The organiser's pipeline on the bundled demo event; the PDFs land in demo/.
demo: $(STAMP)
	$(BIN)/python -m kiosk.demo --out demo

# The standalone kiosk (kiosk.spec): dist/kiosk/, with PyInstaller from the `bundle` extra.
BUNDLE_STAMP := $(VENV)/.installed-bundle
$(BUNDLE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bundle]'
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	rm -rf dist/kiosk
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller kiosk.spec

# The bundle's smoke test: every command and both windows from dist/kiosk/ alone.
smoke: $(STAMP)
	KIOSK_BUNDLE_REQUIRED=1 $(BIN)/python -m pytest -q -m bundle tests/test_bundle.py

# A ready USB stick for a table host: `make stick DIR=/media/KINGSTON [PLAN=plan.json]` puts the
# bundle, the plan and LEESMIJ.txt on it (the demo plan when no PLAN is given).
stick: $(STAMP)
	@test -n "$(DIR)" || { echo "usage: make stick DIR=/path/to/stick [PLAN=plan.json]"; exit 2; }
	test -x dist/kiosk/kiosk || $(MAKE) bundle
	$(BIN)/python -m kiosk.organiser.stick --bundle dist/kiosk $(if $(PLAN),--plan "$(PLAN)") "$(DIR)"

i18n: $(STAMP)
	$(BIN)/python -m kiosk.core.i18n compile

clean:
	rm -rf $(VENV) build dist *.egg-info demo
