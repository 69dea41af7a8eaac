----------------------------- MODULE MCConsensus -----------------------------
(* Constants of the model-checking runs of Consensus.tla; each MCConsensus_*.cfg *)
(* picks its own through `<-`.                                                  *)
EXTENDS Consensus

MCCorr3 == {"c1", "c2", "c3"}
MCFaulty1 == {"b1"}
MCOrder4 == <<"b1", "c1", "c2", "c3">>   \* h1 r0: Byzantine proposer; h1 r1: c1; h2 r0: c1
MCValid2 == {"v1", "v2"}
MCInvalid1 == {"bad"}
MCNoByz == {}

\* b1 as proposer of (1, 0) equivocates between v1 and v2, and votes both ways.
MCByzEquivocate ==
  { Msg("PROPOSAL", "b1", 1, 0, v, -1, {}) : v \in {"v1", "v2"} }
  \cup { Msg(t, "b1", 1, 0, v, -1, {}) : t \in {"PREVOTE", "PRECOMMIT"}, v \in {"v1", "v2"} }
MCOrderC1 == <<"c1", "c2", "c3", "b1">>  \* h1 r0: c1 (correct); h1 r1: c2
MCCorr2 == {"c1", "c2"}
MCFaulty2 == {"b1", "b2"}
MCOrder2B == <<"b1", "c1", "b2", "c2">>

\* The `ci` pool: b1, proposer of (1, 0), proposes the invalid value "bad" (correct
\* processes must prevote nil) and otherwise stays silent.
MCByzCi == { Msg("PROPOSAL", "b1", 1, 0, "bad", -1, {}) }

MCValid1 == {"v1"}

\* f+1 = 2 Byzantine validators (n = 4): b1 equivocates as proposer of (1, 0) and
\* both vote for both values.
MCByzTwo ==
  { Msg("PROPOSAL", "b1", 1, 0, v, -1, {}) : v \in {"v1", "v2"} }
  \cup { Msg(t, b, 1, 0, v, -1, {}) : t \in {"PREVOTE", "PRECOMMIT"}, b \in {"b1", "b2"}, v \in {"v1", "v2"} }

\* A Byzantine proposal of an invalid value.
MCByzInvalid == { Msg("PROPOSAL", "b1", 1, 0, "bad", -1, {}) }
\* Every Byzantine message of b1 within the bounds.
MCByzFull == ByzMsgsAll

\* The simulation's pool: b1 proposes v1, v2 and an invalid value in round 0
\* and votes every way in every round of height 1, and proposes out of turn in
\* round 1 (receivers must reject that).
MCByzSim ==
  { Msg("PROPOSAL", "b1", 1, r, v, -1, {}) : r \in {0, 1}, v \in {"v1", "v2", "bad"} }
  \cup { Msg(t, "b1", 1, r, v, -1, {}) :
          t \in {"PREVOTE", "PRECOMMIT"}, r \in 0..MaxRound, v \in {"v1", "v2", "nil"} }

\* b1 prevotes v1 in round 0 and v2 in round 1 (helps a polka each time).
MCByzRelock == { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}), Msg("PREVOTE", "b1", 1, 1, "v2", -1, {}) }

\* b1 sends one message of round 1 early.
MCByzSkip == { Msg("PREVOTE", "b1", 1, 1, "nil", -1, {}) }

\* The design sketch's counterexamples (Order MCOrderC1B1): b1 helps a polka for v1
\* in round 0 and precommits both v1 (so c2 decides v1) and nil (so c1 does not);
\* as proposer of round 1 it proposes v2 and votes for it.
MCByzSketch ==
  { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}) }
  \cup { Msg("PRECOMMIT", "b1", 1, 0, v, -1, {}) : v \in {"v1", "nil"} }
  \cup { Msg(t, "b1", 1, 1, "v2", -1, {}) : t \in {"PROPOSAL", "PREVOTE", "PRECOMMIT"} }

