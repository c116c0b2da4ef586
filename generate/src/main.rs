//! `make generate`: writes every generated file (see the library's documentation) under the
//! repository's root, and removes nothing. `cargo test -p beeper-setup-generate` checks them.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for (file, text) in beeper_setup_generate::files() {
        let path = root.join(&file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&path, text)?;
            println!("wrote {file}");
        }
    }
    Ok(())
}
