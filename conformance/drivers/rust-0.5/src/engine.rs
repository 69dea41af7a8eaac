//! What differs by engine version, for the 0.5.0 build (crates.io
//! `informalsystems-malachitebft-core-*` =0.5.0, the last release under those names,
//! kept pinned for the Agreement violation of docs/peers/malachite.md class 4): the
//! signing scheme, where the engine keeps proposal evidence, and the shape of a commit
//! certificate. The rest of the host is `conformance/drivers/rust/src/`, shared with the
//! 0.8.2 build.
use malachitebft_core_driver::{Driver, Input};
use malachitebft_core_types::{CommitCertificate, CommitSignature, Round, TimeoutKind as EngineTimeout};

use crate::context::{impl_context, impl_signing, Addr, Ctx, Height, Proposal, Val};
use crate::wire::TimeoutKind;

/// The driver's `hello` name.
pub const NAME: &str = "Malachite core 0.5.0 (informalsystems-malachitebft-core-driver, conformance/drivers/rust-0.5)";

impl_context! {}

impl_signing! {}

/// The pairs of conflicting proposals the engine holds against `src`, oldest first
/// (0.5: `Driver::evidence()`).
pub fn proposal_evidence(d: &Driver<Ctx>, src: &Addr) -> Vec<(Proposal, Proposal)> {
    d.evidence().get(src).map_or(vec![], |e| e.iter().map(|(a, b)| (a.message.clone(), b.message.clone())).collect())
}

/// A COMMIT's certificate as the engine's input (0.5: a `CommitCertificate`), signed by
/// `signers` (abstract signatures).
pub fn commit_certificate(height: Height, round: Round, value: &Val, signers: &[String]) -> Input<Ctx> {
    Input::CommitCertificate(CommitCertificate {
        height, round, value_id: value.clone(),
        commit_signatures: signers.iter().map(|s| CommitSignature::new(Addr(s.clone()), ())).collect(),
    })
}

/// The signers of the commit certificate the engine holds for (round, value), if any.
pub fn commit_signers(d: &Driver<Ctx>, round: Round, value: &Val) -> Option<Vec<String>> {
    d.commit_certificate(round, value.clone()).map(|c| c.commit_signatures.iter().map(|s| s.address.0.clone()).collect())
}

/// The protocol's name of an engine timeout; None for `Rebroadcast`.
pub fn timeout_name(kind: EngineTimeout) -> Option<TimeoutKind> {
    match kind {
        EngineTimeout::Propose => Some(TimeoutKind::Propose),
        EngineTimeout::Prevote => Some(TimeoutKind::Prevote),
        EngineTimeout::Precommit => Some(TimeoutKind::Precommit),
        EngineTimeout::Rebroadcast => None,
    }
}

/// The engine records every conflicting delivery (0.5's `EvidenceMap::add` pushes each):
/// the host's rule for messages of a height not yet started follows it.
pub const EVIDENCE_PAIR_ONCE: bool = false;

/// No cap on the pairs per validator in 0.5.
pub const EVIDENCE_CAP: Option<usize> = None;
