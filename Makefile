# The two set-up commands are `make book` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# notebooks run one at a time; polars may use both cores (set before any kernel starts)
export POLARS_MAX_THREADS ?= 2
export PYDEVD_DISABLE_FILE_VALIDATION := 1
PORT ?= 8000
AXE := tests/js/node_modules/axe-core/axe.min.js
# what a JupyterLab session adds to a notebook and git must not see: outputs, the values jupyterlab-myst
# stores for {eval} expressions, folding it resets, widget state, the kernel's own description
# (the same list as genchain.publish.notebook_hygiene.EXTRA_KEYS, which make lab's save hook strips)
NBSTRIPOUT_ARGS := --keep-id --extra-keys 'cell.metadata.user_expressions cell.metadata.jupyter.outputs_hidden metadata.widgets metadata.language_info'
# the pinned wheels a student install needs, downloaded once: the fresh-venv test then installs offline
WHEELHOUSE := $(VENV)/wheelhouse

.PHONY: book translations test unit notebooks browser serve clean lock student bench dist wheelhouse lab assignments

$(BIN)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@# jupytext (an otter-grader dependency) ships a JupyterLab extension built for a newer JupyterLab than
	@# jupyterlab-myst supports; it fails to load there. The reading needs only jupyterlab-myst.
	rm -rf $(VENV)/share/jupyter/labextensions/jupyterlab-jupytext
	@# outputs never reach git: the nbstripout filter cleans notebooks on "git add" and in "git status"
	@# (.gitattributes names the filter; this defines it for this clone)
	-git rev-parse --git-dir >/dev/null 2>&1 && \
	  git config filter.nbstripout.clean "'$(abspath $(BIN))/python' -m nbstripout $(NBSTRIPOUT_ARGS)" && \
	  git config filter.nbstripout.smudge cat && git config filter.nbstripout.required true && \
	  git config diff.ipynb.textconv "'$(abspath $(BIN))/python' -m nbstripout $(NBSTRIPOUT_ARGS) -t"
	@touch $@

# Jupyter Book's cache does not see lib/, data/, locale/ or bench/results.csv: drop it when their hash changes.
# Two editions from one source: English into _build/html/, Japanese (sources written from the
# catalogs in locale/ja/, see genchain.publish.translate) into _build/html/ja/, built side by side.
JA := _build/ja
book: $(BIN)/.installed
	@mkdir -p _build
	@hash=$$(cat $$(git ls-files -co --exclude-standard lib data locale bench/results.csv | grep -v '\.lock$$' | sort) pyproject.toml 2>/dev/null | sha256sum | cut -c1-16); \
	  if [ "$$(cat _build/.inputs-hash 2>/dev/null)" != "$$hash" ]; then rm -rf _build/.jupyter_cache _build/.doctrees _build/jupyter_execute $(JA)/_build/.doctrees $(JA)/_build/jupyter_execute; echo "lib/, data/ or locale/ changed: every page will be re-executed and re-read"; fi; \
	  echo "$$hash" > _build/.inputs-hash.new
	$(BIN)/python -m genchain.publish.translate sources
	@$(BIN)/jupyter-book build . --warningiserror --keep-going --quiet > _build/en.log 2>&1 & en=$$!; \
	  GENCHAIN_LANG=ja $(BIN)/jupyter-book build $(JA)/src --path-output $(JA) --warningiserror --keep-going --quiet > _build/ja.log 2>&1 & ja=$$!; \
	  wait $$en; e=$$?; wait $$ja; j=$$?; \
	  grep -v "Kernel is running over TCP" _build/en.log | grep -iE "warning|error" ; \
	  grep -v "Kernel is running over TCP" _build/ja.log | grep -iE "warning|error" ; \
	  if [ $$e != 0 ]; then tail -40 _build/en.log; echo "the English edition failed (_build/en.log)"; exit 1; fi; \
	  if [ $$j != 0 ]; then tail -40 _build/ja.log; echo "the Japanese edition failed (_build/ja.log)"; exit 1; fi
	@rm -rf _build/html/ja && cp -r $(JA)/_build/html _build/html/ja
	@mv _build/.inputs-hash.new _build/.inputs-hash
	@echo "The book is built: open _build/html/index.html (Japanese: _build/html/ja/index.html), or run 'make serve'"

# after editing English prose: bring the Japanese catalogs up to date and list what needs translating
translations: $(BIN)/.installed
	$(BIN)/python -m genchain.publish.translate update

# the package and data tests: no built site needed (tests that read _build/ are marked built or browser;
# the fresh-venv install of the student pack, marked wheelhouse, needs the downloaded wheels)
unit: $(BIN)/.installed
	$(BIN)/python -m pytest tests lib/genchain --doctest-modules -m "not browser and not built and not wheelhouse" -q

notebooks: $(BIN)/.installed
	$(BIN)/python -m pytest --nbmake --nbmake-timeout=300 book/ -q

browser: book $(AXE)
	$(BIN)/python -m pytest tests -m browser -q

# axe-core for the accessibility checks, pinned in tests/js/package-lock.json
$(AXE): tests/js/package-lock.json
	npm ci --prefix tests/js --silent --no-audit --no-fund
	@touch $@

# everything, in one pytest run: package tests, the built site in Chromium. Every notebook runs in the build;
# chapters run once more in JupyterLab (tests/test_jupyterlab.py), appendices once more in the offline rebuild of
# a fresh copy (tests/test_hermetic.py); `make notebooks` runs every notebook alone under nbmake
test: book $(AXE) $(WHEELHOUSE)/.done
	$(BIN)/python -m pytest tests lib/genchain --doctest-modules -q --durations=15

# JupyterLab on the project's kernel, at the repository root, on 127.0.0.1 only (root, as in CI, needs --allow-root)
LAB_PORT ?= 8888
lab: $(BIN)/.installed
	@echo "JupyterLab: open the URL printed below (it carries the access token); the chapters are in book/"
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(LAB_PORT) --ServerApp.root_dir="$(CURDIR)" \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root) --LabApp.news_url= \
	  --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	  --ContentsManager.pre_save_hook=genchain.publish.notebook_hygiene.pre_save_hook

serve: book
	@echo "Serving _build/html on http://localhost:$(PORT)/"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

# after changing dependencies in pyproject.toml: install them, then pin the result
lock: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e ".[book,test,lab,teach]"
	(echo "# Every dependency pinned: regenerate with 'make lock' after changing pyproject.toml"; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -vE '^(-e|pip==)') > requirements.lock

# the student edition: every notebook without solutions or outputs, in _build/student/
student: $(BIN)/.installed
	$(BIN)/python -m genchain.publish.student book _build/student

# graded assignments (otter-grader): per chapter a student notebook and an autograder, in _build/assignments/
assignments: $(BIN)/.installed
	$(BIN)/python -m genchain.publish.assignments book _build/assignments

# dist/: the wheel (with the tables inside), the sdist, the student pack and the teacher pack
dist: $(BIN)/.installed
	$(BIN)/python -m genchain.publish.packs dist --out dist

wheelhouse: $(WHEELHOUSE)/.done
$(WHEELHOUSE)/.done: requirements.lock pyproject.toml | $(BIN)/.installed
	$(BIN)/python -m genchain.publish.packs wheelhouse $(WHEELHOUSE)
	@touch $@

bench: $(BIN)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf _build .pytest_cache .hypothesis
	find . -name __pycache__ -not -path './.venv/*' -prune -exec rm -rf {} +
