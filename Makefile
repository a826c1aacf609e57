# Two commands on a fresh machine: `make run` and `make test`; both set themselves up.
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# Generated corpus sizes for the scale benchmark; `make bench SCALE=1000,10000,100000` for all.
SCALE  ?= 1000,10000
STAMP  := $(VENV)/.installed
# $(call apt_unless,CHECK,PACKAGES): install Debian packages unless CHECK already succeeds.
apt_unless = if $(1); then :; else SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(2); fi

.PHONY: help setup browser postgres run extract eval test lint bench gazetteer clean

help:  ## list the tasks
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

setup: $(STAMP)  ## create .venv and install the project with its test tools

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (first run only) ..."
	@python3 -m venv $(VENV)
	@$(PY) -m pip install -qq --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install -qq --disable-pip-version-check -e '.[dev]'
	@touch $@

browser:  ## Debian's Chromium and CJK fonts for the end-to-end test (needs root or sudo)
	@$(call apt_unless,command -v chromium >/dev/null && fc-list 2>/dev/null | grep -q 'Noto Sans CJK',chromium fonts-noto-cjk)

postgres:  ## Debian's PostgreSQL server, which the shared-store tests start themselves (root or sudo)
	@$(call apt_unless,ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1,postgresql)

run: setup  ## build the tables if stale and serve the dashboard on $(PORT)
	@echo "Dashboard: open http://localhost:$(PORT) in a browser (Ctrl+C stops it)."
	@$(PY) -m streamlit run serve.py --server.port $(PORT) --server.headless true \
		--logger.level warning

extract: setup  ## data/raw → data/processed
	$(PY) -m extract

SHARED ?= ../shared
eval: setup  ## score extraction, told only article dates: seeds, written articles, and the dev set where $(SHARED) exists (ARGS=--show lists misses)
	@$(PY) -m extract.evaluate --corpus tests/data/corpus tests/data/gold_seeds.csv \
		--regions tests/data/corpus/manifest.csv --label "seeds (tests/data/corpus)" $(ARGS)
	@$(PY) -m extract.evaluate --corpus tests/data/written/corpus tests/data/written/gold.csv \
		--regions tests/data/written/corpus/sources.csv --label "written (tests/data/written)" $(ARGS)
	@if [ -d $(SHARED)/corpus/dev ]; then \
		$(PY) -m extract.evaluate --corpus $(SHARED)/corpus/dev $(SHARED)/gold/dev.csv \
			--regions $(SHARED)/corpus/dev/sources.csv --label "dev ($(SHARED)/corpus/dev)" $(ARGS); \
	fi

test: setup browser postgres  ## every test, the browser and PostgreSQL tests included
	$(PY) -m pytest -q

lint: setup  ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: setup  ## extraction and page benchmarks (ratios, not timed tests)
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_attribution.py
	$(PY) benchmarks/bench_hostile.py
	$(PY) benchmarks/bench_pages.py
	$(PY) benchmarks/bench_scale.py --sizes $(SCALE)

gazetteer: setup  ## regenerate data/gazetteer/ (regions, English names, map) from official data
	$(PY) -m pip install -q -e '.[gazetteer]'
	$(PY) scripts/build_gazetteer.py
	$(PY) scripts/build_map.py

clean:  ## remove generated tables and caches
	rm -rf data/processed data/cache artifacts