\* The POL scenario: b1 helps a polka for v1 in round 0, precommits nil there, and
\* sends one message of round 1 (so a late process skips into round 1).
MCByzPol ==
  { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}), Msg("PRECOMMIT", "b1", 1, 0, "nil", -1, {}),
    Msg("PREVOTE", "b1", 1, 1, "nil", -1, {}) }

\* Targets witness searches (sound for finding a violation: a behaviour of the
\* constrained state space is a behaviour of the model): c3 stays idle until some
\* other process has reached round 1, and c1 stays in round 0.
LateC3Constraint ==
  /\ (ps["c3"].height = 0 /\ ps["c3"].store = {}) \/ \E p \in {"c1", "c2"} : ps[p].round = 1
  /\ ps["c1"].round = 0

\* The cover model's b1: prevotes and precommits v1 in round 0 (so two correct
\* processes reach quorums with it) and also precommits nil (an equivocation).
MCByzCover ==
  { Msg(t, "b1", 1, 0, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }
  \cup { Msg("PRECOMMIT", "b1", 1, 0, "nil", -1, {}) }

\* b1 votes nil in round 0 and v1 in round 1 (with c3 idle, c1 and c2 reach round 1
\* through timeouts and decide there with b1's votes).
MCByzRound1 ==
  { Msg(t, "b1", 1, 0, "nil", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }
  \cup { Msg(t, "b1", 1, 1, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }

\* b1 votes for v1 at heights 1 and 2 (with c3 idle, c1 and c2 decide both heights).
MCByzHeights ==
  { Msg(t, "b1", h, 0, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"}, h \in {1, 2} }

MCOrderC1B1 == <<"c1", "b1", "c2", "c3">>   \* h1 r0: c1; h1 r1: b1 (Byzantine)

\* With c3 idle: b1 helps c1 and c2 lock v1 in round 0, precommits nil there (so
\* round 0 ends without a decision), and as proposer of round 1 proposes v2.
MCByzLock ==
  { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}), Msg("PRECOMMIT", "b1", 1, 0, "nil", -1, {}),
    Msg("PROPOSAL", "b1", 1, 1, "v2", -1, {}) }

\* c3 receives nothing but COMMITs (a restriction: a schedule of the network). It may
\* start the height, time out and vote nil, and decide through a COMMIT, of a correct
\* process or (ByzCommits) of b1, at any of those points, or before it starts.
C3CommitsOnlyConstraint == \A m \in ps["c3"].store : m.src = "c3" \/ m.type = "COMMIT"

\* Targets the comparison of ByzCommitMsgs with ByzCommitMsgsAll (docs/spec.md,
\* "Byzantine COMMITs"; a restriction): c3 starts once c1 and c2 have precommitted and
\* stores only their proposal and prevotes and COMMITs; c1 and c2 store no message of
\* c3 but its COMMITs. So c1, c2, b1 and then c3 precommit v1, and b1's certificates
\* for v1 are up to five sets.
CertsConstraint ==
  /\ ps["c3"].height = 0 \/ \A p \in {"c1", "c2"} : ps[p].step \in {"precommit", "commit"}
  /\ \A m \in ps["c3"].store :
        m.src = "c3" \/ m.type = "COMMIT" \/ (m.src \in {"c1", "c2"} /\ m.type \in {"PROPOSAL", "PREVOTE"})
  /\ \A p \in {"c1", "c2"} : \A m \in ps[p].store : m.src # "c3" \/ m.type = "COMMIT"
\* StateView with every certificate erased, in stores and decisions: the reduction to
\* one certificate must reach the same states under it as all certificates do.
EraseCert(m) == [m EXCEPT !.cert = {}]
CertFreeView ==
  << [p \in Corr |-> [ps[p] EXCEPT !.store = {EraseCert(m) : m \in @},
                                   !.decisions = [h \in Heights |-> [@[h] EXCEPT !.cert = {}]]]],
     msgs >>

\* The cover model keeps c3 idle: its state graph is that of c1, c2 and b1.
\* Simulation only (refine-sim, m-refine-sim, step-sim): shapes TLC's random draw, not
\* the model. A plain walk of Next with b1's whole pool never locks (20 of 20 walks of
\* up to 100 states): it keeps drawing steps that change no process (an out-of-turn
\* proposal or a vote beyond the slots is dropped, so it can be delivered again), and
\* b1's deliveries crowd out the correct processes' messages and timeouts.
\* ByzBudgetNext draws only steps that change some process, and only while each
\* correct process stores at most ByzDeliveries of the faulty validators' proposals and
\* votes of each (height, round), so b1 acts in every round, not only the first.
\* Each behaviour drawn is a behaviour of Next (docs/spec.md, "Refinement").
ByzDeliveries == 3
\* COMMITs do not count: they exist only once a certificate does, and there are few.
ByzBudget ==
  \A p \in Corr : \A h \in Heights : \A r \in Rounds :
    Cardinality({m \in ps[p].store : /\ m.src \in Faulty /\ m.type # "COMMIT"
                                     /\ m.height = h /\ m.round = r}) <= ByzDeliveries
\* ... and only when the receiver is at the message's height, in its round or the round
\* before (so b1 can still help a round skip, line 55): otherwise the draw spends the
\* budgets of every round while the receiver is still in round 0.
ByzTimely ==
  \A p \in Corr : \A m \in ps'[p].store \ ps[p].store :
    (m.src \in Faulty /\ m.type # "COMMIT") => /\ m.height = ps[p].height
                                               /\ m.round <= ps[p].round + 1
\* The budget is on the successor: a CONSTRAINT would end a simulated behaviour at its
\* first state over budget instead of drawing another successor.
ByzBudgetNext == Next /\ ByzBudget' /\ ByzTimely /\ ps' # ps

IdleC3Constraint == ps["c3"].height = FirstHeight - 1 /\ ps["c3"].store = {}

\* Targets the search for the sketch's counterexamples (sound for finding one: a
\* behaviour of the constrained state space is a behaviour of the model): c3 sleeps
\* through round 0 (it starts only once c1 is in round 1, and never stores a
\* round-0 message); c1 never receives b1's round-0 precommit for v1, c2 never
\* receives its precommit for nil; c2 has decided before c1 enters round 1.
SketchConstraint ==
  /\ (ps["c3"].height = 0 /\ ps["c3"].store = {}) \/ ps["c1"].round = 1
  /\ \A m \in ps["c3"].store : m.round # 0
  /\ \A m \in ps["c1"].store : ~(m.src = "b1" /\ m.type = "PRECOMMIT" /\ m.round = 0 /\ m.value = "v1")
  /\ \A m \in ps["c2"].store : ~(m.src = "b1" /\ m.type = "PRECOMMIT" /\ m.round = 0 /\ m.value = "nil")
  /\ ps["c1"].round = 1 => ps["c2"].step = "commit"   \* c2 decides before c1 moves on

\* Targets the quorum-2f counterexample: c2 stays idle.
QuorumConstraint == ps["c2"].height = 0 /\ ps["c2"].store = {}

\* Targets the f+1-Byzantine counterexample: c1 only hears about v1, c2 only about v2.
SplitConstraint ==
  /\ \A m \in ps["c1"].store : m.value # "v2"
  /\ \A m \in ps["c2"].store : m.value # "v1"

\* Targets the relock witness (sound for finding a violation: a behaviour of the
\* constrained state space is a behaviour of the model): each process stores, besides
\* its own messages, only the (type, sender, round) listed for it. c1 proposes v1 in
\* round 0 and locks it on its polka with c2 and b1; c2 never sees that polka (not c1's
\* prevote) and proposes a fresh value in round 1; c3 never sees round 0's proposal;
\* in round 1 c1 prevotes nil (locked), then sees the polka of c2, c3 and b1 and
\* precommits the new value.
RelockStores ==
  [c1 |-> {<<"PREVOTE", "c2", 0>>, <<"PREVOTE", "b1", 0>>, <<"PRECOMMIT", "c2", 0>>,
           <<"PRECOMMIT", "c3", 0>>, <<"PROPOSAL", "c2", 1>>, <<"PREVOTE", "c2", 1>>,
           <<"PREVOTE", "c3", 1>>, <<"PREVOTE", "b1", 1>>},
   c2 |-> {<<"PROPOSAL", "c1", 0>>, <<"PREVOTE", "c3", 0>>, <<"PREVOTE", "b1", 0>>,
           <<"PRECOMMIT", "c1", 0>>, <<"PRECOMMIT", "c3", 0>>},
   c3 |-> {<<"PREVOTE", "c2", 0>>, <<"PREVOTE", "b1", 0>>, <<"PRECOMMIT", "c1", 0>>,
           <<"PRECOMMIT", "c2", 0>>, <<"PROPOSAL", "c2", 1>>}]
\* The messages other than its own that process p has stored, as (type, sender, round).
Received(p) == {<<m.type, m.src, m.round>> : m \in {x \in ps[p].store : x.src # p}}
\* p has stored exactly a prefix of the sequence seq (deliveries in that order only).
ReceivedPrefix(p, seq) == \E k \in 0..Len(seq) : Received(p) = {seq[i] : i \in 1..k}

\* Targets the witness of a decision in round 2 by a process locked in round 0 (sound
\* for finding a violation: a behaviour of the constrained state space is a behaviour
\* of the model): each process receives only the messages listed for it, in that
\* order (its own timeouts fall in between). Round 0: c1 proposes v1 and locks it on
\* its polka with c2 and b1; c2 (no c1 prevote) and c3 (no proposal) precommit nil.
\* Round 1: only nil votes and c2's vote for its own proposal, which nobody stores.
\* Round 2: c3 proposes a fresh value; c1, locked on v1, prevotes nil, then sees the
\* polka of c2, c3 and b1, precommits with them and decides.
Lock0Order ==
  [c1 |-> << <<"PREVOTE", "c2", 0>>, <<"PREVOTE", "b1", 0>>, <<"PRECOMMIT", "c2", 0>>,
             <<"PRECOMMIT", "c3", 0>>, <<"PREVOTE", "c2", 1>>, <<"PREVOTE", "c3", 1>>,
             <<"PRECOMMIT", "c2", 1>>, <<"PRECOMMIT", "c3", 1>>, <<"PROPOSAL", "c3", 2>>,
             <<"PREVOTE", "c2", 2>>, <<"PREVOTE", "c3", 2>>, <<"PREVOTE", "b1", 2>>,
             <<"PRECOMMIT", "c2", 2>>, <<"PRECOMMIT", "c3", 2>> >>,
   c2 |-> << <<"PROPOSAL", "c1", 0>>, <<"PREVOTE", "c3", 0>>, <<"PREVOTE", "b1", 0>>,
             <<"PRECOMMIT", "c1", 0>>, <<"PRECOMMIT", "c3", 0>>, <<"PREVOTE", "c1", 1>>,
             <<"PREVOTE", "c3", 1>>, <<"PRECOMMIT", "c1", 1>>, <<"PRECOMMIT", "c3", 1>>,
             <<"PROPOSAL", "c3", 2>>, <<"PREVOTE", "c3", 2>>, <<"PREVOTE", "b1", 2>> >>,
   c3 |-> << <<"PREVOTE", "c2", 0>>, <<"PREVOTE", "b1", 0>>, <<"PRECOMMIT", "c1", 0>>,
             <<"PRECOMMIT", "c2", 0>>, <<"PREVOTE", "c1", 1>>, <<"PREVOTE", "c2", 1>>,
             <<"PRECOMMIT", "c1", 1>>, <<"PRECOMMIT", "c2", 1>>, <<"PREVOTE", "c2", 2>>,
             <<"PREVOTE", "b1", 2>> >>]
Lock0Constraint == \A p \in Corr : ReceivedPrefix(p, Lock0Order[p])
\* b1 prevotes v1 in round 0 and v2 in round 2.
MCByzLock0 == { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}), Msg("PREVOTE", "b1", 1, 2, "v2", -1, {}) }

\* Targets the witness NeverRefusePOLOneRoundOld (sound for finding a violation), the
\* same way. Round 0: c1 proposes v1 and precommits nil on a prevote timeout, getting
\* c2's prevote (the polka c1, c2, b1) only in round 1; c3 precommits nil, then gets
\* the proposal: validValue v1, validRound 0, no lock. Round 1: c1 and c2 lock c2's
\* fresh proposal on the polka of c1, c2 and b1; c3 never gets that proposal. Round 2:
\* c3 re-proposes v1 with validRound 0, and c1, locked in round 1, must refuse it.
OneRoundOldOrder ==
  [c1 |-> << <<"PREVOTE", "c3", 0>>, <<"PREVOTE", "b1", 0>>, <<"PRECOMMIT", "c2", 0>>,
             <<"PRECOMMIT", "c3", 0>>, <<"PREVOTE", "c2", 0>>, <<"PROPOSAL", "c2", 1>>,
             <<"PREVOTE", "c2", 1>>, <<"PREVOTE", "b1", 1>>, <<"PRECOMMIT", "c2", 1>>,
             <<"PRECOMMIT", "c3", 1>>, <<"PROPOSAL", "c3", 2>> >>,
   c2 |-> << <<"PROPOSAL", "c1", 0>>, <<"PREVOTE", "c3", 0>>, <<"PREVOTE", "b1", 0>>,
             <<"PRECOMMIT", "c1", 0>>, <<"PRECOMMIT", "c3", 0>>, <<"PREVOTE", "c1", 1>>,
             <<"PREVOTE", "b1", 1>>, <<"PRECOMMIT", "c1", 1>>, <<"PRECOMMIT", "c3", 1>> >>,
   c3 |-> << <<"PREVOTE", "c1", 0>>, <<"PREVOTE", "c2", 0>>, <<"PREVOTE", "b1", 0>>,
             <<"PROPOSAL", "c1", 0>>, <<"PRECOMMIT", "c1", 0>>, <<"PRECOMMIT", "c2", 0>>,
             <<"PREVOTE", "c1", 1>>, <<"PREVOTE", "c2", 1>>, <<"PRECOMMIT", "c1", 1>>,
             <<"PRECOMMIT", "c2", 1>> >>]
OneRoundOldConstraint == \A p \in Corr : ReceivedPrefix(p, OneRoundOldOrder[p])
\* b1 prevotes v1 in round 0 and v2 in round 1.
MCByzOneRoundOld == { Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}), Msg("PREVOTE", "b1", 1, 1, "v2", -1, {}) }

RelockConstraint ==
  \A p \in Corr : \A m \in ps[p].store : m.src = p \/ <<m.type, m.src, m.round>> \in RelockStores[p]

\* Targets the witness of a decision for a past round (sound for finding a violation):
\* c2 and c3 store only round-0 proposals and prevotes of correct processes; c1 stores
\* only round-0 messages, of b1 only its precommit, and c3's precommit only once c1 is
\* in round 1.
PastRoundConstraint ==
  /\ \A p \in {"c2", "c3"} : \A m \in ps[p].store :
        m.src = p \/ (m.src # "b1" /\ m.round = 0 /\ m.type \in {"PROPOSAL", "PREVOTE"})
  /\ \A m \in ps["c1"].store :
        m.src = "c1" \/ (m.round = 0 /\ (m.src # "b1" \/ m.type = "PRECOMMIT"))
  /\ ps["c1"].round = 0 =>
        \A m \in ps["c1"].store : ~(m.src = "c3" /\ m.type = "PRECOMMIT")

\* The equivocation of issue 10: b1 prevotes nil and v1 in round 0.
MCByzEquivPol == { Msg("PREVOTE", "b1", 1, 0, v, -1, {}) : v \in {"nil", "v1"} }
MCOrderC2 == <<"c2", "c3", "c1", "b1">>   \* h1 r0: c2; h1 r1: c3

\* Targets the witness of a POL with an equivocator's second vote (sound for finding
\* a violation: a behaviour of the constrained state space is a behaviour of the
\* model): every correct process stores b1's round-0 prevote for nil before (or
\* without) its prevote for v1, so a stored v1 vote is b1's second; each process
\* stores only what the scenario needs: c1 never the round-0 proposal (it prevotes
\* nil there, and can only prevote v1 in round 1 on its POL); c2 only round-0
\* prevotes of c1 and c3 (it stays in round 0); c3 only round-0 messages.
EquivPolConstraint ==
  /\ \A p \in Corr :
        Msg("PREVOTE", "b1", 1, 0, "v1", -1, {}) \in ps[p].store
          => Msg("PREVOTE", "b1", 1, 0, "nil", -1, {}) \in ps[p].store
  /\ \A m \in ps["c1"].store :
        \/ m.src = "c1"
        \/ m.round = 0 /\ m.type # "PROPOSAL"
        \/ m.round = 1 /\ m.type = "PROPOSAL"
  /\ \A m \in ps["c2"].store :
        m.src = "c2" \/ (m.round = 0 /\ m.type = "PREVOTE" /\ m.src # "b1")
  /\ \A m \in ps["c3"].store :
        m.src = "c3" \/ (m.round = 0 /\ ~(m.type = "PREVOTE" /\ m.src = "c1"))
  /\ ps["c2"].round = 0

(***************************************************************************)
(* CONVENTIONS (issue 10 \S 2): values that override Consensus's defaults   *)
(* (`Power <- MCPowerHeavy` in a cfg).                                      *)
(***************************************************************************)
\* Unequal power: total 7, F = 2, quorum 5, skip 3. c1 and c2 alone make a quorum
\* (c2, c3 and b1 do not); c1 alone makes a round skip. b1's power 1 is within F.
MCPowerHeavy == [v \in {"c1", "c2", "c3", "b1"} |->
                   CASE v = "c1" -> 3 [] v = "c2" -> 2 [] OTHER -> 1]
\* Unequal power: total 7, F = 2, quorum 5, skip 3, and b1 holds F. Every quorum
\* holds c1: c1 with b1 (two validators), or with two others; c2, c3 and b1 are not
\* one (three of four validators by count).
MCPowerB1 == [v \in {"c1", "c2", "c3", "b1"} |->
                CASE v = "c1" -> 3 [] v = "b1" -> 2 [] OTHER -> 1]
\* The `conventions` pool: b1, the table's proposer of round 0, proposes v1 and v2, and
\* prevotes and precommits v1 (with c1 a quorum of power).
MCByzConventions ==
  { Msg("PROPOSAL", "b1", FirstHeight, 0, v, -1, {}) : v \in {"v1", "v2"} }
  \cup { Msg(t, "b1", FirstHeight, 0, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }
\* The mutant: b1 holds 4 of 7 (F = 2): b1 with c1, or with c2, is a quorum.
MCPowerByzHeavy == [v \in {"c1", "c2", "c3", "b1"} |-> IF v = "b1" THEN 4 ELSE 1]

\* b1 prevotes and precommits both v1 and v2 in round 0 (and proposes nothing).
MCByzVotesBoth == { Msg(t, "b1", 1, 0, v, -1, {}) : t \in {"PREVOTE", "PRECOMMIT"}, v \in {"v1", "v2"} }

\* Proposer tables: ProposerSelection <- MCTable, ProposerTable <- one of these.
MCTable == "table"
\* One height, round 0: c3, or b1 (round-robin over MCOrderC1 would be c1).
MCTableC3 == << <<"c3">> >>
MCTableB1 == << <<"b1">> >>

\* CometBFT's proposer priority (ProposerSelection <- MCPriority). Over MCOrderC1
\* with MCPowerB1 (c1 3, c2 1, c3 1, b1 2) its runs elect c1, b1, c2, c1, c3, b1,
\* c1: round 1 of height 1 is b1's, where round-robin would pick c2. With
\* MCPowerC2 (c2 2, others 1) run 1 elects c2, where round-robin picks c1.
MCPriority == "proposer-priority"
MCPowerC2 == [v \in {"c1", "c2", "c3", "b1"} |-> IF v = "c2" THEN 2 ELSE 1]
\* b1, the priority proposer of (1, 1), proposes v1 and v2 there and votes v1 in it.
MCByzPriority ==
  { Msg("PROPOSAL", "b1", 1, 1, v, -1, {}) : v \in {"v1", "v2"} }
  \cup { Msg(t, "b1", 1, 1, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }
\* The priority sequence's first runs against the sequences worked by hand in the
\* comment above (over MCOrderC1; checked at the start of every run of that order).
PriorityAsWorked ==
  Order = MCOrderC1 =>
    /\ [k \in 1..7 |-> PriorityAfter(MCPowerB1, k).winner] = <<"c1", "b1", "c2", "c1", "c3", "b1", "c1">>
    /\ PriorityAfter(MCPowerC2, 1).winner = "c2"
    /\ [k \in 1..4 |-> PriorityAfter([v \in Validators |-> 1], k).winner] = MCOrderC1
ASSUME PriorityAsWorked

\* The first height 0 (FirstHeight <- MCFirstHeight0).
MCFirstHeight0 == 0
\* getValue() answered by a later ProposeValue event (GetValueMode <- MCLaterEvent).
MCLaterEvent == "later-event"
\* Own messages delivered back (OwnMessages <- MCDeliveredBack).
MCDeliveredBack == "delivered-back"
\* b1 prevotes and precommits v1 in (1, 0): with c1 and c2 a quorum while c3 is idle.
MCByzVotesV1 == { Msg(t, "b1", 1, 0, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"} }
\* b1 votes for v1 at heights 0 and 1 (MCByzHeights, one height lower).
MCByzHeights0 ==
  { Msg(t, "b1", h, 0, "v1", -1, {}) : t \in {"PREVOTE", "PRECOMMIT"}, h \in {0, 1} }

(***************************************************************************)
(* REFINEMENT of the exhaustive encoding ConsensusAcc.tla (docs/spec.md,   *)
(* "Refinement"). For one height: a process that has not started height 1 *)
(* is mapped to round 0, step propose; messages of the correct processes   *)
(* are mapped to the per-round sets; the Byzantine messages are the       *)
(* constants of ConsensusAcc (its pool, reduced as argued there). One step *)
(* of this model fires several rules, so a step must be reachable by a    *)
(* short chain of ConsensusAcc's rules of the stepping process.           *)
(***************************************************************************)
\* TLCEval makes each mapped function a finished value: TLC 2.18 keeps a function
\* constructor lazy, and two EXCEPTs on it within one chain of AccFollow failed
\* ("Attempted to apply EXCEPT construct to the string") on w-lock.
AccMsgs(type, r) == {m \in msgs : m.type = type /\ m.src \in Corr /\ m.height = 1 /\ m.round = r}
Acc == INSTANCE ConsensusAcc WITH
  SyncRound <- -1, Mutation <- "none", ByzChoice <- "all",
  byzSends <- Rounds \X {"PROPOSAL", "PREVOTE", "PRECOMMIT"},
  round <- TLCEval([p \in Corr |-> ps[p].round]),
  step <- TLCEval([p \in Corr |-> IF ps[p].height = 0 THEN "propose" ELSE ps[p].step]),
  lockedValue <- TLCEval([p \in Corr |-> ps[p].lockedValue]),
  lockedRound <- TLCEval([p \in Corr |-> ps[p].lockedRound]),
  validValue <- TLCEval([p \in Corr |-> ps[p].validValue]),
  validRound <- TLCEval([p \in Corr |-> ps[p].validRound]),
  decision <- TLCEval([p \in Corr |-> [value |-> ps[p].decisions[1].value,
                               round |-> ps[p].decisions[1].round]]),
  proposals <- TLCEval([r \in Rounds |-> {[src |-> m.src, value |-> m.value, validRound |-> m.validRound] :
                                    m \in AccMsgs("PROPOSAL", r)}]),
  prevotes <- TLCEval([r \in Rounds |-> {[src |-> m.src, value |-> m.value] : m \in AccMsgs("PREVOTE", r)}]),
  precommits <- TLCEval([r \in Rounds |-> {[src |-> m.src, value |-> m.value] : m \in AccMsgs("PRECOMMIT", r)}]),
  seenPolka <- TLCEval([p \in Corr |-> [value |-> ps[p].validValue, round |-> ps[p].validRound]]),
  syncEntry <- [value |-> NoValue, round |-> -1]

\* The ConsensusAcc rule that a rule of this model's reaction (its name in `fired`)
\* must be: the same name, except that UponCommit decides like line 49 (a COMMIT
\* is built from such a decision); a timeout may be stale (a no-op); StartHeight
\* changes the mapped state only for the proposer of round 0; and Receive,
\* StartRound (part of the rule that fired before it) and the rules that only
\* schedule a timeout (lines 34, 47) change nothing that is mapped.
AccRule(name, s, p) ==
  CASE name = "UponProposalInPropose" -> Acc!UponProposalInPropose(s, p)
    [] name = "UponProposalInProposeAndPrevote" -> Acc!UponProposalInProposeAndPrevote(s, p)
    [] name = "UponProposalInPrevoteOrCommitAndPrevote" ->
         Acc!UponProposalInPrevoteOrCommitAndPrevote(s, p)
    [] name = "UponQuorumPrevotesNil" -> Acc!UponQuorumPrevotesNil(s, p)
    [] name = "UponProposalAndPrecommitValue" -> Acc!UponProposalAndPrecommitValue(s, p)
    [] name = "UponCommit" -> Acc!UponProposalAndPrecommitValue(s, p)
    [] name = "UponFPlusOneHigherRound" -> Acc!UponFPlusOneHigherRound(s, p)
    [] name = "OnTimeoutPropose" -> Acc!OnTimeoutPropose(s, p) \cup {s}
    [] name = "OnTimeoutPrevote" -> Acc!OnTimeoutPrevote(s, p) \cup {s}
    [] name = "OnTimeoutPrecommit" -> Acc!OnTimeoutPrecommit(s, p) \cup {s}
    [] name = "StartHeight" -> Acc!StartHeight(s, p) \cup {s}
    [] OTHER -> {s}

\* The states reached from s by the rules named in seq, in order.
RECURSIVE AccFollow(_, _, _)
AccFollow(p, s, seq) ==
  IF seq = <<>> THEN {s}
  ELSE UNION {AccFollow(p, u, Tail(seq)) : u \in AccRule(Head(seq), s, p)}

\* Every step of this model is the chain of ConsensusAcc rules named by its
\* `fired` (for MaxHeight = 1 and Mutation = "none").
RefinesAcc == [][Acc!S' \in AccFollow(event'.p, Acc!S, fired')]_vars

=============================================================================
