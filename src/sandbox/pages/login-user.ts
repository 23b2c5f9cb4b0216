// The signed-in user as kintone.getLoginUser() returns it.
import type { SandboxUser } from "../kintone-emulator/types";
import type { LoginUser } from "../runtime/boot-data";

export function loginUserOf(u: SandboxUser): LoginUser {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    email: u.email,
    url: "",
    employeeNumber: "",
    phone: "",
    mobilePhone: "",
    extensionNumber: "",
    timezone: u.timezone,
    isGuest: false,
    language: u.language,
  };
}
