/*
 * Sabaq's testlib-compatible header for custom checkers (part of Sabaq, AGPL-3.0-or-later).
 *
 * Not testlib itself: a small re-implementation of the part of its checker interface that
 * school tasks use, with the same names and exit codes, so a checker written for testlib
 * compiles here unchanged. A task (or a Polygon package) that ships its own testlib.h next to
 * checker.cpp is compiled with that file instead.
 *
 *   checker <input> <output> <answer> [<result-file>]
 *   exit codes: _ok 0, _wa 1, _pe 2, _fail 3, _dirt 4, _points 7, _unexpected_eof 8
 *   reading the contestant's output (ouf) past its end or in a wrong format is _pe,
 *   reading the input or the answer wrongly is _fail (the task is broken, not the submission).
 */
#ifndef SABAQ_TESTLIB_H
#define SABAQ_TESTLIB_H

#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <algorithm>
#include <limits>

enum TResult { _ok = 0, _wa = 1, _pe = 2, _fail = 3, _dirt = 4, _points = 7, _unexpected_eof = 8 };
enum TMode { _input, _output, _answer };

const double EPS = 1e-9;

static std::string testlib_format(const char *fmt, va_list ap) {
    char buf[4096];
    vsnprintf(buf, sizeof buf, fmt, ap);
    return std::string(buf);
}

static FILE *testlib_result_file = NULL;

[[noreturn]] inline void quit(TResult result, const std::string &msg) {
    static const char *names[] = {"ok", "wrong answer", "wrong output format", "FAIL",
                                  "wrong answer", "", "", "points", "unexpected eof"};
    FILE *out = testlib_result_file ? testlib_result_file : stderr;
    if (result == _points)
        fprintf(out, "%s\n", msg.c_str());
    else
        fprintf(out, "%s %s\n", result <= _unexpected_eof ? names[result] : "", msg.c_str());
    fflush(out);
    std::exit(result);
}

[[noreturn]] inline void quit(TResult result, const char *msg) { quit(result, std::string(msg)); }

[[noreturn]] inline void quitf(TResult result, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::string msg = testlib_format(fmt, ap);
    va_end(ap);
    quit(result, msg);
}

/* Part of the test's worth, 0..1 (Sabaq reads the first number of the comment). */
[[noreturn]] inline void quitp(double points, const char *fmt = "", ...) {
    va_list ap;
    va_start(ap, fmt);
    std::string msg = testlib_format(fmt, ap);
    va_end(ap);
    char head[64];
    snprintf(head, sizeof head, "%.6f ", points);
    quit(_points, std::string(head) + msg);
}

inline void ensuref(bool cond, const char *fmt, ...) {
    if (cond) return;
    va_list ap;
    va_start(ap, fmt);
    std::string msg = testlib_format(fmt, ap);
    va_end(ap);
    quit(_fail, msg);
}
#define ensure(cond) ensuref((cond), "%s", "condition failed: " #cond)

struct InStream {
    std::string name;
    TMode mode = _input;
    std::vector<char> data;
    size_t pos = 0;

