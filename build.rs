//! Gives the shared library its versioned name, so that programs record the ABI they were linked
//! against (libbeeper_setup.so.0) rather than the development name, and an ABI break can be told
//! apart from an upgrade. The number is `BEEPER_ABI_VERSION`, read from the same file the crate
//! uses.

include!("src/ffi/abi.rs");

fn main() {
    println!("cargo:rerun-if-changed=src/ffi/abi.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let v = BEEPER_ABI_VERSION;
    match os.as_str() {
        "macos" | "ios" => println!(
            "cargo:rustc-cdylib-link-arg=-Wl,-install_name,@rpath/libbeeper_setup.{v}.dylib"
        ),
        // Every ELF platform: the GNU and LLVM linkers both take -soname.
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly" => {
            println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libbeeper_setup.so.{v}")
        }
        _ => {}
    }
}
