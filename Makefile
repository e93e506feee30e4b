# jixiao — the commands a newcomer types. Everything installs into .venv from the package registries.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The compiled build (`pip install .`: setup.py compiles the hot modules with mypyc), in a venv of its own.
CVENV ?= .venv-compiled
CBIN := $(CVENV)/bin
CSTAMP := $(CVENV)/.installed
SOURCES := $(shell find src -name '*.py' -o -name '*.j2' -o -name '*.yaml' -o -name '*.yml')

.PHONY: install demo test eval bench compiled test-compiled clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# A wheel build, not editable: every source change rebuilds it. Fails if nothing was compiled (no C compiler).
$(CSTAMP): pyproject.toml setup.py $(SOURCES)
	test -x $(CBIN)/python || $(PY) -m venv $(CVENV)
	$(CBIN)/pip install --quiet --upgrade pip
	$(CBIN)/pip install --quiet '.[test]'
	$(CBIN)/python -c "import jixiao, sys; m = jixiao.compiled_modules(); print(len(m), 'modules compiled'); sys.exit(not m)"
	touch $(CSTAMP)

compiled: $(CSTAMP)

## Audit the bundled example forms and draft one form offline (no API key needed).
demo: $(STAMP)
	$(BIN)/jixiao audit examples/ --fail-on never
	$(BIN)/jixiao draft --offline "为区图书馆采购图书5000册、更新自助借还设备10台，项目金额80万元，2026年完成。" --format text

## Run the test suite.
test: $(STAMP)
	$(BIN)/python -m pytest

## Run the test suite on the compiled build (what `pip install .` gives).
test-compiled: $(CSTAMP)
	JIXIAO_EXPECT_COMPILED=1 $(CBIN)/python -m pytest

## Run the offline eval suites with their gates (and the draft suite's first-contact set, now a fit set), the LLM
## extraction suite from its recorded (scripted) cache, then the
## `extract --llm auto` routing figure (exits 1 on a misrouted form).
eval: $(STAMP)
	$(BIN)/jixiao eval run --junit evals/runs/junit.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2026-12/suite.yaml --junit evals/runs/junit-checker-fc.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-real-2026-12/suite.yaml --junit evals/runs/junit-checker-real.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-01/suite.yaml --junit evals/runs/junit-checker-fc2.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-02/suite.yaml --junit evals/runs/junit-checker-fc3.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-03/suite.yaml --junit evals/runs/junit-checker-fc4.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-04/suite.yaml --junit evals/runs/junit-checker-fc5.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-05/suite.yaml --junit evals/runs/junit-checker-fc6.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-06/suite.yaml --junit evals/runs/junit-checker-fc7.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-07/suite.yaml --junit evals/runs/junit-checker-fc8.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-08/suite.yaml --junit evals/runs/junit-checker-fc9.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-09/suite.yaml --junit evals/runs/junit-checker-fc10.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-10/suite.yaml --junit evals/runs/junit-checker-fc11.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-11/suite.yaml --junit evals/runs/junit-checker-fc12.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-12/suite.yaml --junit evals/runs/junit-checker-fc13.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-13/suite.yaml --junit evals/runs/junit-checker-fc14.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-14/suite.yaml --junit evals/runs/junit-checker-fc15.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-15/suite.yaml --junit evals/runs/junit-checker-fc16.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-16/suite.yaml --junit evals/runs/junit-checker-fc17.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-17/suite.yaml --junit evals/runs/junit-checker-fc18.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-18/suite.yaml --junit evals/runs/junit-checker-fc19.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-19/suite.yaml --junit evals/runs/junit-checker-fc20.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-20/suite.yaml --junit evals/runs/junit-checker-fc21.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-21/suite.yaml --junit evals/runs/junit-checker-fc22.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-22/suite.yaml --junit evals/runs/junit-checker-fc23.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-23/suite.yaml --junit evals/runs/junit-checker-fc24.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-24/suite.yaml --junit evals/runs/junit-checker-fc25.xml
	$(BIN)/jixiao eval run evals/firstcontact/checker-2027-25/suite.yaml --junit evals/runs/junit-checker-fc26.xml
	$(BIN)/jixiao eval run evals/draft/firstcontact-2026-12/suite.yaml --junit evals/runs/junit-draft-firstcontact.xml
	$(BIN)/jixiao eval run evals/extract/suite-llm.yaml --replay --junit evals/runs/junit-extract-llm.xml
	$(BIN)/python evals/extract/routing.py

## Speed figures: whole processes on big batches (against the floor, peak memory, --jobs, reports, start-up), parse +
## audit forms/s, offline draft seconds; on the compiled build and on pure Python.
bench: $(STAMP) $(CSTAMP)
	$(CBIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_scale.py --quick
	$(CBIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_audit.py
	-$(BIN)/python benchmarks/bench_draft.py
	-$(CBIN)/python benchmarks/bench_instructions.py  # needs valgrind; load-independent figure
	-$(BIN)/python benchmarks/bench_instructions.py
	-$(CBIN)/python benchmarks/bench_instructions.py --cold  # the same with every cache emptied each round

clean:
	rm -rf $(VENV) $(CVENV) .pytest_cache build *.egg-info src/*.egg-info
