// The console's page modules, in nav order. To add pages, write a module (see the top of
// src/console/index.ts) and append it here.
import { accountModule } from './account/routes';
import { areasModule } from './areas/routes';
import { batchesModule } from './batches/routes';
import { contractsModule } from './contracts/routes';
import type { ConsoleModule } from './env';
import { harvestsModule } from './harvests/routes';
import { printRunsModule } from './print-runs/routes';
import { STAFF_MODULES } from './staff';
import { usersModule } from './users/routes';

export const CONSOLE_MODULES: readonly ConsoleModule[] = [
  usersModule,
  // the cooperative operator's
  areasModule, contractsModule, harvestsModule, batchesModule, printRunsModule,
  accountModule,
  ...STAFF_MODULES,
];
