def to_minutes(text):
    h, m = text.split(":")
    return int(h) * 60 + int(m)


def fmt(total):
    return f"{total // 60:02d}:{total % 60:02d}"


start = to_minutes(input())
n = int(input())
length = int(input())
breaks = list(map(int, input().split()))
for i in range(n):
    end = start + length
    print(fmt(start), fmt(end))
    if i < n - 1:
        start = end + breaks[i]
