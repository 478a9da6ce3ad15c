// The cooperative operator's console pages, in nav order: areas (with the home panel and the
// supply contracts beside them), harvests, batches, print runs.
import type { ConsoleModule } from '../env';
import { areasModule } from '../areas/routes';
import { contractsModule } from '../contracts/routes';
import { batchesModule } from '../batches/routes';
import { harvestsModule } from '../harvests/routes';
import { printRunsModule } from './print-runs';

export const COOP_MODULES: readonly ConsoleModule[] = [areasModule, contractsModule, harvestsModule, batchesModule, printRunsModule];
