// The take-down page (/sq/takedown, /en/takedown): a young person picks an image or a video
// on their own device, the hashes are computed here by zeri-hashing compiled to WebAssembly
// (crates/hashing-wasm), and only the hashes are sent. The file's bytes never leave the
// page: they are read into memory, hashed, and dropped; the one request with a body is the
// JSON of hashes below.
//
// No words here: every text comes from the page the server renders (the error messages are
// data attributes of #td-error). The DOM contract (crates/web/src/takedown.rs renders it):
//   section#takedown[data-api][data-lang]   input#td-file   p#td-working
//   div#td-result: code#td-pdq span#td-quality code#td-md5 code#td-sha256 span#td-frames
//   p#td-error[data-not_image|too_large|damaged|unsupported|network|server]
//   form#td-send: input#td-receipt, a submit button   div#td-sent: code#td-reference
//   button#td-clear
//
// What is computed (window.zeriTakedown.hashFile gives it, for the tests):
// - an image (PNG, JPEG, GIF, WebP): exactly what `zeri hash --json --dihedral` gives for the
//   same file (PDQ, quality, the seven dihedral hashes, MD5, SHA-256);
// - a video: MD5 and SHA-256 over 4 MiB slices, and the PDQ hashes of frames taken once a
//   second (spread evenly over longer videos, at most 120), each hashed as `zeri hash` would
//   hash a lossless screenshot of it; frames of quality under 50 (black or flat frames,
//   which would match one another) and repeats of the frame before are left out;
// - a file over 200 MiB: the digests only.
import init, { hash_image, pdq_rgba, Digests } from "./takedown/zeri_hashing_wasm.js";

const CHUNK = 4 * 1024 * 1024;
const MAX_FRAMES = 120;
const DIGESTS_ONLY_OVER = 200 * 1024 * 1024;
/** PDQ's conventional quality threshold: weaker hashes are not used for matching. */
const MIN_FRAME_QUALITY = 50;

let wasmReady = null;
/** Loads /static/takedown/zeri_hashing_wasm_bg.wasm once. */
function ready() {
  wasmReady ??= init();
  return wasmReady;
}

/** An Error whose kind names one of #td-error's messages. */
function failure(kind, cause) {
  const e = new Error(kind, cause ? { cause } : undefined);
  e.kind = kind;
  return e;
}

/** "image", "video" or null, from the first bytes and then the browser's type. */
function sniff(head, type) {
  const b = head;
  const ascii = (from, to) => String.fromCharCode(...b.subarray(from, to));
  if (b[0] === 0x89 && ascii(1, 4) === "PNG") return "image";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image";
  if (ascii(0, 4) === "GIF8") return "image";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image";
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "AVI ") return "video";
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) return "video"; // WebM, Matroska
  if (ascii(4, 8) === "ftyp") {
    // HEIF and AVIF stills share the ISO container with MP4 and QuickTime.
    return /^(heic|heix|heim|heis|mif1|msf1|avif|avis)$/.test(ascii(8, 12)) ? "image" : "video";
  }
  if (type.startsWith("image/")) return "image";
  if (type.startsWith("video/")) return "video";
  return null;
}

/** Resolves on `event`, rejects on the element's error or after `ms`. */
function once(target, event, ms) {
  return new Promise((resolve, reject) => {
    const done = (fn, value) => {
      clearTimeout(timer);
      target.removeEventListener(event, ok);
      target.removeEventListener("error", bad);
      fn(value);
    };
    const ok = () => done(resolve);
    const bad = () => done(reject, failure("damaged"));
    const timer = setTimeout(() => done(reject, failure("damaged")), ms);
    target.addEventListener(event, ok);
    target.addEventListener("error", bad);
  });
}

/** Seeks to `t` seconds and resolves once the frame there can be drawn: `seeked` can come
 *  before the new frame is presented, and drawing then would hash the frame before. */
