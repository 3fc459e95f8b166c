// Query.node and Query.nodes: objects by id, of any type implementing Node, in one statement.
// The resolver tells each id's type by its pattern and puts it in the item's field of that type.
// Slots: body (Body, n=b, asof=coalesce(item.asOf, $today)), jurisdiction (Jurisdiction, n=j),
// duty (Duty, n=d), event (ReformEvent, n=e), document (Document, n=c), figure (Figure, n=g,
// asof=coalesce(item.asOf, $today)).
// Parameters: items (a list of maps {key, body, asOf, jurisdiction, duty, event, document, figure}, one
// id set in each), today. Returns: key, node (null for an unknown id), a row per item.
UNWIND $items AS item
OPTIONAL MATCH (b:Body {id: item.body})
OPTIONAL MATCH (j:Jurisdiction {code: item.jurisdiction})
OPTIONAL MATCH (d:Duty {id: item.duty})
OPTIONAL MATCH (e:ReformEvent {id: item.event})
OPTIONAL MATCH (c:Document {id: item.document})
OPTIONAL MATCH (g:Figure {id: item.figure})
RETURN item.key AS key,
  CASE
    WHEN b IS NOT NULL THEN {proj_body}
    WHEN j IS NOT NULL THEN {proj_jurisdiction}
    WHEN d IS NOT NULL THEN {proj_duty}
    WHEN e IS NOT NULL THEN {proj_event}
    WHEN c IS NOT NULL THEN {proj_document}
    WHEN g IS NOT NULL THEN {proj_figure}
  END AS node
