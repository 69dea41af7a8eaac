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
