// Any two positive summands of n are right: the answer file only shows one of them.
#include "testlib.h"

int main(int argc, char* argv[]) {
    registerTestlibCmd(argc, argv);
    long long n = inf.readLong();
    long long a = ouf.readLong(1, n - 1, "a");
    long long b = ouf.readLong(1, n - 1, "b");
    if (!ouf.seekEof()) quitf(_pe, "extra output after two numbers");
    if (a + b != n) quitf(_wa, "%lld + %lld is not %lld", a, b, n);
    quitf(_ok, "%lld = %lld + %lld", n, a, b);
}
