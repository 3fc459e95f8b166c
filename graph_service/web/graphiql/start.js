// Starts GraphiQL against this server's /graphql (the page's own URL): a file of its own so
// the page's Content-Security-Policy allows scripts from 'self' only.
"use strict";

const EXAMPLE = `# Ctrl-Enter runs the query; the Docs panel explains every field.
{
  serverInfo { name neo4jVersion edition }
  orgChart(jurisdiction: "620700", asOf: "2019-12-24") {
    jurisdiction { name }
    groups { kind count bodies { id name } }
  }
}
`;

const pageUrl = new URL(window.location.href);

// the query travels in ?q= so a link can share it (?query= would ask the API itself)
function rememberQuery(text) {
  const url = new URL(window.location.href);
  url.searchParams.set("q", text);
  window.history.replaceState(null, "", url);
}

const fetcher = GraphiQL.createFetcher({ url: pageUrl.origin + pageUrl.pathname });

const root = ReactDOM.createRoot(document.getElementById("graphiql"));
root.render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: EXAMPLE,
    query: pageUrl.searchParams.get("q") || undefined,
    onEditQuery: rememberQuery,
    defaultEditorToolsVisibility: true,
    isHeadersEditorEnabled: true,
    // an API key typed into the headers editor must not stay in localStorage
    shouldPersistHeaders: false,
  }),
);
