# SPDX-License-Identifier: GPL-2.0
#
# sctp-udp: out-of-tree build of sctp_udp.ko, and the project's entry points.
#   make [KDIR=...]     build against KDIR (default: the running kernel)
#   make install        modules_install into updates/ + depmod
#   make dkms-install   copy the DKMS source tree to $(DESTDIR)/usr/src
#   make deb / rpm      the sctp-udp-dkms package, in .build/pkg
#                       (tests/harness/packaging.sh: builds, lints, checks)
#   make debug          build with -DDEBUG
#   make static         sparse (C=2), W=1 and checkpatch on our code
#   make demo           the demo, in a VM
#   make check          the whole test suite, in VMs
#   make check-heavy    the same with the long stress and soak cases
#   make check-debug    check-heavy, every guest case on the debug kernel too
#   make progs          the tests' C programs (tests/progs), in .build/progs
#   make bench          the benchmark, in VMs
#   make clean

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(shell pwd)
VERSION := $(shell sed -n 's/^\#define SCTP_UDP_VERSION\t*"\(.*\)"/\1/p' src/version.h)
DKMS_SOURCES := Kbuild Makefile dkms.conf src include
CHECKPATCH ?= $(KDIR)/scripts/checkpatch.pl

all: module

module:
	$(MAKE) -C $(KDIR) M=$(PWD) modules

debug:
	$(MAKE) -C $(KDIR) M=$(PWD) ccflags-y+=-DDEBUG modules

install: module
	$(MAKE) -C $(KDIR) M=$(PWD) INSTALL_MOD_DIR=updates modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) \
		$(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null)

# The sources only: no objects from an earlier in-tree build.
dkms-install:
	install -d $(DESTDIR)/usr/src/sctp-udp-$(VERSION)
	tar -c --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='*.order' \
		--exclude='Module.symvers' --exclude='.tmp_versions' $(DKMS_SOURCES) | \
		tar -x --no-same-owner -C $(DESTDIR)/usr/src/sctp-udp-$(VERSION)
	@echo "now: dkms install sctp-udp/$(VERSION)"

deb:
	tests/harness/packaging.sh --deb

rpm:
	tests/harness/packaging.sh --rpm

clean:
	$(MAKE) -C $(KDIR) M=$(PWD) clean 2>/dev/null || true
	rm -rf .build

static:
	tests/harness/static.sh $(KDIR)

version:
	@echo $(VERSION)

demo:
	tests/harness/demo.sh

check:
	tests/harness/check.sh

# The suite with the long stress and soak cases ("# heavy: yes").
check-heavy:
	HEAVY=1 tests/harness/check.sh

# All of it, each guest case on the debug kernel as well (hours).
check-debug:
	HEAVY=1 DEBUG_ALL=1 tests/harness/check.sh

bench:
	tests/bench/run.sh

# Test programs, run inside the guests (which see the host's root).
PROGS := $(patsubst tests/progs/%.c,.build/progs/%,$(wildcard tests/progs/*.c))
progs: $(PROGS) .build/progs/uapi_check.stamp

# The uapi header with a new <linux/sctp.h> in both orders and as on an
# old system (see tests/progs/uapi_check.c).
.build/progs/uapi_check.stamp: tests/progs/uapi_check.c include/uapi/linux/sctp_udp.h
	@mkdir -p $(@D)
	$(CC) -fsyntax-only -Wall -Werror -DAFTER $<
	$(CC) -fsyntax-only -Wall -Werror -D_UAPI_SCTP_H $<
	@touch $@

.build/progs/%: tests/progs/%.c include/uapi/linux/sctp_udp.h
	@mkdir -p $(@D)
	$(CC) -O2 -g -Wall -Wextra -Werror -o $@ $< -lpthread

.PHONY: all module debug install dkms-install deb rpm clean static version demo check check-heavy check-debug bench progs
