//! The driver protocol's JSON (docs/driver-protocol.md, "JSON shapes"), read strictly:
//! a missing or unknown field or a wrong type is an error naming the field.
use serde_json::{json, Map, Value as Json};

/// Thrown for a request that does not have the documented shape.
#[derive(Debug)]
pub struct ShapeError(pub String);

type R<T> = Result<T, ShapeError>;

fn fail<T>(msg: String) -> R<T> {
    Err(ShapeError(msg))
}

pub fn obj<'a>(x: &'a Json, path: &str, fields: &[&str]) -> R<&'a Map<String, Json>> {
    let Some(o) = x.as_object() else { return fail(format!("{path}: expected an object, got {x}")) };
    for k in o.keys() {
        if !fields.contains(&k.as_str()) {
            return fail(format!("{path}: unknown field '{k}' (expected {})", fields.join(", ")));
        }
    }
    for k in fields {
        if !o.contains_key(*k) {
            return fail(format!("{path}: missing field '{k}'"));
        }
    }
    Ok(o)
}

pub fn string(x: &Json, path: &str) -> R<String> {
    x.as_str().map(str::to_owned).ok_or_else(|| ShapeError(format!("{path}: expected a string, got {x}")))
}

pub fn int(x: &Json, path: &str) -> R<i64> {
    x.as_i64().ok_or_else(|| ShapeError(format!("{path}: expected an integer, got {x}")))
}

pub fn strings(x: &Json, path: &str) -> R<Vec<String>> {
    let Some(a) = x.as_array() else { return fail(format!("{path}: expected an array of strings, got {x}")) };
    a.iter().enumerate().map(|(i, e)| string(e, &format!("{path}[{i}]"))).collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MsgType {
    Proposal,
    Prevote,
    Precommit,
    Commit,
}

impl MsgType {
    pub fn name(self) -> &'static str {
        match self {
            MsgType::Proposal => "PROPOSAL",
            MsgType::Prevote => "PREVOTE",
            MsgType::Precommit => "PRECOMMIT",
            MsgType::Commit => "COMMIT",
        }
    }
}

/// The contract's one message shape: `[type, src, height, round, value, validRound, cert]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub typ: MsgType,
    pub src: String,
    pub height: u64,
    pub round: u32,
    /// A value, or `"nil"` in a vote.
    pub value: String,
    pub valid_round: i64,
    pub cert: Vec<String>,
}

impl Msg {
    pub fn read(x: &Json, path: &str) -> R<Msg> {
        let m = obj(x, path, &["type", "src", "height", "round", "value", "validRound", "cert"])?;
        let typ = match string(&m["type"], &format!("{path}.type"))?.as_str() {
            "PROPOSAL" => MsgType::Proposal,
            "PREVOTE" => MsgType::Prevote,
            "PRECOMMIT" => MsgType::Precommit,
            "COMMIT" => MsgType::Commit,
            t => return fail(format!("{path}.type: expected one of PROPOSAL, PREVOTE, PRECOMMIT, COMMIT, got \"{t}\"")),
        };
        let height = int(&m["height"], &format!("{path}.height"))?;
        let round = int(&m["round"], &format!("{path}.round"))?;
        if height < 1 {
            return fail(format!("{path}.height: expected a height >= 1, got {height}"));
        }
        let Ok(round) = u32::try_from(round) else { return fail(format!("{path}.round: expected a round >= 0, got {round}")) };
        let valid_round = int(&m["validRound"], &format!("{path}.validRound"))?;
        if valid_round < -1 || valid_round > i64::from(u32::MAX) {
            return fail(format!("{path}.validRound: expected -1 or a round, got {valid_round}"));
        }
        let mut cert = strings(&m["cert"], &format!("{path}.cert"))?;
        cert.sort();
        Ok(Msg {
            typ,
            src: string(&m["src"], &format!("{path}.src"))?,
            height: height as u64,
            round,
            value: string(&m["value"], &format!("{path}.value"))?,
            valid_round,
            cert,
        })
    }

