// Types shared by the console: what every console request carries, and what a page module
// registers (its sub-app, its navigation entries, an optional panel on the home page).
import type { Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { SessionUser } from '../db/sessions-store';
import type { Lang } from '../pages/i18n';
import type { AppDeps, AppEnv } from '../http/types';
import type { Role } from '../domain/roles';

export const CONSOLE_BASE = '/console';

export interface NavItem {
  /** Below /console, e.g. '/users'. */
  href: string;
  label: Record<Lang, string>;
  /** Who sees the entry (the pages themselves check roles too). */
  roles: readonly Role[];
}

export type ConsoleEnv = {
  Variables: AppEnv['Variables'] & {
    /** The signed-in user's session; set on every console page but the sign-in page. */
    session: SessionUser | undefined;
    lang: Lang;
    /** The parsed form of a POST, read once (readForm). */
    form: FormData | undefined;
    /** Navigation entries of every registered module. */
    nav: readonly NavItem[];
  };
};

export type ConsoleContext = Context<ConsoleEnv>;

/**
 * One area of the console. `routes` is mounted at /console + `path`; its handlers run after the
 * console middleware (signed-in user, CSRF-checked form, security headers, language).
 */
export interface ConsoleModule {
  /** Mount point below /console, e.g. '/users'; '/' mounts at /console itself. */
  path: string;
  routes: (deps: AppDeps) => Hono<ConsoleEnv>;
  nav?: readonly NavItem[];
  /**
   * A section of the home page (GET /console). Called for every signed-in user: look at
   * c.get('actor')!.role and return null (nothing shown) for roles it does not concern.
   */
  home?: (c: ConsoleContext, deps: AppDeps) => Promise<Child | null>;
}
