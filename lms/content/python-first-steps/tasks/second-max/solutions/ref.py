n = int(input())
scores = list(map(int, input().split()))
top = max(scores)
second = -1
for s in scores:
    if s < top and s > second:
        second = s
print(second)
