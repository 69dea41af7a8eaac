//! `malachite-driver` (0.5.0 build): Malachite's consensus core as released under its old names
//! (crates.io `informalsystems-malachitebft-core-*` 0.5.0) behind hybrid-bft's driver
//! protocol (docs/driver-protocol.md). Build and run:
//!   cargo build --release --locked --manifest-path conformance/drivers/rust-0.5/Cargo.toml
//!   npx hybrid-bft oracle --driver conformance/drivers/rust-0.5/target/release/malachite-driver
//! Every module but `engine` is the 0.8.2 build's (`conformance/drivers/rust/src/`).
#[path = "../../rust/src/context.rs"]
mod context;
mod engine;
#[path = "../../rust/src/process.rs"]
mod process;
#[path = "../../rust/src/serve.rs"]
mod serve;
#[path = "../../rust/src/wire.rs"]
mod wire;

fn main() {
    serve::serve();
}
