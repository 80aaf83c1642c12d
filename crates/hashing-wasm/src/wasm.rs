//! The JavaScript face of the crate (wasm32 only): plain objects in, plain objects out, and
//! errors as `Error`s with a `kind`.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::Failure;

fn object(fields: &[(&str, JsValue)]) -> Result<JsValue, JsValue> {
    let object = Object::new();
    for (name, value) in fields {
        Reflect::set(&object, &JsValue::from_str(name), value)?;
    }
    Ok(object.into())
}

fn error(failure: Failure) -> JsValue {
    let e = js_sys::Error::new(&failure.message);
    // Setting a property on a fresh Error cannot fail; if it did, the page would show its
    // generic "damaged" message, which is still true enough.
    let _ = Reflect::set(&e, &JsValue::from_str("kind"), &JsValue::from_str(failure.kind.code()));
    e.into()
}

/// `{pdq, quality, dihedral: [7 hex], md5, sha256, width, height}` of an image file's bytes,
/// as `zeri hash --json --dihedral` gives them.
#[wasm_bindgen]
pub fn hash_image(bytes: &[u8]) -> Result<JsValue, JsValue> {
    let h = crate::hash_image(bytes).map_err(error)?;
    let dihedral: Array = h.dihedral.iter().map(|d| JsValue::from_str(d)).collect();
    object(&[
        ("pdq", h.pdq.into()),
        ("quality", h.quality.into()),
        ("dihedral", dihedral.into()),
        ("md5", h.md5.into()),
        ("sha256", h.sha256.into()),
        ("width", h.width.into()),
        ("height", h.height.into()),
    ])
}

/// `{pdq, quality}` of a frame's RGBA pixels (`getImageData().data`).
#[wasm_bindgen]
pub fn pdq_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<JsValue, JsValue> {
    let (pdq, quality) = crate::pdq_rgba(width, height, rgba).map_err(error)?;
    object(&[("pdq", pdq.into()), ("quality", quality.into())])
}

/// MD5 and SHA-256 of a file fed in slices: `new Digests()`, `update(chunk)` for each slice in
/// order, then `finish()` → `{md5, sha256, size}` (which also frees it).
#[wasm_bindgen]
pub struct Digests(zeri_hashing::Digests);

#[wasm_bindgen]
impl Digests {
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)] // a JavaScript constructor, not a Rust API
    pub fn new() -> Digests {
        Digests(zeri_hashing::Digests::new())
    }

    pub fn update(&mut self, chunk: &[u8]) {
        self.0.update(chunk);
    }

    pub fn finish(self) -> Result<JsValue, JsValue> {
        let d = self.0.finish();
        // Sizes up to 2^53 are exact as JavaScript numbers.
        object(&[("md5", d.md5.into()), ("sha256", d.sha256.into()), ("size", (d.len as f64).into())])
    }
}
