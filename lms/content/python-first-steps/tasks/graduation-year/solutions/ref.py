start = int(input())
print(start + 11)
