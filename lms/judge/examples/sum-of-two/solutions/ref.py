"""Reference solution of sum-of-two."""

a, b = map(int, input().split())
print(a + b)
