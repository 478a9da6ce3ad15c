// npm run key:create -- --role admin|staff|cooperative|buyer [--org <organization id>] [--name <label>]
import { parseArgs } from 'node:util';
import { createApiKey } from '../../db/api-keys-store';
import { recordAudit } from '../../db/audit-store';
import { getOrganization } from '../../db/organizations-store';
import { boundToOrganization, organizationRoleProblem, ROLES, type Role } from '../../domain/roles';
import { runCli } from '../run-cli';

const { values } = parseArgs({
  options: { role: { type: 'string' }, org: { type: 'string' }, name: { type: 'string' } },
});
const role = values.role as Role;
if (!ROLES.includes(role)) {
  console.error(`--role must be one of: ${ROLES.join(', ')}`);
  process.exit(2);
}
if (boundToOrganization(role) !== !!values.org) {
  console.error('a cooperative or buyer key needs --org <organization id>; admin and staff keys take none');
  process.exit(2);
}
await runCli(
  {
    command: 'npm run key:create',
    whileDataDirTaken:
      "Create the key through the running server instead: POST /api/v1/keys with an admin key (or the console's API keys page); or stop the server and run npm run key:create again.",
  },
  async ({ open }) => {
    const db = await open();
    try {
      const key = await db.sql.begin(async (tx) => {
        if (values.org) {
          const org = /^[0-9a-f-]{36}$/i.test(values.org) ? await getOrganization(tx, values.org) : null;
          if (!org) throw new Error(`no organization has the id ${values.org}`);
          const problem = organizationRoleProblem(role, org.kind);
          if (problem) throw new Error(problem);
        }
        const created = await createApiKey(tx, {
          name: values.name ?? `${role} key`,
          role,
          organizationId: values.org ?? null,
          createdBy: null,
        });
        await recordAudit(tx, {
          actor: { keyId: null, name: 'key:create', role: 'system' },
          action: 'create',
          entity: 'api_key',
          entityId: created.row.id,
          after: created.row,
        });
        return created.key;
      });
      console.log(key);
    } finally {
      await db.close();
    }
  },
);
