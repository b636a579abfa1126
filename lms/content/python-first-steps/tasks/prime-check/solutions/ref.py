def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


n = int(input())
for _ in range(n):
    x = int(input())
    if is_prime(x):
        print("YES")
    else:
        print("NO")
