# Thin wrapper over CMakePresets.json; the two commands a new user needs are `make run` and
# `make test`. Both install missing Debian packages first (tools/install-deps.sh).
PRESET ?= release
TEST_PRESET ?= ci
JOBS ?= $(shell nproc)

.PHONY: run test build bench deps clean fleet

deps:
	@bash tools/install-deps.sh

build: deps
	cmake --preset $(PRESET) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS)

SCENARIO ?= scenarios/venezuela_2020.yaml
OUT ?= out/$(basename $(notdir $(SCENARIO)))

run: build
	build/$(PRESET)/sim/tankersim run $(SCENARIO) --out $(OUT)
	@/usr/bin/python3 tools/plot_tracks.py $(OUT)/tracks.csv -o $(OUT)/map.png

test: deps
	cmake --preset $(TEST_PRESET) >/dev/null
	cmake --build --preset $(TEST_PRESET) -j $(JOBS)
	ctest --preset $(TEST_PRESET)

FLEET := build/fleet-10000x60.yaml

$(FLEET): tools/make_fleet.py
	/usr/bin/python3 tools/make_fleet.py --vessels 10000 --days 60 --seed 1 > $@.tmp && mv $@.tmp $@

fleet: $(FLEET)

bench: build $(FLEET)
	@for b in build/$(PRESET)/tests/bench/bench_*; do echo "== $$b"; TANKERSIM_FLEET=$(FLEET) $$b $(BENCH_ARGS); done

clean:
	rm -rf build out
