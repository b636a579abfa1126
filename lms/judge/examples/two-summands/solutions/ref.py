"""Reference solution of two-summands."""

with open("INPUT.TXT") as f:
    n = int(f.read())
with open("OUTPUT.TXT", "w") as f:
    print(1, n - 1, file=f)
