def price_of(item, names, prices):
    return prices[names.index(item)]


m = int(input())
names = []
prices = []
for _ in range(m):
    name, price = input().split()
    names.append(name)
    prices.append(int(price))
q = int(input())
for _ in range(q):
    total = 0
    for item in input().split():
        total += price_of(item, names, prices)
    print(total)
