// graphql-js builds a client schema from the live server's introspection, and the repo's
// schema.graphql (tests/test_js_clients.py). For each copy of graphql-js named (a package
// directory: tests/js's, GraphiQL's in assets/), writes both schemas as printSchema of the
// lexicographically sorted schema, so the test compares the texts.
//
// usage: node client_schema.mjs GRAPHQL_URL SCHEMA_FILE GRAPHQL_PACKAGE_DIR...
// output: [{ package, version, introspectionErrors, schemaFileErrors, fromIntrospection, fromFile }]

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const [url, schemaFile, ...packages] = process.argv.slice(2);
const sdl = await readFile(schemaFile, "utf8");
const require = createRequire(import.meta.url);
const OPTIONS = {
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
};

const results = [];
for (const directory of packages) {
  const graphql = require(directory);
  const printed = (schema) => graphql.printSchema(graphql.lexicographicSortSchema(schema));

  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query: graphql.getIntrospectionQuery(OPTIONS), operationName: "IntrospectionQuery" }),
  });
  const answer = await response.json();
  const fromIntrospection = answer.data ? printed(graphql.buildClientSchema(answer.data)) : null;

  const fromSchemaFile = graphql.buildSchema(sdl);
  results.push({
    package: directory,
    version: graphql.version,
    status: response.status,
    introspectionErrors: answer.errors ?? [],
    schemaFileErrors: graphql.validateSchema(fromSchemaFile).map((error) => error.message),
    fromIntrospection,
    fromFile: printed(fromSchemaFile),
  });
}
process.stdout.write(JSON.stringify(results));
