import { IDE_ASSET_PATH } from './graphql-ide.assets';

/** The IDE page served at `GET /graphql` to browsers: GraphiQL, from our own asset route. */
export function graphqlIdePage(endpoint: string): string {
  const asset = (name: string) => `${IDE_ASSET_PATH}/${name}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ASGM Exchange · GraphQL IDE</title>
<link rel="stylesheet" href="${asset('graphiql.min.css')}">
<style>
  html, body { height: 100%; margin: 0; font-family: system-ui, sans-serif; }
  body { display: flex; flex-direction: column; }
  #ide-bar { display: flex; align-items: center; gap: 1rem; padding: .4rem .8rem; background: #0b3d2e; color: #fff; font-size: 14px; }
  #ide-bar strong { font-weight: 600; }
  #ide-status { margin-left: auto; display: flex; gap: .6rem; align-items: center; }
  #ide-status button { font: inherit; padding: .1rem .6rem; cursor: pointer; }
  #graphiql { flex: 1; min-height: 0; }
</style>
</head>
<body data-endpoint="${endpoint}">
<div id="ide-bar"><strong>ASGM Exchange</strong><span>GraphQL API · ${endpoint}</span><span id="ide-status"></span></div>
<div id="graphiql">Loading the IDE…</div>
<script src="${asset('react.production.min.js')}"></script>
<script src="${asset('react-dom.production.min.js')}"></script>
<script src="${asset('graphiql.min.js')}"></script>
<script src="${asset('ide.js')}"></script>
</body>
</html>
`;
}
