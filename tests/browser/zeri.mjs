// Shared by the browser tests: starting the real `zeri` binary, Chromium with the flags
// this machine needs, and signing in with the demo accounts' second factor.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const bin = process.env.ZERI_BIN || join(root, "target", "debug", "zeri");

/** Starts `zeri serve ARGS` and resolves with { server, base, out } once it listens;
 *  `out.text` collects everything it prints (demo accounts, logs). */
export function startZeri(args) {
  const env = { ...process.env, RUST_LOG: "info" };
  delete env.ZERI_DATABASE_URL;
  const server = spawn(bin, ["serve", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  const out = { text: "" };
  server.stdout.on("data", (d) => { out.text += d.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("zeri did not start")), 60000);
    server.stderr.on("data", (d) => {
      out.text += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(d.toString());
      if (m) { clearTimeout(timer); resolve({ server, base: m[1], out }); }
    });
    server.on("exit", (code) => reject(new Error(`zeri exited with ${code}`)));
  });
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
           "--disable-quic", "--no-first-run", "--disable-sync"],
  });
}

/** The demo accounts printed at start: username → { password, secret }. */
export function demoAccounts(printed) {
  const accounts = {};
  for (const m of printed.matchAll(/^\s+(\S+)\s+password: (\S+)(?:\s+second factor: (\S+))?/gm)) {
    accounts[m[1]] = { password: m[2], secret: m[3] };
  }
  return accounts;
}

function base32(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of text) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const out = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}

const lastStep = {};
/** RFC 6238 code for the next unused time step. The server accepts one step of clock
 *  drift either side and never the same step twice, so an account can sign in at most
 *  three times per 30 s: past that, wait for the next window. */
export async function totp(user, secret) {
  const now = () => Math.floor(Date.now() / 30000);
  let step = Math.max(now() - 1, (lastStep[user] ?? -1) + 1);
  while (step > now() + 1) await new Promise((r) => setTimeout(r, 500));
  lastStep[user] = step;
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac("sha1", base32(secret)).update(counter).digest();
  const o = h[19] & 15;
  return ((h.readUInt32BE(o) & 0x7fffffff) % 1000000).toString().padStart(6, "0");
}

/** Signs a demo account in on the staff login page: the password, then the code. */
export async function signIn(page, base, accounts, user, lang = "en") {
  const a = accounts[user];
  assert.ok(a, `demo account ${user} printed`);
  await page.goto(`${base}/${lang}/staff/login`);
  await page.fill("#username", user);
  await page.fill("#password", a.password);
  await page.click("button[type=submit]");
  await page.waitForURL(new RegExp(`/${lang}/staff/login/code$`));
  await page.fill("#code", await totp(user, a.secret));
  await page.click("button[type=submit]");
  await page.waitForURL(new RegExp(`/${lang}/staff$`));
}