async function seek(video, t) {
  let presented = Promise.resolve();
  if (typeof video.requestVideoFrameCallback === "function") {
    presented = new Promise((resolve) => {
      // No new frame is presented when the position does not change (the first frame).
      const timer = setTimeout(() => {
        video.cancelVideoFrameCallback(handle);
        resolve();
      }, 250);
      const handle = video.requestVideoFrameCallback(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  video.currentTime = t;
  await once(video, "seeked", 20000);
  await presented;
}

/** MD5 and SHA-256 of a file read in slices, so a large video never sits in memory whole. */
async function digests(file) {
  const d = new Digests();
  try {
    for (let at = 0; at < file.size; at += CHUNK) {
      d.update(new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer()));
    }
  } catch (e) {
    d.free();
    throw failure("damaged", e);
  }
  return d.finish();
}

/** PDQ hashes of the video's frames (see the top of the file), or null if the browser cannot
 *  play it. The object URL lives only while the frames are read. */
async function videoFrames(file) {
  const url = URL.createObjectURL(file);
  const video = document.createElement("video");
  video.muted = true;
  video.playsInline = true;
  video.preload = "auto";
  try {
    video.src = url;
    await once(video, "loadeddata", 20000);
    let duration = video.duration;
    if (duration === Infinity) {
      // Recordings made in a browser often carry no duration until the end has been seen.
      await seek(video, Number.MAX_SAFE_INTEGER);
      duration = video.duration;
    }
    if (!Number.isFinite(duration)) duration = 0;
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return null;
    const canvas = typeof OffscreenCanvas === "function"
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement("canvas"), { width, height });
    const context = canvas.getContext("2d", { willReadFrequently: true, alpha: false });
    const step = Math.max(1, duration / MAX_FRAMES);
    const frames = [];
    for (let i = 0; i < MAX_FRAMES && (i === 0 || i * step < duration); i++) {
      await seek(video, i * step);
      context.drawImage(video, 0, 0, width, height);
      const { data } = context.getImageData(0, 0, width, height);
      const { pdq, quality } = pdq_rgba(width, height, new Uint8Array(data.buffer, data.byteOffset, data.length));
      if (quality >= MIN_FRAME_QUALITY && frames[frames.length - 1] !== pdq) frames.push(pdq);
    }
    return frames;
  } catch {
    return null;
  } finally {
    video.removeAttribute("src");
    video.load();
    URL.revokeObjectURL(url);
  }
}

/** The message of an API error: {"error": {"code", "message"}} (or {"error": "message"}). */
function errorMessage(answer) {
  const e = answer && answer.error;
  if (typeof e === "string") return e;
  return e && typeof e.message === "string" ? e.message : "";
}

/** Lets the page paint (the "working" line) before a long computation on this thread; a
 *  hidden page paints nothing, so not longer than 100 ms. */
function paint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/**
 * Hashes a File in the page. Gives {kind, pdq, quality, dihedral, frames, md5, sha256, size, ms}
 * (what is sent, less the receipt and the language, plus the time taken) or throws an Error
 * whose `kind` is not_image, too_large, damaged or unsupported.
 */
async function hashFile(file) {
  const start = performance.now();
  try {
    await ready();
  } catch (e) {
    throw failure("unsupported", e);
  }
  if (file.size === 0) throw failure("damaged");
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  const kind = sniff(head, file.type || "");
  if (!kind) throw failure("not_image");
  const result = { kind, pdq: null, quality: null, dihedral: null, frames: null, md5: "", sha256: "", size: file.size };
  if (file.size > DIGESTS_ONLY_OVER) {
    Object.assign(result, await digests(file));
  } else if (kind === "image") {
    let bytes = new Uint8Array(await file.arrayBuffer());
    let h;
    try {
      h = hash_image(bytes);
    } catch (e) {
      // The browser or the first bytes say image, so "not an image" would confuse: it is one
      // in a format we cannot read (HEIC, AVIF, …). A trap rather than an error is, on a
      // phone, most likely memory running out.
      let why = e && typeof e.kind === "string" ? e.kind : "damaged";
      if (why === "not_image") why = "unsupported";
      if (e instanceof WebAssembly.RuntimeError) why = "too_large";
      throw failure(why, e);
    } finally {
      bytes = null;
    }
    Object.assign(result, { pdq: h.pdq, quality: h.quality, dihedral: h.dihedral, md5: h.md5, sha256: h.sha256 });
  } else {
    Object.assign(result, await digests(file));
    result.frames = await videoFrames(file);
  }
  result.ms = Math.round(performance.now() - start);
  return result;
}

window.zeriTakedown = { hashFile };

function page(root) {
  const $ = (id) => document.getElementById(id);
  const input = $("td-file");
  const working = $("td-working");
  const result = $("td-result");
  const error = $("td-error");
  const form = $("td-send");
  const receipt = $("td-receipt");
  const sent = $("td-sent");
  const fields = ["td-pdq", "td-quality", "td-md5", "td-sha256", "td-frames", "td-reference"].map($);
  let current = null;
  // Bumped by every new pick and by clearing, so a late result of an earlier file is dropped.
  let generation = 0;

  function reset() {
    current = null;
    for (const el of [working, result, error, form, sent]) if (el) el.hidden = true;
    for (const el of fields) if (el) el.textContent = "";
    if (error) error.textContent = "";
  }

  function showError(kind, text) {
    if (!error) return;
    error.textContent = text || error.getAttribute(`data-${kind}`) || error.getAttribute("data-damaged") || "";
    error.hidden = false;
  }

  function set(id, value) {
    const el = $(id);
    if (el) el.textContent = value == null ? "" : String(value);
  }

  input?.addEventListener("change", async () => {
    const mine = ++generation;
    reset();
    const file = input.files && input.files[0];
    if (!file) return;
    if (working) working.hidden = false;
    await paint();
    try {
      const hashed = await hashFile(file);
      if (mine !== generation) return;
      current = hashed;
      set("td-pdq", hashed.pdq);
      set("td-quality", hashed.quality);
      set("td-md5", hashed.md5);
      set("td-sha256", hashed.sha256);
      set("td-frames", hashed.frames ? hashed.frames.length : "");
      if (result) result.hidden = false;
      if (form) form.hidden = false;
    } catch (e) {
      if (mine !== generation) return;
      showError(e && e.kind ? e.kind : "damaged");
    } finally {
      if (mine === generation && working) working.hidden = true;
    }
  });

  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!current) return;
    const mine = generation;
    const { ms: _ms, ...hashes } = current;
    const body = {
      ...hashes,
      receipt: receipt && receipt.value.trim() ? receipt.value.trim() : null,
      lang: root.dataset.lang === "en" ? "en" : "sq",
    };
    const button = form.querySelector("button[type=submit], button:not([type])");
    if (button) button.disabled = true;
    if (error) error.hidden = true;
    let response;
    try {
      response = await fetch(root.dataset.api, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        credentials: "same-origin",
        cache: "no-store",
      });
    } catch {
      if (mine === generation) showError("network");
      if (button) button.disabled = false;
      return;
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      // Not JSON (a proxy's error page): the generic server message below.
    }
    if (button) button.disabled = false;
    if (mine !== generation) return;
    if (response.status === 201 && answer && typeof answer.reference === "string") {
      form.hidden = true;
      set("td-reference", answer.reference);
      if (sent) sent.hidden = false;
    } else if (response.status >= 400 && response.status < 500 && errorMessage(answer)) {
      // The server's own words, in the page's language (a receipt it does not know, too many
      // requests, …).
      showError("server", errorMessage(answer));
    } else {
      showError("server");
    }
  });

  $("td-clear")?.addEventListener("click", () => {
    generation++;
    if (input) input.value = "";
    if (receipt) receipt.value = "";
    reset();
    input?.focus();
  });

  // Fetch and compile the wasm while the young person chooses a file.
  ready().catch(() => {});
}

const root = document.getElementById("takedown");
if (root) page(root);
