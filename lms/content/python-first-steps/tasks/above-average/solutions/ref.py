n = int(input())
scores = list(map(int, input().split()))
average = sum(scores) / n
count = 0
for s in scores:
    if s > average:
        count += 1
print(count)
