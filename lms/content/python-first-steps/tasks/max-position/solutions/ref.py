n = int(input())
visitors = list(map(int, input().split()))
best = 0
for i in range(1, n):
    if visitors[i] > visitors[best]:
        best = i
print(best + 1)
