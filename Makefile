# rcb: Release Control Board.  Plain make + pkg-config; objects in $(BUILD).
#   make            build ./rcb
#   make check      install build deps (as root), build, run every test
#   make demo       build, create a demo programme, open the TUI on it
#   make install    PREFIX=/usr/local DESTDIR=
#   make sanitize   ASan+UBSan build running the whole test suite
#   make valgrind   command-line tests under memcheck
#   make fuzz       libFuzzer targets (clang), FUZZ_SECONDS each
#   make bench      benchmark at programme scale (not part of check); SCALE=10: the register at 200k releases
#   make man-keys   regenerate man/rcb.1's key lists from the key table

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
PKG_CONFIG ?= pkg-config

# Debian packages the build and the tests need (README's install line).
DEB_BUILD = build-essential pkg-config libncurses-dev libsqlite3-dev libgit2-dev libssl-dev libdeflate-dev libkrb5-dev
DEB_TEST  = libcmocka-dev tmux git python3 valgrind clang openssh-client strace openssl openssh-server
DEB_EXTRA = clang libclang-rt-14-dev valgrind hyperfine

CORE_PKGS = sqlite3 libgit2 libcrypto libdeflate
TUI_PKGS  = ncursesw

OPT      ?= -O2 -g
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes
ifeq ($(CI),true)
WARN    += -Werror
endif
ifdef WERROR
WARN    += -Werror
endif
STD      = -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
SAN     ?=
CFLAGS_ALL = $(STD) $(WARN) $(OPT) $(SAN) -MMD -MP -Icore $(CFLAGS)
CORE_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS) 2>/dev/null)
TUI_CFLAGS  = $(shell $(PKG_CONFIG) --cflags $(TUI_PKGS) 2>/dev/null)
LIBS = $(shell $(PKG_CONFIG) --libs $(TUI_PKGS) $(CORE_PKGS) 2>/dev/null) -lpthread -lm
# The rcb binary links the libraries' static archives when every one is
# installed (Debian's -dev packages ship them; STATIC=0 links the shared
# libraries instead).  With shared ones, the dynamic loader's ~7,800 symbol
# relocations of ncurses, SQLite, libgit2, mbedtls, libssh2 and libcrypto
# were 3 of rcb's 5 ms of start-up CPU, and a verification took 13 % more
# CPU (bench/results.md).  The cost: a security update of one of them
# needs a rebuild of rcb.  Debian's libgit2.a needs GSSAPI, which has no
# archive: core/gsslazy.c stands in for its eight functions and loads the
# shared library on first use (a Kerberos fetch), so that no other rcb
# start pays for loading it and its six libraries (1 of 3 ms of
# `rcb --version`); its header comes from libkrb5-dev (pkg-config
# krb5-gssapi).  Without that header, or when libgit2.a needs a GSSAPI
# name it does not define, the library is linked by its soname.
# The static link also makes the mutexes libgit2 creates in a worker
# adaptive (core/lockspin.c: --wrap=pthread_mutex_init).
STATIC_L = $(filter-out -lm -ldl -lrt -lpthread -pthread,$(shell $(PKG_CONFIG) --static --libs-only-l $(TUI_PKGS) $(CORE_PKGS) 2>/dev/null))
STATIC_A = $(foreach l,$(STATIC_L),$(shell $(CC) -print-file-name=lib$(l:-l%=%).a))
STATIC ?= $(if $(STATIC_L),$(if $(filter-out /%,$(STATIC_A)),0,1),0)
GSS_HDR := $(shell $(PKG_CONFIG) --exists krb5-gssapi 2>/dev/null && echo y)
GSS_CFLAGS = $(shell $(PKG_CONFIG) --cflags krb5-gssapi 2>/dev/null)
ifeq ($(STATIC),1)
# the GSSAPI names libgit2.a needs, and those core/gsslazy.c defines: the
# stand-ins only when they are all of them
GSS_NEEDED := $(sort $(shell nm -u $(filter %/libgit2.a,$(STATIC_A)) 2>/dev/null | awk '$$2 ~ /^(gss_|GSS_)/ {print $$2}'))
GSS_STANDINS = GSS_C_NT_HOSTBASED_SERVICE gss_delete_sec_context gss_display_status gss_import_name \
	gss_indicate_mechs gss_init_sec_context gss_release_buffer gss_release_name gss_release_oid_set
