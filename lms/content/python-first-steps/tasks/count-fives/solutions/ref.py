n = int(input())
fives = 0
for _ in range(n):
    mark = int(input())
    if mark == 5:
        fives += 1
print(fives)
