// Its own file so that build.rs can `include!` it: the SONAME and this number are one fact.

/// The number of this C ABI: 0 while the shared library is libbeeper_setup.so.0. It changes only
/// when the ABI breaks (a function removed or its signature or meaning changed), together with
/// the SONAME; additions keep it. Compare it with `beeper_abi_version()` to refuse a mismatched
/// library.
pub const BEEPER_ABI_VERSION: i32 = 0;
