def quarter_mark(marks):
    average = sum(marks) / len(marks)
    return int(average + 0.5)


n = int(input())
for _ in range(n):
    parts = input().split()
    name = parts[0]
    marks = list(map(int, parts[1:]))
    print(name, quarter_mark(marks))
