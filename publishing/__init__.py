"""The publishing layer shared by minutes and decisions (HTML and PDF of versions)."""
