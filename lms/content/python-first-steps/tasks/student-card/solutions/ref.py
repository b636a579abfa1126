surname = input()
name = input()
grade = input()
print(name, " ", surname, ", ", grade, sep="")
