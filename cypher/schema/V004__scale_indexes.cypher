// Indexes that keep the cost of a page of bodies flat as the graph grows (issue 13): the first
// page of all bodies walks Body(name) in order; a jurisdiction's page seeks (jurisdiction, name).
CREATE INDEX body_name IF NOT EXISTS FOR (b:Body) ON (b.name);
CREATE INDEX body_jurisdiction_name IF NOT EXISTS FOR (b:Body) ON (b.jurisdiction, b.name);
