"""Background jobs: the handler context, the runner, the worker loop, e-mail delivery, solve."""
