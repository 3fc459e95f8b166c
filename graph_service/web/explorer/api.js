// The page's one way to the data: the public GraphQL API at /graphql (same origin), with
// documents read from ./queries/<name>.graphql (each validated against schema.graphql by
// tests/test_explorer_queries.py).

const documents = new Map();

function documentText(name) {
  if (!documents.has(name)) {
    const url = new URL(`./queries/${name}.graphql`, import.meta.url);
    const text = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
      return response.text();
    });
    documents.set(name, text);
  }
  return documents.get(name);
}

export async function query(name, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: await documentText(name), variables }),
  });
  const body = await response.json().catch(() => null);
  if (body === null) throw new Error(`${name}: HTTP ${response.status}`);
  if (body.errors?.length) {
    throw new Error(`${name}: ${body.errors.map((error) => error.message).join("; ")}`);
  }
  return body.data;
}
