"""Hostile submissions: each is contained, gets the verdict it deserves, and leaves nothing."""
# ruff: noqa: E501  (the hostile programs are a table of sources; wrapping them would hide them)

from __future__ import annotations

from pathlib import Path

import pytest

from lms.judge.judge import judge
from lms.judge.languages import LANGUAGES
from lms.judge.sandbox import Limits, Sandbox
from lms.judge.task import Task
from tests.judge.conftest import make_task

pytestmark = pytest.mark.usefixtures("clean_after")

CPP_HEAD = (
    "#include <bits/stdc++.h>\n#include <unistd.h>\n#include <sys/socket.h>\nusing namespace std;\n"
)

HOSTILE: dict[str, dict[str, tuple[str, set[str]]]] = {
    "fork bomb": {
        "py": ("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n",
               {"TLE"}),
        "cpp": (CPP_HEAD + "int main() { while (true) fork(); }\n", {"TLE"}),
        "java": ("public class Main { public static void main(String[] a) throws Exception {\n"
                 " while (true) new ProcessBuilder(\"/bin/sh\", \"-c\", \"sleep 100\").start(); } }\n",
                 # whichever limit fires first: the process count (RE), CPU time (TLE), or on a
                 # loaded machine the memory of the JVM's threads (MLE, seen at load 11)
                 {"RE", "TLE", "MLE"}),
    },
    "memory bomb": {
        "py": ("a = []\nwhile True:\n    a.append(b'x' * 10**7)\n", {"MLE"}),
        "cpp": (CPP_HEAD + "int main() { vector<char*> v; while (true) { char* p = new char[1<<24];"
                " memset(p, 1, 1<<24); v.push_back(p); } }\n", {"MLE"}),
        "java": ("import java.util.*;\npublic class Main { public static void main(String[] a) {\n"
                 " List<long[]> v = new ArrayList<>(); while (true) v.add(new long[1 << 20]); } }\n",
                 {"MLE"}),
        "pas": ("var p: pointer;\nbegin\n  while true do begin getmem(p, 1 shl 24);"
                " fillchar(p^, 1 shl 24, 1); end;\nend.\n", {"MLE", "RE"}),
    },
    "output flood": {
        "py": ("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)\n", {"OLE"}),
        "cpp": (CPP_HEAD + "int main() { string s(65536, 'x'); while (true) fwrite(s.data(), 1,"
                " s.size(), stdout); }\n", {"OLE"}),
        "java": ("public class Main { public static void main(String[] a) {\n"
                 " String s = \"x\".repeat(65536); while (true) System.out.print(s); } }\n", {"OLE"}),
        "pas": ("begin\n  while true do write('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx');\nend.\n", {"OLE"}),
    },
    "infinite loop": {
        "py": ("while True:\n    pass\n", {"TLE"}),
        "cpp": (CPP_HEAD + "int main() { volatile long x = 0; while (true) x++; }\n", {"TLE"}),
        "java": ("public class Main { public static void main(String[] a) {\n"
                 " long x = 0; while (true) { x++; if (x == -1) break; } } }\n", {"TLE"}),
        "pas": ("var x: int64;\nbegin\n  x := 0;\n  while true do inc(x);\nend.\n", {"TLE"}),
    },
    "sleeping": {
        "py": ("import time\ntime.sleep(1000)\n", {"TLE"}),
        "cpp": (CPP_HEAD + "int main() { sleep(1000); }\n", {"TLE"}),
        "pas": ("uses sysutils;\nbegin\n  sleep(1000000);\nend.\n", {"TLE"}),
    },
    "reading /etc/shadow": {
        "py": ("try:\n    print(open('/etc/shadow').read())\nexcept OSError:\n    print('ok')\n",
               {"AC"}),
        "cpp": (CPP_HEAD + "int main() { ifstream f(\"/etc/shadow\"); string s;"
                " if (f >> s) cout << s; else cout << \"ok\"; }\n", {"AC"}),
        "java": ("import java.nio.file.*;\npublic class Main { public static void main(String[] a) {"
                 " try { System.out.println(Files.readString(Path.of(\"/etc/shadow\"))); }"
                 " catch (Exception e) { System.out.println(\"ok\"); } } }\n", {"AC"}),
        "pas": ("var f: text; s: string;\nbegin\n  {$I-} assign(f, '/etc/shadow'); reset(f); {$I+}\n"
                "  if ioresult <> 0 then writeln('ok') else begin readln(f, s); writeln(s); end;\n"
                "end.\n", {"AC"}),
    },
    "writing outside the box": {
        "py": ("n = 0\nfor p in ['/usr/evil', '/etc/evil', '/evil', '/proc/evil']:\n    try:\n"
               "        open(p, 'w').write('x')\n    except OSError:\n        n += 1\n"
               "print('ok' if n == 4 else 'escaped')\n", {"AC"}),
        "cpp": (CPP_HEAD + "int main() { int n = 0; for (auto p : {\"/usr/evil\", \"/etc/evil\","
                " \"/evil\"}) { FILE* f = fopen(p, \"w\"); if (!f) n++; } cout << (n == 3 ? \"ok\""
                " : \"escaped\"); }\n", {"AC"}),
    },
    "opening a socket": {
        "py": ("import socket\ntry:\n    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
               "    s.connect(('1.1.1.1', 80))\n    print('escaped')\nexcept OSError:\n"
               "    print('ok')\n", {"AC"}),
        "cpp": (CPP_HEAD + "int main() { int a = socket(AF_INET, SOCK_STREAM, 0);"
                " int b = socket(AF_INET6, SOCK_DGRAM, 0); int c = socket(AF_NETLINK, SOCK_RAW, 0);"
                " cout << (a < 0 && b < 0 && c < 0 ? \"ok\" : \"escaped\"); }\n", {"AC"}),
        "java": ("import java.net.*;\npublic class Main { public static void main(String[] a) {"
                 " try { new Socket(\"1.1.1.1\", 80); System.out.println(\"escaped\"); }"
                 " catch (Exception e) { System.out.println(\"ok\"); } } }\n", {"AC"}),
    },
    "killing the parent": {
        "py": ("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nprint('ok')\n", {"AC"}),
        "cpp": (CPP_HEAD + "#include <signal.h>\nint main() { kill(getppid(), SIGKILL);"
                " kill(-1, SIGKILL); cout << \"ok\"; }\n", {"AC", "RE"}),
    },
    "spawning a shell": {
        "py": ("import subprocess\nout = subprocess.run(['/bin/sh', '-c', 'id -u; cat /etc/shadow;"
               " ls /work /root'], capture_output=True, text=True).stdout\n"
               "print('ok' if out.split() == ['65534'] else 'escaped: ' + out)\n", {"AC"}),
        "cpp": (CPP_HEAD + "int main() { int r = system(\"cat /etc/shadow > /dev/null 2>&1\");"
                " cout << (r != 0 ? \"ok\" : \"escaped\"); }\n", {"AC"}),
    },
    "leaving a background process": {
        "py": ("import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
               "        time.sleep(1000)\n    os._exit(0)\nprint('ok')\n", {"AC"}),
        "cpp": (CPP_HEAD + "int main() { if (fork() == 0) { setsid(); if (fork() == 0) sleep(1000);"
                " _exit(0); } cout << \"ok\"; }\n", {"AC"}),
    },
}  # fmt: skip
CASES = [(name, lang) for name, by_lang in HOSTILE.items() for lang in by_lang]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "lang"), CASES, ids=[f"{n}-{lang}" for n, lang in CASES])
def test_hostile_submission_is_contained(ok_task: Task, sandbox: Sandbox, name: str, lang: str):
    source, verdicts = HOSTILE[name][lang]
    result = judge(ok_task, source, lang, sandbox=sandbox, stop_early=True)
    assert result.verdict in verdicts, (result.verdict, result.tests[0].message,
                                        result.compile_output)  # fmt: skip
    if "AC" not in verdicts:
        assert result.score == 0


