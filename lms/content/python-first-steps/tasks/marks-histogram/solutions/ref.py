n = int(input())
marks = list(map(int, input().split()))
counts = [0] * 6
for m in marks:
    counts[m] += 1
for mark in range(5, 1, -1):
    print(mark, counts[mark])
