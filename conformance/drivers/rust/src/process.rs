//! One correct process: Malachite's `Driver` (its core: driver + vote keeper + round
//! state machine) and the thin host around it that a node would have, mapping the
//! protocol's events onto the engine's inputs and the engine's outputs onto the
//! protocol's outputs.
//!
//! The host's adaptations to the project's contract (docs/peers/malachite.md,
//! "Adaptations"), each what a Malachite node's own host does, done within the step:
//! - the engine's own proposal and votes are broadcast and fed back to it at once, in
//!   the order the engine emits them (own messages counted at once);
//! - `GetValue` is answered at once with the event's getValue() answer; the propose
//!   timeout the engine schedules with it (the value builder's time budget) is not
//!   output, as the model's getValue() takes no time;
//! - `NewRound` outputs (round skip, timeout precommit) are answered with
//!   `Input::NewRound` naming proposer(h, r), round-robin;
//! - a PROPOSAL not from proposer(h, r) is dropped before the engine (the engine
//!   trusts its host for this), and messages for a height not yet started are buffered
//!   and applied after the `StartHeight` that reaches it (the engine takes one height);
//! - a COMMIT becomes a `CommitCertificate` followed by its value as the proposal of
//!   (h, r) from proposer(h, r): the engine decides from a certificate only when it has
//!   the value, which is how a decided value reaches it from sync.
use std::collections::BTreeMap;

use malachitebft_core_driver::{Driver, Input, Output as EngineOutput};
use malachitebft_core_state_machine::state::Step;
use malachitebft_core_types::{
    NilOrVal, Round, SignedMessage, ThresholdParams, Timeout, TimeoutKind as EngineTimeout, Validity,
    Vote as _, VoteType,
};

use crate::context::{Addr, Ctx, Height, Proposal, Val, ValidatorSet, Vote};
use crate::engine;
use crate::wire::{Event, Msg, MsgType, Output, Projection, TimeoutKind};

pub struct Process {
    me: Addr,
    validators: ValidatorSet,
    thresholds: ThresholdParams,
    valid_values: Vec<String>,
    /// None until the first StartHeight (the contract's "height 0 is committed").
    driver: Option<Driver<Ctx>>,
    /// height -> (value, round, cert)
    decisions: BTreeMap<u64, (String, u32, Vec<String>)>,
    /// Messages for heights above the current one, in arrival order, each with
    /// whether its equivocation evidence was already output at receipt.
    future: Vec<(Msg, bool)>,
}

/// What one step has produced so far, and the event's getValue() answer.
struct StepOut {
    get_value: String,
    out: Vec<Output>,
}

fn step_name(s: Step) -> &'static str {
    match s {
        Step::Unstarted => "unstarted",
        Step::Propose => "propose",
        Step::Prevote => "prevote",
        Step::Precommit => "precommit",
        Step::Commit => "commit",
    }
}

fn round_u32(r: Round) -> u32 {
    r.as_u32().unwrap_or(0)
}

fn proposal_msg(p: &Proposal) -> Msg {
    Msg { typ: MsgType::Proposal, src: p.src.0.clone(), height: p.height.0, round: round_u32(p.round),
          value: p.value.0.clone(), valid_round: p.pol_round.as_i64(), cert: vec![] }
}

fn vote_msg(v: &Vote) -> Msg {
    let typ = match v.typ {
        VoteType::Prevote => MsgType::Prevote,
        VoteType::Precommit => MsgType::Precommit,
    };
    let value = match &v.value {
        NilOrVal::Nil => "nil".to_owned(),
        NilOrVal::Val(x) => x.0.clone(),
    };
    Msg { typ, src: v.src.0.clone(), height: v.height.0, round: round_u32(v.round), value, valid_round: -1, cert: vec![] }
}

impl Process {
    pub fn new(me: &str, validators: ValidatorSet, valid_values: &[String]) -> Process {
        let thresholds = validators.contract_thresholds();
        Process { me: Addr(me.to_owned()), validators, thresholds, valid_values: valid_values.to_vec(),
                  driver: None, decisions: BTreeMap::new(), future: vec![] }
    }

