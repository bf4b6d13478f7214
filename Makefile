# convene — developer tasks. `make help` lists them.

GO       ?= go
BIN      := bin/convene
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
BENCH    ?= .
COUNT    ?= 6

.PHONY: help build test test-vault test-short demo bench bench-compare fmt lint fuzz clean

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

fuzz: ## run each fuzz target for FUZZTIME (default 20s)
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $${FUZZTIME:-20s} $$pkg || exit 1; \
	  done; \
	done

clean: ## remove build output
	rm -rf bin build
