# Thin wrapper over CMakePresets.json; the two commands a new user needs are `make run` and
# `make test`. Both install missing Debian packages first (tools/install-deps.sh).
PRESET ?= release
TEST_PRESET ?= ci
JOBS ?= $(shell nproc)

.PHONY: run test build bench deps clean

deps:
	@bash tools/install-deps.sh

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@bash tools/demo.sh build/$(PRESET)/sim/tankersim

test: deps
	cmake --preset $(TEST_PRESET) >/dev/null
	cmake --build --preset $(TEST_PRESET) -j $(JOBS)
	ctest --preset $(TEST_PRESET)

bench: build
	@for b in build/$(PRESET)/tests/bench/bench_*; do echo "== $$b"; $$b $(BENCH_ARGS); done

clean:
	rm -rf build out
