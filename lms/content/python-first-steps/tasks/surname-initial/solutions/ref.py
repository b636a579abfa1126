name, surname = input().split()
print(surname, name[0] + ".")
