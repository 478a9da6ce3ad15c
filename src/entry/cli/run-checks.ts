// npm run checks [-- --batch <id> | --area <id> | --cooperative <id>] [--json] [--lang en]:
// runs every link-check rule on the configured database (as POST /api/v1/checks/run does),
// stores the findings and prints those that need attention. Exit code 1 when any critical
// finding needs attention, so a scheduler can alert on it.
import { parseArgs } from 'node:util';
import { recordAudit } from '../../db/audit-store';
import { listFindings } from '../../db/findings-store';
import { checkSettings, type RunProgress, runLinkChecks, titled, type Finding } from '../../checks/run';
import type { CheckScope } from '../../checks/rule';
import { runCli } from '../run-cli';
import { count, progressLine } from './progress';

const { values } = parseArgs({
  options: {
    batch: { type: 'string' },
    area: { type: 'string' },
    cooperative: { type: 'string' },
    json: { type: 'boolean', default: false },
    lang: { type: 'string', default: 'vi' },
  },
});
const given = (['batch', 'area', 'cooperative'] as const).filter((k) => values[k]);
if (given.length > 1) {
  console.error('give at most one of --batch, --area, --cooperative');
  process.exit(2);
}
const scope: CheckScope = given.length ? { kind: given[0]!, id: values[given[0]!]! } : { kind: 'all' };
if (scope.kind !== 'all' && !/^[0-9a-f-]{36}$/i.test(scope.id)) {
  console.error(`--${scope.kind} needs a UUID`);
  process.exit(2);
}

await runCli(
  {
    command: 'npm run checks',
    whileDataDirTaken:
      'Run the checks through the running server instead: POST /api/v1/checks/run with a staff or admin key (or "run now" on the console\'s findings page); or stop the server and run npm run checks again.',
    // 1 means a critical finding needs attention
    failureCode: 2,
  },
  async ({ config, open }) => {
    const db = await open();
    try {
      const now = new Date();
      // With --json the result alone goes to stdout: the progress goes to stderr.
      const progress = progressLine(values.json ? process.stderr : process.stdout);
      const onProgress = (p: RunProgress) => {
        const at = `[${Math.min(p.rulesDone + 1, p.rulesTotal)}/${p.rulesTotal}]`;
        const last = p.rules.at(-1);
        if (p.currentRule) progress.update(`${at} rule ${p.currentRule} … ${count(p.found)} findings`);
        else if (last)
          progress.step(
            `[${p.rulesDone}/${p.rulesTotal}] rule ${last.code}: ${count(last.found)} found, ${count(last.ms)} ms`,
          );
        if (!p.currentRule && p.rulesDone === p.rulesTotal) progress.update('storing the findings …');
      };
      const summary = await db.sql
        .begin(async (tx) => {
          const s = await runLinkChecks(tx, scope, checkSettings(config), now, { wait: false, onProgress });
          await recordAudit(tx, {
            actor: { keyId: null, name: 'npm run checks', role: 'system' },
            action: 'link_check_run',
            entity: 'link_check',
            entityId: scope.kind === 'all' ? null : scope.id,
            after: { scope, found: s.found, new: s.new, reopened: s.reopenedIds, cleared: s.cleared },
            at: now,
          });
          return s;
        })
        .finally(() => progress.end());
      const findings: Finding[] = [];
      let after = 0;
      for (;;) {
        const page = await listFindings(db.sql, {
          view: 'attention',
          visibleTo: scope.kind === 'cooperative' ? scope.id : null,
          after,
          limit: 200,
        });
        findings.push(
          ...page.items
            .map(titled)
            .filter(
              (f) => scope.kind === 'all' || f.cooperativeId === scope.id || f.objects.some((o) => o.id === scope.id),
            ),
        );
        if (!page.nextCursor) break;
        after = Number(page.nextCursor);
      }
      if (values.json) {
        console.log(JSON.stringify({ summary, findings }, null, 2));
      } else {
        const lang = values.lang === 'en' ? 'en' : 'vi';
        console.log(
          `link checks (${scope.kind === 'all' ? 'all data' : `${scope.kind} ${scope.id}`}): ${summary.found} found ` +
            `(${summary.new} new, ${summary.reopened} reopened), ${summary.cleared} cleared, ${summary.ms} ms`,
        );
        for (const r of summary.rules) console.log(`  ${r.code.padEnd(26)} ${String(r.found).padStart(5)}  ${r.ms} ms`);
        for (const f of findings)
          console.log(`\n[${f.severity}] ${f.rule} (${f.status}) ${f.id}\n  ${f.message[lang]}`);
      }
      if (findings.some((f) => f.severity === 'critical')) process.exitCode = 1;
    } finally {
      await db.close();
    }
  },
);
