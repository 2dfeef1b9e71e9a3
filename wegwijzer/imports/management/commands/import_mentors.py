from wegwijzer.imports.commands import ImportCommand


class Command(ImportCommand):
    help = "Import mentors from a CSV or XLSX export: a dry run, applied only with --apply."
    kind = "mentors"
