"""The web app and the root `sabaq` command line; nothing imports this package."""
