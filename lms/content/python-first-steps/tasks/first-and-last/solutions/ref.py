word = input()
print(word[0], word[-1])
