# How neural networks learn: set-up, lab, tests and maintenance.
#
#   make lab    create .venv if needed, then open JupyterLab on the course
#   make test   create the environments if needed, then lint, every test, and every notebook
#               through nbval, in JupyterLab and in the in-browser course (needs Chromium)
#
# Needs only GNU make, a POSIX shell and Python 3.11, 3.12 or 3.13 (PYTHON=python3.13 to
# choose one).

SHELL := /bin/sh
PYTHON ?= python3
PORT ?= 8888
NB ?=

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# nbgrader lives in its own environment: it enables its extensions for the whole environment
# it is installed in, and learners should not see them.
IVENV := .venv-instructor
ISTAMP := $(IVENV)/.installed
# The website's builder (Jupyter Book 1, make site) has its own environment as well, pinned in
# requirements-site.txt, and MathJax comes from npm (site/package-lock.json), served by the site.
SVENV := .venv-site
SSTAMP := $(SVENV)/.installed
SITE_REQUIREMENTS := 'jupyter-book>=1,<2'
MATHJAX := site/node_modules/mathjax/package.json
# The in-browser course (JupyterLite, make lite) too, pinned in requirements-lite.txt; the Pyodide
# interpreter and its official lock come from npm (lite/package-lock.json).
LVENV := .venv-lite
LSTAMP := $(LVENV)/.installed
LITE_REQUIREMENTS := jupyterlite-core==0.6.4 jupyterlite-pyodide-kernel==0.6.1 jupyter_server \
	jupyterlab_server jupyterlab_widgets==3.0.17 ipywidgets==8.1.9 'setuptools>=77'
PYODIDE := lite/node_modules/pyodide/package.json
LINT_PATHS := $(wildcard course_utils tests tools benchmarks notebooks)

# The environment notebooks run in, the same when they are executed (make notebooks) and
# when nbval re-runs them (make test), so printed numbers agree.
NB_ENV := PYTHONHASHSEED=0 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	MPLBACKEND=module://matplotlib_inline.backend_inline
PYTEST := NBGRADER_BIN=$(abspath $(IVENV)/bin) $(BIN)/python -m pytest -p no:cacheprovider
# make unit: the fast tests only (no notebook executed, no browser, no nbgrader); make test
# runs the slow ones too (@pytest.mark.slow), once, with coverage.
UNIT_FLAGS := -m "not slow" -n 2
TESTS_FLAGS := --cov=course_utils --cov-report=term-missing -n 2
NBVAL_FLAGS := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
	--nbval-cell-timeout=120 -n 2 --dist loadfile
# The in-browser course's tests: two notebooks at a time, each in its own browser (tests/lite).
LITE_FLAGS := -n 2

.DEFAULT_GOAL := help
.PHONY: help environments lab test unit nbval lint format notebooks map lock lock-instructor \
	student nbgrader bench browser kernels stats look site lock-site lite lock-lite clean distclean

help:
	@echo "make lab        open JupyterLab on the course (creates .venv on first use)"
	@echo "make test       lint, unit tests, every notebook through nbval, then in a browser"
	@echo "make unit       fast unit tests only (about a minute);  make nbval   notebooks only"
	@echo "make browser    every notebook and slider in JupyterLab in headless Chromium"
	@echo "make notebooks  re-execute every notebook in place (one: make notebooks NB=04)"
	@echo "make lint       ruff check + ruff format --check;  make format   fix both"
	@echo "make map        regenerate the course map, exercise table and links (Binder, hub)"
	@echo "make lock       re-pin requirements.txt and regenerate the conda/Binder files"
	@echo "make student    write student versions (solutions removed) to build/student/"
	@echo "make nbgrader   write an nbgrader course directory to build/nbgrader/"
	@echo "make bench      run the benchmarks and print one table"
	@echo "make kernels    nbval once per BLAS/SIMD kernel this CPU runs (by hand, slow; NB=04)"
	@echo "make stats      words, visible code lines and exercises of every lesson"
	@echo "make look       screenshots of notebooks in JupyterLab, page by page (NB=04)"
	@echo "make site       the course as a static website in build/site/, built offline"
	@echo "make lock-site  re-pin requirements-site.txt (the website builder)"
	@echo "make lite       the whole course in the browser (JupyterLite) in build/site/lite/"
	@echo "make lock-lite  re-pin requirements-lite.txt (the in-browser course's builder)"
	@echo "make clean      remove caches and build artefacts;  make distclean   also .venv"

