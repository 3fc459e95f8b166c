// The page's one way to the data: the public GraphQL API at /graphql (same origin), with
// documents read from ./queries/<name>.graphql (each validated against schema.graphql by
// tests/test_explorer_queries.py).
//
// Reads go as GET with the document's sha256 (automatic persisted queries, docs/api.md), so the
// browser's own HTTP cache keeps each answer and revalidates it by its ETag: a view seen before
// costs a 304 and nothing runs on the server. A document's first request in a page sends its
// text beside the hash, so that the server knows it (a hash alone it does not know is a 400,
// which the console would show); later ones the hash alone, and the text again if the server
// answers PERSISTED_QUERY_NOT_FOUND (restarted meanwhile). Without WebCrypto (a page served over
// plain HTTP to another host than localhost is no secure context) the text goes in every GET.

const documents = new Map();

function documentText(name) {
  if (!documents.has(name)) {
    const url = new URL(`./queries/${name}.graphql`, import.meta.url);
    const text = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
      const body = await response.text();
      return { text: body, sha256: await sha256Hex(body), sent: false };
    });
    documents.set(name, text);
  }
  return documents.get(name);
}

async function sha256Hex(text) {
  if (!globalThis.crypto?.subtle) return null;
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

async function get(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    search.set(key, typeof value === "string" ? value : JSON.stringify(value));
  }
  const response = await fetch(`/graphql?${search}`, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  return { status: response.status, body };
}

function notFound(body) {
  return body?.errors?.some((error) => error.extensions?.code === "PERSISTED_QUERY_NOT_FOUND");
}

export async function query(name, variables = {}) {
  const document = await documentText(name);
  let answer;
  if (document.sha256) {
    const extensions = { persistedQuery: { version: 1, sha256Hash: document.sha256 } };
    answer = document.sent ? await get({ variables, extensions }) : { body: null };
    if (!document.sent || notFound(answer.body)) {
      answer = await get({ query: document.text, variables, extensions });
      document.sent = true;
    }
  } else {
    answer = await get({ query: document.text, variables });
  }
  const { status, body } = answer;
  if (body === null) throw new Error(`${name}: HTTP ${status}`);
  if (body.errors?.length) {
    throw new Error(`${name}: ${body.errors.map((error) => error.message).join("; ")}`);
  }
  return body.data;
}
