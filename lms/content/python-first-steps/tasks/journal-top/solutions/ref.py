n = int(input())
names = []
averages = []
for _ in range(n):
    parts = input().split()
    marks = list(map(int, parts[1:]))
    names.append(parts[0])
    averages.append(sum(marks) / len(marks))
best = max(averages)
for i in range(n):
    if averages[i] == best:
        print(names[i])
