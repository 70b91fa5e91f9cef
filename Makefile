# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report test setup lint benchmarks clean notebooks lexicons

# (Re)install when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

setup: $(STAMP)

## make report: score the seeds and write reports/seeds/ (report + handout, HTML + PDF)
report: $(STAMP)
	$(BIN)/framing report seeds --out reports/seeds

## make test: run the whole test suite (notebooks, reports in headless Chromium, PDFs)
test: $(STAMP)
	$(BIN)/python -m pytest -q

## make lexicons: regenerate the lexicon rows derived from published lists (curated rows
## are edited in the CSVs); needs ../shared/lexicons or FRAMING_SHARED
lexicons: $(STAMP)
	$(BIN)/python framing/lexicons/derive.py

## make notebooks: re-execute the committed notebooks on the seeds
notebooks: $(STAMP)
	$(BIN)/python notebooks/execute.py

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/validity.py
	$(BIN)/python benchmarks/report_speed.py
	$(BIN)/python benchmarks/throughput.py --quick

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
