"""The seccomp filter of every sandboxed process: a raw BPF program for `bwrap --seccomp`.

Denied calls kill the whole process (SIGSYS), so the verdict says what fired; sockets other than
AF_UNIX get EAFNOSUPPORT (the network namespace is empty anyway) and clone3, whose flags a BPF
filter cannot read, gets ENOSYS so the C library falls back to clone, whose flags it can.
x86_64 and aarch64 only: any other architecture is refused when the filter is built.
"""

from __future__ import annotations

import errno
import platform
import struct

# BPF opcodes (linux/filter.h) and seccomp return actions (linux/seccomp.h)
_LD_W_ABS = 0x00 | 0x00 | 0x20
_JEQ_K = 0x05 | 0x10
_JGE_K = 0x05 | 0x30
_JSET_K = 0x05 | 0x40
_RET_K = 0x06
RET_KILL_PROCESS = 0x80000000
RET_ERRNO = 0x00050000
RET_ALLOW = 0x7FFF0000

AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
_ARCH_ALIASES = {"amd64": "x86_64", "arm64": "aarch64"}
_OFF_NR, _OFF_ARCH, _OFF_ARG0 = 0, 4, 16  # struct seccomp_data; arg0's low word (little-endian)
_X32_BIT = 0x40000000
AF_UNIX = 1
CLONE_NAMESPACES = 0x7E020000  # NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET

# Calls no submission, compiler or checker needs, and that a breakout would: killed on sight.
DENIED = (
    "ptrace", "mount", "umount2", "pivot_root", "kexec_load", "kexec_file_load", "init_module",
    "finit_module", "delete_module", "bpf", "perf_event_open", "keyctl", "add_key", "request_key",
    "unshare", "setns", "reboot", "swapon", "swapoff", "chroot", "acct", "syslog",
    "process_vm_readv", "process_vm_writev", "userfaultfd", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "open_by_handle_at", "name_to_handle_at", "settimeofday",
    "clock_settime", "adjtimex", "quotactl", "lookup_dcookie", "vhangup", "fsopen", "fsconfig",
    "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr", "kcmp",
)  # fmt: skip

SYSCALLS: dict[str, dict[str, int]] = {
    "x86_64": {
        "socket": 41, "socketpair": 53, "clone": 56, "clone3": 435, "ptrace": 101, "mount": 165,
        "umount2": 166, "pivot_root": 155, "kexec_load": 246, "kexec_file_load": 320,
        "init_module": 175, "finit_module": 313, "delete_module": 176, "bpf": 321,
        "perf_event_open": 298, "keyctl": 250, "add_key": 248, "request_key": 249, "unshare": 272,
        "setns": 308, "reboot": 169, "swapon": 167, "swapoff": 168, "chroot": 161, "acct": 163,
        "syslog": 103, "process_vm_readv": 310, "process_vm_writev": 311, "userfaultfd": 323,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 304, "name_to_handle_at": 303, "settimeofday": 164,
        "clock_settime": 227, "adjtimex": 159, "quotactl": 179, "lookup_dcookie": 212,
        "vhangup": 153, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "move_mount": 429, "open_tree": 428, "mount_setattr": 442, "kcmp": 312,
    },
    "aarch64": {
        "socket": 198, "socketpair": 199, "clone": 220, "clone3": 435, "ptrace": 117, "mount": 40,
        "umount2": 39, "pivot_root": 41, "kexec_load": 104, "kexec_file_load": 294,
        "init_module": 105, "finit_module": 273, "delete_module": 106, "bpf": 280,
        "perf_event_open": 241, "keyctl": 219, "add_key": 217, "request_key": 218, "unshare": 97,
        "setns": 268, "reboot": 142, "swapon": 224, "swapoff": 225, "chroot": 51, "acct": 89,
        "syslog": 116, "process_vm_readv": 270, "process_vm_writev": 271, "userfaultfd": 282,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "open_by_handle_at": 265, "name_to_handle_at": 264, "settimeofday": 170,
        "clock_settime": 112, "adjtimex": 171, "quotactl": 60, "lookup_dcookie": 18,
        "vhangup": 58, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "move_mount": 429, "open_tree": 428, "mount_setattr": 442, "kcmp": 272,
    },
}  # fmt: skip