@pytest.mark.parametrize("path", ["/dev/random", "/etc/passwd", "/etc/shadow", "/dev/zero"])
def test_including_a_device_or_system_file_is_a_fast_compile_error(
    ok_task: Task, sandbox: Sandbox, path: str
):
    source = f'#include "{path}"\nint main() {{}}\n'
    result = judge(ok_task, source, "cpp", sandbox=sandbox)
    assert result.verdict == "CE"
    # the compiler met no endless device: it stopped on a missing or foreign file, not a limit
    assert str(result.message) == "compilation failed"
    assert path in result.compile_output


def _probe(sandbox: Sandbox, code: str, tmp: Path) -> str:
    box = sandbox.new_box()
    try:
        (box / "probe.py").write_text(code)
        sandbox.give(box / "probe.py")
        limits = Limits(cpu_seconds=2, wall_seconds=5, memory_bytes=128 << 20)
        result = sandbox.run(
            [LANGUAGES["py"].run("probe.py", 64)[0], "-I", "-S", "probe.py"], box=box,
            limits=limits, stdout=tmp / "out", stderr=tmp / "err",
        )  # fmt: skip
        assert result.exit_code == 0, (tmp / "err").read_text()
        return (tmp / "out").read_text()
    finally:
        sandbox.discard(box)


def test_the_database_the_work_tree_and_secrets_are_invisible(sandbox: Sandbox, tmp_path: Path):
    # a fake store next to the judge's working directory and in the checkout: the box sees none
    fake_db = sandbox.work_dir / "sabaq.sqlite3"
    fake_db.write_text("SECRET")
    (tmp_path / "sabaq.sqlite3").write_text("SECRET")
    paths = [str(fake_db), str(tmp_path / "sabaq.sqlite3"), "/etc/shadow", "/work", "/root",
             str(Path.cwd()), str(sandbox.cache_dir), "/home", "/var", "/sys/fs/cgroup"]  # fmt: skip
    try:
        out = _probe(sandbox, f"import os\nfor p in {paths!r}:\n    print(os.path.exists(p))\n"
                     "print(os.getuid(), os.getgid(), os.getgroups())\n", tmp_path)  # fmt: skip
    finally:
        fake_db.unlink()
    lines = out.splitlines()
    assert lines[:-1] == ["False"] * len(paths)
    assert lines[-1] == "65534 65534 [65534]" or lines[-1] == "65534 65534 []"


def test_the_box_has_no_network_and_sees_only_its_own_processes(sandbox: Sandbox, tmp_path: Path):
    out = _probe(sandbox, "import os\nprint(sorted(os.listdir('/sys/class/net')) if "
                 "os.path.exists('/sys/class/net') else 'no-sys')\n"
                 "print(len([p for p in os.listdir('/proc') if p.isdigit()]))\n", tmp_path)  # fmt: skip
    net, procs = out.splitlines()
    assert net == "no-sys"
    assert int(procs) <= 3  # bwrap's init, the probe, maybe its parent: never the host's


def test_a_planted_symlink_is_not_followed_by_the_judge(tmp_path: Path, sandbox: Sandbox):
    # file I/O: the program replaces OUTPUT.TXT with a link to a host file the judge could read
    task = make_task(tmp_path, ["root\n"] * 3, io="files")
    source = "import os\nos.symlink('/etc/passwd', 'OUTPUT.TXT')\n"
    result = judge(task, source, "py", sandbox=sandbox)
    assert result.verdict == "WA"
    assert "root" not in str(result.tests[0].message)
