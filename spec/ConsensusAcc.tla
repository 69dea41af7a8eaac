------------------------------ MODULE ConsensusAcc ------------------------------
(***************************************************************************)
(* Algorithm 1 of "The latest gossip on BFT consensus" (Buchman, Kwon,     *)
(* Milosevic 2018, arXiv:1807.04938) for ONE height, in an encoding for    *)
(* exhaustive checking in the style of the published Tendermint specs     *)
(* (TendermintAcc): messages are global sets per type and round, and an   *)
(* upon-rule of a process fires when the messages sent so far contain what *)
(* the rule needs, i.e. when the process could have received them.        *)
(*                                                                         *)
(* Consensus.tla is the step-shaped model whose traces replay against the  *)
(* core; MCConsensus.tla's RefinesAcc has TLC check, on the models where  *)
(* it fits, that it refines this one (docs/spec.md, "Refinement").         *)
(*                                                                         *)
(* What makes this encoding smaller than Consensus.tla (each argued in    *)
(* docs/spec.md, "The exhaustive encoding"):                              *)
(*  - No receive histories: a correct process's state is the paper's      *)
(*    variables only; its messages are global.                            *)
(*  - No deliveries: reading the global sets replaces them. Every guard   *)
(*    on others' messages is monotone in the sets, so "could have          *)
(*    received" is "was sent".                                          *)
(*  - The Byzantine validators' messages are constants (ByzProposals,     *)
(*    ByzPrevotes, ByzPrecommits), not state: all of them are sent at the *)
(*    start, and a rule may or may not use them.                          *)
(*  - A timeout is scheduled and fires in one action (lines 34+61, 47+65, *)
(*    21+57): with asynchrony a scheduled timeout may fire at any later   *)
(*    moment, and its guard stays true once true.                         *)
(*                                                                         *)
(* Bounds: rounds 0..MaxRound; the precommit timeout of MaxRound never     *)
(* fires. Values are model values in the cfgs (SYMMETRY over the valid     *)
(* ones is sound: nothing here tells two valid values apart).             *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, TLC

CONSTANTS
  Corr,          \* the correct validators
  Faulty,        \* the Byzantine validators
  Order,         \* a sequence of all validators: the round-robin proposer order
  ValidValues,   \* the values for which valid(v) holds
  InvalidValues, \* values that exist but are not valid
  MaxRound,      \* the last round
  SyncRound,     \* -1, or the round G of the bounded liveness check (BoundedLiveness)
  ByzChoice,     \* "all": the faulty send their whole pool; "choose": see ByzChoices
  Mutation       \* "none", or a seeded bug (Mutations below)

Validators == Corr \cup Faulty
N == Cardinality(Validators)
F == (N - 1) \div 3
QUORUM == N - F                   \* src/core/quorum.ts; 2f+1 for n = 3f+1
THRESHOLD1 == IF Mutation = "skipF" THEN F
              ELSE IF Mutation = "skip2F1" THEN QUORUM ELSE F + 1   \* line 55
Rounds == 0..MaxRound
NilValue == "nil"
NoValue == "none"
Values == ValidValues \cup InvalidValues

\* The seeded bugs of issue 14, one per class (docs/spec.md, "Mutants"):
\*  polLockOffByOne  line 29 accepts a lock one round above the POL's round
\*  polWrongRound    line 28 counts the POL's prevotes in the current round, not vr
\*  decideOtherRound line 49 counts the precommits of the current round for a
\*                   proposal of any round
\*  noValidUpdate    lines 42-43 are skipped: validValue and validRound never move
\*  equivocatorOnce  at one process, an equivocator counts towards the first value
\*                   only (the store before issue 10; see CountedBy)
\*  skipF, skip2F1   line 55 with f, or 2f+1, senders instead of f+1
\*  ignorePOL        line 28 never fires (a liveness bug)
Mutations == {"none", "polLockOffByOne", "polWrongRound", "decideOtherRound",
              "noValidUpdate", "equivocatorOnce", "skipF", "skip2F1", "ignorePOL"}
ASSUME Mutation \in Mutations
ASSUME Corr \cap Faulty = {} /\ ValidValues \cap InvalidValues = {}
ASSUME MaxRound \in Nat /\ SyncRound \in -1..MaxRound /\ ByzChoice \in {"all", "choose"}

\* Processes whose round-change timer (lines 65-67) is still running from an
\* earlier round when round SyncRound begins: their OnTimeoutPrecommit does not
\* fire in rounds before SyncRound, so they reach SyncRound only by line 55 (the
\* rule exists for them). A definition, overridden in a cfg (Laggards <- ...).
Laggards == {}

\* paper: proposer(h, r) for the one height 1, round-robin over Order
Proposer(r) == Order[(r % N) + 1]

(***************************************************************************)
(* THE BYZANTINE POOL: every message a faulty validator can sign within   *)
(* the bounds, less what no rule can use (docs/spec.md, "The Byzantine    *)
(* pool"): a PROPOSAL counts only from the round's proposer; an invalid   *)
(* value's PROPOSAL is read only with validRound -1 (no POL for it can    *)
(* exist); a vote for an invalid value counts only where a nil vote of the *)
(* same sender and round counts the same (lines 34, 47, 55).              *)
(***************************************************************************)
Prop(src, v, vr) == [src |-> src, value |-> v, validRound |-> vr]
Vote(src, v) == [src |-> src, value |-> v]

ByzProposals(r) ==
  {Prop(b, v, vr) : b \in Faulty \cap {Proposer(r)}, v \in ValidValues, vr \in -1..(r - 1)}
  \cup {Prop(b, v, -1) : b \in Faulty \cap {Proposer(r)}, v \in InvalidValues}
ByzVotes == {Vote(b, v) : b \in Faulty, v \in ValidValues \cup {NilValue}}

\* For safety the whole pool is the strongest adversary: every guard is monotone
\* in the messages, and a rule may leave any of them unused. For liveness it is
\* not (a silent sender withholds quorums; weak fairness would make every rule
\* use every sent message), so with "choose" Init picks, per round up to
\* SyncRound and per message type, whether the faulty validators send all of
\* their pool or nothing; above SyncRound they send everything.
MsgTypes == {"PROPOSAL", "PREVOTE", "PRECOMMIT"}
\* Each choice is written {x : x \in ...} so that TLC stores an enumerated set:
\* TLC 2.18's distributed mode cannot ship the lazy union to its workers
\* (NullPointerException in ValueVec, docs/tlc.md "Distributed mode").
ByzChoices ==
  IF ByzChoice = "all" THEN {Rounds \X MsgTypes}
  ELSE {{x : x \in S \cup ({r \in Rounds : r > SyncRound} \X MsgTypes)} :
          S \in SUBSET ({r \in Rounds : r <= SyncRound} \X MsgTypes)}

VARIABLES
  round, step,                 \* per correct process: the paper's round_p, step_p
  lockedValue, lockedRound,    \* lines 38-39
  validValue, validRound,      \* lines 42-43
  decision,                    \* decision_p: NoDecision or [value, round]
  proposals,                   \* proposals[r]: the correct PROPOSALs of round r
  prevotes, precommits,        \* prevotes[r], precommits[r]: the correct votes of round r
  seenPolka,                   \* history: the last polka p acted on (line 36), even
                               \*   under noValidUpdate; read by BoundedLiveness only
  syncEntry,                   \* history: seenPolka of Proposer(SyncRound) when it proposed there
  byzSends                     \* the (round, type) pairs in which the faulty validators send
                               \*   (chosen by Init, then constant)

vars == <<round, step, lockedValue, lockedRound, validValue, validRound, decision,
          proposals, prevotes, precommits, seenPolka, syncEntry, byzSends>>

\* The state as one record, so that a rule can be a function from a state to
\* the set of its successors (MCConsensus.tla's RefinesAcc chains them).
S == [round |-> round, step |-> step, lockedValue |-> lockedValue,
      lockedRound |-> lockedRound, validValue |-> validValue, validRound |-> validRound,
      decision |-> decision, proposals |-> proposals, prevotes |-> prevotes,
      precommits |-> precommits, seenPolka |-> seenPolka, syncEntry |-> syncEntry,
      byzSends |-> byzSends]

NoDecision == [value |-> NoValue, round |-> -1]
NoPolka == [value |-> NoValue, round |-> -1]

\* What the faulty validators send in round r, per message type.
ByzSent(s, r, type, M) == IF <<r, type>> \in s.byzSends THEN M ELSE {}
AllProposals(s, r) ==
  {m \in s.proposals[r] \cup ByzSent(s, r, "PROPOSAL", ByzProposals(r)) : m.src = Proposer(r)}
AllPrevotes(s, r) == s.prevotes[r] \cup ByzSent(s, r, "PREVOTE", ByzVotes)
AllPrecommits(s, r) == s.precommits[r] \cup ByzSent(s, r, "PRECOMMIT", ByzVotes)

\* The senders of votes for v (lines 28, 36, 44, 49): an equivocator counts for
\* every value it voted for.
Senders(V, v) == {m.src : m \in {x \in V : x.value = v}}
\* The same, as process p counts them. Mutation "equivocatorOnce" is the store
\* before issue 10 at one process, Victim: it received every faulty vote for nil
\* first and counts no faulty vote for another value.
Victim == Order[N]
CountedBy(p, V, v) ==
  IF Mutation = "equivocatorOnce" /\ p = Victim /\ v # NilValue
  THEN Senders({x \in V : x.src \notin Faulty}, v) ELSE Senders(V, v)
\* Who voted, and how many votes each value got (TallyView).
VoteValues == ValidValues \cup {NilValue}
Tally(V) == [voters |-> {m.src : m \in V},
             count |-> [v \in VoteValues |-> Cardinality({m \in V : m.value = v})]]
\* The distinct senders of votes of any value (lines 34, 47).
Voters(V) == {m.src : m \in V}
\* The distinct senders of anything in round r (line 55).
SendersIn(s, r) == {m.src : m \in AllProposals(s, r)} \cup Voters(AllPrevotes(s, r))
                   \cup Voters(AllPrecommits(s, r))

POL(s, p, vr, v) == Cardinality(CountedBy(p, AllPrevotes(s, vr), v)) >= QUORUM

(***************************************************************************)
(* TYPES AND INIT                                                          *)
(***************************************************************************)
Steps == {"propose", "prevote", "precommit", "commit"}
PropType == [src : Corr, value : ValidValues, validRound : -1..MaxRound]
VoteType == [src : Corr, value : ValidValues \cup {NilValue}]

TypeOK ==
  /\ round \in [Corr -> Rounds] /\ step \in [Corr -> Steps]
  /\ lockedValue \in [Corr -> ValidValues \cup {NoValue}]
  /\ lockedRound \in [Corr -> -1..MaxRound]
  /\ validValue \in [Corr -> ValidValues \cup {NoValue}]
  /\ validRound \in [Corr -> -1..MaxRound]
  /\ decision \in [Corr -> {NoDecision} \cup [value : ValidValues, round : Rounds]]
  /\ proposals \in [Rounds -> SUBSET PropType]
  /\ prevotes \in [Rounds -> SUBSET VoteType]
  /\ precommits \in [Rounds -> SUBSET VoteType]

\* Every correct process has started height 1, round 0 (lines 10-11, 13); a
\* correct proposer of round 0 proposes in StartHeight.
Init ==
  /\ round = [p \in Corr |-> 0]
  /\ step = [p \in Corr |-> "propose"]
  /\ lockedValue = [p \in Corr |-> NoValue] /\ lockedRound = [p \in Corr |-> -1]
  /\ validValue = [p \in Corr |-> NoValue] /\ validRound = [p \in Corr |-> -1]
  /\ decision = [p \in Corr |-> NoDecision]
  /\ proposals = [r \in Rounds |-> {}]
  /\ prevotes = [r \in Rounds |-> {}]
  /\ precommits = [r \in Rounds |-> {}]
  /\ seenPolka = [p \in Corr |-> NoPolka]
  /\ syncEntry = NoPolka
  /\ byzSends \in ByzChoices

(***************************************************************************)
(* THE RULES. Each maps process p and a state s to the set of successor    *)
(* states (empty: not enabled), is named as in the contract, and is        *)
(* enabled only when it changes the state.                                *)
(***************************************************************************)
Live(s, p) == s.step[p] # "commit"

\* lines 14-19: the proposer proposes validValue, or getValue() (any valid value)
Propose(s, p) ==
  LET r == s.round[p] IN
  { [s EXCEPT !.proposals[r] = @ \cup {Prop(p, v, s.validRound[p])},
              !.syncEntry = IF r = SyncRound THEN s.seenPolka[p] ELSE @] :
      v \in IF s.validValue[p] # NoValue THEN {s.validValue[p]} ELSE ValidValues }

\* lines 11-21: round r, step propose, and the proposal if p is its proposer
StartRound(s, p, r) ==
  LET s1 == [s EXCEPT !.round[p] = r, !.step[p] = "propose"]
  IN  IF p = Proposer(r) THEN Propose(s1, p) ELSE {s1}

\* line 10 and StartRound(0) for a correct proposer of round 0
StartHeight(s, p) ==
  IF /\ Live(s, p) /\ s.round[p] = 0 /\ s.step[p] = "propose" /\ p = Proposer(0)
     /\ \A m \in s.proposals[0] : m.src # p
  THEN Propose(s, p) ELSE {}

Prevote(s, p, v) ==
  [s EXCEPT !.prevotes[s.round[p]] = @ \cup {Vote(p, v)}, !.step[p] = "prevote"]
Precommit(s, p, v) ==
  [s EXCEPT !.precommits[s.round[p]] = @ \cup {Vote(p, v)}, !.step[p] = "precommit"]

\* lines 22-27
UponProposalInPropose(s, p) ==
  IF ~(Live(s, p) /\ s.step[p] = "propose") THEN {} ELSE
  { Prevote(s, p, IF /\ m.value \in ValidValues                                  \* line 23
                     /\ s.lockedRound[p] = -1 \/ s.lockedValue[p] = m.value
                  THEN m.value ELSE NilValue) :                                  \* lines 24, 26
      m \in {x \in AllProposals(s, s.round[p]) : x.validRound = -1} }

\* lines 28-33
UponProposalInProposeAndPrevote(s, p) ==
  IF ~(Live(s, p) /\ s.step[p] = "propose") \/ Mutation = "ignorePOL" THEN {} ELSE
  { Prevote(s, p, IF /\ m.value \in ValidValues                                  \* line 29
                     /\ \/ s.lockedRound[p] <= m.validRound
                        \/ Mutation = "polLockOffByOne" /\ s.lockedRound[p] <= m.validRound + 1
                        \/ s.lockedValue[p] = m.value
                  THEN m.value ELSE NilValue) :                                  \* lines 30, 32
      m \in {x \in AllProposals(s, s.round[p]) :
               /\ x.validRound >= 0 /\ x.validRound < s.round[p]                 \* line 28
               /\ POL(s, p, IF Mutation = "polWrongRound" THEN s.round[p] ELSE x.validRound,
                      x.value)} }

\* lines 34-35 with lines 61-64: a quorum of prevotes of any value schedules
\* timeoutPrevote; it fires: precommit nil
OnTimeoutPrevote(s, p) ==
  IF /\ Live(s, p) /\ s.step[p] = "prevote" /\ s.round[p] # SyncRound
     /\ Cardinality(Voters(AllPrevotes(s, s.round[p]))) >= QUORUM
  THEN {Precommit(s, p, NilValue)} ELSE {}

\* lines 36-43; "for the first time": still in prevote, or no polka acted on in this round
UponProposalInPrevoteOrCommitAndPrevote(s, p) ==
  LET r == s.round[p]
      Polka(v) == Cardinality(CountedBy(p, AllPrevotes(s, r), v)) >= QUORUM           \* line 36
      Lock(s1, v) == IF s1.step[p] = "prevote"                                   \* line 37
                     THEN Precommit([s1 EXCEPT !.lockedValue[p] = v,             \* line 38
                                               !.lockedRound[p] = r], p, v)      \* lines 39-41
                     ELSE s1
      Valid(s1, v) == IF Mutation = "noValidUpdate" THEN s1
                      ELSE [s1 EXCEPT !.validValue[p] = v, !.validRound[p] = r]  \* lines 42-43
  IN  IF ~(/\ Live(s, p) /\ s.step[p] \in {"prevote", "precommit"}
           /\ s.step[p] = "prevote" \/ s.seenPolka[p].round < r) THEN {} ELSE
      { [Valid(Lock(s, m.value), m.value) EXCEPT
           !.seenPolka[p] = [value |-> m.value, round |-> r]] :
          m \in {x \in AllProposals(s, r) : x.value \in ValidValues /\ Polka(x.value)} }

\* lines 44-46
UponQuorumPrevotesNil(s, p) ==
  IF /\ Live(s, p) /\ s.step[p] = "prevote"
     /\ Cardinality(CountedBy(p, AllPrevotes(s, s.round[p]), NilValue)) >= QUORUM
  THEN {Precommit(s, p, NilValue)} ELSE {}

\* lines 47-48 with lines 65-67: a quorum of precommits of any value schedules
\* timeoutPrecommit; it fires: the next round
OnTimeoutPrecommit(s, p) ==
  IF /\ Live(s, p) /\ s.round[p] < MaxRound /\ s.round[p] # SyncRound
     /\ ~(p \in Laggards /\ s.round[p] < SyncRound)
     /\ Cardinality(Voters(AllPrecommits(s, s.round[p]))) >= QUORUM
  THEN StartRound(s, p, s.round[p] + 1) ELSE {}

\* line 21 with lines 57-60: a process that is not the proposer times out in propose
OnTimeoutPropose(s, p) ==
  IF /\ Live(s, p) /\ s.step[p] = "propose" /\ p # Proposer(s.round[p])
     /\ s.round[p] # SyncRound
  THEN {Prevote(s, p, NilValue)} ELSE {}

\* lines 49-54, for a proposal of any round r
UponProposalAndPrecommitValue(s, p) ==
  IF ~Live(s, p) THEN {} ELSE
  UNION { { [s EXCEPT !.decision[p] = [value |-> m.value, round |-> r],          \* line 51
                      !.step[p] = "commit"] :
            m \in {x \in AllProposals(s, r) :
                     /\ x.value \in ValidValues                                  \* line 50
                     /\ Cardinality(CountedBy(p, AllPrecommits(s, IF Mutation = "decideOtherRound"
                                                             THEN s.round[p] ELSE r),
                                            x.value)) >= QUORUM} } :
          r \in Rounds }

\* lines 55-56: f+1 senders of messages of a higher round
UponFPlusOneHigherRound(s, p) ==
  IF ~Live(s, p) THEN {} ELSE
  UNION { StartRound(s, p, r) :
            r \in {x \in Rounds : x > s.round[p] /\ Cardinality(SendersIn(s, x)) >= THRESHOLD1} }

Assign(t) ==
  /\ round' = t.round /\ step' = t.step
  /\ lockedValue' = t.lockedValue /\ lockedRound' = t.lockedRound
  /\ validValue' = t.validValue /\ validRound' = t.validRound
  /\ decision' = t.decision
  /\ proposals' = t.proposals /\ prevotes' = t.prevotes /\ precommits' = t.precommits
  /\ seenPolka' = t.seenPolka /\ syncEntry' = t.syncEntry /\ byzSends' = t.byzSends

\* One action per rule, so that a counterexample names the rule of each step.
StartHeightStep(p) == \E t \in StartHeight(S, p) : Assign(t)
UponProposalAndPrecommitValueStep(p) == \E t \in UponProposalAndPrecommitValue(S, p) : Assign(t)
UponFPlusOneHigherRoundStep(p) == \E t \in UponFPlusOneHigherRound(S, p) : Assign(t)
UponProposalInProposeStep(p) == \E t \in UponProposalInPropose(S, p) : Assign(t)
UponProposalInProposeAndPrevoteStep(p) == \E t \in UponProposalInProposeAndPrevote(S, p) : Assign(t)
UponProposalInPrevoteOrCommitAndPrevoteStep(p) == \E t \in UponProposalInPrevoteOrCommitAndPrevote(S, p) : Assign(t)
UponQuorumPrevotesNilStep(p) == \E t \in UponQuorumPrevotesNil(S, p) : Assign(t)
OnTimeoutProposeStep(p) == \E t \in OnTimeoutPropose(S, p) : Assign(t)
OnTimeoutPrevoteStep(p) == \E t \in OnTimeoutPrevote(S, p) : Assign(t)
OnTimeoutPrecommitStep(p) == \E t \in OnTimeoutPrecommit(S, p) : Assign(t)

\* Every rule of p.
Rules(p) ==
  \/ StartHeightStep(p)
  \/ UponProposalAndPrecommitValueStep(p)
  \/ UponFPlusOneHigherRoundStep(p)
  \/ UponProposalInProposeStep(p)
  \/ UponProposalInProposeAndPrevoteStep(p)
  \/ UponProposalInPrevoteOrCommitAndPrevoteStep(p)
  \/ UponQuorumPrevotesNilStep(p)
  \/ OnTimeoutProposeStep(p)
  \/ OnTimeoutPrevoteStep(p)
  \/ OnTimeoutPrecommitStep(p)
Next == \E p \in Corr : Rules(p)

\* Weak fairness on the rules of every correct process: a process with an
\* enabled rule eventually takes a step.
Fairness == \A p \in Corr : WF_vars(Rules(p))
Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* PROPERTIES                                                              *)
(***************************************************************************)
Decided(p) == decision[p] # NoDecision
\* The correct processes that have not decided.
LiveProcs == {p \in Corr : step[p] # "commit"}

\* No two correct processes decide differently.
Agreement ==
  \A p, q \in Corr : Decided(p) /\ Decided(q) => decision[p].value = decision[q].value

\* A decided value is valid and was proposed in the round it was decided in.
Validity ==
  \A p \in Corr :
    Decided(p) => /\ decision[p].value \in ValidValues
                  /\ \E m \in AllProposals(S, decision[p].round) : m.value = decision[p].value

\* Every decision has n - f precommits for its value in its round (its certificate).
DecisionBacked ==
  \A p \in Corr :
    Decided(p) => Cardinality({m.src : m \in {x \in AllPrecommits(S, decision[p].round) :
                                                 x.value = decision[p].value}}) >= QUORUM

\* A live process's lock is backed by a polka and by a correct precommit for it in
\* its round (lines 38-40 lock and precommit at once; said so that it reads only
\* AccView; the step model checks the precommit is the process's own);
\* lockedRound <= validRound. A decided process's lock no longer moves.
LockConsistent ==
  \A p \in LiveProcs :
    /\ (lockedRound[p] = -1) <=> (lockedValue[p] = NoValue)
    /\ (validRound[p] = -1) <=> (validValue[p] = NoValue)
    /\ Mutation # "noValidUpdate" => lockedRound[p] <= validRound[p]
    /\ lockedRound[p] >= 0 =>
         /\ Cardinality({m \in precommits[lockedRound[p]] : m.value = lockedValue[p]}) >= 1
         /\ Cardinality(Senders(AllPrevotes(S, lockedRound[p]), lockedValue[p])) >= QUORUM

\* A correct process sends at most one PROPOSAL, PREVOTE and PRECOMMIT per round.
NoEquivocation ==
  \A r \in Rounds :
    /\ \A m1, m2 \in proposals[r] : m1.src = m2.src => m1 = m2
    /\ \A m1, m2 \in prevotes[r] : m1.src = m2.src => m1 = m2
    /\ \A m1, m2 \in precommits[r] : m1.src = m2.src => m1 = m2

\* The lock only moves to a later round with a polka for its new value (lines 36-43).
LockChangesOnlyOnPOL ==
  [][\A p \in Corr :
       \/ lockedValue'[p] = lockedValue[p] /\ lockedRound'[p] = lockedRound[p]
       \/ /\ lockedRound'[p] > lockedRound[p]
          /\ Cardinality({m.src : m \in {x \in prevotes'[lockedRound'[p]] \cup ByzVotes :
                                           x.value = lockedValue'[p]}}) >= QUORUM
    ]_vars

(***************************************************************************)
(* BOUNDED LIVENESS (docs/spec.md, "Bounded liveness"). Round G = SyncRound *)
(* is synchronous: its timeouts do not fire before every message among    *)
(* correct processes has been received, i.e. the guards of OnTimeout* are *)
(* false in round G, and every enabled rule eventually fires. Rounds      *)
(* before G are asynchronous; rounds after G exist only for the Byzantine *)
(* validator's messages (a correct process enters them only by line 55).   *)
(* Every behaviour of this model is finite (the state only grows), so     *)
(* "eventually every correct process decides" under weak fairness is the  *)
(* invariant "a state where no rule is enabled has every correct process  *)
(* decided". The premise the paper's liveness argument gets from gossip   *)
(* after GST: when the correct proposer of G proposes, its latest polka   *)
(* (line 36) is at least as recent as every correct lock from before G.   *)
(***************************************************************************)
ProposerOfGHasLatestPolka ==
  \A q \in LiveProcs :
    \/ lockedRound[q] >= SyncRound
    \/ lockedRound[q] <= syncEntry.round
    \/ lockedValue[q] = syncEntry.value

BoundedLiveness ==
  (SyncRound >= 0 /\ Proposer(SyncRound) \in Corr /\ ~ENABLED Next
   /\ ProposerOfGHasLatestPolka)
    => \A p \in Corr : Decided(p) /\ decision[p].round <= SyncRound

(***************************************************************************)
(* FALSE INVARIANTS: witnesses TLC must violate.                          *)
(***************************************************************************)
\* A relock: a correct process precommits two different values in two rounds.
NeverRelock ==
  \A p \in Corr, r1, r2 \in Rounds :
    \A m1 \in precommits[r1], m2 \in precommits[r2] :
      (m1.src = p /\ m2.src = p /\ m1.value # NilValue /\ m2.value # NilValue)
        => m1.value = m2.value

\* A decision in round 2 by a process that locked in round 0.
NeverDecideRound2AfterLock0 ==
  \A p \in Corr :
    ~(/\ Decided(p) /\ decision[p].round = 2
      /\ \E v \in ValidValues : Vote(p, v) \in precommits[0])

(***************************************************************************)
(* REDUCTIONS (docs/spec.md, "The exhaustive encoding")                    *)
(***************************************************************************)
\* VIEW (each part argued in docs/spec.md, "The exhaustive encoding"):
\*  - a round that every live (undecided) process has left is closed: nobody
\*    votes or proposes in it again, and the rules read it only through POL
\*    (line 28) and the decision (line 49), i.e. through the number of votes per
\*    valid value and the value of its proposal;
\*  - in an open round, who voted, and the number of votes per value (every
\*    guard reads senders per value and distinct voters, and a correct process
\*    votes at most once per type and round);
\*  - a decided process takes no more steps, and others read only messages:
\*    its decision is all that is left of it.
\* Two states with one view have successors with equal views (the view is a
\* bisimulation), and every invariant checked under it reads only the view.
Closed(r) == \A p \in LiveProcs : round[p] > r
ValidTally(V) == [v \in ValidValues |-> Cardinality({m \in V : m.value = v})]
RoundView(r) ==
  IF Closed(r) THEN <<{m.value : m \in proposals[r]}, ValidTally(prevotes[r]),
                     ValidTally(precommits[r])>>
  ELSE <<proposals[r], Tally(prevotes[r]), Tally(precommits[r])>>
LocalView(p) ==
  IF step[p] = "commit" THEN <<decision[p]>>
  ELSE <<round[p], step[p], lockedValue[p], lockedRound[p], validValue[p], validRound[p],
         seenPolka[p]>>
AccView == <<[p \in Corr |-> LocalView(p)], [r \in Rounds |-> RoundView(r)], syncEntry, byzSends>>

\* Symmetry: the valid values are interchangeable.
ValueSymmetry == Permutations(ValidValues)
=============================================================================
