"""Open-standard exports of one jurisdiction's graph on a date (docs/exports.md).

scope.py       what an export covers: jurisdictions (with descendants) and a date
reader.py      the shared streaming reader: keyset pages of N records per kind
vocabulary.py  the og: namespace's terms and the JSON-LD context
jsonld.py      W3C ORG / PROV / SKOS / Dublin Core as JSON-LD 1.1
popolo.py      Popolo JSON (organizations and areas)
tables.py      CSV, one table per kind (a folder or a zip)
run.py         the formats by name: media type, file name, the chunks to write
"""
