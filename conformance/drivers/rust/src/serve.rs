//! The driver's serving loop, shared by both builds (`conformance/drivers/rust/` over
//! Malachite core 0.8.2, `conformance/drivers/rust-0.5/` over 0.5.0): hybrid-bft's
//! driver protocol (docs/driver-protocol.md), JSON lines on stdin and stdout, one answer
//! per request, in order. Only the consensus half: the vector ops answer `unknown-op`.
use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::{json, Value as Json};

use crate::context::ValidatorSet;
use crate::engine::NAME;
use crate::process::Process;
use crate::wire::{int, string, strings, Event, ShapeError};

const PROTOCOL: &str = "hybrid-bft-driver/1";

/// The processes of the current trace; None before the first reset.
type Session = Option<BTreeMap<String, Process>>;

fn refusal(id: &Json, error: &str, detail: String) -> Json {
    json!({"id": id, "ok": false, "error": error, "detail": detail})
}

fn hello(id: &Json) -> Json {
    json!({"id": id, "ok": true, "protocol": PROTOCOL, "name": NAME,
           "ops": ["hello", "consensus.reset", "consensus.step"],
           // What the driver follows, after its adaptations (docs/peers/malachite.md).
           "conventions": {"proposer": ["round-robin", "table"], "votingPower": ["equal", "weighted"],
                           "ownMessages": "counted-at-once", "getValue": "within-step", "firstHeight": 1}})
}

fn reset(session: &mut Session, req: &Json, id: &Json) -> Result<Json, ShapeError> {
    let validators = strings(&req["validators"], "validators")?;
    let correct = strings(&req["correct"], "correct")?;
    let valid_values = strings(&req["validValues"], "validValues")?;
    int(&req["maxRound"], "maxRound")?;
    int(&req["maxHeight"], "maxHeight")?;
    if validators.is_empty() {
        return Err(ShapeError("validators: expected at least one validator".into()));
    }
    let mut sorted = validators.clone();
    sorted.sort();
    sorted.dedup();
    if sorted.len() != validators.len() {
        return Err(ShapeError("validators: a validator is listed twice".into()));
    }
    if let Some(c) = correct.iter().find(|c| !validators.contains(c)) {
        return Err(ShapeError(format!("correct: {c} is not among the validators")));
    }
    // The conventions' fields, sent only when a trace needs them (docs/driver-protocol.md).
    let power: Vec<u64> = match req.get("power") {
        None => vec![1; validators.len()],
        Some(p) => validators.iter().map(|v| match int(&p[v.as_str()], &format!("power.{v}"))? {
            x if x >= 1 => Ok(x as u64),
            x => Err(ShapeError(format!("power.{v}: expected a positive integer, got {x}"))),
        }).collect::<Result<_, _>>()?,
    };
    let table = match req.get("proposer") {
        None => None,
        Some(Json::Array(rows)) if !rows.is_empty() => Some(rows.iter().enumerate().map(|(i, row)| {
            let ids = strings(row, &format!("proposer[{i}]"))?;
            match ids.iter().find(|v| !validators.contains(v)) {
                _ if ids.is_empty() => Err(ShapeError(format!("proposer[{i}]: expected a non-empty row"))),
                Some(v) => Err(ShapeError(format!("proposer[{i}]: {v} is not a validator"))),
                None => Ok(ids),
            }
        }).collect::<Result<Vec<_>, _>>()?),
        Some(_) => return Err(ShapeError("proposer: expected a non-empty array of rows (one per height)".into())),
    };
    let set = ValidatorSet::new(&validators, &power, table);
    let procs: BTreeMap<String, Process> =
        correct.iter().map(|c| (c.clone(), Process::new(c, set.clone(), &valid_values))).collect();
    let projections: serde_json::Map<String, Json> = procs.iter().map(|(p, s)| (p.clone(), s.projection().to_json())).collect();
    *session = Some(procs);
    Ok(json!({"id": id, "ok": true, "projections": projections}))
}

fn step(session: &mut Session, req: &Json, id: &Json) -> Json {
    let Some(procs) = session.as_mut() else { return refusal(id, "bad-request", "consensus.step before consensus.reset".into()) };
    let p = match string(&req["process"], "process") {
        Ok(p) => p,
        Err(e) => return refusal(id, "bad-request", e.0),
    };
    let event = match Event::read(&req["event"], "event") {
        Ok(e) => e,
        Err(e) => return refusal(id, "bad-request", e.0),
    };
    let Some(proc_) = procs.get_mut(&p) else {
        return refusal(id, "bad-request", format!("process \"{p}\" is not a correct process of this reset"));
    };
    match catch_unwind(AssertUnwindSafe(|| proc_.step(event))) {
        Ok(Ok(outputs)) => json!({"id": id, "ok": true, "projection": proc_.projection().to_json(),
                                   "outputs": outputs.iter().map(|o| o.to_json()).collect::<Vec<_>>()}),
        Ok(Err(detail)) => refusal(id, "failed", detail),
        Err(panic) => {
            let what = panic.downcast_ref::<String>().cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(no message)".into());
            // The process's state is no longer trustworthy: the trace ends here.
            procs.remove(&p);
            refusal(id, "failed", format!("the engine panicked: {what}"))
        }
    }
}

fn answer(session: &mut Session, line: &str) -> Json {
    let req: Json = match serde_json::from_str(line) {
        Ok(r) => r,
        Err(e) => return refusal(&Json::Null, "bad-request", format!("not JSON: {e}")),
    };
    let id = req.get("id").cloned().unwrap_or(Json::Null);
    if !req.is_object() || !id.is_i64() {
        return refusal(&id, "bad-request", "a request is a JSON object with an integer 'id' and a string 'op'".into());
    }
    match req.get("op").and_then(Json::as_str) {
        Some("hello") => hello(&id),
        Some("consensus.reset") => reset(session, &req, &id).unwrap_or_else(|e| refusal(&id, "bad-request", e.0)),
        Some("consensus.step") => step(session, &req, &id),
        Some(op) => refusal(&id, "unknown-op", format!("unknown op \"{op}\" (this driver serves hello, consensus.reset, consensus.step)")),
        None => refusal(&id, "bad-request", "missing string field 'op'".into()),
    }
}

/// Answers requests from stdin until it closes (or stdout does).
pub fn serve() {
    let stdin = io::stdin();
    let mut stdout = io::stdout().lock();
    let mut session: Session = None;
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        let a = answer(&mut session, &line);
        if writeln!(stdout, "{a}").and_then(|()| stdout.flush()).is_err() {
            break; // the client went away
        }
    }
}