    pub fn projection(&self) -> Projection {
        let decisions = self.decisions.iter().map(|(h, (v, r, c))| (*h, v.clone(), *r, c.clone())).collect();
        let Some(d) = &self.driver else {
            return Projection { height: 0, round: 0, step: "commit", locked: None, valid: None, decisions };
        };
        let rs = d.round_state();
        let rv = |x: &Option<malachitebft_core_state_machine::state::RoundValue<Val>>| {
            x.as_ref().map(|rv| (rv.value.0.clone(), round_u32(rv.round)))
        };
        Projection { height: rs.height.0, round: round_u32(rs.round), step: step_name(rs.step),
                     locked: rv(&rs.locked), valid: rv(&rs.valid), decisions }
    }

    /// The contract's "step = commit": before the first height, or decided at this one.
    fn committed(&self) -> bool {
        self.driver.as_ref().is_none_or(|d| d.step_is_commit())
    }

    fn height(&self) -> u64 {
        self.driver.as_ref().map_or(0, |d| d.height().0)
    }

    fn validity(&self, v: &str) -> Validity {
        Validity::from_bool(self.valid_values.iter().any(|x| x == v))
    }

    fn proposer(&self, h: Height, r: Round) -> Addr {
        self.validators.proposer(h, r).addr.clone()
    }

    fn engine(&mut self) -> &mut Driver<Ctx> {
        self.driver.as_mut().expect("the engine exists once a height has started")
    }

    /// Applies one event; returns the step's outputs in order. Err: the event cannot be
    /// applied (not enabled, or the engine refused it), with a sentence saying why.
    pub fn step(&mut self, event: Event) -> Result<Vec<Output>, String> {
        match event {
            Event::StartHeight { height, value } => {
                let mut cx = StepOut { get_value: value, out: vec![] };
                self.start_height(height, &mut cx)?;
                Ok(cx.out)
            }
            Event::Deliver { msg, value } => {
                let mut cx = StepOut { get_value: value, out: vec![] };
                self.deliver(msg, &mut cx)?;
                Ok(cx.out)
            }
            Event::Timeout { timeout, height, round, value } => {
                let mut cx = StepOut { get_value: value, out: vec![] };
                // A timeout of another height, or after the decision, changes nothing (L57-L67 guards).
                if height == self.height() && !self.committed() {
                    let kind = match timeout {
                        TimeoutKind::Propose => EngineTimeout::Propose,
                        TimeoutKind::Prevote => EngineTimeout::Prevote,
                        TimeoutKind::Precommit => EngineTimeout::Precommit,
                    };
                    self.run(Input::TimeoutElapsed(Timeout { kind, round: Round::new(round) }), &mut cx)?;
                }
                Ok(cx.out)
            }
        }
    }

    /// L10-L11: a new height, round 0; then the buffered messages of that height.
    fn start_height(&mut self, height: u64, cx: &mut StepOut) -> Result<(), String> {
        if !(self.committed() && self.height() + 1 == height) {
            let at = match (self.height(), self.committed()) {
                (0, _) => "has started no height yet".to_owned(),
                (h, true) => format!("has decided height {h}"),
                (h, false) => format!("has not decided height {h}"),
            };
            return Err(format!("StartHeight({height}) is not enabled: the process {at}; StartHeight(h) needs height h - 1 decided (docs/contract.md)"));
        }
        let h = Height(height);
        match &mut self.driver {
            None => self.driver = Some(Driver::new(Ctx, h, self.validators.clone(), self.me.clone(), self.thresholds)),
            Some(d) => d.move_to_height(h, self.validators.clone()),
        }
        let proposer = self.proposer(h, Round::ZERO);
        self.run(Input::NewRound(h, Round::ZERO, proposer), cx)?;
        let buffered = std::mem::take(&mut self.future);
        let (now, later): (Vec<_>, Vec<_>) = buffered.into_iter().filter(|(m, _)| m.height >= height).partition(|(m, _)| m.height == height);
        self.future = later;
        for (m, reported) in now {
            self.apply(m, cx, reported)?;
        }
        Ok(())
    }

