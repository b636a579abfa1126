name = input()
print("Hello, ", name, "!", sep="")
