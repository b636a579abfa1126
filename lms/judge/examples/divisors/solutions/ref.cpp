#include <bits/stdc++.h>
using namespace std;

int main() {
    long long n, count = 0;
    cin >> n;
    for (long long i = 1; i * i <= n; i++)
        if (n % i == 0) count += (i * i == n) ? 1 : 2;
    cout << count << "\n";
}
