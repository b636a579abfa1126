"""Security controls of the web layer: response headers on every answer, and rate limits."""