class UnsupportedArchitecture(RuntimeError):
    """The judge has no syscall table for this machine, so it refuses to run anything."""


def machine_arch() -> str:
    """This machine's architecture as the tables name it, or UnsupportedArchitecture."""
    arch = platform.machine().lower()
    arch = _ARCH_ALIASES.get(arch, arch)
    if arch not in SYSCALLS:
        raise UnsupportedArchitecture(
            f"the judge's seccomp filter knows x86_64 and aarch64, not {arch!r}: refusing to run"
        )
    return arch


class _Program:
    """A tiny assembler: instructions with symbolic forward jumps, resolved at the end."""

    def __init__(self) -> None:
        self.code: list[tuple[int, object, object, int]] = []
        self.labels: dict[str, int] = {}

    def label(self, name: str) -> None:
        self.labels[name] = len(self.code)

    def load(self, offset: int) -> None:
        self.code.append((_LD_W_ABS, 0, 0, offset))

    def jump(self, op: int, k: int, if_true: str | int, if_false: str | int = 0) -> None:
        self.code.append((op, if_true, if_false, k))

    def ret(self, action: int) -> None:
        self.code.append((_RET_K, 0, 0, action))

    def assemble(self) -> bytes:
        out = bytearray()
        for pc, (op, jt, jf, k) in enumerate(self.code):
            out += struct.pack("=HBBI", op, self._offset(pc, jt), self._offset(pc, jf), k)
        return bytes(out)

    def _offset(self, pc: int, target: object) -> int:
        if isinstance(target, int):
            return target
        delta = self.labels[str(target)] - pc - 1
        if not 0 <= delta <= 255:
            raise ValueError(f"BPF jump to {target} out of range ({delta})")
        return delta


def _arch_block(prog: _Program, arch: str) -> None:
    table = SYSCALLS[arch]
    prog.label(arch)
    prog.load(_OFF_NR)
    if arch == "x86_64":  # the x32 ABI shares the arch value: refuse it wholesale
        prog.jump(_JGE_K, _X32_BIT, f"{arch}.kill")
    for name in DENIED:
        prog.jump(_JEQ_K, table[name], f"{arch}.kill")
    prog.jump(_JEQ_K, table["clone3"], f"{arch}.enosys")
    prog.jump(_JEQ_K, table["clone"], f"{arch}.clone")
    prog.jump(_JEQ_K, table["socket"], f"{arch}.socket")
    prog.jump(_JEQ_K, table["socketpair"], f"{arch}.socket")
    prog.ret(RET_ALLOW)
    prog.label(f"{arch}.clone")
    prog.load(_OFF_ARG0)
    prog.jump(_JSET_K, CLONE_NAMESPACES, f"{arch}.kill")
    prog.ret(RET_ALLOW)
    prog.label(f"{arch}.socket")
    prog.load(_OFF_ARG0)
    prog.jump(_JEQ_K, AF_UNIX, f"{arch}.allow")
    prog.ret(RET_ERRNO | errno.EAFNOSUPPORT)
    prog.label(f"{arch}.allow")
    prog.ret(RET_ALLOW)
    prog.label(f"{arch}.enosys")
    prog.ret(RET_ERRNO | errno.ENOSYS)
    prog.label(f"{arch}.kill")
    prog.ret(RET_KILL_PROCESS)


def build_filter() -> bytes:
    """The filter for every architecture we know, as the bytes `bwrap --seccomp FD` reads.

    Raises:
        UnsupportedArchitecture: on a machine other than x86_64 or aarch64.
    """
    machine_arch()
    prog = _Program()
    prog.load(_OFF_ARCH)
    prog.jump(_JEQ_K, AUDIT_ARCH["x86_64"], "x86_64")
    prog.jump(_JEQ_K, AUDIT_ARCH["aarch64"], "aarch64")
    prog.ret(RET_KILL_PROCESS)
    _arch_block(prog, "x86_64")
    _arch_block(prog, "aarch64")
    return prog.assemble()
