//! The smallest `Context` Malachite's core crates need, over the contract's names
//! (docs/contract.md, "Names and values"): validators and values are strings, heights
//! count from 1, signatures are abstract (`()`: a delivered message's `src` is trusted,
//! as in the model). Proposer selection is the contract's round-robin or the trace's table.
//! Shared by both builds; what differs by engine version is in each build's `engine.rs`.
use std::fmt;

use malachitebft_core_types::{
    NilOrVal, Round, SignedExtension, ThresholdParam, ThresholdParams, VoteType, VotingPower,
};

/// A validator's name, e.g. `"c1"`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Addr(pub String);

impl fmt::Display for Addr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl malachitebft_core_types::Address for Addr {}

/// A height; the contract's first height is 1.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Height(pub u64);

impl fmt::Display for Height {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl malachitebft_core_types::Height for Height {
    const ZERO: Self = Height(0);
    const INITIAL: Self = Height(1);

    fn increment_by(&self, n: u64) -> Self {
        Height(self.0 + n)
    }

    fn decrement_by(&self, n: u64) -> Option<Self> {
        self.0.checked_sub(n).map(Height)
    }

    fn as_u64(&self) -> u64 {
        self.0
    }
}

/// A value, e.g. `"v1"`; its id is itself (the model has no hashing).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Val(pub String);

impl fmt::Display for Val {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl malachitebft_core_types::Value for Val {
    type Id = Val;

    fn id(&self) -> Val {
        self.clone()
    }
}

/// ⟨PROPOSAL, h, r, v, vr⟩ from `src`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub height: Height,
    pub round: Round,
    pub value: Val,
    pub pol_round: Round,
    pub src: Addr,
}

impl malachitebft_core_types::Proposal<Ctx> for Proposal {
    fn height(&self) -> Height {
        self.height
    }
    fn round(&self) -> Round {
        self.round
    }
    fn value(&self) -> &Val {
        &self.value
    }
    fn take_value(self) -> Val {
        self.value
    }
    fn pol_round(&self) -> Round {
        self.pol_round
    }
    fn validator_address(&self) -> &Addr {
        &self.src
    }
}

/// ⟨PREVOTE|PRECOMMIT, h, r, id(v)|nil⟩ from `src`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Vote {
    pub typ: VoteType,
    pub height: Height,
    pub round: Round,
    pub value: NilOrVal<Val>,
    pub src: Addr,
}

impl malachitebft_core_types::Vote<Ctx> for Vote {
    fn height(&self) -> Height {
        self.height
    }
    fn round(&self) -> Round {
        self.round
    }
    fn value(&self) -> &NilOrVal<Val> {
        &self.value
    }
    fn take_value(self) -> NilOrVal<Val> {
        self.value
    }
    fn vote_type(&self) -> VoteType {
        self.typ
    }
    fn validator_address(&self) -> &Addr {
        &self.src
    }
    fn extension(&self) -> Option<&SignedExtension<Ctx>> {
        None
    }
    fn take_extension(&mut self) -> Option<SignedExtension<Ctx>> {
        None
    }
    fn extend(self, _extension: SignedExtension<Ctx>) -> Self {
        self
    }
}

/// Values travel whole in the proposal: one part, first and last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part;

impl malachitebft_core_types::ProposalPart<Ctx> for Part {
    fn is_first(&self) -> bool {
        true
    }
    fn is_last(&self) -> bool {
        true
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validator {
    pub addr: Addr,
    pub power: VotingPower,
}

impl malachitebft_core_types::Validator<Ctx> for Validator {
    fn address(&self) -> &Addr {
        &self.addr
    }
    fn public_key(&self) -> &() {
        &()
    }
    fn voting_power(&self) -> VotingPower {
        self.power
    }
}

/// The validators in proposer order (the contract's `validators` list), with their
/// voting power, and the proposer table when the trace gives one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidatorSet {
    pub validators: Vec<Validator>,
    /// `table[h - 1][r]` names proposer(h, r) (docs/contract.md, "Conventions"); None: round-robin.
    pub table: Option<Vec<Vec<String>>>,
}

impl ValidatorSet {
    /// `power[i]` for `names[i]` (the engine's own voting power), and the proposer table.
    pub fn new(names: &[String], power: &[u64], table: Option<Vec<Vec<String>>>) -> Self {
        ValidatorSet {
            validators: names.iter().zip(power).map(|(n, p)| Validator { addr: Addr(n.clone()), power: *p }).collect(),
            table,
        }
    }

    /// The contract's proposer(h, r): round-robin, `validators[(h - 1 + r) mod n]`, or the
    /// table's entry, which repeats beyond its last height and round (docs/contract.md).
    pub fn proposer(&self, height: Height, round: Round) -> &Validator {
        let r = round.as_u32().map_or(0, u64::from);
        if let Some(t) = &self.table {
            let row = &t[(height.0.saturating_sub(1) % t.len() as u64) as usize];
            let name = &row[(r % row.len() as u64) as usize];
            return self.validators.iter().find(|v| &v.addr.0 == name).expect("reset checks the table's names");
        }
        let n = self.validators.len() as u64;
        let i = (height.0.saturating_sub(1) + r) % n;
        &self.validators[i as usize]
    }

