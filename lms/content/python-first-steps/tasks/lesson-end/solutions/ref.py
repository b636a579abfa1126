h = int(input())
m = int(input())
d = int(input())
total = (h * 60 + m + d) % 1440
print(total // 60, total % 60)
