// The first administrator of a fresh deployment comes from a secret: BOOTSTRAP_ADMIN =
// "<username>:<password>" (and BOOTSTRAP_PROVINCE, the province code it administers). It is
// honoured only while the registry has no account at all, so it cannot be used to add a second
// administrator later, and a deployment without the secret simply has no way in until one is set.
import { countUsers, insertUser, type RegistryDb, type UserRow } from "../db/registry";
import { hashPassword } from "./passwords";

export async function bootstrapAdmin(
  env: Env,
  db: RegistryDb,
  username: string,
  password: string,
): Promise<UserRow | undefined> {
  const e = env as unknown as Record<string, string | undefined>;
  const secret = e.BOOTSTRAP_ADMIN;
  const province = e.BOOTSTRAP_PROVINCE;
  if (!secret || !province) return undefined;
  const at = secret.indexOf(":");
  if (at < 1 || secret.slice(0, at) !== username || secret.slice(at + 1) !== password) return undefined;
  if ((await countUsers(db)) > 0) return undefined;
  const now = new Date().toISOString();
  return insertUser(db, {
    id: crypto.randomUUID(),
    username,
    passwordHash: await hashPassword(password),
    displayName: "Quản trị tỉnh",
    role: "province_admin",
    province,
    tenant: null,
    unitId: null,
    createdAt: now,
    updatedAt: now,
  });
}
