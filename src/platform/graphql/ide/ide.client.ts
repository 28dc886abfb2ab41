/* eslint-disable no-var */
/**
 * The IDE's start script, run in the browser (served as `ide.js`; written as a function so the
 * compiler checks its syntax, then sent as its source text).
 *
 * GraphiQL with sign-in kept for the tab: after a `login`, `register` or `refreshSession`
 * answer, the access token is kept in this tab (sessionStorage) and sent as
 * `Authorization: Bearer …` with every request, unless the Headers tab sets an Authorization
 * header itself. `logout`, or the Sign out button, forgets it.
 */
function ideClient(): void {
  var w: any = globalThis;
  var doc: any = w.document;
  var KEY = 'asgm-exchange.accessToken';
  var endpoint: string = doc.body.getAttribute('data-endpoint') || '/graphql';
  var status = doc.getElementById('ide-status');

  function token(): string | null {
    try {
      return w.sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  }
  function setToken(value: string | null): void {
    try {
      if (value) w.sessionStorage.setItem(KEY, value);
      else w.sessionStorage.removeItem(KEY);
    } catch {
      /* storage unavailable: the header stays manual */
    }
    renderStatus();
  }
  function findAccessToken(value: any, depth: number): string | null {
    if (!value || typeof value !== 'object' || depth > 4) return null;
    if (typeof value.accessToken === 'string') return value.accessToken;
    for (var k in value) {
      var found = findAccessToken(value[k], depth + 1);
      if (found) return found;
    }
    return null;
  }
  function hasHeader(headers: Record<string, string>, name: string): boolean {
    for (var k in headers) if (k.toLowerCase() === name) return true;
    return false;
  }
  function renderStatus(): void {
    if (!status) return;
    status.textContent = '';
    var label = doc.createElement('span');
    label.id = 'ide-signed-in';
    label.textContent = token() ? 'Signed in: requests carry your access token.' : 'Anonymous: run the login mutation to sign in.';
    status.appendChild(label);
    if (token()) {
      var out = doc.createElement('button');
      out.type = 'button';
      out.textContent = 'Sign out';
      out.onclick = function () {
        setToken(null);
      };
      status.appendChild(out);
    }
  }

  function fetcher(params: unknown, options?: { headers?: Record<string, string> }): Promise<unknown> {
    var headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
    var extra = (options && options.headers) || {};
    for (var k in extra) headers[k] = extra[k];
    var current = token();
    if (!hasHeader(extra, 'authorization') && current) headers.authorization = 'Bearer ' + current;
    return w
      .fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'omit' })
      .then(function (res: any) {
        return res.json();
      })
      .then(function (json: any) {
        var data = json && json.data;
        var found = findAccessToken(data, 0);
        if (found) setToken(found);
        else if (data && data.logout === true) setToken(null);
        return json;
      });
  }

  var defaultQuery = [
    '# ASGM Exchange GraphQL API. Sign in with the login mutation (the demo accounts are',
    '# in the start-up log, or register one): the IDE keeps the access token for this tab',
    '# and sends it with every request. Documentation: the book icon on the left.',
    '#',
    '# mutation SignIn($email: String!, $password: String!) {',
    '#   login(input: { email: $email, password: $password }) { user { handle role } }',
    '# }',
    '',
    'query Latest {',
    '  topics { slug name children { slug name threadCount } }',
    '  threads(first: 5, orderBy: ACTIVITY) {',
    '    totalCount',
    '    edges { node { id kind title author { handle } topic { name } postCount } }',
    '  }',
    '}',
    '',
  ].join('\n');

  renderStatus();
  var root = w.ReactDOM.createRoot(doc.getElementById('graphiql'));
  root.render(
    w.React.createElement(w.GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: true,
    }),
  );
}

/** The script's source text, as served. */
export const IDE_CLIENT_SCRIPT = `(${ideClient.toString()})();\n`;
