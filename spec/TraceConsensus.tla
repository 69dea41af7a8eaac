--------------------------- MODULE TraceConsensus ---------------------------
(***************************************************************************)
(* Trace validation of recorded runs against Consensus.tla (the method of  *)
(* Cirstea, Kuppe, Loillier, Merz, "Validating Traces of Distributed       *)
(* Programs Against TLA+ Specifications", 2024): TLC decides whether a     *)
(* recording of the real node (src/sim, src/validate) is a behaviour of    *)
(* the model.                                                              *)
(*                                                                         *)
(* Recording[k] is the k-th recorded run: the steps of its correct          *)
(* processes in one causal order, each [p, event, outputs, fired, proj]:   *)
(* the event delivered to p, p's outputs and fired rules, and p's          *)
(* projection after the step (docs/contract.md). A step of the trace       *)
(* spec is the model's own action for that event (StartHeight, Deliver,    *)
(* Timeout, with the guards Next puts on them) whose result must equal     *)
(* the recorded one in every field. RecordedByz[k] is what the Byzantine   *)
(* validators of run k sent; ByzMsgs (the model's pool) is the union over  *)
(* the batch, and a delivered Byzantine message must be one of its own     *)
(* run. TLC runs with -deadlock: a run whose every step matched prints     *)
(* <<"accepted", k>> (TraceAccept); one that did not, prints nothing. With *)
(* NEXT TraceNextDiagnose, the state where no step matched prints the run, *)
(* the step and what the model would have done instead (Diagnosis).       *)
(*                                                                         *)
(* Three of Next's four disjuncts are used, with the same guards: the      *)
(* recorded runs answer getValue() within the step, so no ProposeValue;    *)
(* if the runs or Next gain another kind of step, TraceStep must too.      *)
(*                                                                         *)
(* Verdict = "contract": the step must be the contract's reaction (React), *)
(* outputs in order. Verdict = "paper": any reaction Algorithm 1 allows    *)
(* (ReactAny, ConsensusAny.tla), outputs as a multiset; the fired rules    *)
(* and the projection are compared as recorded in both.                    *)
(***************************************************************************)
\* TraceRecording.tla is generated for each batch (src/validate/tla-module.ts). It
\* defines Recording (Recording[k]: the steps of recorded run k, a sequence) and
\* RecordedByz (RecordedByz[k]: the messages the Byzantine validators of run k sent),
\* and the values of Consensus's constants, which the generated cfg assigns with <-.
\* (Definitions, not constants: TLC would evaluate a substituted constant anew at
\* every reference, and a recording is megabytes of values.)
EXTENDS ConsensusAny, TraceRecording

CONSTANT
  Verdict  \* "contract" (React, outputs in order) or "paper" (ReactAny, outputs as a multiset)
ASSUME Verdict \in {"contract", "paper"}

VARIABLES
  run,  \* which recorded run this behaviour follows
  i     \* how many of its steps have been matched

traceVars == <<vars, run, i>>

TraceInit == Init /\ run \in DOMAIN Recording /\ i = 0

\* The part of a local state that the recording holds (docs/contract.md).
Proj(ls) ==
  [height |-> ls.height, round |-> ls.round, step |-> ls.step,
   lockedValue |-> ls.lockedValue, lockedRound |-> ls.lockedRound,
   validValue |-> ls.validValue, validRound |-> ls.validRound,
   decisions |-> ls.decisions]

TimeoutOf(ev) == [kind |-> ev.timeout, height |-> ev.height, round |-> ev.round]

\* The model's step for the recorded event, with the guards of Next.
TraceStep(s) ==
  LET p == s.event.p IN
  CASE s.event.kind = "StartHeight" -> StartHeight(p, s.event.height)
    [] s.event.kind = "Deliver" ->
         /\ s.event.msg \in Network
         /\ s.event.msg.src \in Faulty => s.event.msg \in RecordedByz[run]
         /\ Deliver(p, s.event.msg)
    [] s.event.kind = "Timeout" ->
         /\ TimeoutOf(s.event) \in ps[p].timeouts
         /\ Timeout(p, TimeoutOf(s.event))

\* The same with any legal reaction (Verdict = "paper").
TraceStepAny(s) ==
  LET p == s.event.p IN
  CASE s.event.kind = "StartHeight" -> StartHeightAny(p, s.event.height)
    [] s.event.kind = "Deliver" ->
         /\ s.event.msg \in Network
         /\ s.event.msg.src \in Faulty => s.event.msg \in RecordedByz[run]
         /\ DeliverAny(p, s.event.msg)
    [] s.event.kind = "Timeout" ->
         /\ TimeoutOf(s.event) \in ps[p].timeouts
         /\ TimeoutAny(p, TimeoutOf(s.event))

\* The recorded outputs: in order (contract), or as a multiset (paper).
SameOutputs(model, recorded) ==
  IF Verdict = "contract" THEN model = recorded ELSE SameBag(model, recorded)

\* ... whose result is the recorded one.
Matches(s) ==
  /\ event' = s.event
  /\ SameOutputs(outputs', s.outputs)
  /\ fired' = s.fired
  /\ Proj(ps'[s.event.p]) = s.proj

\* The next recorded step of the run, matched by a step of the model.
TraceMatch ==
  /\ i < Len(Recording[run])
  /\ IF Verdict = "contract" THEN TraceStep(Recording[run][i + 1])
                              ELSE TraceStepAny(Recording[run][i + 1])
  /\ Matches(Recording[run][i + 1])
  /\ i' = i + 1
  /\ UNCHANGED run

\* The whole recording matched: say so once, then stutter.
TraceAccept ==
  /\ i = Len(Recording[run])
  /\ PrintT(<<"accepted", run>>)
  /\ UNCHANGED traceVars

TraceNext == TraceMatch \/ TraceAccept

(***************************************************************************)
(* DIAGNOSIS: what the model does with the next recorded event, printed    *)
(* by TraceNextDiagnose when TLC finds no matching step: the contract's    *)
(* reaction (with Verdict = "paper", one of the legal ones, and a state of *)
(* the trace may have several successors: the rejected step is the       *)
(* furthest one printed, src/validate/tlc-check.ts).                       *)
(***************************************************************************)
GetValue(s) == IF s.event.value = NoValue THEN Probe ELSE s.event.value

\* The context after the recorded event's handler, before any rule.
Handled(s) ==
  LET p == s.event.p
      c == NewCtx(p, GetValue(s))
  IN  CASE s.event.kind = "StartHeight" -> StartHeightCtx(c, s.event.height)
        [] s.event.kind = "Deliver" -> ReceiveCtx(c, s.event.msg)
        [] s.event.kind = "Timeout" ->
             OnTimeoutCtx([c EXCEPT !.ls.timeouts = @ \ {TimeoutOf(s.event)}], TimeoutOf(s.event))

ModelReaction(s) == React(Handled(s))
\* Every reaction the verdict accepts: the contract's alone, or every legal one (after
\* any legal receipt, ConsensusAny.tla's ReceiveAny).
ModelReactions(s) ==
  IF Verdict = "contract" THEN {ModelReaction(s)}
  ELSE IF s.event.kind = "Deliver"
  THEN UNION {ReactAny(h) : h \in ReceiveAny(NewCtx(s.event.p, GetValue(s)), s.event.msg)}
  ELSE ReactAny(Handled(s))

Enabled(s) ==
  LET p == s.event.p IN
  CASE s.event.kind = "StartHeight" ->
         IF ps[p].step = "commit" /\ ps[p].height = s.event.height - 1 /\ s.event.height <= MaxHeight
         THEN "yes" ELSE "StartHeight not enabled (step, height or MaxHeight)"
    [] s.event.kind = "Deliver" ->
         IF s.event.msg \notin Network THEN "the message was never sent"
         ELSE IF s.event.msg.src \in Faulty /\ s.event.msg \notin RecordedByz[run]
         THEN "the Byzantine message was not sent in this run"
         ELSE IF s.event.msg.src = p THEN "a process does not receive its own message"
         ELSE "yes"
    [] s.event.kind = "Timeout" ->
         IF TimeoutOf(s.event) \notin ps[p].timeouts THEN "the timeout was not scheduled (or fired already)"
         ELSE IF s.event.timeout = "precommit" /\ s.event.round = MaxRound THEN "round bound" ELSE "yes"

Diagnosis ==
  IF i >= Len(Recording[run]) THEN [done |-> TRUE]
  ELSE LET s == Recording[run][i + 1]
           r == ModelReaction(s)
       IN  [done |-> FALSE, enabled |-> Enabled(s), used |-> r.used,
            outputs |-> r.out, fired |-> r.fired, proj |-> Proj(r.ls)]

\* The model's reaction to the next recorded event equals the recorded one (a state
\* predicate computing what TraceMatch checks, cheaper for TLC than ENABLED).
Agrees ==
  LET s == Recording[run][i + 1]
  IN  /\ Enabled(s) = "yes"
      /\ \E r \in ModelReactions(s) :
            /\ SameOutputs(r.out, s.outputs) /\ r.fired = s.fired /\ Proj(r.ls) = s.proj
            /\ r.used = (s.event.value # NoValue)

\* As TraceNext, and where the model's step differs from the recorded one, print
\* what the model would do.
TraceNextDiagnose ==
  \/ TraceNext
  \/ /\ i < Len(Recording[run])
     /\ ~Agrees
     /\ PrintT(<<"rejected", run, i + 1, Diagnosis>>)
     /\ UNCHANGED traceVars
=============================================================================
