today = input()
tomorrow = input()
today, tomorrow = tomorrow, today
print(today)
print(tomorrow)