    /// The contract's thresholds as Malachite's `ThresholdParams`, exactly: over the total
    /// power `t` with `f = floor((t-1)/3)` (n and the contract's f under equal power),
    /// `w * t > t * (t-f-1)` iff `w >= t - f` (quorum) and `w * t > t * f` iff `w >= f + 1`
    /// (skip). Malachite's default (2/3, 1/3) is the same quorum for every t, and the same
    /// skip except when 3 divides t, so the driver passes the contract's, through the
    /// engine's own parameter.
    pub fn contract_thresholds(&self) -> ThresholdParams {
        let t: u64 = self.validators.iter().map(|v| v.power).sum();
        let f = t.saturating_sub(1) / 3;
        ThresholdParams {
            quorum: ThresholdParam::new(t - f - 1, t),
            honest: ThresholdParam::new(f, t),
        }
    }
}

impl malachitebft_core_types::ValidatorSet<Ctx> for ValidatorSet {
    fn count(&self) -> usize {
        self.validators.len()
    }
    fn total_voting_power(&self) -> VotingPower {
        self.validators.iter().map(|v| v.power).sum()
    }
    fn get_by_address(&self, address: &Addr) -> Option<&Validator> {
        self.validators.iter().find(|v| &v.addr == address)
    }
    fn get_by_index(&self, index: usize) -> Option<&Validator> {
        self.validators.get(index)
    }
}

/// Abstract signatures: `()`. The oracle trusts a message's `src`, as the model does.
/// Its `SigningScheme` impl is made by `impl_signing!` in each build's `engine.rs`: the trait differs by version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Abstract;

#[derive(Clone, Debug, Default)]
pub struct Ctx;

/// `impl Context for Ctx`, with the associated items a version adds (`$extra`, e.g. 0.8's
/// `type Timeouts`): the engine build's `engine.rs` invokes it.
macro_rules! impl_context {
    ($($extra:tt)*) => {
        impl malachitebft_core_types::Context for $crate::context::Ctx {
            type Address = $crate::context::Addr;
            type Height = $crate::context::Height;
            type ProposalPart = $crate::context::Part;
            type Proposal = $crate::context::Proposal;
            type Validator = $crate::context::Validator;
            type ValidatorSet = $crate::context::ValidatorSet;
            type Value = $crate::context::Val;
            type Vote = $crate::context::Vote;
            type Extension = ();
            type SigningScheme = $crate::context::Abstract;
            $($extra)*

            fn select_proposer<'a>(&self, vs: &'a $crate::context::ValidatorSet, height: $crate::context::Height,
                                   round: malachitebft_core_types::Round) -> &'a $crate::context::Validator {
                vs.proposer(height, round)
            }

            fn new_proposal(&self, height: $crate::context::Height, round: malachitebft_core_types::Round,
                            value: $crate::context::Val, pol_round: malachitebft_core_types::Round,
                            address: $crate::context::Addr) -> $crate::context::Proposal {
                $crate::context::Proposal { height, round, value, pol_round, src: address }
            }

            fn new_prevote(&self, height: $crate::context::Height, round: malachitebft_core_types::Round,
                           value_id: malachitebft_core_types::NilOrVal<$crate::context::Val>,
                           address: $crate::context::Addr) -> $crate::context::Vote {
                $crate::context::Vote { typ: malachitebft_core_types::VoteType::Prevote, height, round, value: value_id, src: address }
            }

            fn new_precommit(&self, height: $crate::context::Height, round: malachitebft_core_types::Round,
                             value_id: malachitebft_core_types::NilOrVal<$crate::context::Val>,
                             address: $crate::context::Addr) -> $crate::context::Vote {
                $crate::context::Vote { typ: malachitebft_core_types::VoteType::Precommit, height, round, value: value_id, src: address }
            }
        }
    };
}
pub(crate) use impl_context;

/// `impl SigningScheme for Abstract` (signatures and keys are `()`), with the methods a
/// version adds (`$extra`, e.g. 0.8's public-key coding): the engine build's `engine.rs`
/// invokes it.
macro_rules! impl_signing {
    ($($extra:tt)*) => {
        impl malachitebft_core_types::SigningScheme for $crate::context::Abstract {
            type DecodingError = String;
            type Signature = ();
            type PublicKey = ();
            type PrivateKey = ();

            fn decode_signature(_bytes: &[u8]) -> Result<(), String> {
                Ok(())
            }
            fn encode_signature(_signature: &()) -> Vec<u8> {
                Vec::new()
            }
            $($extra)*
        }
    };
}
pub(crate) use impl_signing;
