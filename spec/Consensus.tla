------------------------------- MODULE Consensus -------------------------------
(***************************************************************************)
(* Entity consensus of hybrid-bft: Algorithm 1 of "The latest gossip on    *)
(* BFT consensus" (Buchman, Kwon, Milosevic 2018, arXiv:1807.04938), in    *)
(* the shape of docs/contract.md: one step = one event to one correct      *)
(* process plus its complete reaction, so that every step of a trace can   *)
(* be replayed against the TypeScript core (src/core/step.ts).             *)
(*                                                                         *)
(* Simplifications and bounds:                                            *)
(*  - Heights FirstHeight..MaxHeight (FirstHeight is 1 or 0: CONVENTIONS), *)
(*    rounds 0..MaxRound. The precommit timeout of MaxRound never fires,  *)
(*    and no message has a round above MaxRound.                          *)
(*  - Values are strings; valid(v) is v \in ValidValues. Signatures are    *)
(*    abstract: a message is signed by its src, and nobody signs as       *)
(*    someone else. A COMMIT's certificate is a set of precommit senders. *)
(*    The network holds only COMMITs whose certificate is valid (every    *)
(*    member sent that PRECOMMIT, THRESHOLD2 power together): the ones    *)
(*    built from correct decisions (CommitMsgs) and, with ByzCommits =    *)
(*    TRUE, ones a faulty validator signs (ByzCommitMsgs); a receiver      *)
(*    rejects any other, so leaving them out loses no state.              *)
(*  - Byzantine behaviour is bounded by the constant ByzMsgs: the messages *)
(*    the faulty validators may ever send (any type but COMMIT, signed as  *)
(*    themselves, possibly equivocating, for invalid values, out of turn). *)
(*    They are in the network from the start (as in TendermintAcc), so     *)
(*    they can be delivered at any moment, to anyone, or never. Their      *)
(*    COMMITs (ByzCommits = TRUE) join the network as soon as the          *)
(*    precommits of a valid certificate exist, possibly before any        *)
(*    correct process has decided: one per (sender, height, round, value),*)
(*    its certificate every such precommit's sender (docs/spec.md argues  *)
(*    that the other certificates add no behaviour).                      *)
(*  - The network delivers any sent message to any correct process at any *)
(*    time, any number of times, or never: delay, reordering, duplication  *)
(*    and loss. A process's own messages are stored when it sends them.   *)
(*    With Redeliver = FALSE a stored message is not delivered again: the  *)
(*    step would be a no-op, so no state of the VIEW is lost.             *)
(*  - Timeouts: a Timeout event fires only a timeout that the process     *)
(*    scheduled and that has not fired yet. With StaleTimeouts = FALSE,   *)
(*    timeouts that can no longer have an effect are dropped (sound: a    *)
(*    stale timeout is a no-op forever, because heights, rounds and steps  *)
(*    within a round only grow); with TRUE they may fire as no-op steps.   *)
(*  - The decision does not advance the height: StartHeight(h+1) is an    *)
(*    event of its own (a node's commit pause).                            *)
(*                                                                         *)
(* Checked: TypeOK, Agreement, Validity, DecisionBacked, NoEquivocation,   *)
(* LockConsistent and the action property LockChangesOnlyOnPOL; the       *)
(* FALSE INVARIANTS section lists witnesses that TLC must violate, and    *)
(* Mutation switches on the design sketch's mistakes (MC*.cfg).           *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Sequences, TLC

CONSTANTS
  Corr,          \* the correct validators (strings)
  Faulty,        \* the Byzantine validators (strings)
  Order,         \* a sequence of all validators: the round-robin proposer order
  ValidValues,   \* the values for which valid(v) holds; getValue() returns one of them
  InvalidValues, \* values that exist but are not valid (Byzantine proposals)
  MaxHeight,     \* the last height
  MaxRound,      \* the last round
  ByzMsgs,       \* every message the faulty validators may send (see ByzMsgsAll)
  StaleTimeouts, \* may timeouts that can no longer have an effect fire (as no-ops)?
  Redeliver,     \* may a message a process has stored be delivered to it again (a no-op)?
  ByzCommits,    \* may the faulty validators send COMMITs with valid certificates (ByzCommitMsgs)?
  Mutation       \* "none", or a seeded bug (Mutations below)

Validators == Corr \cup Faulty
N == Cardinality(Validators)

(***************************************************************************)
(* CONVENTIONS (issue 10 \S 2; docs/contract.md, "Conventions").            *)
(* Definitions with the contract's defaults, not CONSTANTS: a configuration *)
(* that needs another value overrides one (`Power <- MCPowerHeavy`), and    *)
(* every other configuration, trace validation included, stays as it is.   *)
(***************************************************************************)
\* Voting power per validator, a positive integer each; equal power 1 is today's.
Power == [v \in Validators |-> 1]
\* "round-robin" over Order; "table": ProposerTable[h - FirstHeight + 1][r + 1]
\* proposes in (h, r), for every h \in Heights and r \in Rounds; or
\* "proposer-priority": CometBFT's weighted round-robin (PriorityWinners below).
ProposerSelection == "round-robin"
ProposerTable == <<>>
\* The first height: 1, or 0. Heights are FirstHeight..MaxHeight; a process starts
\* committed at height FirstHeight - 1; round-robin and the table count heights from
\* FirstHeight, so a trace with first height 0 is one with first height 1 shifted down.
FirstHeight == 1
\* getValue() (line 18): "within-step", the event's value answers it in the same step;
\* or "later-event", the proposer outputs [kind |-> "getValue", height, round] and
\* proposes when a later ProposeValue event brings the value (lines 14-19 unchanged).
GetValueMode == "within-step"
\* A process's own messages: "counted-at-once", stored when it sends them (within the
\* step); or "delivered-back", not stored then, but delivered to it later like any
\* other message (a Deliver event of its own, in any order, or never).
OwnMessages == "counted-at-once"

RECURSIVE SumPower(_)
SumPower(S) == IF S = {} THEN 0
               ELSE LET v == CHOOSE x \in S : TRUE IN Power[v] + SumPower(S \ {v})
EqualPower == \A v \in Validators : Power[v] = 1
\* Every subset's power, computed once (TLC evaluates constant definitions at start).
PowerBySet == [S \in SUBSET Validators |-> SumPower(S)]
\* The voting power of a set of validators (its size under equal power).
PowerOf(S) == IF EqualPower THEN Cardinality(S) ELSE PowerBySet[S]
TotalPower == PowerOf(Validators)

\* The one definition of every threshold (src/core/quorum.ts is its twin). F is the
\* largest faulty power tolerated: faulty power < 1/3 of TotalPower, i.e. at most
\* floor((TotalPower - 1) / 3), which is f of n = 3f+1 under equal power. QUORUM,
\* TotalPower - F, is the least power above 2/3 of TotalPower (the paper's 2f+1 for
\* n = 3f+1); any two quorums share more than F. THRESHOLD1, F + 1, holds a correct
\* validator (L55): above 1/3 of TotalPower, or exactly 1/3 when 3 divides it.
\* THRESHOLD2 is the quorum the rules use, smaller only under the "quorum2f" mutant.
F == (TotalPower - 1) \div 3
QUORUM == TotalPower - F
THRESHOLD2 == IF Mutation = "quorum2f" THEN QUORUM - 1 ELSE QUORUM
THRESHOLD1 == F + 1              \* round skip (L55)

Values == ValidValues \cup InvalidValues
NilValue == "nil"
NoValue == "none"
Heights == FirstHeight..MaxHeight
Rounds == 0..MaxRound
Steps == {"propose", "prevote", "precommit", "commit"}
TimeoutKinds == {"propose", "prevote", "precommit"}

ASSUME Corr \cap Faulty = {}
ASSUME Len(Order) = N /\ {Order[i] : i \in 1..Len(Order)} = Validators
ASSUME ValidValues # {} /\ ValidValues \cap InvalidValues = {}
ASSUME NilValue \notin Values /\ NoValue \notin Values
ASSUME FirstHeight \in {0, 1} /\ MaxHeight \in Nat /\ MaxHeight >= FirstHeight /\ MaxRound \in Nat
ASSUME StaleTimeouts \in BOOLEAN /\ Redeliver \in BOOLEAN /\ ByzCommits \in BOOLEAN
\* The seeded bugs: quorum 2f; the design sketch's prevote without the lock check and
\* lock on a quorum of mixed prevotes; an equivocator's vote for a second value not
\* counted (keep-first, the store before the fix of issue 10); a receiver that accepts
\* a COMMIT whose certificate holds THRESHOLD2 - 1 power (one signer short).
Mutations == {"none", "quorum2f", "noLockCheck", "lockOnAnyQuorum", "keepFirstVote",
              "weakCommitCert"}
ASSUME Mutation \in Mutations
ASSUME Power \in [Validators -> Nat \ {0}]
ASSUME ProposerSelection \in {"round-robin", "table", "proposer-priority"}
ASSUME GetValueMode \in {"within-step", "later-event"}
ASSUME OwnMessages \in {"counted-at-once", "delivered-back"}
ASSUME ProposerSelection = "table" =>
         \A h \in Heights : LET row == ProposerTable[h - FirstHeight + 1] IN
                            /\ Len(row) = MaxRound + 1
                            /\ \A i \in 1..MaxRound + 1 : row[i] \in Validators

\* CometBFT's proposer priority for a fixed validator set (docs/contract.md,
\* "Conventions"; src/core/priority.ts is its twin, from CometBFT's "Proposer
\* Selection Procedure"). Every validator starts at priority 0. One run: if the
\* priorities spread over more than 2P (P = TotalPower), divide each by
\* ceil(spread / 2P), truncating; subtract their average, rounded down; add each
\* validator's power; the highest priority wins (a tie: the first in Order) and
\* loses P. Height h, round r is run h - FirstHeight + 1 + r.
RECURSIVE SumOrder(_, _)
SumOrder(f, i) == IF i > N THEN 0 ELSE f[Order[i]] + SumOrder(f, i + 1)
MaxOf(f) == CHOOSE x \in {f[v] : v \in Validators} : \A v \in Validators : x >= f[v]
MinOf(f) == CHOOSE x \in {f[v] : v \in Validators} : \A v \in Validators : x <= f[v]
TruncDiv(a, b) == IF a >= 0 THEN a \div b ELSE -((-a) \div b)       \* toward 0
FloorDiv(a, b) == IF a >= 0 THEN a \div b ELSE -((-a + b - 1) \div b)
\* One run over the powers pw (a function on Validators) from priorities prio.
PriorityRun(pw, prio) ==
  LET total == SumOrder(pw, 1)
      spread == MaxOf(prio) - MinOf(prio)
      scaled == IF spread > 2 * total
                THEN [v \in Validators |-> TruncDiv(prio[v], (spread + 2 * total - 1) \div (2 * total))]
                ELSE prio
      avg == FloorDiv(SumOrder(scaled, 1), N)
      inc == [v \in Validators |-> scaled[v] - avg + pw[v]]
      i == CHOOSE i \in 1..N : /\ inc[Order[i]] = MaxOf(inc)
                               /\ \A j \in 1..(i - 1) : inc[Order[j]] < MaxOf(inc)
  IN  [winner |-> Order[i], prio |-> [inc EXCEPT ![Order[i]] = @ - total]]
RECURSIVE PriorityAfter(_, _)
PriorityAfter(pw, k) ==
  IF k = 0 THEN [winner |-> "none", prio |-> [v \in Validators |-> 0]]
  ELSE PriorityRun(pw, PriorityAfter(pw, k - 1).prio)
\* The winners of the runs that heights and rounds of the model reach (computed once).
PriorityWinners ==
  [k \in 1..(MaxHeight - FirstHeight + 1 + MaxRound) |-> PriorityAfter(Power, k).winner]

\* paper: proposer(h, r): round-robin over Order, the table, or proposer priority
\* (docs/contract.md); all count heights from FirstHeight
RoundRobin(h, r) == Order[((h - FirstHeight + r) % N) + 1]
Proposer(h, r) ==
  CASE ProposerSelection = "table" -> ProposerTable[h - FirstHeight + 1][r + 1]
    [] ProposerSelection = "proposer-priority" -> PriorityWinners[h - FirstHeight + 1 + r]
    [] OTHER -> RoundRobin(h, r)

\* One record shape for every message (docs/contract.md, "Messages").
Msg(type, src, h, r, v, vr, cert) ==
  [type |-> type, src |-> src, height |-> h, round |-> r, value |-> v,
   validRound |-> vr, cert |-> cert]

\* Everything Byzantine validators could send within the bounds; MC files pick
\* a subset as ByzMsgs.
ByzMsgsAll ==
  { m \in { Msg("PROPOSAL", b, h, r, v, vr, {}) :
             b \in Faulty, h \in Heights, r \in Rounds, v \in Values, vr \in -1..MaxRound } :
      m.validRound < m.round }
  \cup { Msg(t, b, h, r, v, -1, {}) :
      t \in {"PREVOTE", "PRECOMMIT"}, b \in Faulty, h \in Heights, r \in Rounds,
      v \in Values \cup {NilValue} }

NoDecision == [value |-> NoValue, round |-> -1, cert |-> {}]

VARIABLES
  params,   \* the constants, echoed once so that every trace file is self-contained
  ps,       \* ps[p]: the local state of correct process p (LocalStates below)
  msgs,     \* every message sent so far (correct and Byzantine)
  event,    \* the event of the last step (history only: for replay)
  outputs,  \* the outputs of the last step, in order (history only)
  fired     \* the handlers and upon-rules of the last step, in order (history only)

vars == <<params, ps, msgs, event, outputs, fired>>

Flags == [prevoteQuorum : BOOLEAN, polka : BOOLEAN, precommitQuorum : BOOLEAN]
NoFlags == [prevoteQuorum |-> FALSE, polka |-> FALSE, precommitQuorum |-> FALSE]
TimeoutRec == [kind : TimeoutKinds, height : Heights, round : Rounds]
\* An outstanding getValue() request (GetValueMode = "later-event").
RequestRec == [height : Heights, round : Rounds]

\* The store's key, and its bound on votes per key (THE LOCAL STORE below).
VoteSlots == 2
IsVote(m) == m.type \in {"PREVOTE", "PRECOMMIT"}
SameKey(m1, m2) ==
  /\ m1.type = m2.type /\ m1.src = m2.src
  /\ m1.height = m2.height /\ m1.round = m2.round

(***************************************************************************)
(* TYPES                                                                   *)
(***************************************************************************)
MsgType ==
  [type : {"PROPOSAL", "PREVOTE", "PRECOMMIT", "COMMIT"}, src : Validators,
   height : Heights, round : Rounds, value : Values \cup {NilValue},
   validRound : -1..MaxRound, cert : SUBSET Validators]

DecisionType ==
  {NoDecision} \cup [value : Values, round : Rounds, cert : SUBSET Validators]

LocalStateOK(ls) ==
  /\ ls.height \in FirstHeight - 1..MaxHeight
  /\ ls.round \in Rounds
  /\ ls.step \in Steps
  /\ ls.lockedValue \in Values \cup {NoValue}
  /\ ls.lockedRound \in -1..MaxRound
  /\ ls.validValue \in Values \cup {NoValue}
  /\ ls.validRound \in -1..MaxRound
  /\ ls.decisions \in [Heights -> DecisionType]
  /\ ls.flags \in Flags
  /\ ls.store \subseteq MsgType
  /\ \A m \in ls.store :                  \* the store's bound (receive step 4)
        Cardinality({x \in ls.store : SameKey(x, m)}) <= IF IsVote(m) THEN VoteSlots ELSE 1
  /\ ls.timeouts \subseteq TimeoutRec
  /\ ls.asked \subseteq RequestRec

TypeOK ==
  /\ \A p \in Corr : LocalStateOK(ps[p])
  /\ msgs \subseteq MsgType
  /\ fired \in Seq(STRING)

(***************************************************************************)
(* THE LOCAL STORE                                                         *)
(* Per (type, src, height, round): one PROPOSAL or COMMIT, and at most     *)
(* VoteSlots votes, each for a different value. The paper counts distinct *)
(* senders per value (lines 28, 36, 49), so an equivocator counts towards  *)
(* each value it voted for; the bound keeps a Byzantine sender from        *)
(* filling memory with votes for many values. Queries read the current    *)
(* height only.                                                            *)
(***************************************************************************)
SameContent(m1, m2) ==
  IF m1.type = "COMMIT" THEN m1.value = m2.value
  ELSE m1.value = m2.value /\ m1.validRound = m2.validRound

\* The proposal of (current height, r) from its proposer: a set of 0 or 1 message.
ProposalsIn(ls, r) ==
  {m \in ls.store : m.type = "PROPOSAL" /\ m.height = ls.height /\ m.round = r
                    /\ m.src = Proposer(ls.height, r)}

VotesFor(ls, type, r, v) ==
  {m \in ls.store : m.type = type /\ m.height = ls.height /\ m.round = r /\ m.value = v}

VotesAny(ls, type, r) ==
  {m \in ls.store : m.type = type /\ m.height = ls.height /\ m.round = r}

\* Distinct senders of votes of any value (lines 34, 47): an equivocator counts once.
VotersAny(ls, type, r) == {m.src : m \in VotesAny(ls, type, r)}

\* The power of the senders of a set of messages (of votes for one value: each
\* sender once, so under equal power their number).
VotePower(M) == PowerOf({m.src : m \in M})

\* Distinct senders of PROPOSAL, PREVOTE or PRECOMMIT in (current height, r) (L55).
SendersIn(ls, r) ==
  {m.src : m \in {x \in ls.store : x.type # "COMMIT" /\ x.height = ls.height /\ x.round = r}}

RoundsWithMessages(ls) == {m.round : m \in {x \in ls.store : x.height = ls.height}}

Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max(S) == CHOOSE x \in S : \A y \in S : x >= y

(***************************************************************************)
(* THE CONTEXT OF ONE STEP                                                 *)
(* A record [ls, out, fired, gv, used]: the local state being updated, the *)
(* outputs and rule names so far, the event's getValue() answer, and      *)
(* whether it was used (within the step, or by a ProposeValue event).     *)
(***************************************************************************)
Fire(c, name) == [c EXCEPT !.fired = Append(@, name)]
Out(c, o) == [c EXCEPT !.out = Append(@, o)]

\* Broadcast: output the message and store it at once (contract), or leave it to be
\* delivered back (OwnMessages = "delivered-back").
Broadcast(c, type, v, vr) ==
  LET m == Msg(type, c.self, c.ls.height, c.ls.round, v, vr, {})
  IN  [c EXCEPT !.ls.store = IF OwnMessages = "delivered-back" THEN @ ELSE @ \cup {m},
                !.out = Append(@, [kind |-> "broadcast", msg |-> m])]

ScheduleTimeout(c, kind) ==
  LET t == [kind |-> kind, height |-> c.ls.height, round |-> c.ls.round]
  IN  [c EXCEPT !.ls.timeouts = @ \cup {t},
                !.out = Append(@, [kind |-> "scheduleTimeout", timeout |-> kind,
                                   height |-> t.height, round |-> t.round])]

\* lines 11-21
StartRound(c, r) ==
  LET c1 == [Fire(c, "StartRound") EXCEPT !.ls.round = r,          \* line 12
                                          !.ls.step = "propose",   \* line 13
                                          !.ls.flags = NoFlags]
  IN  IF Proposer(c1.ls.height, r) = c1.self                       \* line 14
      THEN IF c1.ls.validValue # NoValue                           \* lines 15-18
           THEN Broadcast(c1, "PROPOSAL", c1.ls.validValue, c1.ls.validRound)  \* line 19
           ELSE IF GetValueMode = "later-event"                    \* ask; line 19 later
           THEN LET q == [height |-> c1.ls.height, round |-> r] IN
                [c1 EXCEPT !.ls.asked = @ \cup {q},
                           !.out = Append(@, [kind |-> "getValue", height |-> q.height,
                                              round |-> q.round])]
           ELSE Broadcast([c1 EXCEPT !.used = TRUE], "PROPOSAL", c1.gv, c1.ls.validRound)
      ELSE ScheduleTimeout(c1, "propose")                          \* line 21

Decide(c, v, r, cert) ==
  [c EXCEPT !.ls.decisions[c.ls.height] = [value |-> v, round |-> r, cert |-> cert],
            !.ls.step = "commit",
            !.out = Append(@, [kind |-> "decide", height |-> c.ls.height, value |-> v,
                               round |-> r, cert |-> cert])]

(***************************************************************************)
(* THE UPON-RULES (docs/contract.md, "The reaction", in that order)        *)
(* Each has an enabling condition En<Name>(c) and an effect <Name>(c).     *)
(***************************************************************************)
Undecided(ls) == ls.step # "commit" /\ ls.decisions[ls.height] = NoDecision

\* lines 49-54: rounds with a valid proposal and 2f+1 precommits for its value
DecisionRounds(ls) ==
  {r \in RoundsWithMessages(ls) :
     \E m \in ProposalsIn(ls, r) :
        /\ m.value \in ValidValues                                       \* line 50
        /\ VotePower(VotesFor(ls, "PRECOMMIT", r, m.value)) >= THRESHOLD2}
EnUponProposalAndPrecommitValue(c) == Undecided(c.ls) /\ DecisionRounds(c.ls) # {}
UponProposalAndPrecommitValue(c) ==
  LET r == Min(DecisionRounds(c.ls))          \* the smallest such round (contract)
      m == CHOOSE x \in ProposalsIn(c.ls, r) : TRUE
      cert == {x.src : x \in VotesFor(c.ls, "PRECOMMIT", r, m.value)}
  IN  Decide(Fire(c, "UponProposalAndPrecommitValue"), m.value, r, cert)   \* line 51

\* height synchronization: a stored COMMIT of the current height decides
CommitsIn(ls) == {m \in ls.store : m.type = "COMMIT" /\ m.height = ls.height}
EnUponCommit(c) == Undecided(c.ls) /\ CommitsIn(c.ls) # {}
UponCommit(c) ==
  LET r == Min({m.round : m \in CommitsIn(c.ls)})
      i == Min({j \in 1..N : \E m \in CommitsIn(c.ls) : m.round = r /\ m.src = Order[j]})
      m == CHOOSE x \in CommitsIn(c.ls) : x.round = r /\ x.src = Order[i]
  IN  Decide(Fire(c, "UponCommit"), m.value, m.round, m.cert)

\* lines 55-56: f+1 senders in a higher round: start the largest such round
SkipRounds(ls) ==
  {r \in RoundsWithMessages(ls) : r > ls.round /\ PowerOf(SendersIn(ls, r)) >= THRESHOLD1}
EnUponFPlusOneHigherRound(c) == c.ls.step # "commit" /\ SkipRounds(c.ls) # {}
UponFPlusOneHigherRound(c) ==
  StartRound(Fire(c, "UponFPlusOneHigherRound"), Max(SkipRounds(c.ls)))   \* line 56

\* lines 22-27
EnUponProposalInPropose(c) ==
  /\ c.ls.step = "propose"
  /\ \E m \in ProposalsIn(c.ls, c.ls.round) : m.validRound = -1
UponProposalInPropose(c) ==
  LET m == CHOOSE x \in ProposalsIn(c.ls, c.ls.round) : TRUE
      ok == /\ m.value \in ValidValues                                   \* line 23
            /\ \/ Mutation = "noLockCheck"
               \/ c.ls.lockedRound = -1 \/ c.ls.lockedValue = m.value
      c1 == Broadcast(Fire(c, "UponProposalInPropose"), "PREVOTE",
                      IF ok THEN m.value ELSE NilValue, -1)               \* lines 24, 26
  IN  [c1 EXCEPT !.ls.step = "prevote"]                                  \* line 27

\* lines 28-33
EnUponProposalInProposeAndPrevote(c) ==
  /\ c.ls.step = "propose"
  /\ \E m \in ProposalsIn(c.ls, c.ls.round) :
        /\ m.validRound >= 0 /\ m.validRound < c.ls.round                  \* line 28
        /\ VotePower(VotesFor(c.ls, "PREVOTE", m.validRound, m.value)) >= THRESHOLD2
UponProposalInProposeAndPrevote(c) ==
  LET m == CHOOSE x \in ProposalsIn(c.ls, c.ls.round) : TRUE
      ok == /\ m.value \in ValidValues                                   \* line 29
            /\ \/ Mutation = "noLockCheck"
               \/ c.ls.lockedRound <= m.validRound \/ c.ls.lockedValue = m.value
      c1 == Broadcast(Fire(c, "UponProposalInProposeAndPrevote"), "PREVOTE",
                      IF ok THEN m.value ELSE NilValue, -1)               \* lines 30, 32
  IN  [c1 EXCEPT !.ls.step = "prevote"]                                  \* line 33

\* lines 34-35
EnUponQuorumPrevotesAny(c) ==
  /\ c.ls.step = "prevote" /\ ~c.ls.flags.prevoteQuorum
  /\ PowerOf(VotersAny(c.ls, "PREVOTE", c.ls.round)) >= THRESHOLD2
UponQuorumPrevotesAny(c) ==
  ScheduleTimeout([Fire(c, "UponQuorumPrevotesAny") EXCEPT !.ls.flags.prevoteQuorum = TRUE],
                  "prevote")                                             \* line 35

\* lines 36-43: the polka is counted per value (the design sketch counted any
\* prevotes: Mutation "lockOnAnyQuorum")
Polka(ls, v) ==
  IF Mutation = "lockOnAnyQuorum"
  THEN PowerOf(VotersAny(ls, "PREVOTE", ls.round)) >= THRESHOLD2
  ELSE VotePower(VotesFor(ls, "PREVOTE", ls.round, v)) >= THRESHOLD2
EnUponProposalInPrevoteOrCommitAndPrevote(c) ==
  /\ c.ls.step \in {"prevote", "precommit"} /\ ~c.ls.flags.polka
  /\ \E m \in ProposalsIn(c.ls, c.ls.round) :
        m.value \in ValidValues /\ Polka(c.ls, m.value)                 \* line 36
UponProposalInPrevoteOrCommitAndPrevote(c) ==
  LET m == CHOOSE x \in ProposalsIn(c.ls, c.ls.round) : TRUE
      c0 == [Fire(c, "UponProposalInPrevoteOrCommitAndPrevote") EXCEPT !.ls.flags.polka = TRUE]
      c1 == IF c0.ls.step = "prevote"                                    \* line 37
            THEN [Broadcast([c0 EXCEPT !.ls.lockedValue = m.value,        \* line 38
                                       !.ls.lockedRound = c0.ls.round],  \* line 39
                            "PRECOMMIT", m.value, -1)                    \* line 40
                  EXCEPT !.ls.step = "precommit"]                        \* line 41
            ELSE c0
  IN  [c1 EXCEPT !.ls.validValue = m.value,                              \* line 42
                 !.ls.validRound = c1.ls.round]                          \* line 43

\* lines 44-46
EnUponQuorumPrevotesNil(c) ==
  /\ c.ls.step = "prevote"
  /\ VotePower(VotesFor(c.ls, "PREVOTE", c.ls.round, NilValue)) >= THRESHOLD2
UponQuorumPrevotesNil(c) ==
  [Broadcast(Fire(c, "UponQuorumPrevotesNil"), "PRECOMMIT", NilValue, -1)  \* line 45
   EXCEPT !.ls.step = "precommit"]                                        \* line 46

\* lines 47-48
EnUponQuorumPrecommitsAny(c) ==
  /\ c.ls.step # "commit" /\ ~c.ls.flags.precommitQuorum
  /\ PowerOf(VotersAny(c.ls, "PRECOMMIT", c.ls.round)) >= THRESHOLD2
UponQuorumPrecommitsAny(c) ==
  ScheduleTimeout([Fire(c, "UponQuorumPrecommitsAny") EXCEPT !.ls.flags.precommitQuorum = TRUE],
                  "precommit")                                           \* line 48

\* The reaction: fire the first enabled rule, until none is enabled.
RECURSIVE React(_)
React(c) ==
  IF c.ls.step = "commit" THEN c
  ELSE IF EnUponProposalAndPrecommitValue(c) THEN React(UponProposalAndPrecommitValue(c))
  ELSE IF EnUponCommit(c) THEN React(UponCommit(c))
  ELSE IF EnUponFPlusOneHigherRound(c) THEN React(UponFPlusOneHigherRound(c))
  ELSE IF EnUponProposalInPropose(c) THEN React(UponProposalInPropose(c))
  ELSE IF EnUponProposalInProposeAndPrevote(c) THEN React(UponProposalInProposeAndPrevote(c))
  ELSE IF EnUponQuorumPrevotesAny(c) THEN React(UponQuorumPrevotesAny(c))
  ELSE IF EnUponProposalInPrevoteOrCommitAndPrevote(c)
       THEN React(UponProposalInPrevoteOrCommitAndPrevote(c))
  ELSE IF EnUponQuorumPrevotesNil(c) THEN React(UponQuorumPrevotesNil(c))
  ELSE IF EnUponQuorumPrecommitsAny(c) THEN React(UponQuorumPrecommitsAny(c))
  ELSE c

(***************************************************************************)
(* EVENT HANDLERS                                                          *)
(***************************************************************************)
NewCtx(p, gv) == [self |-> p, ls |-> ps[p], out |-> <<>>, fired |-> <<>>, gv |-> gv, used |-> FALSE]

\* lines 10, 54: begin height h with fresh per-height state
StartHeightCtx(c, h) ==
  StartRound([Fire(c, "StartHeight") EXCEPT
                !.ls.height = h, !.ls.lockedValue = NoValue, !.ls.lockedRound = -1,
                !.ls.validValue = NoValue, !.ls.validRound = -1, !.ls.flags = NoFlags,
                \* h - 1 is kept for late evidence; only the faulty senders' messages
                \* of it, since correct ones never equivocate (NoEquivocation)
                !.ls.store = {m \in @ : m.height >= h \/ (m.height = h - 1 /\ m.src \in Faulty)}], 0)

IsStale(ls, t) ==
  \/ t.height # ls.height \/ t.round # ls.round
  \/ t.kind = "propose" /\ ls.step # "propose"
  \/ t.kind = "prevote" /\ ls.step # "prevote"
  \/ t.kind = "precommit" /\ ls.step = "commit"

\* The answer to a getValue() request of round q.round (GetValueMode = "later-event"):
\* line 19 with the event's value, if the process is still proposing in that round;
\* otherwise stale, recorded as fired, no effect (as a stale timeout).
IsStaleRequest(ls, q) == q.height # ls.height \/ q.round # ls.round \/ ls.step # "propose"
ProposeValueCtx(c, q) ==
  LET c0 == Fire([c EXCEPT !.ls.asked = @ \ {q}], "ProposeValue") IN
  IF IsStaleRequest(c0.ls, q) THEN c0
  ELSE Broadcast([c0 EXCEPT !.used = TRUE], "PROPOSAL", c0.gv, c0.ls.validRound)   \* line 19

\* lines 57-67 (a stale timeout is recorded as fired and does nothing)
OnTimeoutCtx(c, t) ==
  IF t.kind = "propose" THEN
    LET c0 == Fire(c, "OnTimeoutPropose") IN
    IF IsStale(c0.ls, t) THEN c0
    ELSE [Broadcast(c0, "PREVOTE", NilValue, -1) EXCEPT !.ls.step = "prevote"]     \* lines 58-59
  ELSE IF t.kind = "prevote" THEN
    LET c0 == Fire(c, "OnTimeoutPrevote") IN
    IF IsStale(c0.ls, t) THEN c0
    ELSE [Broadcast(c0, "PRECOMMIT", NilValue, -1) EXCEPT !.ls.step = "precommit"] \* lines 62-63
  ELSE
    LET c0 == Fire(c, "OnTimeoutPrecommit") IN
    IF IsStale(c0.ls, t) THEN c0 ELSE StartRound(c0, t.round + 1)                 \* line 66

\* Receiving a message (docs/contract.md, "Receiving a message").
Evidence(c, first, m) ==
  Out(c, [kind |-> "evidence", src |-> m.src, type |-> m.type, height |-> m.height,
          round |-> m.round, first |-> first, second |-> m])
ReceiveCtx(c, m) ==
  LET c0 == Fire(c, "Receive")
      ls == c0.ls
      taken == {x \in ls.store : SameKey(x, m)}
  IN  IF \/ m.height < ls.height
         \/ m.height = ls.height /\ ls.step = "commit"             \* 1. past height
      THEN \* a decided height still stored (this one, or h - 1): a message that
           \* conflicts with the one stored under its key is evidence (as in 4.
           \* below), never stored; a sender that already equivocated there (two
           \* votes stored) gave its evidence then
           IF /\ m.type # "COMMIT" /\ Cardinality(taken) = 1
              /\ ~SameContent(CHOOSE x \in taken : TRUE, m)
           THEN Evidence(c0, CHOOSE x \in taken : TRUE, m) ELSE c0
      ELSE IF m.type = "PROPOSAL" /\ m.src # Proposer(m.height, m.round)  \* 2. not proposer
      THEN c0
      ELSE IF \E x \in taken : SameContent(x, m) THEN c0           \* 4. duplicate
      ELSE IF taken = {} THEN [c0 EXCEPT !.ls.store = @ \cup {m}]   \* 5. store
      ELSE IF IsVote(m) /\ Mutation # "keepFirstVote"
      THEN IF Cardinality(taken) < VoteSlots                          \* 4. a vote for a
           THEN Evidence([c0 EXCEPT !.ls.store = @ \cup {m}],        \*    second value:
                         CHOOSE x \in taken : TRUE, m)                \*    stored, counted
           ELSE c0                                                    \*    beyond: dropped
      ELSE Evidence(c0, CHOOSE x \in taken : TRUE, m)   \* 4. conflicting PROPOSAL/COMMIT

(***************************************************************************)
(* INIT AND NEXT                                                           *)
(***************************************************************************)
InitLocal ==
  [height |-> FirstHeight - 1, round |-> 0, step |-> "commit",
   lockedValue |-> NoValue, lockedRound |-> -1,
   validValue |-> NoValue, validRound |-> -1,
   decisions |-> [h \in Heights |-> NoDecision],
   flags |-> NoFlags, store |-> {}, timeouts |-> {}, asked |-> {}]

Params ==
  [validators |-> Order, correct |-> Corr, faulty |-> Faulty, validValues |-> ValidValues,
   invalidValues |-> InvalidValues, maxHeight |-> MaxHeight, maxRound |-> MaxRound,
   \* the conventions (docs/contract.md): power per validator, the proposer table
   \* (proposer[h - firstHeight + 1][r + 1]) or "round-robin", and the first height
   power |-> Power,
   proposer |-> IF ProposerSelection = "table" THEN ProposerTable ELSE ProposerSelection,
   firstHeight |-> FirstHeight, getValue |-> GetValueMode, ownMessages |-> OwnMessages]

Init ==
  /\ params = Params
  /\ ps = [p \in Corr |-> InitLocal]
  /\ msgs = ByzMsgs
  /\ event = [kind |-> "Init"]
  /\ outputs = <<>>
  /\ fired = <<>>

\* Ends a step of process p: the reaction r (already computed), the new state
\* and the history.
Finish(p, r, ev) ==
  LET ls == IF StaleTimeouts THEN r.ls
            ELSE [r.ls EXCEPT !.timeouts = {t \in @ : ~IsStale(r.ls, t)},
                              !.asked = {q \in @ : ~IsStaleRequest(r.ls, q)}]
  IN  /\ UNCHANGED params
      /\ ps' = [ps EXCEPT ![p] = ls]
      /\ msgs' = msgs \cup {r.out[i].msg : i \in {j \in DOMAIN r.out : r.out[j].kind = "broadcast"}}
      /\ event' = [ev EXCEPT !.value = IF r.used THEN r.gv ELSE NoValue]
      /\ outputs' = r.out
      /\ fired' = r.fired

\* getValue() is a choice of the environment, but only when the reaction calls it:
\* the reaction runs once with a probe value, and again for every valid value only
\* if the probe was used (so unused choices cost nothing).
Probe == CHOOSE v \in ValidValues : TRUE
Step(p, Handler(_), ev) ==
  LET r0 == React(Handler(NewCtx(p, Probe))) IN
  IF ~r0.used THEN Finish(p, r0, ev)
  ELSE \E v \in ValidValues : Finish(p, React(Handler(NewCtx(p, v))), ev)

StartHeight(p, h) ==
  /\ ps[p].step = "commit" /\ ps[p].height = h - 1 /\ h <= MaxHeight
  /\ LET H(c) == StartHeightCtx(c, h)
     IN  Step(p, H, [kind |-> "StartHeight", p |-> p, height |-> h, value |-> NoValue])

\* COMMIT messages of height synchronization, made from correct decisions.
CommitMsgs ==
  {Msg("COMMIT", q, h, ps[q].decisions[h].round, ps[q].decisions[h].value, -1,
       ps[q].decisions[h].cert) :
     <<q, h>> \in {<<x, y>> \in Corr \X Heights : ps[x].decisions[y] # NoDecision}}

\* The senders of PRECOMMIT(h, r, v) in the network: sent by a correct process, or in
\* the Byzantine pool ByzMsgs.
PrecommitSenders(h, r, v) ==
  {m.src : m \in {x \in msgs : /\ x.type = "PRECOMMIT" /\ x.height = h
                               /\ x.round = r /\ x.value = v}}

\* The power a COMMIT's certificate must hold for a receiver to accept it (the core's
\* checkCertificate, src/core/crypto.ts); one short under the "weakCommitCert" mutant.
CertPower == IF Mutation = "weakCommitCert" THEN THRESHOLD2 - 1 ELSE THRESHOLD2

\* Every valid certificate for (h, r, v): precommit senders of CertPower together.
ValidCerts(h, r, v) == {S \in SUBSET PrecommitSenders(h, r, v) : PowerOf(S) >= CertPower}

\* Every COMMIT a faulty validator can sign whose certificate is valid (ByzCommits =
\* TRUE), of any height, round and value, before or after any correct decision.
ByzCommitMsgsAll ==
  IF ~ByzCommits THEN {}
  ELSE UNION {{Msg("COMMIT", b, h, r, v, -1, S) : S \in ValidCerts(h, r, v)} :
                <<b, h, r, v>> \in Faulty \X Heights \X Rounds \X Values}

\* The faulty validators' COMMITs the network offers: one per (sender, height, round,
\* value) that has a valid certificate, with the largest one, every sender of such a
\* PRECOMMIT (the certificate line 51 builds from a full store). Sound for every
\* property checked here (docs/spec.md, "Byzantine COMMITs"): no guard reads a
\* COMMIT's certificate (receive compares a COMMIT's value, UponCommit its round and
\* sender), a decision and CommitMsgs only copy it, and DecisionBacked holds for every
\* valid one by construction; so the states of ByzCommitMsgsAll and of this set are
\* the same once certificates are erased (measured: certs-largest, certs-all).
ByzCommitMsgs ==
  IF ~ByzCommits THEN {}
  ELSE {Msg("COMMIT", k[1], k[2], k[3], k[4], -1, PrecommitSenders(k[2], k[3], k[4])) :
          k \in {x \in Faulty \X Heights \X Rounds \X Values :
                    PowerOf(PrecommitSenders(x[2], x[3], x[4])) >= CertPower}}

\* A process's own messages reach it only when delivered back (its COMMITs never:
\* it has decided that height).
Deliver(p, m) ==
  /\ m.src # p \/ (OwnMessages = "delivered-back" /\ m.type # "COMMIT")
  /\ Redeliver \/ m \notin ps[p].store
  /\ LET H(c) == ReceiveCtx(c, m)
     IN  Step(p, H, [kind |-> "Deliver", p |-> p, msg |-> m, value |-> NoValue])

Timeout(p, t) ==
  /\ ~(t.kind = "precommit" /\ t.round = MaxRound)   \* rounds are bounded
  /\ LET H(c) == OnTimeoutCtx([c EXCEPT !.ls.timeouts = @ \ {t}], t)
     IN  Step(p, H, [kind |-> "Timeout", p |-> p, timeout |-> t.kind, height |-> t.height,
                     round |-> t.round, value |-> NoValue])

\* The environment answers an outstanding getValue() request (GetValueMode = "later-event").
ProposeValue(p, q) ==
  LET H(c) == ProposeValueCtx(c, q)
  IN  Step(p, H, [kind |-> "ProposeValue", p |-> p, height |-> q.height, round |-> q.round,
                  value |-> NoValue])

\* What the network can deliver: every message sent, the COMMITs of correct decisions,
\* and the faulty validators' COMMITs (ByzCommits = TRUE).
Network == msgs \cup CommitMsgs \cup ByzCommitMsgs

Next ==
  LET net == Network IN   \* computed once per state, not once per process
  \E p \in Corr :
     \/ \E h \in Heights : StartHeight(p, h)
     \/ \E m \in net : Deliver(p, m)
     \/ \E t \in ps[p].timeouts : Timeout(p, t)
     \/ \E q \in ps[p].asked : ProposeValue(p, q)

Spec == Init /\ [][Next]_vars

(***************************************************************************)
(* PROPERTIES                                                              *)
(***************************************************************************)
Decided(p, h) == ps[p].decisions[h] # NoDecision

\* No two correct processes decide differently at a height.
Agreement ==
  \A p, q \in Corr, h \in Heights :
    Decided(p, h) /\ Decided(q, h) => ps[p].decisions[h].value = ps[q].decisions[h].value

\* Decided values are valid and were proposed at that height.
Validity ==
  \A p \in Corr, h \in Heights :
    Decided(p, h) =>
      /\ ps[p].decisions[h].value \in ValidValues
      /\ \E m \in msgs : m.type = "PROPOSAL" /\ m.height = h /\ m.value = ps[p].decisions[h].value

\* Every decision carries precommits of QUORUM power (n - f of them under equal power)
\* for its value in its round, all sent.
DecisionBacked ==
  \A p \in Corr, h \in Heights :
    Decided(p, h) =>
      LET d == ps[p].decisions[h] IN
      /\ PowerOf(d.cert) >= QUORUM
      /\ \A s \in d.cert : Msg("PRECOMMIT", s, h, d.round, d.value, -1, {}) \in msgs

\* A correct process never sends two different messages of one type in one round.
NoEquivocation ==
  \A m1, m2 \in msgs :
    (m1.src \in Corr /\ m1.type # "COMMIT" /\ SameKey(m1, m2)) => m1 = m2

\* A lock is always backed by the process's own precommit, and by a polka.
LockConsistent ==
  \A p \in Corr :
    LET ls == ps[p] IN
    /\ (ls.lockedRound = -1) <=> (ls.lockedValue = NoValue)
    /\ (ls.validRound = -1) <=> (ls.validValue = NoValue)
    /\ ls.lockedRound <= ls.validRound
    /\ ls.lockedRound >= 0 =>
         /\ Msg("PRECOMMIT", p, ls.height, ls.lockedRound, ls.lockedValue, -1, {}) \in msgs
         /\ VotePower({m \in msgs : m.type = "PREVOTE" /\ m.height = ls.height
                                    /\ m.round = ls.lockedRound /\ m.value = ls.lockedValue})
              >= THRESHOLD2

\* Within a height, the lock only moves to a later round, and to a value with a
\* polka in that round (lines 36-43); StartHeight resets it.
LockChangesOnlyOnPOL ==
  [][\A p \in Corr :
       ps'[p].height = ps[p].height =>
         \/ ps'[p].lockedValue = ps[p].lockedValue /\ ps'[p].lockedRound = ps[p].lockedRound
         \/ /\ ps'[p].lockedRound > ps[p].lockedRound
            /\ VotePower({m \in msgs' : m.type = "PREVOTE" /\ m.height = ps[p].height
                                       /\ m.round = ps'[p].lockedRound
                                       /\ m.value = ps'[p].lockedValue}) >= THRESHOLD2
    ]_vars

(***************************************************************************)
(* FALSE INVARIANTS: witnesses. Each claims that something never happens; *)
(* TLC violates it, and the counterexample is a trace worth replaying.     *)
(***************************************************************************)
\* A decision: the basic run.
NeverDecide == \A p \in Corr, h \in Heights : ~Decided(p, h)

\* A decision in a round > 0: timeouts, a new proposer, maybe a re-proposal.
NeverDecideAfterRound0 ==
  \A p \in Corr, h \in Heights : Decided(p, h) => ps[p].decisions[h].round = 0

\* A lock replaced by a later POL: a process precommits two different values.
NeverRelock ==
  \A p \in Corr : \A m1, m2 \in msgs :
    (/\ m1.src = p /\ m2.src = p /\ m1.type = "PRECOMMIT" /\ m2.type = "PRECOMMIT"
     /\ m1.height = m2.height /\ m1.value # NilValue /\ m2.value # NilValue) => m1.value = m2.value

\* A locked process refuses a fresh proposal of another value in a later round
\* (line 23: it prevotes nil).
NeverRefuseForLock ==
  ~(/\ event.kind = "Deliver" /\ event.msg.type = "PROPOSAL"
    /\ LET ls == ps[event.p] IN
         /\ ls.lockedRound >= 0 /\ event.msg.value # ls.lockedValue
         /\ event.msg.round > ls.lockedRound
         /\ \E i \in DOMAIN outputs :
               outputs[i].kind = "broadcast" /\ outputs[i].msg.type = "PREVOTE"
               /\ outputs[i].msg.value = NilValue)

\* A round skip on f+1 messages of a higher round.
NeverSkipRound == \A i \in DOMAIN fired : fired[i] # "UponFPlusOneHigherRound"

\* A catch-up through a COMMIT (height synchronization).
NeverCatchUp == \A i \in DOMAIN fired : fired[i] # "UponCommit"

\* A decision through a faulty validator's COMMIT at a height no other correct process
\* has decided: the certificate reached the receiver before any correct decision did
\* (ByzCommits = TRUE).
NeverDecideOnByzCommitFirst ==
  ~(/\ event.kind = "Deliver" /\ event.msg.type = "COMMIT" /\ event.msg.src \in Faulty
    /\ \E i \in DOMAIN fired : fired[i] = "UponCommit"
    /\ \A q \in Corr \ {event.p} : ~Decided(q, event.msg.height))

\* An equivocating Byzantine proposer seen by a correct process.
NeverSeeEquivocatingProposer ==
  \A i \in DOMAIN outputs : ~(outputs[i].kind = "evidence" /\ outputs[i].type = "PROPOSAL")

\* A re-proposal prevoted on its POL (lines 28-33).
NeverPrevoteOnPOL == \A i \in DOMAIN fired : fired[i] # "UponProposalInProposeAndPrevote"

\* A propose timeout of an earlier round fires while the process proposes in a later
\* round (it must do nothing: lines 57-60 check the round).
NeverStaleProposeTimeout ==
  ~(/\ event.kind = "Timeout" /\ event.timeout = "propose"
    /\ event.round < ps[event.p].round /\ ps[event.p].step = "propose")

\* A precommit timeout of an earlier round fires after the process moved on to a
\* later round of the same height (it must do nothing: line 65 checks the round).
NeverStalePrecommitTimeout ==
  ~(/\ event.kind = "Timeout" /\ event.timeout = "precommit"
    /\ event.height = ps[event.p].height /\ event.round < ps[event.p].round
    /\ ps[event.p].step # "commit"
    /\ outputs = <<>>)   \* stale: a timeout that starts the next round has outputs

\* A correct process that did not prevote v in round vr itself prevotes a re-proposal
\* of v on its POL of round vr (lines 28-30), and the POL needs the vote of a
\* validator that also voted for something else in round vr.
NeverPOLWithEquivocator ==
  ~(/\ \E i \in DOMAIN fired : fired[i] = "UponProposalInProposeAndPrevote"
    /\ LET ls == ps[event.p]
           m == CHOOSE x \in ProposalsIn(ls, ls.round) : TRUE
           pol == VotesFor(ls, "PREVOTE", m.validRound, m.value)
       IN  /\ VotePower(pol) = THRESHOLD2
           /\ \A x \in pol : x.src # event.p
           /\ \E x \in pol, y \in VotesAny(ls, "PREVOTE", m.validRound) :
                 x.src = y.src /\ x.value # y.value
           /\ Msg("PREVOTE", event.p, ls.height, ls.round, m.value, -1, {}) \in ls.store)

\* A decision for an earlier round than the process's current one: the precommits of
\* the proposal's round r decide (line 49), not those of the current round.
NeverDecidePastRound ==
  \A p \in Corr, h \in Heights :
    Decided(p, h) /\ ps[p].height = h => ps[p].decisions[h].round = ps[p].round

\* A decision whose certificate has fewer than n - f signers: possible only with
\* unequal voting power (the quorum is counted by power).
NeverDecideWithFewSigners ==
  \A p \in Corr, h \in Heights :
    Decided(p, h) => Cardinality(ps[p].decisions[h].cert) >= N - (N - 1) \div 3

\* A decision on a proposal of a validator that is not round-robin's proposer of its
\* (height, round): possible only with a proposer table.
NeverDecideOffRoundRobin ==
  \A p \in Corr, h \in Heights :
    Decided(p, h) => Proposer(h, ps[p].decisions[h].round) = RoundRobin(h, ps[p].decisions[h].round)

\* A process that precommitted a value in round 0 decides in round 2 (its lock of
\* round 0 did not stop the decision two rounds later).
NeverDecideRound2AfterLock0 ==
  \A p \in Corr, h \in Heights :
    ~(/\ Decided(p, h) /\ ps[p].decisions[h].round = 2
      /\ \E m \in msgs : /\ m.type = "PRECOMMIT" /\ m.src = p /\ m.height = h
                         /\ m.round = 0 /\ m.value # NilValue)

\* A process locked in round vr + 1 refuses a re-proposal of another value whose POL
\* is of round vr (line 29: lockedRound <= vr fails by one round): it prevotes nil.
NeverRefusePOLOneRoundOld ==
  ~(/\ \E i \in DOMAIN fired : fired[i] = "UponProposalInProposeAndPrevote"
    /\ LET ls == ps[event.p]
           m == CHOOSE x \in ProposalsIn(ls, ls.round) : TRUE
       IN  /\ ls.lockedRound = m.validRound + 1 /\ ls.lockedValue # m.value
           /\ Msg("PREVOTE", event.p, ls.height, ls.round, NilValue, -1, {}) \in ls.store)

\* A second height decided.
NeverDecideHeight2 == \A p \in Corr : MaxHeight >= 2 => ~Decided(p, 2)

\* A decision by a process that stored its own precommit through a Deliver event of
\* its own (OwnMessages = "delivered-back").
NeverDecideOwnDelivered ==
  ~(/\ event.kind = "Deliver" /\ event.msg.src = event.p
    /\ \E i \in DOMAIN outputs : outputs[i].kind = "decide")

\* The height after the first decided (with first height 0: height 1).
NeverDecideSecondHeight ==
  \A p \in Corr : FirstHeight + 1 <= MaxHeight => ~Decided(p, FirstHeight + 1)

(***************************************************************************)
(* VIEW: the history variables do not influence behaviour.                 *)
(***************************************************************************)
StateView == <<ps, msgs>>
=============================================================================
