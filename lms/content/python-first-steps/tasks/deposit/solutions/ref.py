s = int(input())
p = int(input())
t = int(input())
years = 0
while s < t:
    s += s * p // 100
    years += 1
print(years)
