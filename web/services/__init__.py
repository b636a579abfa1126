"""Web-side services: reading the store for pages, with caches that only the web process needs."""