    void init(const char *path, TMode m) {
        name = path;
        mode = m;
        FILE *f = fopen(path, "rb");
        if (!f) quitf(_fail, "cannot open %s", path);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0) data.insert(data.end(), buf, buf + n);
        fclose(f);
    }
    [[noreturn]] void fail(const std::string &msg) {
        if (mode == _output) ::quit(_pe, msg);
        ::quit(_fail, name + ": " + msg);
    }
    static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
    bool eof() { return pos >= data.size(); }
    bool seekEof() {
        while (!eof() && blank(data[pos])) pos++;
        return eof();
    }
    bool eoln() { return eof() || data[pos] == '\n' || (data[pos] == '\r'); }
    bool seekEoln() {
        while (!eof() && (data[pos] == ' ' || data[pos] == '\t')) pos++;
        return eoln();
    }
    void skipBlanks() {
        while (!eof() && blank(data[pos])) pos++;
    }
    char curChar() { return eof() ? EOF : data[pos]; }
    char readChar() {
        if (eof()) fail("unexpected end of file");
        return data[pos++];
    }
    void readSpace() {
        if (readChar() != ' ') fail("expected a space");
    }
    void readEoln() {
        if (!eof() && data[pos] == '\r') pos++;
        if (eof() || data[pos] != '\n') fail("expected the end of a line");
        pos++;
    }
    void readEof() {
        if (!eof()) fail("expected the end of the file");
    }
    std::string readToken() {
        skipBlanks();
        if (eof()) fail("unexpected end of file");
        size_t start = pos;
        while (!eof() && !blank(data[pos])) pos++;
        return std::string(data.begin() + start, data.begin() + pos);
    }
    std::string readWord() { return readToken(); }
    std::string readToken(const std::string &, const std::string & = "") { return readToken(); }
    std::string readWord(const std::string &, const std::string & = "") { return readToken(); }
    std::string readLine() {
        if (eof()) fail("unexpected end of file");
        size_t start = pos;
        while (!eof() && data[pos] != '\n') pos++;
        std::string s(data.begin() + start, data.begin() + pos);
        if (!eof()) pos++;
        if (!s.empty() && s.back() == '\r') s.pop_back();
        return s;
    }
    std::string readString() { return readLine(); }
    long long readLong() {
        std::string t = readToken();
        errno = 0;
        char *end = NULL;
        long long v = strtoll(t.c_str(), &end, 10);
        if (t.empty() || *end || errno) fail("expected an integer, found \"" + t + "\"");
        return v;
    }
    long long readLong(long long lo, long long hi, const std::string &what = "") {
        long long v = readLong();
        if (v < lo || v > hi) fail(what + " out of range: " + std::to_string(v));
        return v;
    }
    int readInt() {
        long long v = readLong();
        if (v < std::numeric_limits<int>::min() || v > std::numeric_limits<int>::max())
            fail("integer out of int range");
        return (int)v;
    }
    int readInt(int lo, int hi, const std::string &what = "") {
        return (int)readLong(lo, hi, what);
    }
    double readDouble() {
        std::string t = readToken();
        char *end = NULL;
        double v = strtod(t.c_str(), &end);
        if (t.empty() || *end || std::isnan(v) || std::isinf(v))
            fail("expected a number, found \"" + t + "\"");
        return v;
    }
    double readReal() { return readDouble(); }
    double readDouble(double lo, double hi, const std::string &what = "") {
        double v = readDouble();
        if (v < lo || v > hi) fail(what + " out of range");
        return v;
    }
    double readReal(double lo, double hi, const std::string &what = "") {
        return readDouble(lo, hi, what);
    }
    std::vector<int> readInts(int n, int lo, int hi) {
        std::vector<int> v(n);
        for (int &x : v) x = readInt(lo, hi);
        return v;
    }
    [[noreturn]] void quit(TResult r, const char *msg) { ::quit(r, std::string(msg)); }
    [[noreturn]] void quitf(TResult r, const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        std::string msg = testlib_format(fmt, ap);
        va_end(ap);
        ::quit(r, msg);
    }
};

static InStream inf, ouf, ans;

inline void registerTestlibCmd(int argc, char *argv[]) {
    if (argc < 4) quitf(_fail, "usage: %s <input> <output> <answer> [<result>]", argv[0]);
    inf.init(argv[1], _input);
    ouf.init(argv[2], _output);
    ans.init(argv[3], _answer);
    if (argc > 4) testlib_result_file = fopen(argv[4], "w");
}

inline bool doubleCompare(double expected, double result, double maxError) {
    if (std::isnan(expected) || std::isnan(result)) return std::isnan(expected) && std::isnan(result);
    if (std::isinf(expected) || std::isinf(result)) return expected == result;
    if (std::fabs(result - expected) <= maxError + EPS) return true;
    double lo = std::min(expected * (1.0 - maxError), expected * (1.0 + maxError));
    double hi = std::max(expected * (1.0 - maxError), expected * (1.0 + maxError));
    return result + EPS >= lo && result <= hi + EPS;
}

inline std::string englishEnding(int x) {
    x %= 100;
    if (x / 10 == 1) return "th";
    if (x % 10 == 1) return "st";
    if (x % 10 == 2) return "nd";
    if (x % 10 == 3) return "rd";
    return "th";
}

template <typename T>
inline std::string vtos(const T &t) { return std::to_string(t); }
inline std::string vtos(const std::string &t) { return t; }

inline std::string upperCase(std::string s) {
    for (char &c : s) c = (char)toupper((unsigned char)c);
    return s;
}
inline std::string lowerCase(std::string s) {
    for (char &c : s) c = (char)tolower((unsigned char)c);
    return s;
}
inline std::string compress(const std::string &s) {
    return s.size() <= 64 ? s : s.substr(0, 30) + "..." + s.substr(s.size() - 31);
}

#endif
