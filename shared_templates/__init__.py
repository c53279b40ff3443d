"""Reply templates as data (see README.md); a package only so the files ship with the server."""
