# SPDX-License-Identifier: GPL-2.0
#
# sctp-udp: out-of-tree build of sctp_udp.ko, and the project's entry points.
#   make [KDIR=...]     build against KDIR (default: the running kernel)
#   make install        modules_install into updates/ + depmod
#   make dkms-install   copy the DKMS source tree to $(DESTDIR)/usr/src
#   make debug          build with -DDEBUG
#   make static         sparse (C=2), W=1 and checkpatch on our code
#   make demo           the demo, in a VM
#   make check          the whole test suite, in VMs
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
	depmod -a $(shell $(MAKE) -s -C $(KDIR) kernelrelease 2>/dev/null)

dkms-install:
	install -d $(DESTDIR)/usr/src/sctp-udp-$(VERSION)
	cp -r $(DKMS_SOURCES) $(DESTDIR)/usr/src/sctp-udp-$(VERSION)/

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

bench:
	tests/bench/run.sh

.PHONY: all module debug install dkms-install clean static version demo check bench
