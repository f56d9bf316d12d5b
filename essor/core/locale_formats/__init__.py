"""Django's locale formats, where Essor writes numbers differently (FORMAT_MODULE_PATH)."""
