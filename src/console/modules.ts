// The console's page modules, in nav order. To add pages, write a module (see the top of
// src/console/index.ts) and append it here.
import { accountModule } from './account/routes';
import { areasModule } from './areas/routes';
import { batchesModule } from './batches/routes';
import { buyerModule, recallNoticesModule, salesModule } from './buyers/routes';
import { contractsModule } from './contracts/routes';
import type { ConsoleModule } from './env';
import { findingsModule } from './findings/routes';
import { harvestsModule } from './harvests/routes';
import { keysModule } from './keys/routes';
import { listingsModule } from './listings/routes';
import { organizationsModule } from './organizations/routes';
import { pipelineModule } from './pipeline/routes';
import { printRunsModule } from './print-runs/routes';
import { productsModule } from './products/routes';
import { recallModule } from './recall/routes';
import { reportModule } from './report/routes';
import { traceModule } from './trace/routes';
import { usersModule } from './users/routes';
import { activitiesModule } from './activities/routes';
import { directorsModule, trainingModule } from './training/routes';

export const CONSOLE_MODULES: readonly ConsoleModule[] = [
  usersModule,
  // the cooperative operator's
  areasModule,
  contractsModule,
  harvestsModule,
  batchesModule,
  printRunsModule,
  directorsModule,
  accountModule,
  // the association staff's; organizations and API keys for admins
  findingsModule,
  traceModule,
  recallModule,
  reportModule,
  activitiesModule,
  trainingModule,
  organizationsModule,
  keysModule,
  productsModule,
  listingsModule,
  pipelineModule,
  // past the cooperative: its sales, the buyer's page, the staff's list of unacknowledged recall notices
  salesModule,
  buyerModule,
  recallNoticesModule,
];
