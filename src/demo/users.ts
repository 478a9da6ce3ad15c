// Demo seed, console users: an administrator, an officer of the provincial association and one
// operator (its contact person) for each demo cooperative and cooperative group, and one for each
// of the two demo buyers (the distributor and the shop chain), all with the one documented demo
// password, so that a fresh
// `npm start` can sign in to /console. Only the demo seeds them; a real deployment creates its
// users through an admin (POST /api/v1/users or the console).
import type { DemoContext } from './seed';
import { insertUser } from '../db/users-store';
import type { Role } from '../domain/roles';

/** Printed at start-up and in the README; never use it outside a demo. */
export const DEMO_PASSWORD = 'ocop-demo-2026';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  /** Demo organization key (cooperative users). */
  organization: string | null;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { username: 'admin', displayName: 'Quản trị hệ thống', role: 'admin', organization: null },
  { username: 'canbo', displayName: 'Nguyễn Văn Thành', role: 'staff', organization: null },
  { username: 'htx.checaobo', displayName: 'Triệu Văn Phấn', role: 'cooperative', organization: 'htxCheCaoBo' },
  { username: 'htx.thuongson', displayName: 'Nguyễn Thị Hạnh', role: 'cooperative', organization: 'htxNnThuongSon' },
  { username: 'htx.matongbacha', displayName: 'Vàng Seo Lử', role: 'cooperative', organization: 'htxMatOngBacHa' },
  { username: 'htx.thocamlungmay', displayName: 'Sùng Thị Mỷ', role: 'cooperative', organization: 'htxThoCamLungMay' },
  { username: 'tht.miendongnason', displayName: 'Ma Thị Thu', role: 'cooperative', organization: 'thtMienDongNaSon' },
  { username: 'htx.quehoiphuclam', displayName: 'Bàn Văn Quý', role: 'cooperative', organization: 'htxQueHoiPhucLam' },
  {
    username: 'htx.duoclieubankhoan',
    displayName: 'Lò Văn Chiến',
    role: 'cooperative',
    organization: 'htxDuocLieuBanKhoan',
  },
  // the buyers: the provincial distributor and the OCOP shop chain
  { username: 'dn.thuongmaisonlam', displayName: 'Phạm Minh Tuấn', role: 'buyer', organization: 'ctyThuongMaiSonLam' },
  { username: 'dn.chuoiocop', displayName: 'Trần Thu Hương', role: 'buyer', organization: 'ctyChuoiOcopSonLam' },
];

export async function seedDemoUsers(ctx: DemoContext): Promise<void> {
  const hasher = ctx.passwords;
  if (!hasher) throw new TypeError('seedDemoUsers needs a password hasher');
  // Each user gets its own salt; scrypt runs on the thread pool, so hash them together.
  const hashes = await Promise.all(DEMO_USERS.map(() => hasher.hash(DEMO_PASSWORD)));
  ctx.counts.users = 0;
  for (const [i, u] of DEMO_USERS.entries()) {
    const org = u.organization ? ctx.organizations.get(u.organization) : null;
    if (u.organization && !org) throw new TypeError(`demo user ${u.username}: unknown organization ${u.organization}`);
    const user = await insertUser(ctx.tx, {
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      organizationId: org?.id ?? null,
      passwordHash: hashes[i]!,
      createdBy: null,
      now: ctx.now,
    });
    await ctx.audit('user', user.id, user);
    ctx.counts.users++;
  }
}
