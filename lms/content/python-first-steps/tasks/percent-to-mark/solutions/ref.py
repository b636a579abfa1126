p = int(input())
if p >= 85:
    print(5)
elif p >= 65:
    print(4)
elif p >= 40:
    print(3)
else:
    print(2)
