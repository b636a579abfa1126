a = int(input())
b = int(input())
print(a * b)
print(2 * (a + b))
