// Apollo Client's normalising cache, configured by the text docs/api.md gives, against the live
// API (tests/test_apollo_client.py). Reads a plan as JSON on stdin, writes a report as JSON on
// stdout; the test decides what passes. Run with `node --conditions=development` so Apollo keeps
// its full error messages and warnings (they are collected into the report).
//
// plan: {
//   url: "http://127.0.0.1:PORT/graphql",
//   config: "<the docs' block: defines `cache` (an InMemoryCache) and `typeOf`>",
//   operations: [{ label, document, variables }],  // run in order through one client, twice
//   node: { document, types, stableIds },            // node(id:) checks, after the two rounds
// }
// report: {
//   options: { possibleTypes, typePolicies },       // what the docs' block gave InMemoryCache
//   rounds: [[{ label, fetches, data, error }], ...],
//   nodes: [{ id, typeOf, cached: { fetches, data, error }, network: { data, error } }],
//   stable: [{ id, first: { fetches, data, error }, again: { fetches, data, error } }],
//   warnings: ["..."],                               // whatever Apollo wrote to the console
// }

import { format } from "node:util";

const warnings = [];
for (const level of ["debug", "log", "info", "warn", "error"]) {
  console[level] = (...args) => warnings.push(`${level}: ${format(...args)}`);
}

const { ApolloClient, HttpLink, InMemoryCache, gql } = await import("@apollo/client");

const plan = JSON.parse(await readStdin());

// The docs' block, evaluated as written; the constructor records the options it was given.
const given = {};
class RecordingCache extends InMemoryCache {
  constructor(options) {
    super(options);
    given.options = options;
  }
}
const { cache, typeOf } = new Function("InMemoryCache", `${plan.config}\nreturn { cache, typeOf };`)(RecordingCache);

let fetches = 0;
const countingFetch = (uri, init) => {
  fetches += 1;
  return fetch(uri, init);
};
const client = new ApolloClient({ cache, link: new HttpLink({ uri: plan.url, fetch: countingFetch }) });

async function ask(document, variables, fetchPolicy = "cache-first") {
  const before = fetches;
  try {
    const { data } = await client.query({ query: document, variables, fetchPolicy });
    return { fetches: fetches - before, data, error: null };
  } catch (error) {
    return { fetches: fetches - before, data: null, error: String(error?.message ?? error) };
  }
}

const operations = plan.operations.map((operation) => ({ ...operation, document: gql(operation.document) }));
const rounds = [];
for (let round = 0; round < 2; round++) {
  const results = [];
  for (const { label, document, variables } of operations) {
    results.push({ label, ...(await ask(document, variables)) });
  }
  rounds.push(results);
}

// node(id:) for one cached object of each type: answered from the cache (cache-first), then
// the same from the server (network-only) to compare
const nodeDocument = gql(plan.node.document);
const cached = cache.extract();
const nodes = [];
for (const type of plan.node.types) {
  const key = Object.keys(cached).find((key) => cached[key].__typename === type && "id" in cached[key]);
  if (key === undefined) {
    nodes.push({ type, id: null });
    continue;
  }
  const id = cached[key].id;
  const fromCache = await ask(nodeDocument, { id });
  const fromServer = await ask(nodeDocument, { id }, "network-only");
  nodes.push({ type, id, typeOf: typeOf(id), cached: fromCache, network: fromServer });
}
// a stable id (a body's without its date) names an object of another id: asked twice
const stable = [];
for (const id of plan.node.stableIds) {
  const first = await ask(nodeDocument, { id });
  const again = await ask(nodeDocument, { id });
  stable.push({ id, typeOf: typeOf(id), first, again });
}

const options = { possibleTypes: given.options?.possibleTypes ?? null, typePolicies: describe(given.options?.typePolicies) };
process.stdout.write(JSON.stringify({ options, rounds, nodes, stable, warnings }));

function describe(value) {
  // functions in the type policies, by their source text, so the report is JSON
  return JSON.parse(JSON.stringify(value ?? null, (_, field) => (typeof field === "function" ? String(field) : field)));
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}
