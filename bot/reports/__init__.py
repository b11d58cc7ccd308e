"""Reports and exports as files: the monthly report (Markdown, CSV, PNG charts), the data set
(XLSX, CSV) and the case sheet (PDF). The figures and contents are computed in
`dialogs/report/`; this package reads storage, renders and writes."""
