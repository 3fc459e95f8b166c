// The id a follow-up query sends for a body the API answered. Ids may become date-qualified
// (with the stable id as a field of its own): this is the one place to adapt.

export function bodyRef(body) {
  return body.id;
}
