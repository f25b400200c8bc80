# Packaging targets, included from the Makefile:
#
# make deb          dist/belay_VERSION_ARCH.deb: belay, the sudo approval plugin,
#                   belay(1), completions, /etc/belay and the hook loaders (packaging/)
# make man          dist/belay.1, rendered from the help texts (man -l dist/belay.1)
# make completions  dist/completions/belay (bash), _belay (zsh), belay.fish
#
# DEB_VERSION is the package's version: the latest vX.Y.Z tag (1.2.3, or
# 1.2.3+4.gabcdef after it), else 0.0.0+git<commit>. The package is built by
# packaging/mkdeb with nfpm as a library: no packaging tool to install. packaging/
# is a Go module of its own, so that nfpm and its ~115 modules stay out of belay's.
# Its files carry the time of the last commit (SOURCE_DATE_EPOCH).

DIST              ?= dist
DEB_VERSION       ?= $(shell git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//; s/-/+/; s/-/./' | grep . || echo 0.0.0+git$$(git rev-parse --short HEAD 2>/dev/null || echo unknown))
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

.PHONY: deb man completions clean-packaging

deb: plugin
	mkdir -p $(DIST)
	$(STATIC) $(GO) build $(BFLAGS) -ldflags "$(LDSTRIP) -X github.com/belay-sh/belay/internal/cli.Version=$(DEB_VERSION)" -o $(DIST)/belay ./cmd/belay
	SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) $(GO) -C packaging run ./mkdeb -bin $(abspath $(DIST))/belay \
		-plugin $(abspath $(PLUGIN)) -version $(DEB_VERSION) -o $(abspath $(DIST))

man: build
	mkdir -p $(DIST)
	bin/belay man > $(DIST)/belay.1

completions: build
	mkdir -p $(DIST)/completions
	bin/belay completion bash > $(DIST)/completions/belay
	bin/belay completion zsh > $(DIST)/completions/_belay
	bin/belay completion fish > $(DIST)/completions/belay.fish

clean: clean-packaging

clean-packaging:
	rm -rf $(DIST)
