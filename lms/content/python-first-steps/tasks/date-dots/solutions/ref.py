day = input()
month = input()
year = input()
print(day, month, year, sep=".")
