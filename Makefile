# The README's two commands: `make run` and `make test`.
BUILD_DIR ?= build
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8080

.PHONY: setup build run test unit-test browser-test bench clean

setup:
	@scripts/setup.sh

build: setup
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR)

run: build
	@echo "API token for the web UI and CLI: $$($(BUILD_DIR)/focusd token create --data-dir $(DATA_DIR) --name make-run)"
	$(BUILD_DIR)/focusd serve --data-dir $(DATA_DIR) --listen $(LISTEN) --demo --log-format text

unit-test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j2

browser-test: build
	FOCUSD_BIN=$(abspath $(BUILD_DIR))/focusd FOCUSD_TEST_CLOUD_BIN=$(abspath $(BUILD_DIR))/focusd_test_cloud node --test tests/browser/

test: unit-test browser-test

bench: build
	cmake --build $(BUILD_DIR) --target benchmarks
	scripts/bench.sh

clean:
	rm -rf $(BUILD_DIR)
