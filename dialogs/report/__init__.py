"""Reports and exports, computed purely: the monthly report's figures (`figures`), the data
set's rows (`dataset`) and the case sheet's content (`casesheet`), over plain facts the shell
reads from storage (`facts`, `sources`). `bot/reports/` renders them to files."""
