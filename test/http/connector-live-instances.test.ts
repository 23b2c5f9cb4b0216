// Screen pop with several connector instances on one PostgreSQL database: the agent's stream is open on one
// instance, CallConnect's ring reaches another (a load balancer picks), and the card still pops.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/connector";
import { openAgentStream, type StreamReader } from "../helpers/sse";
import { createConnector } from "../../src/connector/index";
import type { Connector } from "../../src/connector/types";
import { liveEventFields } from "../../src/shared/callconnect/live-events";

let h: Harness;
let second: Connector;
let server: Server;
let secondUrl: string;
const streams: StreamReader[] = [];

beforeAll(async () => {
  h = await startHarness({ store: "postgres" });
  await h.register();
  server = createServer((req, res) => void second.handle(req, res).then((mine) => mine || void res.writeHead(404).end()));
  await new Promise<void>((ok) => server.listen(0, "localhost", ok));
  secondUrl = `http://localhost:${(server.address() as AddressInfo).port}/connector/`;
  second = createConnector({
    databaseUrl: h.databaseUrl!,
    publicUrl: secondUrl,
    adminSecret: h.adminSecret,
    encryptionKey: "harness-encryption-key-0123456789",
    logger: pino({ level: "silent" }),
    autoStart: false,
  });
});

afterAll(async () => {
  for (const s of streams) s.close();
  await second?.close();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok));
  await h?.close();
});

it("a ring posted to one instance reaches the agent's stream on the other", async () => {
  // The stream on the harness's instance…
  const stream = await openAgentStream(h.connectorUrl, h.adminSecret, "yamada", "yamada@example.com");
  streams.push(stream);
  expect(stream.status).toBe(200);
  // …the ring to the second one, with the same webhook key (the registration is in the shared database).
  const hook = (await h.register()).webhooks.callconnect.replace(h.connectorUrl, secondUrl);
  const body = new URLSearchParams(
    liveEventFields({
      event: "call_ringing",
      callId: "across-1",
      direction: "incoming",
      number: "03-5555-0707",
      startedAt: new Date().toISOString(),
      sentAt: new Date().toISOString(),
      ringTo: ["yamada@example.com"],
      answeredBy: null,
      contact: { id: "", name: "", company: "" },
    }),
  ).toString();
  const resp = await fetch(hook, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body });
  expect(resp.status).toBe(200);
  expect(await stream.next((c) => c.callId === "across-1", 3000)).toMatchObject({ state: "ringing", e164: "+81355550707" });
});
