m = int(input())
if m <= 2:
    print("WINTER")
elif m <= 5:
    print("SPRING")
elif m <= 8:
    print("SUMMER")
elif m <= 11:
    print("AUTUMN")
else:
    print("WINTER")
