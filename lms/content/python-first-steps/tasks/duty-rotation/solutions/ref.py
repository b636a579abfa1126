names = input().split()
k = int(input())
k = k % len(names)
print(*(names[k:] + names[:k]))
