// The sandbox's users: every one is also a CallConnect agent, and the login page lists them with their password.
import type { NewUser } from "../kintone-emulator/types";

export const SEED_PASSWORD = "sandbox";

export interface SeedUser extends NewUser {
  /** What the login page says about them. */
  role: { ja: string; en: string };
}

const user = (u: Omit<SeedUser, "password" | "timezone">): SeedUser => ({ ...u, timezone: "Asia/Tokyo", password: SEED_PASSWORD });

export const SEED_USERS: readonly SeedUser[] = [
  user({
    code: "Administrator",
    name: "Administrator",
    email: "admin@example.com",
    language: "ja",
    isAdmin: true,
    role: { ja: "kintone 管理者（日本語）", en: "kintone administrator (Japanese)" },
  }),
  user({
    code: "brown",
    name: "Emily Brown",
    email: "brown@example.com",
    language: "en",
    isAdmin: true,
    role: { ja: "kintone 管理者（英語）", en: "kintone administrator (English)" },
  }),
  user({
    code: "yamada",
    name: "山田 花子",
    email: "yamada@example.com",
    language: "ja",
    isAdmin: false,
    role: { ja: "担当者（日本語）", en: "agent (Japanese)" },
  }),
  user({
    code: "smith",
    name: "John Smith",
    email: "smith@example.com",
    language: "en",
    isAdmin: false,
    role: { ja: "担当者（英語）", en: "agent (English)" },
  }),
];
