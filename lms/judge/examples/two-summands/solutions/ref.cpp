#include <bits/stdc++.h>
using namespace std;

int main() {
    ifstream in("INPUT.TXT");
    ofstream out("OUTPUT.TXT");
    long long n;
    in >> n;
    out << n / 3 + 1 << " " << n - n / 3 - 1 << "\n";
}