    fn deliver(&mut self, msg: Msg, cx: &mut StepOut) -> Result<(), String> {
        let h = self.height();
        if msg.height < h || (msg.height == h && self.committed()) {
            cx.out.push(Output::Rejected { reason: "past-height".into(), msg });
            return Ok(());
        }
        if msg.height > h {
            // The checks `apply` makes before the engine, then the engine's rule, applied at receipt (the engine would apply it at the
            // StartHeight that reaches this height): the first message of (type, src, h, r)
            // is kept; one that differs from it is evidence.
            if let Some(reason) = self.refuse(&msg) {
                cx.out.push(Output::Rejected { reason, msg });
                return Ok(());
            }
            let first = self.future.iter().map(|(m, _)| m)
                .find(|m| m.typ == msg.typ && m.src == msg.src && m.height == msg.height && m.round == msg.round);
            let conflict = first.filter(|m| m.value != msg.value || m.valid_round != msg.valid_round).cloned();
            // The engine's evidence map, as this version keeps it: 0.8 records a pair once and
            // at most EVIDENCE_CAP pairs per validator (proposals and votes apart); 0.5 records
            // every conflicting delivery.
            let is_vote = |t: MsgType| t != MsgType::Proposal;
            let reported_before = |same: &dyn Fn(&Msg) -> bool| self.future.iter().filter(|(m, r)| *r && same(m)).count();
            let conflict = conflict.filter(|_| {
                let again = engine::EVIDENCE_PAIR_ONCE && reported_before(&|m| m == &msg) > 0;
                let full = engine::EVIDENCE_CAP.is_some_and(|cap| {
                    reported_before(&|m| m.src == msg.src && m.height == msg.height && is_vote(m.typ) == is_vote(msg.typ)) >= cap
                });
                !again && !full
            });
            let reported = conflict.is_some();
            if let Some(first) = conflict {
                cx.out.push(Output::Evidence { first, second: msg.clone() });
            }
            self.future.push((msg, reported));
            return Ok(());
        }
        self.apply(msg, cx, false)
    }

    /// A message of the current height, before the decision. `reported`: its evidence,
    /// if any, was output when it arrived (a buffered message); it is not output again.
    fn apply(&mut self, msg: Msg, cx: &mut StepOut, reported: bool) -> Result<(), String> {
        if self.committed() {
            cx.out.push(Output::Rejected { reason: "past-height".into(), msg });
            return Ok(());
        }
        if let Some(reason) = self.refuse(&msg) {
            cx.out.push(Output::Rejected { reason, msg });
            return Ok(());
        }
        let h = Height(msg.height);
        let r = Round::new(msg.round);
        let src = Addr(msg.src.clone());
        match msg.typ {
            MsgType::Proposal => {
                let p = Proposal { height: h, round: r, value: Val(msg.value.clone()), pol_round: Round::from(msg.valid_round), src: src.clone() };
                let validity = self.validity(&msg.value);
                let seen = engine::proposal_evidence(self.engine(), &src).len();
                let at = cx.out.len();
                self.run(Input::Proposal(SignedMessage::new(p, ()), validity), cx)?;
                let new: Vec<Output> = engine::proposal_evidence(self.engine(), &src)[seen..].iter()
                    .map(|(a, b)| Output::Evidence { first: proposal_msg(a), second: proposal_msg(b) }).collect();
                if !reported {
                    cx.out.splice(at..at, new);
                }
            }
            MsgType::Prevote | MsgType::Precommit => {
                let typ = if msg.typ == MsgType::Prevote { VoteType::Prevote } else { VoteType::Precommit };
                let value = if msg.value == "nil" { NilOrVal::Nil } else { NilOrVal::Val(Val(msg.value.clone())) };
                let v = Vote { typ, height: h, round: r, value, src: src.clone() };
                let seen = self.engine().votes().evidence().get(&src).map_or(0, Vec::len);
                let at = cx.out.len();
                self.run(Input::Vote(SignedMessage::new(v, ())), cx)?;
                let new: Vec<Output> = self.engine().votes().evidence().get(&src).map_or(&[][..], |e| &e[seen..]).iter()
                    .map(|(a, b)| Output::Evidence { first: vote_msg(a), second: vote_msg(b) }).collect();
                if !reported {
                    cx.out.splice(at..at, new);
                }
            }
            MsgType::Commit => {
                let value = Val(msg.value.clone());
                self.run(engine::commit_certificate(h, r, &value, &msg.cert), cx)?;
                if !self.committed() {
                    // The value, as the proposal of (h, r): its own evidence, if any, is not the sender's.
                    let author = self.proposer(h, r);
                    let p = Proposal { height: h, round: r, value, pol_round: Round::Nil, src: author };
                    self.run(Input::Proposal(SignedMessage::new(p, ()), Validity::Valid), cx)?;
                }
            }
        }
        Ok(())
    }

