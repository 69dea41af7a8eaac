//! What differs by engine version, for the 0.8.2 build (crates.io
//! `arc-malachitebft-core-*` =0.8.2, the crates' names since they moved to circlefin):
//! the `Context`'s extra items, the signing scheme, where the engine keeps proposal
//! evidence, and the shape of a commit certificate. The rest of the host is shared with
//! the 0.5.0 build (`conformance/drivers/rust-0.5/src/engine.rs`).
use core::time::Duration;

use malachitebft_core_driver::{Driver, Input};
use malachitebft_core_types::{
    ExtendedCommitCertificate, ExtendedCommitSignature, Round, Timeout, Timeouts,
    TimeoutKind as EngineTimeout,
};

use crate::context::{impl_context, impl_signing, Addr, Ctx, Height, Proposal, Val};
use crate::wire::TimeoutKind;

/// The driver's `hello` name.
pub const NAME: &str = "Malachite core 0.8.2 (arc-malachitebft-core-driver, conformance/drivers/rust)";

/// Timeout durations: none. The host never runs a clock; timeouts leave as
/// `scheduleTimeout` outputs and come back as trace events (docs/driver-protocol.md).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoClock;

impl Timeouts<Ctx> for NoClock {
    fn duration_for(&self, _timeout: Timeout) -> Duration {
        Duration::ZERO
    }
}

impl_context! { type Timeouts = NoClock; }

impl_signing! {
    fn decode_public_key(_bytes: &[u8]) -> Result<(), String> {
        Ok(())
    }
    fn encode_public_key(_public_key: &()) -> Vec<u8> {
        Vec::new()
    }
}

/// The pairs of conflicting proposals the engine's proposal keeper holds against `src`,
/// oldest first (0.8: `Driver::proposals().evidence()`, at most 3 pairs per validator).
pub fn proposal_evidence(d: &Driver<Ctx>, src: &Addr) -> Vec<(Proposal, Proposal)> {
    d.proposals().evidence().get(src).map_or(vec![], |e| e.iter().map(|(a, b)| (a.message.clone(), b.message.clone())).collect())
}

/// A COMMIT's certificate as the engine's input (0.8: an `ExtendedCommitCertificate`, no
/// vote extensions), signed by `signers` (abstract signatures).
pub fn commit_certificate(height: Height, round: Round, value: &Val, signers: &[String]) -> Input<Ctx> {
    Input::CommitCertificate(ExtendedCommitCertificate {
        height, round, value_id: value.clone(),
        commit_signatures: signers.iter().map(|s| ExtendedCommitSignature::new(Addr(s.clone()), (), None)).collect(),
    })
}

/// The signers of the commit certificate the engine holds for (round, value), if any.
pub fn commit_signers(d: &Driver<Ctx>, round: Round, value: &Val) -> Option<Vec<String>> {
    d.commit_certificate(round, value).map(|c| c.commit_signatures.iter().map(|s| s.address.0.clone()).collect())
}

/// The protocol's name of an engine timeout; None for those it has none for
/// (`Rebroadcast`, `FinalizeHeight`).
pub fn timeout_name(kind: EngineTimeout) -> Option<TimeoutKind> {
    match kind {
        EngineTimeout::Propose => Some(TimeoutKind::Propose),
        EngineTimeout::Prevote => Some(TimeoutKind::Prevote),
        EngineTimeout::Precommit => Some(TimeoutKind::Precommit),
        EngineTimeout::Rebroadcast | EngineTimeout::FinalizeHeight(_) => None,
    }
}

/// The engine records each conflicting pair once (`EvidenceMap::add` deduplicates): the
/// host's rule for messages of a height not yet started follows it.
pub const EVIDENCE_PAIR_ONCE: bool = true;

/// At most this many pairs per validator and height, proposals and votes apart
/// (`MAX_EVIDENCE_PER_VALIDATOR`): the host's rule for buffered messages follows it.
pub const EVIDENCE_CAP: Option<usize> = Some(malachitebft_core_votekeeper::evidence::MAX_EVIDENCE_PER_VALIDATOR);