# The virtual environment, rebuilt whenever the lock file or pyproject.toml is newer.
$(STAMP): requirements.txt pyproject.toml
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { \
		echo "Creating $(VENV) with $(PYTHON)"; $(PYTHON) -m venv --clear $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

# The instructor's environment: the same pins plus nbgrader (requirements-instructor.txt), made
# after .venv (their editable installs of the course would otherwise race; pip's cache then
# holds the shared wheels).
$(ISTAMP): requirements.txt requirements-instructor.txt pyproject.toml | $(STAMP)
	@$(IVENV)/bin/python -m pip --version >/dev/null 2>&1 || { \
		echo "Creating $(IVENV) with $(PYTHON)"; $(PYTHON) -m venv --clear $(IVENV); }
	$(IVENV)/bin/python -m pip install --upgrade pip
	$(IVENV)/bin/python -m pip install -r requirements-instructor.txt
	$(IVENV)/bin/python -m pip install --no-deps -e .
	@touch $@

# The website builder's environment (requirements-site.txt) and the MathJax the site serves.
$(SSTAMP): requirements-site.txt
	@$(SVENV)/bin/python -m pip --version >/dev/null 2>&1 || { \
		echo "Creating $(SVENV) with $(PYTHON)"; $(PYTHON) -m venv --clear $(SVENV); }
	$(SVENV)/bin/python -m pip install --quiet --upgrade pip
	$(SVENV)/bin/python -m pip install --quiet -r requirements-site.txt
	@touch $@

$(MATHJAX): site/package.json site/package-lock.json
	cd site && npm ci --no-audit --no-fund
	@touch $@

# The in-browser course's builder (requirements-lite.txt) and the Pyodide interpreter (npm).
$(LSTAMP): requirements-lite.txt
	@$(LVENV)/bin/python -m pip --version >/dev/null 2>&1 || { \
		echo "Creating $(LVENV) with $(PYTHON)"; $(PYTHON) -m venv --clear $(LVENV); }
	$(LVENV)/bin/python -m pip install --quiet --upgrade pip
	$(LVENV)/bin/python -m pip install --quiet -r requirements-lite.txt
	@touch $@

$(PYODIDE): lite/package.json lite/package-lock.json
	cd lite && npm ci --no-audit --no-fund
	@touch $@

lab: $(STAMP)
	@flags=""; \
	if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ] && [ "$$(uname -s)" != Darwin ]; then \
		flags="$$flags --no-browser"; fi; \
	if [ "$$(id -u)" = 0 ]; then flags="$$flags --allow-root"; fi; \
	exec $(BIN)/jupyter lab --ServerApp.root_dir=notebooks --port=$(PORT) \
		--LabApp.default_url=/lab/tree/00_start_here.ipynb $$flags

# Every environment make test needs, made side by side: the learner's and the instructor's one
# after the other, the website's and the in-browser course's builders beside them.
OUTPUT_SYNC := $(if $(filter output-sync,$(.FEATURES)),--output-sync=target)
environments:
	@$(MAKE) --no-print-directory -j4 $(OUTPUT_SYNC) $(STAMP) $(ISTAMP) $(SSTAMP) $(MATHJAX) \
		$(LSTAMP) $(PYODIDE)

test: environments
	$(BIN)/ruff check $(LINT_PATHS)
	$(PYTEST) $(TESTS_FLAGS) tests
	$(NB_ENV) $(PYTEST) $(NBVAL_FLAGS) notebooks
	$(NB_ENV) $(PYTEST) tests/browser
	$(MAKE) site
	$(PYTEST) $(LITE_FLAGS) tests/lite
	$(PYTEST) tests/site

unit: $(STAMP)
	$(PYTEST) $(UNIT_FLAGS) tests

nbval: $(STAMP)
	$(NB_ENV) $(PYTEST) $(NBVAL_FLAGS) $(if $(NB),$(or $(wildcard $(NB) notebooks/$(NB)*), \
		$(error No notebook matches NB=$(NB))),notebooks)

# Every notebook run in JupyterLab in headless Chromium, every slider moved (needs chromium).
browser: $(STAMP)
	$(NB_ENV) $(PYTEST) tests/browser

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

format: $(STAMP)
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)

map: $(STAMP)
	$(BIN)/python tools/course_map.py
	$(BIN)/python -m tools.exercises
	$(BIN)/python tools/links.py

student: $(STAMP)
	$(BIN)/python -m tools.student

nbgrader: $(STAMP) $(ISTAMP)
	$(BIN)/python -m tools.nbgrader_export
	@echo "Course directory: build/nbgrader. Next, with the instructor environment:"
	@echo "  . $(IVENV)/bin/activate && cd build/nbgrader && nbgrader generate_assignment 01_perceptron"

bench: $(STAMP) lite
	$(BIN)/python -m benchmarks

# Every compared output must come out the same whatever kernel a learner's CPU runs: nbval
# once per OpenBLAS kernel this CPU supports, and once without NumPy's best SIMD level.
kernels: $(STAMP)
	$(BIN)/python -m tools.kernel_sweep $(if $(NB),$(or $(wildcard $(NB) notebooks/$(NB)*), \
		$(error No notebook matches NB=$(NB))),notebooks)

