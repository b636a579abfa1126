n = int(input())
low = int(input())
high = low
for _ in range(n - 1):
    t = int(input())
    if t < low:
        low = t
    if t > high:
        high = t
print(low, high)
