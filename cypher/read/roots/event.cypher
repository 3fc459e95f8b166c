// A reform event by id (what recordReformEvent answers after the write).
// Slots: event (ReformEvent, n=e). Parameters: id, today. Returns: event, or no row.
MATCH (e:ReformEvent {id: $id})
RETURN {proj_event} AS event
