// Query.figures: the numbers sources give for a jurisdiction (optionally one metric), by metric.
// Slots: figure (Figure, n=f, asof=$asOf). Parameters: jurisdiction, metric (or null), asOf,
// today. Returns: figure, a row each.
MATCH (f:Figure)-[:ABOUT]->(:Jurisdiction {code: $jurisdiction})
WHERE $metric IS NULL OR f.metric = $metric
WITH f ORDER BY f.metric, f.id
RETURN {proj_figure} AS figure