    pub fn to_json(&self) -> Json {
        json!({"type": self.typ.name(), "src": self.src, "height": self.height, "round": self.round,
               "value": self.value, "validRound": self.valid_round, "cert": self.cert})
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutKind {
    Propose,
    Prevote,
    Precommit,
}

impl TimeoutKind {
    pub fn name(self) -> &'static str {
        match self {
            TimeoutKind::Propose => "propose",
            TimeoutKind::Prevote => "prevote",
            TimeoutKind::Precommit => "precommit",
        }
    }
}

/// An event; `value` is the event's answer to getValue() (paper line 18), `"none"` if unused.
#[derive(Clone, Debug)]
pub enum Event {
    StartHeight { height: u64, value: String },
    Deliver { msg: Msg, value: String },
    Timeout { timeout: TimeoutKind, height: u64, round: u32, value: String },
}

impl Event {
    pub fn read(x: &Json, path: &str) -> R<Event> {
        let kind = x.get("kind").and_then(Json::as_str).unwrap_or("");
        let value = |o: &Map<String, Json>| string(&o["value"], &format!("{path}.value"));
        match kind {
            "StartHeight" => {
                let o = obj(x, path, &["kind", "height", "value"])?;
                let h = int(&o["height"], &format!("{path}.height"))?;
                if h < 1 {
                    return fail(format!("{path}.height: expected a height >= 1, got {h}"));
                }
                Ok(Event::StartHeight { height: h as u64, value: value(o)? })
            }
            "Deliver" => {
                let o = obj(x, path, &["kind", "msg", "value"])?;
                Ok(Event::Deliver { msg: Msg::read(&o["msg"], &format!("{path}.msg"))?, value: value(o)? })
            }
            "Timeout" => {
                let o = obj(x, path, &["kind", "timeout", "height", "round", "value"])?;
                let timeout = match string(&o["timeout"], &format!("{path}.timeout"))?.as_str() {
                    "propose" => TimeoutKind::Propose,
                    "prevote" => TimeoutKind::Prevote,
                    "precommit" => TimeoutKind::Precommit,
                    t => return fail(format!("{path}.timeout: expected one of propose, prevote, precommit, got \"{t}\"")),
                };
                let h = int(&o["height"], &format!("{path}.height"))?;
                let r = int(&o["round"], &format!("{path}.round"))?;
                let (Ok(height), Ok(round)) = (u64::try_from(h), u32::try_from(r)) else {
                    return fail(format!("{path}: expected height >= 0 and round >= 0, got {h}, {r}"));
                };
                Ok(Event::Timeout { timeout, height, round, value: value(o)? })
            }
            _ => fail(format!("{path}.kind: expected one of StartHeight, Deliver, Timeout, got {}", x.get("kind").unwrap_or(&Json::Null))),
        }
    }
}

/// One output of a step, in the protocol's shapes.
#[derive(Clone, Debug)]
pub enum Output {
    Broadcast(Msg),
    ScheduleTimeout { timeout: TimeoutKind, height: u64, round: u32 },
    Decide { height: u64, value: String, round: u32, cert: Vec<String> },
    Evidence { first: Msg, second: Msg },
    /// Never compared; says why an input changed nothing.
    Rejected { reason: String, msg: Msg },
}

impl Output {
    pub fn to_json(&self) -> Json {
        match self {
            Output::Broadcast(m) => json!({"kind": "broadcast", "msg": m.to_json()}),
            Output::ScheduleTimeout { timeout, height, round } =>
                json!({"kind": "scheduleTimeout", "timeout": timeout.name(), "height": height, "round": round}),
            Output::Decide { height, value, round, cert } =>
                json!({"kind": "decide", "height": height, "value": value, "round": round, "cert": cert}),
            Output::Evidence { first, second } => json!({"kind": "evidence", "src": second.src, "type": second.typ.name(),
                "height": second.height, "round": second.round, "first": first.to_json(), "second": second.to_json()}),
            Output::Rejected { reason, msg } => json!({"kind": "rejected", "reason": reason, "msg": msg.to_json()}),
        }
    }
}

/// The compared projection of a process (docs/driver-protocol.md, "Projection").
pub struct Projection {
    pub height: u64,
    pub round: u32,
    pub step: &'static str,
    pub locked: Option<(String, u32)>,
    pub valid: Option<(String, u32)>,
    /// height -> (value, round, cert)
    pub decisions: Vec<(u64, String, u32, Vec<String>)>,
}

impl Projection {
    pub fn to_json(&self) -> Json {
        let rv = |x: &Option<(String, u32)>| match x {
            Some((v, r)) => (json!(v), json!(r)),
            None => (json!("none"), json!(-1)),
        };
        let (lv, lr) = rv(&self.locked);
        let (vv, vr) = rv(&self.valid);
        let mut d = Map::new();
        for (h, v, r, c) in &self.decisions {
            d.insert(h.to_string(), json!({"value": v, "round": r, "cert": c}));
        }
        json!({"height": self.height, "round": self.round, "step": self.step, "lockedValue": lv, "lockedRound": lr,
               "validValue": vv, "validRound": vr, "decisions": d})
    }
}
