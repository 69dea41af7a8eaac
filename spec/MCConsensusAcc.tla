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
\* no synchronous round: BoundedLiveness is vacuous
MCNoSync == -1
=============================================================================
