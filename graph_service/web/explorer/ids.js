// The id a follow-up query sends for a body the API answered: its stable id (`bodyId`), since
// `id` names the body as of one date (620700.natural_resources@2019-12-24) and the page asks
// again for other dates. The one place that knows which id to send.

export function bodyRef(body) {
  return body.bodyId ?? body.id;
}
