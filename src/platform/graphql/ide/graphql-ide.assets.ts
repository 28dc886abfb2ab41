import { join } from 'node:path';
import { IDE_CLIENT_SCRIPT } from './ide.client';

/** Where the IDE's files are served from (outside `/graphql`, which Apollo owns). */
export const IDE_ASSET_PATH = '/graphql-ide';

const fromPackage = (pkg: string, file: string) => () => join(require.resolve(`${pkg}/package.json`), '..', file);

/**
 * The IDE's files, all from npm packages installed with the service (GraphiQL 3 and React 18)
 * plus our own start script: nothing is fetched from a CDN.
 */
export const IDE_ASSETS: Record<string, { type: string; path: () => string } | { type: string; text: string }> = {
  'react.production.min.js': { type: 'text/javascript', path: fromPackage('react', 'umd/react.production.min.js') },
  'react-dom.production.min.js': { type: 'text/javascript', path: fromPackage('react-dom', 'umd/react-dom.production.min.js') },
  'graphiql.min.js': { type: 'text/javascript', path: fromPackage('graphiql', 'graphiql.min.js') },
  'graphiql.min.css': { type: 'text/css', path: fromPackage('graphiql', 'graphiql.min.css') },
  'ide.js': { type: 'text/javascript', text: IDE_CLIENT_SCRIPT },
};
