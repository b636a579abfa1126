print(24 * 7)
print(24 * 60)
print(45 * 60)
