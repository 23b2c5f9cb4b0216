// The kintone administrator most emulator tests sign in as (password auth), in one place.
import type { NewUser } from "../../src/sandbox/kintone-emulator/types";

export const ADMINISTRATOR: NewUser = {
  code: "Administrator",
  password: "sandbox",
  name: "管理者",
  email: "",
  language: "ja",
  timezone: "Asia/Tokyo",
  isAdmin: true,
};
