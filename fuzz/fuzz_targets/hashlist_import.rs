#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| zeri_web::fuzzing::hashlist_import(data));