# The course as a website in build/site/ (tools/build_site.py): every lesson from its committed
# outputs, never executed; Jupyter Book runs without network and with warnings as errors.
# The in-browser course (make lite) is built first, into build/site/lite/, which it keeps.
site: lite $(SSTAMP) $(MATHJAX)
	$(SVENV)/bin/python -m tools.build_site

# The whole course in the browser (JupyterLite, Pyodide) in build/site/lite/, with the notebooks'
# outputs; the official Pyodide wheels, checked against its lock (tools/build_lite.py).
lite: $(LSTAMP) $(PYODIDE)
	$(LVENV)/bin/python tools/build_lite.py

stats: $(STAMP)
	$(BIN)/python -m tools.lesson_stats

# What a learner sees in JupyterLab, one PNG per screenful, in build/look/ (needs chromium).
look: $(STAMP)
	$(BIN)/python -m tools.lab_look $(NB)

notebooks: $(STAMP) map
	$(NB_ENV) $(BIN)/python tools/execute_notebooks.py $(NB)

# requirements.txt: a fresh temporary venv, pip install '.[dev]', pip freeze without the
# course package itself; then the conda and Binder files are derived from it.
lock:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip && \
	"$$tmp/venv/bin/python" -m pip install --quiet '.[dev]' && \
	version=$$("$$tmp/venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])') && \
	{ echo "# Pinned environment of the course (runtime and dev dependencies) for Python $$version."; \
	  echo "# Made by 'make lock': a fresh venv, pip install '.[dev]', then"; \
	  echo "# pip freeze --exclude-editable without course_utils itself. Do not edit by hand."; \
	  echo "# The same pins install on 3.11, 3.12 and 3.13 (make test PYTHON=python3.13)."; \
	  "$$tmp/venv/bin/python" -m pip freeze --exclude-editable \
	    | grep -v -i -E '^course[-_]utils( @|==)'; \
	} > requirements.txt.new && mv requirements.txt.new requirements.txt
	rm -rf build course_utils.egg-info
	$(PYTHON) tools/sync_env.py

# Re-pin the instructor extras: what nbgrader adds on top of requirements.txt.
lock-instructor: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip && \
	"$$tmp/venv/bin/python" -m pip install --quiet -r requirements.txt '.[instructor]' && \
	"$$tmp/venv/bin/python" -m pip freeze --exclude-editable \
	  | grep -v -i -E '^course[-_]utils( @|==)' | sort > "$$tmp/all.txt" && \
	grep -v '^#' requirements.txt | sort > "$$tmp/base.txt" && \
	{ sed -n '1,4p' requirements-instructor.txt; echo "-r requirements.txt"; \
	  comm -13 "$$tmp/base.txt" "$$tmp/all.txt"; } > requirements-instructor.txt.new && \
	mv requirements-instructor.txt.new requirements-instructor.txt

# Re-pin the website builder: a fresh venv, pip install $(SITE_REQUIREMENTS), pip freeze.
lock-site:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip && \
	"$$tmp/venv/bin/python" -m pip install --quiet $(SITE_REQUIREMENTS) && \
	version=$$("$$tmp/venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])') && \
	{ echo "# The website builder (make site), pinned, for Python $$version: Jupyter Book 1 and what it"; \
	  echo "# needs, in its own environment (.venv-site); the course's own packages are not needed."; \
	  echo "# Made by 'make lock-site': a fresh venv, pip install $(SITE_REQUIREMENTS), pip freeze."; \
	  echo "# Do not edit by hand."; \
	  "$$tmp/venv/bin/python" -m pip freeze; \
	} > requirements-site.txt.new && mv requirements-site.txt.new requirements-site.txt

# Re-pin the in-browser course's builder: a fresh venv, pip install, pip freeze.
lock-lite:
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip && \
	"$$tmp/venv/bin/python" -m pip install --quiet $(LITE_REQUIREMENTS) && \
	version=$$("$$tmp/venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])') && \
	{ echo "# The in-browser course's builder (make lite), pinned, for Python $$version: JupyterLite, its"; \
	  echo "# Pyodide kernel and the widgets' front end, in its own environment (.venv-lite); setuptools"; \
	  echo "# builds the course_utils wheel the site serves. Made by 'make lock-lite': a fresh venv,"; \
	  echo "# pip install of LITE_REQUIREMENTS (Makefile), pip freeze --all without pip. Do not edit."; \
	  "$$tmp/venv/bin/python" -m pip freeze --all | grep -v -E '^pip=='; \
	} > requirements-lite.txt.new && mv requirements-lite.txt.new requirements-lite.txt

clean:
	rm -rf .pytest_cache .ruff_cache .hypothesis .coverage .coverage.* htmlcov build dist \
		course_utils.egg-info requirements.txt.new
	find . -path ./$(VENV) -prune -o -type d \
		\( -name __pycache__ -o -name .ipynb_checkpoints \) -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(IVENV) $(SVENV) site/node_modules $(LVENV) lite/node_modules
