from wegwijzer.imports.commands import ImportCommand


class Command(ImportCommand):
    help = "Import host companies from a CSV or XLSX export: a dry run, applied only with --apply."
    kind = "hosts"
