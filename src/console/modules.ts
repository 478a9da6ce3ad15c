// The console's page modules, in nav order. To add pages, write a module (see the top of
// src/console/index.ts) and append it here.
import { accountModule } from './account/routes';
import { COOP_MODULES } from './coop';
import type { ConsoleModule } from './env';
import { STAFF_MODULES } from './staff';
import { usersModule } from './users/routes';

export const CONSOLE_MODULES: readonly ConsoleModule[] = [usersModule, ...COOP_MODULES, accountModule, ...STAFF_MODULES];
