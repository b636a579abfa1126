n = int(input())
cities = []
for _ in range(n):
    city = input()
    if city not in cities:
        cities.append(city)
for city in cities:
    print(city)
