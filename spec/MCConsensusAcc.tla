---------------------------- MODULE MCConsensusAcc ----------------------------
(* Constants of the runs of ConsensusAcc.tla; each MCConsensusAcc_*.cfg picks  *)
(* its own.                                                                    *)
EXTENDS ConsensusAcc

CONSTANTS v1, v2, bad   \* model values: two valid values (symmetric) and an invalid one

MCValid2 == {v1, v2}
MCInvalid1 == {bad}

MCCorr3 == {"c1", "c2", "c3"}
MCFaulty1 == {"b1"}
\* round 0: b1 (Byzantine), round 1: c1, round 2: c2, round 3: c3
MCOrder4 == <<"b1", "c1", "c2", "c3">>
\* The other places of b1 in the order (docs/spec.md, "Every height"): with
\* round-robin proposer(h, r) = validators[(h - 1 + r) mod n], height h of a run
\* is this one-height model with the order rotated by h - 1, and renaming the
\* correct processes turns each rotation into one of these four.
MCOrderB1R1 == <<"c1", "b1", "c2", "c3">>   \* b1 proposes round 1 (height 4)
MCOrderB1R2 == <<"c1", "c2", "b1", "c3">>   \* b1 proposes round 2 (height 3)
MCOrderB1R3 == <<"c1", "c2", "c3", "b1">>   \* b1 proposes round 3, above MaxRound 2 (height 2)
\* c3's round-change timer outlasts the rounds before SyncRound (Laggards)
MCLaggardC3 == {"c3"}
\* no synchronous round: BoundedLiveness is vacuous
MCNoSync == -1
\* Targets the polLockOffByOne counterexample (sound for finding a violation: a
\* behaviour of the constrained state space is a behaviour of the model): no
\* correct process precommits a value in round 0, c2 precommits no value in round
\* 1, and c1 stays below round 2. (c1 decides w in round 1 with c3 and b1; c2
\* re-proposes round 0's v in round 2 and c3, locked on w in round 1, prevotes it.)
PolLockConstraint ==
  /\ \A m \in precommits[0] : m.value = NilValue
  /\ \A m \in precommits[1] : m.src = "c2" => m.value = NilValue
  /\ round["c1"] <= 1
\* Targets the witness NeverDecideRound2AfterLock0 (sound for finding a violation):
\* no correct process precommits a value in round 1, and none decides before round 2.
Decide2Constraint ==
  /\ \A m \in precommits[1] : m.value = NilValue
  /\ \A p \in Corr : decision[p] = NoDecision \/ decision[p].round = 2
=============================================================================
