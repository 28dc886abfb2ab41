import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The floors of ../shared/ARCHITECTURE.md are enforced by `npm run lint`: these cases lint small
 * sources as if they stood at a path in src/, with the project's own eslint.config.mjs, and prove
 * that an import from a higher floor is an error while one from below is not.
 *
 * The imported files must exist (the rule classifies the file an import resolves to), so the
 * cases import module files. ESLint loads its config with a dynamic import(), which jest's module
 * sandbox refuses, so the ESLint Node API runs in a plain node child process (one for all cases).
 */
const ROOT = join(__dirname, '..', '..');

interface LintCase {
  filePath: string;
  code: string;
}
interface LintMessage {
  ruleId: string | null;
  message: string;
}

const LINT_CASES = `
const { ESLint } = require('eslint');
(async () => {
  const cases = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
  const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: 'eslint.config.mjs' });
  const out = [];
  for (const { filePath, code } of cases) {
    const [result] = await eslint.lintText(code, { filePath });
    out.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(2); });
`;

const CASES = {
  upward: { filePath: 'src/forum/threads/x.ts', code: "import { RealtimeModule } from '../../realtime/realtime.module';\nexport const imported = RealtimeModule;\n" },
  upwardTypeOnly: { filePath: 'src/forum/x.ts', code: "import type { NotificationsModule } from '../notifications/notifications.module';\nexport type N = NotificationsModule;\n" },
  upwardReExport: { filePath: 'src/platform/x.ts', code: "export { Role } from '../access/roles';\n" },
  usersImportsAuth: { filePath: 'src/identity/users/x.ts', code: "import { AuthModule } from '../auth/auth.module';\nexport const imported = AuthModule;\n" },
  usersImportsOrganizations: { filePath: 'src/identity/users/x.ts', code: "import { OrganizationsModule } from '../organizations/organizations.module';\nexport const imported = OrganizationsModule;\n" },
  downward: {
    filePath: 'src/forum/threads/x.ts',
    code: "import { Role } from '../../access/roles';\nimport { UserEntity } from '../../identity/users/user.entity';\nimport { AppConfig } from '../../platform/config/app-config';\nexport const used = [Role, UserEntity];\nexport type C = AppConfig;\n",
  },
  sameFloor: { filePath: 'src/forum/posts/x.ts', code: "import { ThreadEntity } from '../threads/thread.entity';\nexport const entity = ThreadEntity;\n" },
  authImportsUsers: { filePath: 'src/identity/auth/x.ts', code: "import { UserEntity } from '../users/user.entity';\nexport const entity = UserEntity;\n" },
  composition: { filePath: 'src/app.module.ts', code: "import { RealtimeModule } from './realtime/realtime.module';\nexport const imported = RealtimeModule;\n" },
  globalOutsidePlatform: { filePath: 'src/forum/x.module.ts', code: "import { Global, Module } from '@nestjs/common';\n@Global()\n@Module({})\nexport class XModule {}\n" },
  globalInPlatform: { filePath: 'src/platform/x/x.module.ts', code: "import { Global, Module } from '@nestjs/common';\n@Global()\n@Module({})\nexport class XModule {}\n" },
  forwardRef: { filePath: 'src/platform/x/x.module.ts', code: "import { forwardRef, Module } from '@nestjs/common';\n@Module({ imports: [forwardRef(() => XModule)] })\nexport class XModule {}\n" },
} satisfies Record<string, LintCase>;

describe('floors are enforced by lint (eslint.config.mjs)', () => {
  const messages = {} as Record<keyof typeof CASES, LintMessage[]>;

  beforeAll(() => {
    const names = Object.keys(CASES) as Array<keyof typeof CASES>;
    const output = execFileSync(process.execPath, ['-e', LINT_CASES], {
      cwd: ROOT,
      input: JSON.stringify(names.map((name) => CASES[name])),
      encoding: 'utf8',
    });
    const results = JSON.parse(output) as LintMessage[][];
    names.forEach((name, index) => (messages[name] = results[index]));
  });

  const floorError = (from: string, to: string): LintMessage => ({
    ruleId: 'boundaries/dependencies',
    message: expect.stringContaining(`${from} may not import from ${to}, a higher floor`),
  });

  it('an import from a higher floor is an error: forum importing realtime', () => {
    expect(messages.upward).toEqual([floorError('forum', 'realtime')]);
  });

  it('type-only imports and re-exports count too', () => {
    expect(messages.upwardTypeOnly).toEqual([floorError('forum', 'notifications')]);
    expect(messages.upwardReExport).toEqual([floorError('platform', 'access')]);
  });

  it('users is the bottom of identity: it may not import auth or organizations', () => {
    expect(messages.usersImportsAuth).toEqual([floorError('identity-users', 'identity')]);
    expect(messages.usersImportsOrganizations).toEqual([floorError('identity-users', 'identity')]);
    expect(messages.authImportsUsers).toEqual([]);
  });

  it('imports from lower floors, from the same floor and in the composition root are fine', () => {
    expect(messages.downward).toEqual([]);
    expect(messages.sameFloor).toEqual([]);
    expect(messages.composition).toEqual([]);
  });

  it('@Global() is refused outside src/platform, and forwardRef everywhere', () => {
    expect(messages.globalOutsidePlatform).toEqual([{ ruleId: 'no-restricted-syntax', message: expect.stringContaining('@Global() is for platform services only') }]);
    expect(messages.globalInPlatform).toEqual([]);
    expect(messages.forwardRef).toEqual([{ ruleId: 'no-restricted-syntax', message: expect.stringContaining('No forwardRef') }]);
  });
});
