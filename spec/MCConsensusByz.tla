---------------------------- MODULE MCConsensusByz ----------------------------
(* The step model (Consensus.tla) with the Byzantine validator b1's whole pool  *)
(* within the bounds, for safety runs that write no traces: the valid values are *)
(* TLC model values, so that SYMMETRY can merge states that differ only by their *)
(* names. Each reduction is argued in docs/spec.md, "The step model with b1's    *)
(* whole pool".                                                                  *)
EXTENDS Consensus

CONSTANTS v1, v2, bad   \* model values: two valid values (symmetric) and an invalid one

MCValid2 == {v1, v2}
MCInvalid1 == {bad}
MCCorr3 == {"c1", "c2", "c3"}
MCFaulty1 == {"b1"}
MCOrder4 == <<"b1", "c1", "c2", "c3">>   \* h1 r0: b1; h1 r1: c1; h1 r2: c2; h2 r0: c1
MCOrderC1 == <<"c1", "c2", "c3", "b1">>  \* h1 r0: c1; h1 r1: c2; h1 r2: c3; h2 r0: c2
MCNoByz == {}

\* Renaming the valid values maps behaviours to behaviours (docs/spec.md).
ValueSymmetry == Permutations(MCValid2)

\* b1's whole pool (ByzMsgsAll) less the proposals of rounds it does not lead:
\* receive step 2 drops those, leaving `ps` and `msgs` unchanged.
MCByzInTurn == {m \in ByzMsgsAll : m.type # "PROPOSAL" \/ m.src = Proposer(m.height, m.round)}

\* Whether a stored message can still change the process's state: one of a later
\* height, or of its height before it decides. Any other is read only for evidence
\* (an output, not state): receive step 1 stores nothing at a past or decided
\* height, and the rules read the current height only.
Live(ls, m) == m.height > ls.height \/ (m.height = ls.height /\ ls.step # "commit")

\* StateView, forgetting what no rule reads any more: stored messages that are not
\* Live, and a decided process's flags (StartRound resets them before any rule reads
\* them again).
ByzView ==
  << [p \in Corr |->
        [ps[p] EXCEPT !.store = {m \in @ : Live(ps[p], m)},
                      !.flags = IF ps[p].step = "commit" THEN NoFlags ELSE @]],
     msgs >>

\* The `ci` model's pool (b1 proposes the invalid value in round 0), for measuring
\* the reductions S3 and S4 on `ci` (entry ci-sym).
MCByzCi == { Msg("PROPOSAL", "b1", 1, 0, bad, -1, {}) }

\* A vote of b1 for an invalid value whose key (type, height, round) already holds a
\* vote at the receiver: it counts for no value and adds no sender, so it only fills
\* the last slot. Never delivering it loses no behaviour (docs/spec.md).
RedundantInvalidVote(p, m) ==
  /\ m.src \in Faulty /\ IsVote(m) /\ m.value \in InvalidValues
  /\ \E x \in ps[p].store : SameKey(x, m)
NoRedundantInvalidVote ==
  ~(event'.kind = "Deliver" /\ RedundantInvalidVote(event'.p, event'.msg))

\* RESTRICTIONS, not reductions: schedules of the asynchronous network. Every
\* behaviour they keep is one of the model, but not every behaviour is kept.
\* c3 takes no step.
IdleC3Constraint == ps["c3"].height = 0 /\ ps["c3"].store = {}
\* A process receives nothing before it starts height 1 (a schedule of the network:
\* a restriction; buffering before the first height is left to the scenario models).
StartFirstConstraint == \A p \in Corr : ps[p].height = 0 => ps[p].store = {}
=============================================================================
