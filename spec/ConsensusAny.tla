------------------------------ MODULE ConsensusAny ------------------------------
(***************************************************************************)
(* The paper's verdict in the model: every reaction Algorithm 1 allows     *)
(* from a state to one event, where Consensus.tla's React takes the one    *)
(* the contract fixes (docs/spec.md, "The paper verdict in the model";     *)
(* docs/contract.md, "What the verdict allows"). src/conformance/verdict/  *)
(* reactions.ts is its twin, and test/validate/verdict-twin.test.ts holds   *)
(* the two to the same verdicts on recorded runs.                          *)
(*                                                                         *)
(* The freedoms of the reaction itself taken here (freedoms.ts names):     *)
(*  - rule-order: the upon-rules of lines 22-56 carry no order; any        *)
(*    enabled rule may fire next, until none is enabled.                   *)
(*  - decision-round: line 49 decides in any round r with a valid proposal *)
(*    and 2f+1 precommits for it (the contract: the smallest).             *)
(*  - commit-choice: UponCommit (height sync, not in the paper) decides on *)
(*    any stored COMMIT of the height (the contract: the smallest round,   *)
(*    then the first sender in Order).                                     *)
(*  - skip-round: line 55 starts any higher round with f+1 senders (the    *)
(*    contract: the largest).                                              *)
(*  - certificate-subset: a decision (line 49 or UponCommit) carries any   *)
(*    set of validators whose PRECOMMIT the process holds, of QUORUM power *)
(*    (the contract: every holder of a stored precommit, or the COMMIT's). *)
(* and, at receipt (ReceiveAny): votes-beyond-slots, proposal-choice;     *)
(* and, in how a step is compared (TraceConsensus.tla, Verdict = "paper"): *)
(*  - output-order: the outputs of one step leave together, so they are    *)
(*    compared as a multiset (SameBag).                                    *)
(* Not taken here, though the TypeScript judgment takes them: evidence    *)
(* judged over the trace (evidence-timing; here each step's                *)
(* evidence is compared as the contract's), timeout durations (not in the  *)
(* model). A recording that takes one of them is rejected here and may be  *)
(* accepted there: docs/spec.md lists the difference.                      *)
(*                                                                         *)
(* This module adds operators only: Consensus.tla's Next, and with it      *)
(* every model of spec/models.json, is unchanged.                          *)
(***************************************************************************)
EXTENDS Consensus

\* The validators whose PRECOMMIT(h, r, v) the process holds (h its height): stored,
\* or a signer of a stored COMMIT of (h, r, v), whose certificate was checked on
\* receipt (src/conformance/verdict/match.ts's precommitHolders is its twin).
PrecommitHolders(ls, r, v) ==
  {x.src : x \in VotesFor(ls, "PRECOMMIT", r, v)}
  \cup UNION {m.cert : m \in {y \in CommitsIn(ls) : y.round = r /\ y.value = v}}

\* Lines 49-51 say the decision needs 2f+1 precommits, not which it carries: any set
\* of holders with QUORUM power (freedom certificate-subset; the contract: every
\* holder of a stored precommit, or the COMMIT's certificate).
HeldCerts(ls, r, v) == {S \in SUBSET PrecommitHolders(ls, r, v) : PowerOf(S) >= QUORUM}

\* line 49 in round r (any of DecisionRounds), with any held certificate; the
\* contract's, every sender of a stored PRECOMMIT(h, r, v), is one of them.
DecideIn(c, r) ==
  LET m == CHOOSE x \in ProposalsIn(c.ls, r) : TRUE
      own == {x.src : x \in VotesFor(c.ls, "PRECOMMIT", r, m.value)}
  IN  {Decide(Fire(c, "UponProposalAndPrecommitValue"), m.value, r, S) :
         S \in HeldCerts(c.ls, r, m.value) \cup {own}}

\* UponCommit on the stored COMMIT m (any of CommitsIn), with any held certificate
\* (m's own among them).
DecideOnCommit(c, m) ==
  {Decide(Fire(c, "UponCommit"), m.value, m.round, S) :
     S \in HeldCerts(c.ls, m.round, m.value) \cup {m.cert}}

\* Every context one firing of one enabled rule leads to, with every choice the
\* rule leaves open. The rules without a choice are Consensus.tla's own.
Firings(c) ==
  \* lines 49-54: any round with a valid proposal and 2f+1 precommits for it
  (IF EnUponProposalAndPrecommitValue(c)
   THEN UNION {DecideIn(c, r) : r \in DecisionRounds(c.ls)} ELSE {})
  \* height sync: any stored COMMIT of the height
  \cup (IF EnUponCommit(c)
        THEN UNION {DecideOnCommit(c, m) : m \in CommitsIn(c.ls)} ELSE {})
  \* lines 55-56: any higher round with f+1 senders
  \cup (IF EnUponFPlusOneHigherRound(c)
        THEN {StartRound(Fire(c, "UponFPlusOneHigherRound"), r) : r \in SkipRounds(c.ls)} ELSE {})
  \* lines 22-27
  \cup (IF EnUponProposalInPropose(c) THEN {UponProposalInPropose(c)} ELSE {})
  \* lines 28-33
  \cup (IF EnUponProposalInProposeAndPrevote(c) THEN {UponProposalInProposeAndPrevote(c)} ELSE {})
  \* lines 34-35
  \cup (IF EnUponQuorumPrevotesAny(c) THEN {UponQuorumPrevotesAny(c)} ELSE {})
  \* lines 36-43
  \cup (IF EnUponProposalInPrevoteOrCommitAndPrevote(c)
        THEN {UponProposalInPrevoteOrCommitAndPrevote(c)} ELSE {})
  \* lines 44-46
  \cup (IF EnUponQuorumPrevotesNil(c) THEN {UponQuorumPrevotesNil(c)} ELSE {})
  \* lines 47-48
  \cup (IF EnUponQuorumPrecommitsAny(c) THEN {UponQuorumPrecommitsAny(c)} ELSE {})

\* Every reaction: fire any enabled rule (with any of its choices), until none is
\* enabled (or the process has decided: step "commit" ends a reaction, as in React).
\* React(c) is one of them. Paths that end in the same context are one element.
RECURSIVE ReactAny(_)
ReactAny(c) ==
  LET next == IF c.ls.step = "commit" THEN {} ELSE Firings(c)
  IN  IF next = {} THEN {c} ELSE UNION {ReactAny(d) : d \in next}

\* Two sequences with the same elements, each as often (the outputs of one step as a
\* multiset: freedom output-order).
Count(s, x) == Cardinality({k \in DOMAIN s : s[k] = x})
SameBag(s, t) ==
  /\ Len(s) = Len(t)
  /\ \A x \in {s[k] : k \in DOMAIN s} \cup {t[k] : k \in DOMAIN t} : Count(s, x) = Count(t, x)

\* Receiving m (Consensus.tla's ReceiveCtx), and the receipts the paper allows beside
\* the contract's (src/conformance/verdict/reactions.ts's `handled` is the twin):
\*  - votes-beyond-slots: lines 28, 34, 36, 44, 47 and 49 count every message
\*    received; VoteSlots is the contract's bound. A vote for a third value, which
\*    ReceiveCtx drops, may be stored (and counted) instead.
\*  - proposal-choice: lines 22, 28, 36 and 49 read "the" proposal of the round's
\*    proposer; an equivocating proposer's second proposal, which ReceiveCtx reports
\*    as evidence and does not store, may replace the first (evidence reported too).
\* Both only for a message of a height in play (not decided: ReceiveCtx's step 1).
ReceiveAny(c, m) ==
  LET c1 == ReceiveCtx(c, m)
      ls == c.ls
      taken == {x \in ls.store : SameKey(x, m)}
      fresh == /\ m.height > ls.height \/ (m.height = ls.height /\ ls.step # "commit")
               /\ taken # {} /\ ~\E x \in taken : SameContent(x, m)
  IN  {c1}
      \cup (IF fresh /\ IsVote(m) /\ Mutation # "keepFirstVote" /\ Cardinality(taken) >= VoteSlots
            THEN {[c1 EXCEPT !.ls.store = @ \cup {m}]} ELSE {})
      \cup (IF fresh /\ m.type = "PROPOSAL" /\ m.src = Proposer(m.height, m.round)
            THEN {[c1 EXCEPT !.ls.store = (@ \ taken) \cup {m}]} ELSE {})

\* As Step, with any legal receipt (Handlers(c) is a set of contexts) and any legal
\* reaction. getValue() as there: the reactions are computed once with the probe
\* value; if one of them uses it, again for every valid value (whether a path uses
\* getValue is decided before the value is read, line 18).
StepAny(p, Handlers(_), ev) ==
  LET React0(v) == UNION {ReactAny(h) : h \in Handlers(NewCtx(p, v))}
      R0 == React0(Probe)
  IN  \/ \E r \in R0 : ~r.used /\ Finish(p, r, ev)
      \/ /\ \E r \in R0 : r.used
         /\ \E v \in ValidValues : \E r \in React0(v) : r.used /\ Finish(p, r, ev)

\* Consensus.tla's four steps, with the same guards, and any legal reaction.
StartHeightAny(p, h) ==
  /\ ps[p].step = "commit" /\ ps[p].height = h - 1 /\ h <= MaxHeight
  /\ LET H(c) == {StartHeightCtx(c, h)}
     IN  StepAny(p, H, [kind |-> "StartHeight", p |-> p, height |-> h, value |-> NoValue])

DeliverAny(p, m) ==
  /\ m.src # p \/ (OwnMessages = "delivered-back" /\ m.type # "COMMIT")
  /\ Redeliver \/ m \notin ps[p].store
  /\ LET H(c) == ReceiveAny(c, m)
     IN  StepAny(p, H, [kind |-> "Deliver", p |-> p, msg |-> m, value |-> NoValue])

TimeoutAny(p, t) ==
  /\ ~(t.kind = "precommit" /\ t.round = MaxRound)   \* rounds are bounded
  /\ LET H(c) == {OnTimeoutCtx([c EXCEPT !.ls.timeouts = @ \ {t}], t)}
     IN  StepAny(p, H, [kind |-> "Timeout", p |-> p, timeout |-> t.kind, height |-> t.height,
                        round |-> t.round, value |-> NoValue])

ProposeValueAny(p, q) ==
  LET H(c) == {ProposeValueCtx(c, q)}
  IN  StepAny(p, H, [kind |-> "ProposeValue", p |-> p, height |-> q.height, round |-> q.round,
                     value |-> NoValue])

\* Next with every legal reaction: the behaviours the paper's verdict accepts.
NextAny ==
  LET net == Network IN
  \E p \in Corr :
     \/ \E h \in Heights : StartHeightAny(p, h)
     \/ \E m \in net : DeliverAny(p, m)
     \/ \E t \in ps[p].timeouts : TimeoutAny(p, t)
     \/ \E q \in ps[p].asked : ProposeValueAny(p, q)

SpecAny == Init /\ [][NextAny]_vars
=============================================================================
