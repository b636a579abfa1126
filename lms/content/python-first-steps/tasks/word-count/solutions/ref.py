line = input()
print(len(line.split()))
