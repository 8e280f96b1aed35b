# newsstats: two commands on a fresh machine, `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup run test bench dev browser clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run the whole graph on the built-in sample; prints a summary and where the warehouse is
run: setup
	$(PY) -m pipelines run

## install the browser for the dashboard test, then run every test
test: setup browser
	$(PY) -m pytest -q -p no:cacheprovider

browser:
	bash scripts/install_chromium.sh

## throughput per stage, end-to-end time, orchestration overhead, peak memory (a measurement, not a test)
bench: setup
	$(PY) -m bench.run

## browse the asset graph, schedules and sensors
dev: setup
	mkdir -p .dagster_home && cp deploy/dagster.yaml .dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(VENV)/bin/dagster dev -w workspace.yaml

clean:
	rm -rf data .dagster_home