GSS_LAZY := $(if $(GSS_NEEDED),$(if $(GSS_HDR),$(if $(filter-out $(GSS_STANDINS),$(GSS_NEEDED)),,$(BUILD)/gsslazy.o)))
STATIC_GSS = $(if $(GSS_NEEDED),$(if $(GSS_LAZY),,-l:libgssapi_krb5.so.2))
RCB_LIBS = -Wl,--wrap=pthread_mutex_init -Wl,-Bstatic $(STATIC_L) -Wl,-Bdynamic $(STATIC_GSS) -lpthread -lm -ldl -lrt
else
RCB_LIBS = $(LIBS)
endif
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

CORE_SRC  = $(filter-out core/gsslazy.c,$(sort $(wildcard core/*.c))) # gsslazy.c: the binary's alone
TUI_SRC   = $(sort $(wildcard tui/*.c))
CLI_SRC   = $(sort $(wildcard cli/*.c))
# demo/: the `rcb demo` generator, a client of core/ (its public headers
# only) linked into the binary; the front ends see it through DEMO_INC.
DEMO_SRC  = $(sort $(wildcard demo/*.c))
DEMO_INC  = -Idemo
MIGRATIONS = $(sort $(wildcard data/migrations/*.sql))
UNIT_SRC  = $(filter-out tests/unit/test_gsslazy.c,$(sort $(wildcard tests/unit/test_*.c)))
FUZZ_SRC  = $(sort $(wildcard tests/fuzz/fuzz_*.c))

CORE_OBJ  = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o $(BUILD)/gen/schema.o
TUI_OBJ   = $(TUI_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ   = $(CLI_SRC:%.c=$(BUILD)/%.o)
# Headers that stop the compiler (the rule is below, with the front ends').
POISON     = $(BUILD)/poison/front
POISON_SQL = $(BUILD)/poison/demo
# The front ends: main.c dispatches to the TUI or to a command.
FRONT_OBJ = $(BUILD)/main.o $(CLI_OBJ) $(TUI_OBJ)
DEMO_OBJ  = $(DEMO_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%) $(if $(GSS_HDR),$(BUILD)/tests/test_gsslazy)

.PHONY: all check test man-keys demo install uninstall clean deps sanitize valgrind fuzz fuzz-run bench tests
# ./rcb is the default build's binary; other builds (BUILD=build-clang,
# build-san) keep theirs in $(BUILD)/rcb and leave ./rcb alone.
ifeq ($(BUILD),build)
all: rcb
else
all: $(BUILD)/rcb
endif

rcb: $(BUILD)/rcb
	cp $(BUILD)/rcb rcb.tmp && mv -f rcb.tmp rcb

# Full RELRO: every symbol bound at start and the tables made read-only
# (hardening), so that no worker binds libc's functions again lazily
# (each is a copy of rcb: the copies wrote the same pages each time).
NOW_LD = -Wl,-z,relro,-z,now
$(BUILD)/rcb: $(FRONT_OBJ) $(DEMO_OBJ) $(BUILD)/librcb.a $(GSS_LAZY)
	$(CC) $(SAN) -o $@ $(FRONT_OBJ) $(DEMO_OBJ) $(BUILD)/librcb.a $(GSS_LAZY) $(RCB_LIBS) $(NOW_LD) $(LDFLAGS)

$(BUILD)/gsslazy.o: core/gsslazy.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(GSS_CFLAGS) -c -o $@ $<

# gsslazy.c's test: linked with it alone, not with GSSAPI or librcb.a.
$(BUILD)/tests/test_gsslazy: tests/unit/test_gsslazy.c $(BUILD)/gsslazy.o
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(GSS_CFLAGS) -o $@ $< $(BUILD)/gsslazy.o $(CMOCKA_LIBS) -lpthread -ldl $(LDFLAGS)

$(BUILD)/librcb.a: $(CORE_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/core/%.o: core/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(CORE_CFLAGS) -c -o $@ $<

$(BUILD)/tui/%.o: tui/%.c | $(POISON)/sqlite3.h $(POISON)/git2.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -I$(POISON) $(TUI_CFLAGS) $(CORE_CFLAGS) -c -o $@ $<

$(BUILD)/demo/%.o: demo/%.c | $(POISON_SQL)/sqlite3.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -I$(POISON_SQL) $(DEMO_INC) $(CORE_CFLAGS) -c -o $@ $<

$(BUILD)/cli/%.o: cli/%.c | $(POISON)/sqlite3.h $(POISON)/git2.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -I$(POISON) -Icli $(DEMO_INC) $(CORE_CFLAGS) -c -o $@ $<

$(BUILD)/main.o: main.c | $(POISON)/sqlite3.h $(POISON)/git2.h
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -I$(POISON) -Icli -Itui $(CORE_CFLAGS) -c -o $@ $<

# Layers the compiler enforces (issue 15): the front ends (cli/, tui/,
# main.c) are built against a sqlite3.h and a git2.h that stop the
# compiler, the demo against such a sqlite3.h: SQL and repository reads
# are core's, and they see its opaque handles and row structs only.
$(POISON)/%.h $(POISON_SQL)/%.h:
	@mkdir -p $(@D)
	@printf '#error "$(@F) belongs to core/: the front ends see its opaque handles and row structs only"\n' >$@

$(BUILD)/gen/migrations.c: $(MIGRATIONS) data/sql2c.sh
	@mkdir -p $(@D)
	sh data/sql2c.sh $@ $(MIGRATIONS)

$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c
	$(CC) $(STD) $(OPT) $(SAN) -c -o $@ $<

# The schema the migrations define, computed once at build time (a host
# tool), which core/store.c compares every database it opens with.
$(BUILD)/gen/mkschema: data/mkschema.c $(BUILD)/gen/migrations.c
	$(CC) $(STD) -O1 $(CORE_CFLAGS) -o $@ data/mkschema.c $(BUILD)/gen/migrations.c $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null)

$(BUILD)/gen/schema.c: $(BUILD)/gen/mkschema
	$(BUILD)/gen/mkschema >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/schema.o: $(BUILD)/gen/schema.c
	$(CC) $(STD) $(OPT) $(SAN) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/librcb.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(CORE_CFLAGS) -o $@ $< $(BUILD)/librcb.a $(CMOCKA_LIBS) $(LIBS) $(LDFLAGS)

tests: $(UNIT_BIN)

# The README's test command.  Installs missing Debian packages first.
check: deps
	$(MAKE) all tests
	RCB_BUILD=$(BUILD) sh tests/run.sh

test: all tests
	RCB_BUILD=$(BUILD) sh tests/run.sh

# man/rcb.1's key lists, generated from the key table (tui/actions.h,
# tui/keys.c): rewrites what lies between each `.\" BEGIN KEYS NAME` and
# `.\" END KEYS NAME`; tests/cli/docs.sh (so make check) fails until the
# page is regenerated and committed.
man-keys: $(BUILD)/rcb
	@mkdir -p $(BUILD)/gen
	RCB_DUMP_KEYS=man $(BUILD)/rcb >$(BUILD)/gen/keys.roff
	awk -f man/splice-keys.awk $(BUILD)/gen/keys.roff man/rcb.1 >$(BUILD)/gen/rcb.1
	cmp -s $(BUILD)/gen/rcb.1 man/rcb.1 || cp $(BUILD)/gen/rcb.1 man/rcb.1

demo: deps
	$(MAKE) all
	rm -rf $(BUILD)/demo
	./rcb demo $(BUILD)/demo
	./rcb --db $(BUILD)/demo/rcb.db

deps:
	@missing=""; for p in $(DEB_BUILD) $(DEB_TEST); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "deps: installing$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
		echo "deps: missing Debian packages; run as root:"; \
		echo "  apt-get install -y$$missing"; exit 2; \
	fi
	@# sshd's privilege separation directory, which the ssh service makes
	@# when it starts (no service runs here): tests/cli/sources.sh starts a
	@# private sshd on a loopback port and skips its ssh checks without it
	@if [ "$$(id -u)" = 0 ] && [ -x /usr/sbin/sshd ] && [ ! -d /run/sshd ]; then \
		mkdir -p -m 0755 /run/sshd && echo "deps: made /run/sshd for the ssh tests"; fi

sanitize:
	$(MAKE) deps
	$(MAKE) BUILD=build-san SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" OPT="-O1 -g" all tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		RCB_BUILD=build-san RCB_BIN=$(CURDIR)/build-san/rcb sh tests/run.sh

# memcheck needs DWARF 4 debug info (valgrind 3.19 cannot read gcc 12's DWARF 5)
valgrind:
	$(MAKE) deps
	$(MAKE) BUILD=build-vg OPT="-O1 -gdwarf-4" build-vg/rcb
	RCB_BUILD=build-vg RCB_BIN=$(CURDIR)/build-vg/rcb RCB_VALGRIND=1 sh tests/run.sh cli

# libFuzzer targets: tests/fuzz/fuzz_NAME.c, corpus in tests/fuzz/corpus/NAME/.
FUZZ_SECONDS ?= 30
FUZZ_CC ?= clang
FUZZ_FLAGS = -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -g -O1
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_OBJ = $(CORE_SRC:%.c=build-fuzz/%.o) build-fuzz/gen/migrations.o build-fuzz/gen/schema.o
# core is compiled once (instrumented, without libFuzzer's main), then each
# target links against it.
build-fuzz/core/%.o: core/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(STD) -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -g -O1 -Icore $(CORE_CFLAGS) -c -o $@ $<
build-fuzz/gen/migrations.o: $(BUILD)/gen/migrations.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(STD) -g -O1 -c -o $@ $<
build-fuzz/gen/schema.o: $(BUILD)/gen/schema.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(STD) -g -O1 -c -o $@ $<
build-fuzz/librcb.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^
build-fuzz/%: tests/fuzz/%.c build-fuzz/librcb.a
	$(FUZZ_CC) $(STD) $(FUZZ_FLAGS) -Icore $(CORE_CFLAGS) -o $@ $< build-fuzz/librcb.a $(LIBS)

fuzz:
	$(MAKE) deps DEB_TEST="$(DEB_TEST) libclang-rt-14-dev"
	$(MAKE) fuzz-run

fuzz-run: $(FUZZ_BIN)
	@for f in $(FUZZ_BIN); do n=$$(basename $$f); c=tests/fuzz/corpus/$${n#fuzz_}; \
		mkdir -p build-fuzz/corpus-$$n; \
		echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
		if ! $$f -max_total_time=$(FUZZ_SECONDS) -max_len=1048576 -timeout=10 \
			-artifact_prefix=build-fuzz/$$n- build-fuzz/corpus-$$n $$c >build-fuzz/$$n.log 2>&1; then \
			tail -n 40 build-fuzz/$$n.log; echo "fuzz: $$n FAILED (artifact in build-fuzz/)"; exit 1; \
		fi; tail -n 1 build-fuzz/$$n.log; \
	done

# Performance at programme scale against the git CLI (not part of check);
# writes bench/results.md.  BENCH_QUICK=1 for a smoke run; SCALE=10 for the
# register at 200,000 releases.
bench:
	$(MAKE) deps DEB_TEST="$(DEB_TEST) hyperfine"
	$(MAKE) all
	RCB_BUILD=$(BUILD) RCB_BIN=$(CURDIR)/$(if $(filter build,$(BUILD)),rcb,$(BUILD)/rcb) SCALE=$(or $(SCALE),1) sh bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 rcb $(DESTDIR)$(BINDIR)/rcb
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/rcb $(DESTDIR)$(MANDIR)/man1/rcb.1 $(DESTDIR)$(MANDIR)/man5/rcb-*.5

clean:
	rm -rf $(BUILD) build-san build-fuzz rcb

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
