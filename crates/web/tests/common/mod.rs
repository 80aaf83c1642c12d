//! Helpers shared by the web test suites.

/// Every byte of every file below `dir`: for checking that nothing is stored in plaintext.
pub fn folder_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(d) = folders.pop() {
        for entry in std::fs::read_dir(d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                all.extend(std::fs::read(path).unwrap());
            }
        }
    }
    all
}
