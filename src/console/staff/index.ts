// The association staff's console pages, in nav order: link-check findings, tracing, recalls,
// the programme report; and for admins, organizations and API keys.
import type { ConsoleModule } from '../env';
import { findingsModule } from '../findings/routes';
import { keysModule } from '../keys/routes';
import { organizationsModule } from '../organizations/routes';
import { recallModule } from './recall';
import { reportModule } from '../report/routes';
import { traceModule } from '../trace/routes';

export const STAFF_MODULES: readonly ConsoleModule[] = [
  findingsModule, traceModule, recallModule, reportModule, organizationsModule, keysModule,
];
