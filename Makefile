# convene — developer tasks. `make help` lists them.

GO       ?= go
BIN      := bin/convene
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT   ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE     ?= $(shell git log -1 --format=%cI 2>/dev/null)
LDFLAGS  := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
BENCH    ?= .
COUNT    ?= 6

.PHONY: help build test test-vault test-short demo bench bench-compare fmt lint fuzz crash clean ui-vendor

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-11s %s\n", $$1, $$2}'

build: ## build bin/convene
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/convene

test: ## vet, every test with the race detector, then the real-Vault integration module
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...
	$(MAKE) test-vault

test-vault: ## the Vault connector against Vault's own in-process server (a module of its own; the first build takes minutes)
	cd connectors/vault/integration && $(GO) mod tidy && $(GO) vet ./... && $(GO) test -count=1 ./...

test-short: ## the quick tests, no race detector
	$(GO) test -short ./...

demo: build ## scan the sample estate with the embedded defaults; print its summary and DOT
	@mkdir -p build
	$(BIN) scan testdata/estate --out build/estate.json
	@echo
	$(BIN) export --format dot --graph build/estate.json
	@echo
	$(BIN) plan rotate secret/payments/db --graph build/estate.json --window 2026-12-01T22:00Z/4h

bench: ## benchmarks at 10k and 100k nodes (CONVENE_BENCH_LARGE=1 adds 1M); compare runs with benchstat
	@mkdir -p build
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) -timeout 60m ./... | tee build/bench.txt

bench-compare: ## plan from file and from store against a networkx script on a synthetic estate (NODES=100000); prints ratios
	NODES=$${NODES:-100000} .ci/bench-compare

fmt: ## format the code
	gofmt -w -s .

lint: ## gofmt and go vet must be clean
	@out=$$(gofmt -l -s .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

fuzz: ## run every fuzz target for FUZZTIME (default 20s) each, on to the end; crashers land in the packages' testdata/fuzz
	@failed=""; \
	for pkg in $$(grep -rl --include='*_test.go' '^func Fuzz' . | grep -v '/integration/' | xargs -n1 dirname | sort -u); do \
	  for f in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$pkg/*_test.go | sed 's/^func //'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-20s} $$pkg || failed="$$failed $$pkg:$$f"; \
	  done; \
	done; \
	if [ -n "$$failed" ]; then echo "failed:$$failed"; exit 1; fi

crash: ## kill `scan --save` CRASH times (default 200) at random moments; the store must stay whole (PostgreSQL too with CONVENE_TEST_POSTGRES)
	CONVENE_CRASH_ITERATIONS=$${CRASH:-200} $(GO) test -count=1 -run '^(TestKilledScanSaveKeepsTheStore|TestConcurrentScanSaves)$$' -v -timeout 60m ./cmd/convene/

ui-vendor: ## refresh the web UI's vendored Cytoscape.js from npm (CYTOSCAPE=3 by default)
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent cytoscape@$${CYTOSCAPE:-3} >/dev/null && tar xzf cytoscape-*.tgz && \
	  cp package/dist/cytoscape.min.js $(CURDIR)/internal/web/ui/vendor/cytoscape.min.js && \
	  cp package/LICENSE $(CURDIR)/internal/web/ui/vendor/cytoscape.LICENSE && \
	  echo "cytoscape $$(node -p 'require("./package/package.json").version'): update internal/web/ui/vendor/README.md" && rm -rf $$tmp

clean: ## remove build output
	rm -rf bin build
