# kiosk: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: test lint run demo bench i18n clean

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

i18n: $(STAMP)
	$(BIN)/python -m kiosk.i18n compile

clean:
	rm -rf $(VENV) build *.egg-info demo
