//! `malachite-driver`: Malachite's consensus core (crates.io `arc-malachitebft-core-*`
//! 0.8.2) behind hybrid-bft's driver protocol (docs/driver-protocol.md). Build and run:
//!   cargo build --release --locked --manifest-path conformance/drivers/rust/Cargo.toml
//!   npx hybrid-bft oracle --driver conformance/drivers/rust/target/release/malachite-driver
//! The 0.5.0 build (`conformance/drivers/rust-0.5/`) shares every module but `engine`.
mod context;
mod engine;
mod process;
mod serve;
mod wire;

fn main() {
    serve::serve();
}
