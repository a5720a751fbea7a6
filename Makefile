# One set of commands, the same on a laptop and in CI.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install app test lint eval bench train data clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)  ## create .venv and install the coach with its dev tools

app: $(STAMP)  ## install if needed, then launch the Streamlit app on http://127.0.0.1:8501
	LITELLM_LOCAL_MODEL_COST_MAP=True $(BIN)/streamlit run app.py \
		--server.headless true --browser.gatherUsageStats false --server.address 127.0.0.1

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP)  ## lint, then every test (unit, CLI, app, browser, eval gate)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	LITELLM_LOCAL_MODEL_COST_MAP=True $(BIN)/pytest -q

eval: $(STAMP)  ## the offline eval suite: writes evals/report.md and evals/report.json
	LITELLM_LOCAL_MODEL_COST_MAP=True $(BIN)/coach eval

train: $(STAMP)  ## retrain the clause classifier from evals/corpus (deterministic; writes coach/reading/model/)
	$(BIN)/python -m evals.train_reader

data: $(STAMP)  ## rebuild coach/lexicon/confusables.tsv from Unicode's confusables data
	$(BIN)/python -m evals.build_confusables

bench: $(STAMP)  ## latency benchmarks (verdict in-process and as a process, retrieval, turns)
	LITELLM_LOCAL_MODEL_COST_MAP=True $(BIN)/python -m evals.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
