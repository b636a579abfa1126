m = int(input())
if m == 12 or m <= 2:
    print("WINTER")
elif m <= 5:
    print("SPRING")
elif m <= 8:
    print("SUMMER")
else:
    print("AUTUMN")