    /// What the host refuses before the engine sees a message (docs/contract.md,
    /// "Receiving a message", checks 2 and 3, and an unknown sender), or None.
    fn refuse(&self, msg: &Msg) -> Option<String> {
        let known = |name: &str| self.validators.validators.iter().find(|v| v.addr.0 == name);
        if known(&msg.src).is_none() {
            return Some("unknown-sender".into());
        }
        match msg.typ {
            MsgType::Proposal if self.proposer(Height(msg.height), Round::new(msg.round)).0 != msg.src => Some("not-proposer".into()),
            MsgType::Commit => {
                // Checked by power; abstract signatures: its signers are trusted.
                let mut power = 0u64;
                for s in &msg.cert {
                    match known(s) {
                        Some(v) => power += v.power,
                        None => return Some("bad-certificate".into()),
                    }
                }
                let total: u64 = self.validators.validators.iter().map(|v| v.power).sum();
                (!self.thresholds.quorum.is_met(power, total)).then(|| "bad-certificate".into())
            }
            _ => None,
        }
    }

    /// Feeds one input to the engine and handles its outputs in order, feeding the
    /// process's own messages, new rounds and values back at once (depth first).
    fn run(&mut self, input: Input<Ctx>, cx: &mut StepOut) -> Result<(), String> {
        let outs = self.engine().process(input).map_err(|e| format!("the engine refused an input: {e}"))?;
        for (i, o) in outs.iter().enumerate() {
            match o {
                EngineOutput::NewRound(h, r) => {
                    let proposer = self.proposer(*h, *r);
                    self.run(Input::NewRound(*h, *r, proposer), cx)?;
                }
                EngineOutput::Propose(p) => {
                    cx.out.push(Output::Broadcast(proposal_msg(p)));
                    let validity = self.validity(&p.value.0);
                    self.run(Input::Proposal(SignedMessage::new(p.clone(), ()), validity), cx)?;
                }
                EngineOutput::Vote(v) => {
                    cx.out.push(Output::Broadcast(vote_msg(v)));
                    self.run(Input::Vote(SignedMessage::new(v.clone(), ())), cx)?;
                }
                EngineOutput::Decide(_, p) => {
                    let round = round_u32(p.round);
                    let cert = self.certificate(p.round, &p.value);
                    let height = p.height.0;
                    self.decisions.insert(height, (p.value.0.clone(), round, cert.clone()));
                    cx.out.push(Output::Decide { height, value: p.value.0.clone(), round, cert });
                }
                EngineOutput::ScheduleTimeout(t) => {
                    let paired_with_get_value = t.kind == EngineTimeout::Propose
                        && matches!(outs.get(i + 1), Some(EngineOutput::GetValue(_, r, _)) if *r == t.round);
                    if paired_with_get_value {
                        continue;
                    }
                    let timeout = engine::timeout_name(t.kind)
                        .ok_or_else(|| format!("the engine scheduled a timeout the protocol has no name for: {:?}", t.kind))?;
                    let height = self.height();
                    cx.out.push(Output::ScheduleTimeout { timeout, height, round: round_u32(t.round) });
                }
                EngineOutput::GetValue(_, r, _) => {
                    if cx.get_value == "none" {
                        return Err(format!("the engine asked for a value (GetValue, round {r}) but the event's getValue() answer is \"none\""));
                    }
                    let v = Val(cx.get_value.clone());
                    self.run(Input::ProposeValue(*r, v), cx)?;
                }
            }
        }
        Ok(())
    }

    /// The decision's certificate: the signers of a commit certificate the engine holds
    /// for (round, value), else every sender of a PRECOMMIT(h, round, value) it counted.
    fn certificate(&mut self, round: Round, value: &Val) -> Vec<String> {
        let d = self.engine();
        let mut signers: Vec<String> = match engine::commit_signers(d, round, value) {
            Some(c) => c,
            None => d.votes().per_round(round).map_or(vec![], |pr| {
                pr.received_votes().iter()
                    .filter(|v| v.vote_type() == VoteType::Precommit && v.value() == &NilOrVal::Val(value.clone()))
                    .map(|v| v.src.0.clone()).collect()
            }),
        };
        signers.sort();
        signers.dedup();
        signers
    }
}
