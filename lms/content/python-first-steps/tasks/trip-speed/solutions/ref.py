d = int(input())
h = int(input())
m = int(input())
hours = h + m / 60
print(d / hours)
