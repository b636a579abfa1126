n = int(input())
if n % 2 == 0:
    print("EVEN")
else:
    print("ODD")
