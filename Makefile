# Thin wrapper over CMakePresets.json; the two commands a new user needs are `make run` and
# `make test`. Both install missing Debian packages first (tools/install-deps.sh).
PRESET ?= release
TEST_PRESET ?= ci
JOBS ?= $(shell nproc)

.PHONY: run test build bench deps clean fleet fuzz-smoke test-asan install consumer-test format format-check readme-images report-screenshot

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

# The README's picture of the report: the May 2020 run with --report, opened in headless Chromium
# (tools/report_browser.py) and captured at 1400 x 1000; fails if the page logs anything.
report-screenshot: build
	build/$(PRESET)/sim/tankersim run scenarios/venezuela_2020.yaml --out build/report-screenshot --report
	/usr/bin/python3 tools/report_browser.py build/report-screenshot/report.html --screenshot docs/images/report.png --size 1400x1000 >/dev/null

# The README's images in docs/images/, from the release build: the May 2020 map (the whole voyage,
# and the Caribbean action in an inset), the what-if's map (boarded, diverted to Houston) and the
# what-if comparison of the README's tour (1,000 replications of 3 variants, ~2 s). The output
# folders are named after the scenarios, so that tools/plot_tracks.py finds their zones.
IMAGES_OUT ?= build/readme-images
readme-images: build
	build/$(PRESET)/sim/tankersim run scenarios/venezuela_2020.yaml --out $(IMAGES_OUT)/venezuela_2020 --quiet
	/usr/bin/python3 tools/plot_tracks.py $(IMAGES_OUT)/venezuela_2020 -o docs/images/venezuela_2020.png
	build/$(PRESET)/sim/tankersim run scenarios/what-if/venezuela_2020_interdict.yaml \
	    --out $(IMAGES_OUT)/venezuela_2020_interdict --quiet
	/usr/bin/python3 tools/plot_tracks.py $(IMAGES_OUT)/venezuela_2020_interdict \
	    -o docs/images/venezuela_2020_interdict.png
	build/$(PRESET)/sim/tankersim compare scenarios/what-if/venezuela_2020_interdict.yaml -n 1000 \
	    --variant escort-600nm:scenarios/what-if/overlays/escort_further_out.yaml \
	    --variant ais-dark:scenarios/what-if/overlays/ais_dark.yaml \
	    --out $(IMAGES_OUT)/venezuela_2020_interdict-compare --no-progress >/dev/null
	/usr/bin/python3 tools/plot_compare.py $(IMAGES_OUT)/venezuela_2020_interdict-compare/comparison.csv \
	    -o docs/images/compare_interdict.png

test: deps
	cmake --preset $(TEST_PRESET) >/dev/null
	cmake --build --preset $(TEST_PRESET) -j $(JOBS)
	ctest --preset $(TEST_PRESET)

# The program, the modules' static libraries and headers, the run-time data and the CMake package
# into PREFIX (docs/install.md). The prefix is compiled in as the last place to look for data, so
# that a program linked against the libraries finds it wherever that program lives.
PREFIX ?= /usr/local
install: deps
	cmake --preset $(PRESET) -DCMAKE_INSTALL_PREFIX=$(abspath $(PREFIX)) >/dev/null
	cmake --build --preset $(PRESET) -j $(JOBS) --target tankersim
	cmake --install build/$(PRESET)

# What ctest's consumer.install_find_package_run does (CI runs it in `make test`): installs the
# ci build into a temporary prefix and builds and runs tests/consumer against it (20 s of CPU).
consumer-test: deps
	cmake --preset $(TEST_PRESET) >/dev/null
	cmake --build --preset $(TEST_PRESET) -j $(JOBS) --target tankersim
	bash tests/consumer/run.sh build/$(TEST_PRESET)

# clang-format (Debian's 14, tools/install-deps.sh) with .clang-format over every tracked C++ file.
FORMAT_FILES = git ls-files -z '*.cpp' '*.hpp' '*.h'
format: deps
	$(FORMAT_FILES) | xargs -0 clang-format -i
format-check: deps
	$(FORMAT_FILES) | xargs -0 clang-format --dry-run --Werror

# The sanitizer build's tests (AddressSanitizer, UndefinedBehaviorSanitizer with
# float-cast-overflow); CI runs it after `make test` (docs/testing.md has its time).
test-asan:
	$(MAKE) test TEST_PRESET=asan

# 300 mutants of the project's scenarios through validate, run and compare of the ci build
# (FUZZ_PRESET=asan: of the sanitizer build), in 25 s (asan: 80 s) on 2 cores
# (tests/fuzz/mutate.py, docs/testing.md), then 300 mutated AIS feeds through ais decode
# (tests/fuzz/mutate_ais.py; 2 s, asan: 8 s). Fails on any failure; the failing mutants, each with
# a command.sh, go to build/fuzz-smoke-<preset>/.
FUZZ_PRESET ?= ci
FUZZ_SEED ?= 1
FUZZ_COUNT ?= 300
fuzz-smoke: deps
	cmake --preset $(FUZZ_PRESET) >/dev/null
	cmake --build --preset $(FUZZ_PRESET) -j $(JOBS) --target tankersim
	rm -rf build/fuzz-smoke-$(FUZZ_PRESET)
	@# The routing graph is built once here (~10 s, more under ASan) and cached, so that no
	@# mutant's 10 s budget is spent on it.
	TANKERSIM_ROUTE_CACHE_DIR=$(CURDIR)/build/$(FUZZ_PRESET)/route-cache \
	    build/$(FUZZ_PRESET)/sim/tankersim route "Bandar Abbas" "La Guaira" >/dev/null
	TANKERSIM_ROUTE_CACHE_DIR=$(CURDIR)/build/$(FUZZ_PRESET)/route-cache /usr/bin/python3 tests/fuzz/mutate.py --seed $(FUZZ_SEED) --count $(FUZZ_COUNT) --jobs $(JOBS) \
	    --tankersim build/$(FUZZ_PRESET)/sim/tankersim --keep build/fuzz-smoke-$(FUZZ_PRESET)
	@# The same count of AIS feeds through `ais decode` (tests/fuzz/mutate_ais.py).
	/usr/bin/python3 tests/fuzz/mutate_ais.py --seed $(FUZZ_SEED) --count $(FUZZ_COUNT) --jobs $(JOBS) \
	    --tankersim build/$(FUZZ_PRESET)/sim/tankersim --keep build/fuzz-smoke-$(FUZZ_PRESET)

FLEET := build/fleet-10000x60.yaml

$(FLEET): tools/make_fleet.py
	/usr/bin/python3 tools/make_fleet.py --vessels 10000 --days 60 --seed 1 > $@.tmp && mv $@.tmp $@

fleet: $(FLEET)

bench: build $(FLEET)
	@for b in build/$(PRESET)/tests/bench/bench_*; do echo "== $$b"; TANKERSIM_FLEET=$(FLEET) $$b $(BENCH_ARGS); done

clean:
	rm -rf build out
