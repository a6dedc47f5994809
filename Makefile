# Two self-sufficient entry points: `make demo` and `make test`.
# Both create the virtual environment, install the Python packages and, where missing,
# LibreOffice and the fonts (Debian/Ubuntu, apt-get), then do their work.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps demo test lint bench clean

setup: system-deps $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

demo: setup
	$(BIN)/vanban build content/ -o output/
	@for plan in content/plans/*/; do \
		$(BIN)/vanban consolidate "$$plan" -o "output/plans/$$(basename $$plan)"; \
		status=$$?; [ $$status -le 1 ] || exit $$status; \
	done
	$(BIN)/python -m generator.signing.demo output/ky-so   # TEST keys only (PIN: test)
	@# The văn thư: a demo office under output/ (recreated, so the demo reruns), one draft
	@# issued with a fixed date, received back as an incoming document, the registers printed.
	rm -rf output/office
	$(BIN)/vanban office init output/office
	$(BIN)/vanban issue content/drafts/cong-van-du-thao.yaml --office output/office --date 2025-03-14 --user demo
	$(BIN)/vanban receive output/office/issued/2025/01-SNV-TCBC.pdf --office output/office --date 2025-03-17 --to "Phòng Tổ chức, biên chế" --deadline 2025-04-10 --user demo
	$(BIN)/vanban register print di --office output/office --year 2025 --user demo
	$(BIN)/vanban register print den --office output/office --year 2025 --user demo
	$(BIN)/vanban metadata output/office/issued/2025/01-SNV-TCBC.yaml --office output/office
	$(BIN)/vanban edxml output/office/issued/2025/01-SNV-TCBC.yaml --office output/office --to "H37.01=UBND tỉnh Lạng Sơn"
	$(BIN)/vanban merge content/merge/giay-moi.yaml content/merge/don-vi.xlsx \
		--column "Đơn vị=thanh_phan" --name "Đơn vị" --select Gửi -o output/tron-thu

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check generator tests bench

bench: setup
	$(BIN)/python bench/bench_docx.py
	$(BIN)/python bench/bench_pdf.py
	$(BIN)/python bench/bench_consolidate.py
	$(BIN)/python bench/bench_signing.py
	$(BIN)/python bench/bench_register.py
	$(BIN)/python bench/bench_merge.py

clean:
	rm -rf $(VENV) output/*.docx output/*.pdf
