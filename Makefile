# make build    bin/belay
# make plugin   sudoplugin/belay_approval.so, the sudo approval plugin (needs
#               gcc and sudo_plugin.h, which Debian ships in the sudo package)
# make test     the README's test commands: belay's module, then packaging's
# make install  as root: belay, its man page and completions, and the sudo
#               plugin when it was built, under DESTDIR$(PREFIX) (PREFIX
#               /usr/local by default; the plugin in PREFIX/lib/belay)

GO      ?= go
CC      = gcc
CFLAGS  ?= -O2
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
PLUGIN  = sudoplugin/belay_approval.so
# belay runs on every command line, so it is built static (no dynamic
# loader to run at each start: CGO_ENABLED=0), without paths of this
# machine (-trimpath) and without the symbol table and DWARF (-s -w, which
# scripts/startup-bench measured at 2.5 ms less CPU per start on a loaded
# 2-core VM; panics still name their functions); make build, make deb
# and the README build it alike.
STATIC  = CGO_ENABLED=0
BFLAGS  = -trimpath
LDSTRIP = -s -w

PREFIX  ?= /usr/local
DESTDIR ?=

.PHONY: all build plugin test clean install

all: build plugin

build:
	$(STATIC) $(GO) build $(BFLAGS) -ldflags "$(LDSTRIP) -X github.com/belay-sh/belay/internal/cli.Version=$(VERSION)" -o bin/belay ./cmd/belay

plugin: $(PLUGIN)

$(PLUGIN): sudoplugin/belay_approval.c
	$(CC) $(CFLAGS) -Wall -Wextra -Werror -shared -fPIC -fvisibility=hidden -o $@ $<

test:
	$(GO) test -count=1 ./...
	$(GO) -C packaging test -count=1 ./...

# The plugin is installed only when make plugin built it: it needs gcc and
# sudo_plugin.h, which a machine installing belay alone may lack. sudo
# loads it only when /etc/sudo.conf names it (README, "sudo").
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 bin/belay $(DESTDIR)$(PREFIX)/bin/belay
	bin/belay man > $(DESTDIR)$(PREFIX)/share/man/man1/belay.1
	bin/belay completion bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/belay
	bin/belay completion zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_belay
	bin/belay completion fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/belay.fish
	if [ -f $(PLUGIN) ]; then install -D -m 0644 $(PLUGIN) $(DESTDIR)$(PREFIX)/lib/belay/belay_approval.so; fi

clean:
	rm -f bin/belay $(PLUGIN)

# deb, man and completions: packaging.mk
include packaging.mk
