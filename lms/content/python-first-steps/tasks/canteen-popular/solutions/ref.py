m = int(input())
names = []
for _ in range(m):
    name, price = input().split()
    names.append(name)
sold = [0] * m
q = int(input())
for _ in range(q):
    for item in input().split():
        sold[names.index(item)] += 1
best = 0
for i in range(1, m):
    if sold[i] > sold[best]:
        best = i
print(names[best], sold[best])
