// CallConnect's users (agents). The sandbox makes every kintone user one; a phone opened with ?user=… acts as
// that agent, so each call is credited to whoever placed or took it.
export interface SimulatedAgent {
  /** The kintone login name the web phone's `user` parameter carries. */
  login: string;
  name: string;
  email: string;
}

/** What a simulator started on its own (tests, harnesses) knows before setAgents. */
export const DEFAULT_AGENTS: readonly SimulatedAgent[] = [
  { login: "yamada", name: "山田 花子", email: "yamada@example.com" },
  { login: "Administrator", name: "Administrator", email: "admin@example.com" },
  { login: "smith", name: "John Smith", email: "smith@example.com" },
];

export function createAgents(initial: readonly SimulatedAgent[] = DEFAULT_AGENTS) {
  let list = initial.map((a) => ({ ...a }));
  return {
    all: (): SimulatedAgent[] => list.map((a) => ({ ...a })),
    set(next: readonly SimulatedAgent[]): void {
      list = next.map((a) => ({ ...a }));
    },
    /** By login name or e-mail, ignoring case as kintone does for login names. */
    find(loginOrEmail: string | null | undefined): SimulatedAgent | null {
      const key = (loginOrEmail ?? "").trim().toLowerCase();
      if (!key) return null;
      return list.find((a) => a.login.toLowerCase() === key || a.email.toLowerCase() === key) ?? null;
    },
  };
}

export type Agents = ReturnType<typeof createAgents>;
