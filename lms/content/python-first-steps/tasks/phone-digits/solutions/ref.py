line = input()
digits = ""
for ch in line:
    if ch.isdigit():
        digits += ch
print(digits)
