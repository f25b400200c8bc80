# make build    bin/belay
# make plugin   sudoplugin/belay_approval.so, the sudo approval plugin (needs
#               gcc and sudo_plugin.h, which Debian ships in the sudo package)
# make test     the README's test commands: belay's module, then packaging's
#
# Installing is by hand, as root (README, "sudo"):
#   install -m 0755 bin/belay /usr/bin/belay
#   install -D -m 0644 sudoplugin/belay_approval.so /usr/lib/belay/belay_approval.so

GO      ?= go
CC      = gcc
CFLAGS  ?= -O2
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
PLUGIN  = sudoplugin/belay_approval.so
# belay runs on every command line, so it is built static (no dynamic
# loader to run at each start: CGO_ENABLED=0) and without paths of this
# machine (-trimpath); make build, make deb and the README build it alike.
# scripts/startup-bench measures what a start costs.
STATIC  = CGO_ENABLED=0
BFLAGS  = -trimpath

.PHONY: all build plugin test clean

all: build plugin

build:
	$(STATIC) $(GO) build $(BFLAGS) -ldflags "-X github.com/belay-sh/belay/internal/cli.Version=$(VERSION)" -o bin/belay ./cmd/belay

plugin: $(PLUGIN)

$(PLUGIN): sudoplugin/belay_approval.c
	$(CC) $(CFLAGS) -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden -o $@ $<

test:
	$(GO) test -count=1 ./...
	$(GO) -C packaging test -count=1 ./...

clean:
	rm -f bin/belay $(PLUGIN)

# deb, man and completions: packaging.mk
include packaging.mk
